/** Who calls the core and when: every change it records names this user and time. */
export interface CallContext {
  user: string;
  now: () => Date;
  progress?: (message: string) => void;
}
