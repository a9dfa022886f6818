import { StudyError } from '../../common/errors';
import type { Connection } from '../open-database';
import { migrations, type Migration } from './index';

function runStep(db: Connection, migration: Migration): void {
  if (typeof migration === 'string') db.exec(migration);
  else if (typeof migration === 'function') migration(db);
  else {
    migration.withoutForeignKeys(db);
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length) throw new Error(`schema migration left ${broken.length} broken references`);
  }
}

/**
 * Brings the schema up to the newest migration (or to `target`), each step in its own transaction.
 * A step that rebuilds a table others refer to runs with foreign keys off (SQLite only switches
 * them outside a transaction) and checks every reference before it commits.
 */
export function migrate(db: Connection, file: string, target = migrations.length): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) {
    throw new StudyError(
      'NEWER_DATABASE',
      `${file}: this study database has schema version ${version}, written by a newer version of the workstation (this one knows up to ${migrations.length}); update the workstation`,
    );
  }
  for (let next = version; next < target; next++) {
    const migration = migrations[next]!;
    const withoutForeignKeys = typeof migration === 'object';
    if (withoutForeignKeys) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        runStep(db, migration);
        db.pragma(`user_version = ${next + 1}`);
      })();
    } finally {
      if (withoutForeignKeys) db.pragma('foreign_keys = ON');
    }
  }
}

/** A database opened read-only cannot be migrated: it must already have this workstation's schema. */
export function requireCurrentSchema(db: Connection, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== migrations.length)
    throw new StudyError(
      'NEWER_DATABASE',
      `${file}: schema version ${version} does not match this workstation`,
    );
}
