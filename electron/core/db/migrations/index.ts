import { migration0001 } from './0001-study-imports-records';
import { migration0002 } from './0002-discrepancies-queries';
import { migration0003 } from './0003-audit-trail';
import { migration0004 } from './0004-data-cuts';

/** Schema versions in order: migration n brings a database from user_version n-1 to n. */
export const migrations: readonly string[] = [migration0001, migration0002, migration0003, migration0004];
