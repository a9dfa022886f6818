import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { cliErrorLine } from '../../electron/cli/error-words';
import { errorBody, toStudyError } from '../../electron/host/error-body';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { buildStudyModel } from '../../electron/core/study/study-model';
import { apiErrorSchema } from '../../shared/api/errors';
import { dmRow, loadRows, newStudy, tempDir, testContext } from '../helpers/study-builder';

/**
 * Errors in the user's words (issue 11, part 5): the core raises an error with a code, a kind and
 * the facts (file, sheet, line, column, what was expected), in words of no particular door; the
 * command line adds its options, the window its fields and buttons.
 */

const ctx = testContext();
const REPOSITORY = path.resolve(import.meta.dirname, '../..');

async function refusal(promise: Promise<unknown>): Promise<StudyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudyError);
  return error as StudyError;
}

const model = buildStudyModel(loadStudyDefinition());
/** A form's file with every column of the form (but those left out), one row with these values. */
function formFile(form: string, values: Record<string, string>, leaveOut: string[] = []): string {
  const columns = model.formByCode
    .get(form)!
    .columns.map((c) => c.name)
    .filter((c) => !leaveOut.includes(c));
  return `${columns.join(',')}\n${columns.map((c) => values[c] ?? '').join(',')}\n`;
}

function write(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('typed errors of the core', () => {
  it('an export without DM: SITE_NOT_NAMED, worded by each door', async () => {
    const { api } = newStudy();
    const dir = tempDir();
    write(dir, 'AE.csv', formFile('AE', { SUBJID: 'S01-001', AESEQ: '1', AETERM: 'rash' }));
    const error = await refusal(api.call('imports.preview', { paths: [dir] }, ctx));
    expect(error).toMatchObject({ code: 'BAD_INPUT', kind: 'SITE_NOT_NAMED' });
    expect(error.message).toBe(`${dir}: cannot tell the site of this export: it has no DM form`);
    expect(cliErrorLine(error)).toBe(`${error.message}; give it with --site`);
  });

  it('a required column missing: COLUMN_MISSING with the file, the column and the form', async () => {
    const { api } = newStudy();
    const dir = tempDir();
    const file = write(dir, 'DM.csv', formFile('DM', dmRow('S01-001', 'S01'), ['SUBJID']));
    const error = await refusal(api.call('imports.preview', { paths: [file] }, ctx));
    expect(error).toMatchObject({
      code: 'BAD_INPUT',
      kind: 'COLUMN_MISSING',
      facts: { file, column: 'SUBJID', form: 'DM' },
    });
    expect(error.message).toBe(`${file}: required column SUBJID missing (form DM)`);
  });

  it('a title above the column names: HEADER_NOT_FIRST with the line of the title, or of the names', async () => {
    const { api } = newStudy();
    const dir = tempDir();
    const table = formFile('DM', dmRow('S01-001', 'S01'));
    const titled = write(dir, 'DM.csv', `Site S01 export\n${table}`);
    const error = await refusal(api.call('imports.preview', { paths: [titled] }, ctx));
    expect(error).toMatchObject({
      code: 'BAD_INPUT',
      kind: 'HEADER_NOT_FIRST',
      facts: { file: titled, line: 1 },
    });
    // Excel saves a title cell as a line as wide as the sheet, its other cells empty.
    const width = model.formByCode.get('DM')!.columns.length;
    const padded = write(dir, 'S01_DM.csv', `Site S01 export${','.repeat(width - 1)}\n\n${table}`);
    const below = await refusal(api.call('imports.preview', { paths: [padded] }, ctx));
    expect(below).toMatchObject({
      code: 'BAD_INPUT',
      kind: 'HEADER_NOT_FIRST',
      facts: { file: padded, line: 3, form: 'DM' },
    });
  });

  it('a broken CSV: FILE_UNREADABLE with the file and the line', async () => {
    const { api } = newStudy();
    const dir = tempDir();
    const file = write(dir, 'DM.csv', 'SITEID,SUBJID\nS01,"S01-001\nS01,S01-002\n');
    const error = await refusal(api.call('imports.preview', { paths: [file] }, ctx));
    expect(error).toMatchObject({ kind: 'FILE_UNREADABLE', facts: { file, line: 2 } });
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[/.]/g, '\\$&')}: line 2: `));
  });

  it('an export whose names carry no date: EXPORT_DATE_MISSING, the command line asks for its option', async () => {
    const { api } = newStudy();
    const dir = tempDir();
    const file = write(dir, 'DM.csv', formFile('DM', dmRow('S01-001', 'S01')));
    const error = await refusal(api.call('imports.preview', { paths: [file] }, ctx));
    expect(error).toMatchObject({ code: 'BAD_INPUT', kind: 'EXPORT_DATE_MISSING' });
    expect(error.message).toBe(
      `${file}: no export date: neither the file names nor the name of their folder carry one (YYYYMMDD)`,
    );
    expect(cliErrorLine(error)).toBe(`${error.message}; give it with --export-date YYYY-MM-DD`);
  });

  it('an export date against the names: EXPORT_DATE_CONTRADICTED with both dates', async () => {
    const { api } = newStudy();
    const dir = path.join(tempDir(), 'S01_20190110');
    fs.mkdirSync(dir);
    write(dir, 'DM.csv', formFile('DM', dmRow('S01-001', 'S01')));
    const error = await refusal(api.call('imports.preview', { paths: [dir], exportDate: '2019-02-01' }, ctx));
    expect(error).toMatchObject({
      kind: 'EXPORT_DATE_CONTRADICTED',
      facts: {
        exportDate: '2019-02-01',
        namedDate: '2019-01-10',
        name: 'S01_20190110',
        source: 'folder name',
      },
    });
    expect(error.message).toBe(
      `${dir}: the export date given, 2019-02-01, contradicts the export date in the folder name S01_20190110 (2019-01-10)`,
    );
    expect(cliErrorLine(error)).toBe(
      `${error.message}; give --confirm-export-date to load it as an export of 2019-02-01`,
    );
  });

  it("another site's export under the site given: SITE_CONTRADICTED with both sites", async () => {
    const { api } = newStudy();
    const dir = path.join(tempDir(), 'S02_20190110');
    fs.mkdirSync(dir);
    const file = write(dir, 'DM.csv', formFile('DM', dmRow('S02-001', 'S02')));
    const error = await refusal(api.call('imports.preview', { paths: [dir], site: 'S01' }, ctx));
    expect(error).toMatchObject({
      kind: 'SITE_CONTRADICTED',
      facts: { file, line: 2, site: 'S02', given: 'S01' },
    });
    expect(error.message).toBe(
      `${file}, line 2: SITEID S02: this is an export of site S02, not of site S01, the site given`,
    );
    expect(cliErrorLine(error)).toBe(`${error.message} with --site`);
  });

  it('an unreadable form file refuses the export: FILE_UNREADABLE naming the file', async () => {
    const { api } = newStudy();
    const dir = path.join(tempDir(), 'S01_20190110');
    fs.mkdirSync(dir);
    write(dir, 'DM.csv', formFile('DM', dmRow('S01-001', 'S01')));
    const empty = write(dir, 'AE.csv', '');
    const error = await refusal(api.call('imports.preview', { paths: [dir] }, ctx));
    expect(error).toMatchObject({ kind: 'FILE_UNREADABLE', facts: { file: empty } });
    expect(error.message).toBe(
      `${empty}: an empty file (0 bytes); the export is not loaded without it (nothing was changed)`,
    );
  });

  it('a lock refused by blockers: BLOCKERS_REMAIN with what blocks, the way out left to the door', async () => {
    const { api, dir } = newStudy();
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-01-10',
      forms: { DM: [dmRow('S01-001', 'S01', { AGE: '15' })] },
    });
    await api.call('checks.run', { checkIds: ['ELIG-01'] }, ctx);
    const error = await refusal(
      api.call(
        'cuts.lock',
        { name: 'interim 1', reason: 'analysis', snapshotDir: path.join(dir, 'snap') },
        ctx,
      ),
    );
    expect(error).toMatchObject({
      code: 'BLOCKED',
      kind: 'BLOCKERS_REMAIN',
      facts: { discrepancies: 1, staleSites: [], importsWithErrors: 0 },
    });
    expect(error.message).not.toMatch(/--|force/);
    expect(cliErrorLine(error)).toBe(
      `${error.message} (see blockers; --force locks anyway and records them)`,
    );
  });

  it('keeps its kind and facts across the worker, HTTP and IPC (the error body)', () => {
    const error = new StudyError('BAD_INPUT', 'AE.csv: line 3: a quoted field is never closed', {
      kind: 'FILE_UNREADABLE',
      facts: { file: 'AE.csv', line: 3 },
    });
    const body = errorBody(error, 'test');
    expect(apiErrorSchema.parse(body)).toEqual({
      code: 'BAD_INPUT',
      message: error.message,
      kind: 'FILE_UNREADABLE',
      facts: { file: 'AE.csv', line: 3 },
    });
    expect(toStudyError(body)).toMatchObject({
      code: 'BAD_INPUT',
      kind: 'FILE_UNREADABLE',
      facts: body.facts,
    });
    // An error of no kind crosses as before: a code and a line.
    expect(errorBody(new StudyError('NOT_FOUND', 'no discrepancy 9'), 'test')).toEqual({
      code: 'NOT_FOUND',
      message: 'no discrepancy 9',
    });
  });

  it('the core names no option of the command line in what it says', () => {
    const core = path.join(REPOSITORY, 'electron/core');
    const cliOption =
      /(['"`])[^'"`\n]*--(form|site|force|message|batch|export-date|full|out|status|reason|cutoff|version|type|llt|drug|atc|record|to|dry-run)\b/;
    const offenders = fs
      .readdirSync(core, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(core, f), 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
          .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && cliOption.test(line)),
      )
      .map((o) => o.where);
    expect(offenders).toEqual([]);
  });
});
