import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStudyApi, type StudyApi } from '../../electron/core/api/study-api';
import { createStudyDatabase } from '../../electron/core/db/opening/open-study-database';
import type { CallContext } from '../../electron/core/common/call-context';
import { commitPrepared } from '../../electron/core/import/import-site-export';
import { releasePrepared, stageSourceTables } from '../../electron/core/import/prepare-site-export';
import type { SourceTable } from '../../electron/core/import/source-table';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { StudyDefinition } from '../../shared/study/definition-schema';

/** A form's rows as a site would write them: column name -> raw text. */
export type RawRows = Record<string, string>[];

export interface SiteExportSpec {
  site: string;
  exportDate: string;
  forms: Partial<Record<string, RawRows>>;
}

export function testContext(user = 'tester', now = '2026-01-01T00:00:00.000Z'): CallContext {
  return { user, now: () => new Date(now) };
}

export function tempDir(prefix = 'cdm-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function sourceTable(form: string, rows: RawRows, site: string): SourceTable {
  const header = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return {
    path: `${site}/${form}.csv`,
    fileName: `${form}.csv`,
    sheet: null,
    form,
    header,
    headerLine: 1,
    rows: rows.map((r, i) => ({ line: i + 2, cells: header.map((h) => r[h] ?? '') })),
    encoding: 'utf-8',
    sha256: '0'.repeat(64),
    bytes: 0,
  };
}

/** Loads one site export given as rows (bypassing file reading) through the real standardise/plan/apply path. */
export function loadRows(api: StudyApi, spec: SiteExportSpec, context: CallContext = testContext()) {
  const database = api.database;
  const staged = stageSourceTables(
    database.model,
    Object.entries(spec.forms).map(([form, rows]) => sourceTable(form, rows ?? [], spec.site)),
  );
  try {
    return commitPrepared(
      database,
      {
        request: { paths: [`${spec.site}`], site: spec.site, exportDate: spec.exportDate },
        ...staged,
        unknownColumns: [],
        readerWarnings: [],
        namedDate: undefined,
      },
      context,
    );
  } finally {
    releasePrepared(staged);
  }
}

/** A new study database in a temporary folder, with the study's own definition (or a changed copy). */
export function newStudy(options: { definition?: StudyDefinition; dir?: string } = {}): {
  api: StudyApi;
  file: string;
  dir: string;
} {
  const dir = options.dir ?? tempDir();
  const file = path.join(dir, 'study.db');
  const database = createStudyDatabase(
    file,
    options.definition ?? loadStudyDefinition(),
    'tester',
    new Date('2026-01-01T00:00:00Z'),
  );
  return { api: createStudyApi(database, { validateOutputs: true }), file, dir };
}

/** A minimal clean subject: DM row with everything the eligibility checks want. */
export function dmRow(
  subject: string,
  site: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SITEID: site,
    SUBJID: subject,
    RFICDAT: '2018-01-02',
    ENRLDAT: '2018-01-03',
    AGE: '65',
    SEX: 'M',
    ECOG: '1',
    DIAGDAT: '2014-05',
    ISS: 'II',
    PRIORREG: '3',
    PRIORLEN: 'Y',
    PRIORBOR: 'Y',
    DIALYSIS: 'N',
    HEPIMP: 'NONE',
    ...overrides,
  };
}

/** Rows as a CSV file's text (header from the first row's columns; fields quoted where needed). */
export function csvOf(rows: RawRows): string {
  const header = Object.keys(rows[0] ?? {});
  const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]
      .map((r) => r.map(field).join(','))
      .join('\r\n') + '\r\n'
  );
}
