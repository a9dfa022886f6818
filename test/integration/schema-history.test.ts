import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migration0002 } from '../../electron/core/db/migrations/0002-discrepancies-queries';
import { migration0003 } from '../../electron/core/db/migrations/0003-audit-trail';
import { migration0004 } from '../../electron/core/db/migrations/0004-data-cuts';
import { migration0005 } from '../../electron/core/db/migrations/0005-repair-version-4';
import { migration0006 } from '../../electron/core/db/migrations/0006-form-tables';
import { migration0007 } from '../../electron/core/db/migrations/0007-number-dates';
import { migration0008 } from '../../electron/core/db/migrations/0008-messages-site-languages';
import { migration0001 } from '../../electron/core/db/migrations/0001-study-imports-records';
import { migrations } from '../../electron/core/db/migrations';
import { lockTriggersSql } from '../../electron/core/db/lock-triggers';
import { APPLICATION_ID } from '../../electron/core/db/open-database';
import { createStudyDatabase, openStudyDatabase } from '../../electron/core/db/opening/open-study-database';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { tempDir } from '../helpers/study-builder';

/**
 * Databases made by every earlier version of the schema open and end with the schema of a new one.
 * Migrations 2 to 4 changed after databases had been made with them (git history): 0003 and 0004
 * were placeholders before they were written, and 0002 gained the columns of incremental check
 * runs after 0003 and 0004 existed. 0002 is back to its first text; migration 5 repairs each
 * version-4 database; migration 6 makes form tables from the stored definition (init made them before).
 */

/** 0002 as it was between commit 2aac60d and this repair: the check-run scope columns inside it. */
const EDITED_0002 = migration0002.replace(
  '  check_ids TEXT NOT NULL,\n',
  `  check_ids TEXT NOT NULL,
  -- 'full', or 'sites' when only the subjects of sites imported since the last complete run were checked
  scope TEXT NOT NULL DEFAULT 'full',
  scope_sites TEXT,
  -- the newest import the run saw; every enabled check ran without error; which catalog it ran
  last_import_id INTEGER NOT NULL DEFAULT 0,
  complete INTEGER NOT NULL DEFAULT 0,
  catalog_hash TEXT,
`,
);
const PLACEHOLDER = 'SELECT 1;';

/**
 * 0004 as it ran before query lists existed (commits be2e0a0 to 744fb60): its lock triggers were
 * for the tables lock-triggers.ts listed then, record_changes among them, query_list_rows not.
 */
const DATA_CUTS_OF_THEN: Step = (db) => {
  db.exec('CREATE TABLE query_list_rows (id INTEGER)');
  migration0004(db);
  db.exec('DROP TABLE query_list_rows');
  db.exec(lockTriggersSql('record_changes'));
};

type Step = string | ((db: Database.Database) => void);

/** The versions of the chain databases were made with, in the order the project had them. */
const ERAS: { name: string; steps: Step[]; formTableTriggers: boolean }[] = [
  {
    name: 'version 2 (before 3 and 4 were reserved)',
    steps: [migration0001, migration0002],
    formTableTriggers: false,
  },
  {
    name: 'version 4 of placeholders 3 and 4',
    steps: [migration0001, migration0002, PLACEHOLDER, PLACEHOLDER],
    formTableTriggers: false,
  },
  {
    name: 'version 4 with data cuts, placeholder 3',
    steps: [migration0001, migration0002, PLACEHOLDER, DATA_CUTS_OF_THEN],
    formTableTriggers: true,
  },
  {
    name: 'version 4 with the edited 0002, placeholder 3',
    steps: [migration0001, EDITED_0002, PLACEHOLDER, DATA_CUTS_OF_THEN],
    formTableTriggers: true,
  },
  {
    name: 'version 4 with the edited 0002 (every database made before this repair)',
    steps: [migration0001, EDITED_0002, migration0003, migration0004],
    formTableTriggers: true,
  },
  {
    name: 'version 8 (before medical coding)',
    steps: [
      migration0001,
      migration0002,
      migration0003,
      migration0004,
      migration0005,
      migration0006,
      migration0007,
      migration0008,
    ],
    formTableTriggers: true,
  },
];

const definition = loadStudyDefinition();

/** A study database as init made it in that era: the chain of the day, then the study and its form tables. */
function madeIn(era: (typeof ERAS)[number], file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`application_id = ${APPLICATION_ID}`);
  for (const step of era.steps) db.transaction(() => (typeof step === 'string' ? db.exec(step) : step(db)))();
  db.pragma(`user_version = ${era.steps.length}`);
  db.prepare(
    'INSERT INTO study (id, code, name, definition, created_at, created_by) VALUES (1, ?, ?, ?, ?, ?)',
  ).run(
    definition.study.code,
    definition.study.name,
    JSON.stringify(definition),
    '2026-11-30T19:00:00Z',
    'dm',
  );
  migration0006(db); // the form tables, with the layout init gave them
  if (!era.formTableTriggers)
    for (const { name } of db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'form\\_%' ESCAPE '\\'")
      .all() as { name: string }[])
      db.exec(`DROP TRIGGER ${name}`);
  // A check run and the discrepancy it found: both must survive, still linked.
  db.prepare(
    "INSERT INTO check_runs (id, started_at, user_name, check_ids, summary) VALUES (7, 'a', 'dm', '[]', '{}')",
  ).run();
  db.prepare(
    `INSERT INTO discrepancies (id, identity, check_id, category, severity, site_id, subject_id, form, record_key, field, message,
       fingerprint, status, first_run_id, last_run_id, first_found, last_found, status_changed_at)
     VALUES (1, 'DOSE-01|EX|S01-001|1|EXDOSE', 'DOSE-01', 'DOSE', 'major', 'S01', 'S01-001', 'EX', 'S01-001|1', 'EXDOSE', 'm',
       'f', 'OPEN', 7, 7, 'a', 'a', 'a')`,
  ).run();
  db.close();
}

function schemaOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }),
      objects: db
        .prepare(
          "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
        )
        .all(),
    };
  } finally {
    db.close();
  }
}

describe('every earlier version of the schema', () => {
  const dir = tempDir();
  const fresh = path.join(dir, 'fresh.db');
  createStudyDatabase(fresh, definition, 'dm', new Date('2026-12-01T00:00:00Z')).close();
  const expected = schemaOf(fresh);

  it('gives a new database every migration, its form tables made by a migration', () => {
    expect(expected.version).toBe(migrations.length);
    const formTables = expected.objects.filter(
      (o) =>
        (o as { type: string; name: string }).type === 'table' &&
        (o as { name: string }).name.startsWith('form_'),
    );
    expect(formTables.map((o) => (o as { name: string }).name)).toEqual(
      definition.forms.map((f) => `form_${f.code.toLowerCase()}`).sort(),
    );
  });

  for (const era of ERAS) {
    it(`${era.name}: opens, keeps its data, and ends with the schema of a new database`, () => {
      const file = path.join(dir, `${ERAS.indexOf(era)}.db`);
      madeIn(era, file);
      openStudyDatabase(file).close();
      expect(schemaOf(file)).toEqual(expected);
      const db = new Database(file, { readonly: true });
      try {
        expect(db.prepare('SELECT id, user_name, summary, scope, complete FROM check_runs').all()).toEqual([
          { id: 7, user_name: 'dm', summary: '{}', scope: 'full', complete: 0 },
        ]);
        expect(db.prepare('SELECT first_run_id FROM discrepancies').get()).toEqual({ first_run_id: 7 });
        expect(db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        db.close();
      }
    });
  }

  it('version 8: an adverse event shows through the coded view, with the PT its site wrote until it is coded', () => {
    const file = path.join(dir, 'ae.db');
    madeIn(ERAS.at(-1)!, file);
    const db = new Database(file);
    db.prepare(
      `INSERT INTO imports (id, site_id, export_date, export_day, source, imported_by, imported_at, summary, unknown_columns,
         warning_count, error_count) VALUES (1, 'S01', '2026-11-01', 0, 'x', 'dm', 'a', '{}', '[]', 0, 0)`,
    ).run();
    db.prepare(
      `INSERT INTO import_sources (id, import_id, path, file_name, form, sha256, bytes, rows)
       VALUES (1, 1, 'AE.csv', 'AE.csv', 'AE', 'h', 1, 1)`,
    ).run();
    db.prepare(
      `INSERT INTO form_ae (site_id, subject_id, record_key, occurrence, first_import_id, import_id, source_id, line, std_hash,
         raw, SUBJID, AESEQ, AETERM, AEDECOD) VALUES ('S01', 'S01-001', 'S01-001|1', 1, 1, 1, 1, 2, 0, '[]', 'S01-001', 1,
         '호중구감소증', 'Neutropenia')`,
    ).run();
    db.close();
    const study = openStudyDatabase(file);
    study.close();
    const after = new Database(file, { readonly: true });
    try {
      expect(after.prepare('SELECT AETERM, AEDECOD, AEPTCD, AESOC FROM ae').all()).toEqual([
        { AETERM: '호중구감소증', AEDECOD: 'Neutropenia', AEPTCD: null, AESOC: null },
      ]);
    } finally {
      after.close();
    }
  });
});
