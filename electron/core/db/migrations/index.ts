import { migration0001 } from './0001-study-imports-records';
import { migration0002 } from './0002-discrepancies-queries';
import { migration0003 } from './0003-audit-trail';
import { migration0004 } from './0004-data-cuts';
import { migration0005 } from './0005-repair-version-4';
import { migration0006 } from './0006-form-tables';
import { migration0007 } from './0007-number-dates';
import { migration0008 } from './0008-messages-site-languages';
import { migration0009 } from './0009-medical-coding';
import { migration0010 } from './0010-review-marks';
import { migration0011 } from './0011-review-form-tables';
import { migration0012 } from './0012-repeated-records-index';
import { migration0013 } from './0013-team-mode';
import { migration0014 } from './0014-import-changed-subjects';
import { migration0015 } from './0015-custom-check-reader';
import { migration0016 } from './0016-import-issue-args';

import type { Connection } from '../open-database';

/**
 * SQL, or a function for a step that depends on what the database holds (e.g. its form tables),
 * or one that rebuilds a table others refer to (run with foreign keys off, checked after).
 * A migration is never edited once a later one exists (test/unit/migrations-frozen.test.ts).
 */
export type Migration =
  string | ((db: Connection) => void) | { withoutForeignKeys: (db: Connection) => void };

/** Schema versions in order: migration n brings a database from user_version n-1 to n. */
export const migrations: readonly Migration[] = [
  migration0001,
  migration0002,
  migration0003,
  migration0004,
  { withoutForeignKeys: migration0005 },
  migration0006,
  migration0007,
  migration0008,
  migration0009,
  migration0010,
  migration0011,
  migration0012,
  migration0013,
  migration0014,
  migration0015,
  migration0016,
];

/** The version whose step made the study table: init stores the study there, before the form tables are made. */
export const STUDY_TABLE_VERSION = 1;
