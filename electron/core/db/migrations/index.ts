import { migration0001 } from './0001-study-imports-records';
import { migration0002 } from './0002-discrepancies-queries';

/** Schema versions in order: migration n brings a database from user_version n-1 to n. */
export const migrations: readonly string[] = [migration0001, migration0002];
