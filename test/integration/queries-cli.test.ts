import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { expectNoFormulaInCsv } from '../helpers/query-list-files';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

const run = promisify(execFile);
const BIN = path.resolve('bin/cdm.js');

async function cdm(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { encoding: 'utf8' });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the command line of queries and the audit trail', () => {
  it('raises, moves, sends, loads answers and exports the trail, with the exit codes of cli.md', async () => {
    const { api, file, dir } = newStudy();
    const ex = {
      SUBJID: 'S01-001',
      EXSEQ: '1',
      EXTRT: 'POMALIDOMIDE',
      CYCLE: '1',
      EXSTDAT: '2018-01-10',
      EXENDAT: '2018-01-30',
      EXDOSE: '5',
      EXADJ: '',
    };
    loadRows(api, {
      site: 'S01',
      exportDate: '2019-01-10',
      forms: { DM: [dmRow('S01-001', 'S01', { ISS: '=cmd|"/C calc"!A0' })], EX: [ex] },
    });
    await api.call('checks.run', { checkIds: ['DOSE-01'] }, testContext());
    api.close();

    const raised = await cdm(
      'query',
      'raise',
      file,
      '--subject',
      'S01-001',
      '--form',
      'DM',
      '--record',
      'S01-001',
      '--field',
      'ISS',
      '--message',
      '@ISS 값을 확인해 주십시오',
      '--user',
      'dm.kim',
      '--json',
    );
    expect(raised).toMatchObject({ code: 0, stderr: '' });
    const manual = JSON.parse(raised.stdout) as { id: number; checkId: string; value: string };
    expect(manual).toMatchObject({ checkId: 'MANUAL', value: '=cmd|"/C calc"!A0' });

    const noField = await cdm(
      'query',
      'raise',
      file,
      '--subject',
      'S01-001',
      '--form',
      'DM',
      '--record',
      'S01-001',
      '--field',
      'NOPE',
      '--message',
      'x',
    );
    expect(noField.code).toBe(1);
    expect(noField.stderr).toMatch(/^error: form DM has no field NOPE .*\n$/);
    expect((await cdm('query', 'raise', file, '--subject', 'S01-001')).code).toBe(2);

    const badId = await cdm('discrepancy', 'set', file, 'abc', '--status', 'ACCEPTED', '--reason', 'r');
    expect(badId).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^error: abc is not a discrepancy ID/),
    });
    const badMove = await cdm('discrepancy', 'set', file, '1', '--status', 'CLOSED', '--reason', 'r');
    expect(badMove).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(
        /^error: nothing changed: discrepancy 1 is OPEN: it cannot move to CLOSED/,
      ),
    });
    const accepted = await cdm(
      'discrepancy',
      'set',
      file,
      String(manual.id),
      '--status',
      'ACCEPTED',
      '--reason',
      '=HYPERLINK("http://x","ISS documented")',
      '--user',
      'dm.kim',
    );
    expect(accepted).toMatchObject({ code: 0 });
    expect(accepted.stdout).toMatch(/^Moved 1 discrepancy to ACCEPTED/);

    const out = path.join(dir, 'lists');
    const exported = await cdm(
      'queries',
      'export',
      file,
      '--out',
      out,
      '--format',
      'csv',
      '--user',
      'dm.kim',
      '--json',
    );
    expect(exported.code).toBe(0);
    const result = JSON.parse(exported.stdout) as {
      files: { path: string; queries: number }[];
      newlyQueried: number;
    };
    expect(result).toMatchObject({ newlyQueried: 1, files: [{ queries: 1 }] });
    expectNoFormulaInCsv(result.files[0]!.path);

    const unanswered = await cdm('queries', 'import', file, result.files[0]!.path);
    expect(unanswered).toMatchObject({ code: 0, stderr: '' });
    expect(unanswered.stdout).toMatch(
      /^Applied 0 answers; rejected 0 rows; 0 unchanged \(loaded before\); 1 without an answer/,
    );
    const notes = path.join(dir, 'notes.csv');
    fs.writeFileSync(notes, 'just,some,text\n');
    const rejected = await cdm('queries', 'import', file, notes);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(
      /rejected 0 rows; .*; 1 file refused\nFile refused: notes\.csv: not a query list/,
    );
    expect(rejected.stderr).toBe(
      `error: file refused: ${notes}: not a query list: no header row with Query ID and Answer\n`,
    );

    const trailFile = path.join(dir, 'audit.csv');
    expect(await cdm('audit', file, '--format', 'csv', '--out', trailFile)).toMatchObject({
      code: 0,
      stdout: '',
    });
    expect(expectNoFormulaInCsv(trailFile)).toBeGreaterThan(100);
    expect(fs.readFileSync(trailFile, 'utf8')).toContain(`"'=HYPERLINK(""http://x"",""ISS documented"")"`);
    expect(fs.readFileSync(trailFile, 'utf8')).toContain('manual query raised: @ISS 값을 확인해 주십시오');
    const json = await cdm('audit', file, '--since', '2000-01-01', '--entity', 'discrepancy,query');
    expect(json.code).toBe(0);
    const entries = JSON.parse(json.stdout) as { entity: string; action: string; user: string }[];
    expect(new Set(entries.map((e) => e.entity))).toEqual(new Set(['discrepancy', 'query']));
    expect(entries.filter((e) => e.user === 'dm.kim').map((e) => e.action)).toEqual([
      'STATUS',
      'STATUS',
      'STATUS',
      'QUERY',
      'SEND',
    ]);
    expect((await cdm('audit', file, '--format', 'xml')).code).toBe(2);
  });
});
