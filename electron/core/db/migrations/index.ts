import { migration0001 } from './0001-study-imports-records';
import { migration0002 } from './0002-discrepancies-queries';
import { migration0003 } from './0003-audit-trail';
import { migration0004 } from './0004-data-cuts';
import { migration0005 } from './0005-review-marks';

import type { Connection } from '../open-database';

/** SQL, or a function for a step that depends on what the database holds (e.g. its form tables). */
export type Migration = string | ((db: Connection) => void);

/** Schema versions in order: migration n brings a database from user_version n-1 to n. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  migration0005,
];
