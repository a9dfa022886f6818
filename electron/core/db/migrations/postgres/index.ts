import type { DbConnection } from '../../engine';
import { pgMigration0001 } from './0001-study-imports-records';
import { pgMigration0002 } from './0002-discrepancies-queries';
import { pgMigration0003 } from './0003-audit-trail';
import { pgMigration0004 } from './0004-data-cuts';
import { pgMigration0005 } from './0005-repair-version-4';
import { pgMigration0006 } from './0006-form-tables';
import { pgMigration0007 } from './0007-number-dates';
import { pgMigration0008 } from './0008-messages-site-languages';
import { pgMigration0009 } from './0009-medical-coding';
import { pgMigration0010 } from './0010-review-marks';
import { pgMigration0011 } from './0011-review-form-tables';
import { pgMigration0012 } from './0012-repeated-records-index';
import { pgMigration0013 } from './0013-team-mode';
import { pgMigration0014 } from './0014-import-changed-subjects';
import { pgMigration0015 } from './0015-custom-check-reader';
import { pgMigration0016 } from './0016-import-issue-args';

/**
 * The same numbered chain as migrations/index.ts, in PostgreSQL's words: step n brings a
 * PostgreSQL study from version n-1 to n, as the SQLite step does for a file. A step whose SQL is
 * the same for both engines may name the SQLite one. Each runs in its own transaction (PostgreSQL's
 * DDL is transactional).
 */
export type PgMigration = string | ((db: DbConnection) => void);

export const pgMigrations: readonly PgMigration[] = [
  pgMigration0001,
  pgMigration0002,
  pgMigration0003,
  pgMigration0004,
  pgMigration0005,
  pgMigration0006,
  pgMigration0007,
  pgMigration0008,
  pgMigration0009,
  pgMigration0010,
  pgMigration0011,
  pgMigration0012,
  pgMigration0013,
  pgMigration0014,
  pgMigration0015,
  pgMigration0016,
];
