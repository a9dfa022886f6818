import { migration0001 } from './0001-study-imports-records';

/** Schema versions in order: migration n brings a database from user_version n-1 to n. */
export const migrations: readonly string[] = [migration0001];
