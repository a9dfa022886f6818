import { StudyError, badInput } from '../../common/errors';
import { displayLocation, isServerLocation } from '../../../../shared/study-location';
import type { Engine } from '../connection';
import { migrations } from '../migrations';
import { pgMigrations } from '../migrations/postgres';
import { PgConnection } from '../pg-connection';
import { POSTGRES_DIALECT } from '../pg-dialect';
import { PgError, PgSyncClient } from '../pg-sync-client';

/**
 * A study on a PostgreSQL server: one database a study, its tables in the schema `cdm`, the schema
 * version in cdm.schema_version. The URL is what the user gave (`postgres://user:pw@host/db`);
 * messages name it without its password.
 */
export const STUDY_SCHEMA = 'cdm';
const SESSION_SETUP = `SET search_path = ${STUDY_SCHEMA}, pg_catalog; SET TIME ZONE 'UTC'; SET client_min_messages = warning`;

export const isPostgresUrl = isServerLocation;
/** The URL as messages and the window show it: no password. */
export const displayUrl = displayLocation;

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name)
    throw badInput(
      `${displayUrl(url)}: name the study's database at the end of the URL (postgres://host/study)`,
    );
  return name;
}

function connect(url: string): PgConnection {
  try {
    return new PgConnection(new PgSyncClient(url, SESSION_SETUP));
  } catch (error) {
    const e = error as PgError;
    if (e.code === '3D000')
      throw badInput(`${displayUrl(url)}: no study database here`, {
        kind: 'NO_STUDY_DATABASE',
        facts: { file: displayUrl(url) },
      });
    throw badInput(`${displayUrl(url)}: cannot connect (${e.message})`);
  }
}

function schemaVersion(db: PgConnection): number | undefined {
  const present = db
    .prepare(`SELECT to_regclass('${STUDY_SCHEMA}.schema_version') IS NOT NULL AS present`)
    .get() as { present: number };
  if (!present.present) return undefined;
  return (db.prepare('SELECT version FROM schema_version').get() as { version: number }).version;
}

export function migratePg(db: PgConnection, where: string, target = migrations.length): void {
  const version = schemaVersion(db) ?? 0;
  if (version > pgMigrations.length)
    throw new StudyError(
      'NEWER_DATABASE',
      `${where}: this study database has schema version ${version}, written by a newer version of the workstation (this one knows up to ${pgMigrations.length}); update the workstation`,
    );
  for (let next = version; next < target; next++) {
    const step = pgMigrations[next]!;
    db.transaction(() => {
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.prepare('UPDATE schema_version SET version = ?').run(next + 1);
    })();
  }
}

/** A new study database on the server: made if missing (owned by the user of the URL), refused if it holds a study. */
export function createPgDatabase(url: string): PgConnection {
  const name = databaseName(url);
  const server = new URL(url);
  server.pathname = '/postgres';
  const admin = connect(server.toString());
  try {
    const exists = admin.prepare('SELECT 1 AS one FROM pg_database WHERE datname = ?').get(name);
    if (!exists)
      admin.exec(
        `CREATE DATABASE "${name.replace(/"/g, '""')}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
  } finally {
    admin.close();
  }
  const db = connect(url);
  if (schemaVersion(db) !== undefined) {
    db.close();
    throw badInput(`${displayUrl(url)}: already holds a study; choose a new database for the study`);
  }
  return db;
}

/** The schema and its version table (inside init's transaction). */
export function createStudySchema(db: PgConnection): void {
  db.exec(`CREATE SCHEMA ${STUDY_SCHEMA}`);
  db.exec(
    `CREATE TABLE ${STUDY_SCHEMA}.schema_version (version integer NOT NULL); INSERT INTO ${STUDY_SCHEMA}.schema_version VALUES (0)`,
  );
}

export function openPgDatabase(url: string): PgConnection {
  const db = connect(url);
  try {
    if (schemaVersion(db) === undefined)
      throw badInput(`${displayUrl(url)}: not a study database of this workstation`);
    migratePg(db, displayUrl(url));
    return db;
  } catch (error) {
    db.close();
    if (error instanceof PgError && error.code === '42501')
      throw badInput(
        `${displayUrl(url)}: the study needs a newer schema and only its owner can bring it up to date (${error.message})`,
      );
    throw error;
  }
}

export function pgEngine(
  connection: PgConnection,
  copyToFile: Engine['copyToFile'],
  checkPassword: Engine['checkPassword'],
  watchChanges: Engine['watchChanges'],
): Engine {
  return { connection, dialect: POSTGRES_DIALECT, copyToFile, checkPassword, watchChanges };
}
