import type { ProgressNote } from '../../../shared/api/workspace';

/** Tells what a long call is doing: in English, and where a window shows it, as a note to word. */
export type Progress = (message: string, note?: ProgressNote) => void;

/** Who calls the core and when: every change it records names this user and time. */
export interface CallContext {
  user: string;
  now: () => Date;
  progress?: Progress;
}
