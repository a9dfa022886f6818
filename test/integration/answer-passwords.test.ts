import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import officeCrypto from 'officecrypto-tool';
import { describe, expect, it } from 'vitest';
import { databaseHash } from '../helpers/database-hash';
import { zipBombXlsx } from '../fixtures/hostile/hostile-files';
import { answerQueryList } from '../helpers/query-list-files';
import { runCli } from '../helpers/run-cli';
import { sentStudy } from '../helpers/sent-study';
import { testContext } from '../helpers/study-builder';

/**
 * Sites send answered query lists back as they send exports: zipped, often with a password, or
 * as a workbook Excel encrypted. The zips are made by Info-ZIP (`zip`), the encrypted workbooks by
 * officecrypto-tool: both independent of this project.
 */
const ctx = testContext();
const PASSWORD = 'S01-답변#2019';

/** S01's list answered, and S02's, as the sites would save them. */
async function answered() {
  const study = await sentStudy();
  const s01 = await answerQueryList(study.s01, Object.fromEntries(study.s01Ids.map((id) => [id, '확인함'])), {
    out: path.join(study.dir, 'S01_queries_answered.xlsx'),
  });
  const s02 = await answerQueryList(study.s02, Object.fromEntries(study.s02Ids.map((id) => [id, 'ok'])), {
    out: path.join(study.dir, 'S02_queries_answered.xlsx'),
  });
  return { ...study, s01Answered: s01, s02Answered: s02 };
}

/** Info-ZIP's zip of the files (under their names), with a password when one is given. */
function zipped(out: string, files: string[], password?: string): string {
  execFileSync('zip', ['-j', '-q', ...(password ? ['-P', password] : []), out, ...files]);
  return out;
}

async function encrypted(file: string, password: string): Promise<string> {
  const out = file.replace(/\.xlsx$/, '-encrypted.xlsx');
  fs.writeFileSync(out, await officeCrypto.encrypt(fs.readFileSync(file), { password }));
  return out;
}

const statusOf = async (api: Awaited<ReturnType<typeof sentStudy>>['api']) =>
  (await api.call('discrepancies.list', {}, ctx)).rows.map((d) => d.status).sort();

describe('answered query lists zipped or with a password', () => {
  it('reads every list in a zip (skipping what is not one), naming each under the zip', async () => {
    const { api, dir, s01Answered, s02Answered, s01Ids, s02Ids } = await answered();
    const note = path.join(dir, 'readme.pdf');
    fs.writeFileSync(note, '%PDF-1.4 not a list');
    const zip = zipped(path.join(dir, 'answers.zip'), [s01Answered, s02Answered, note]);
    const result = await api.call('queries.import', { files: [zip] }, ctx);
    expect(result.refused).toEqual([]);
    expect(result.rejected).toEqual([]);
    expect(result.applied.map((a) => [a.file, a.queryId, a.answer]).sort()).toEqual(
      [
        ...s01Ids.map((id) => [path.join(zip, 'S01_queries_answered.xlsx'), id, '확인함']),
        ...s02Ids.map((id) => [path.join(zip, 'S02_queries_answered.xlsx'), id, 'ok']),
      ].sort(),
    );
    expect(await statusOf(api)).toEqual(['ANSWERED', 'ANSWERED', 'ANSWERED', 'ANSWERED']);

    const empty = zipped(path.join(dir, 'nothing.zip'), [note]);
    expect((await api.call('queries.import', { files: [empty] }, ctx)).refused).toEqual([
      { file: empty, reason: 'a zip holding no query list (xlsx or CSV)' },
    ]);
  });

  it('refuses a list that unzips past any list size (a zip bomb) as it unzips, alone or in a zip', async () => {
    const { api, dir } = await answered();
    const bomb = path.join(dir, 'S01_answers.xlsx');
    fs.writeFileSync(bomb, zipBombXlsx({ gigabytes: 1, lieAboutSize: false }));
    const inZip = zipped(path.join(dir, 'S01_answers.zip'), [bomb]);
    const result = await api.call('queries.import', { files: [bomb, inZip] }, ctx);
    expect(
      result.refused.map((r) => [path.basename(r.file), r.reason.replace(/ \d+ times/, ' N times')]),
    ).toEqual([
      ['S01_answers.xlsx', 'refused: part xl/worksheets/sheet1.xml expands more than N times (a zip bomb?)'],
      ['S01_answers.xlsx', 'refused: part xl/worksheets/sheet1.xml expands more than N times (a zip bomb?)'],
    ]);
    expect(result.refused[1]!.file).toBe(path.join(inZip, 'S01_answers.xlsx'));
    expect(result.applied).toEqual([]);
  });

  it.each([
    ['a zip with a password', 'zip'],
    ['a workbook Excel encrypted', 'workbook'],
    ['an encrypted workbook in a zip with the same password', 'both'],
  ] as const)('%s: asked for, refused when wrong, read when right; kept nowhere', async (_, kind) => {
    const { api, file, dir, s01Answered, s01Ids } = await answered();
    const given =
      kind === 'zip'
        ? zipped(path.join(dir, 'S01_answers.zip'), [s01Answered], PASSWORD)
        : kind === 'workbook'
          ? await encrypted(s01Answered, PASSWORD)
          : zipped(path.join(dir, 'S01_answers.zip'), [await encrypted(s01Answered, PASSWORD)], PASSWORD);
    const before = databaseHash(file);
    await expect(api.call('queries.import', { files: [given] }, ctx)).rejects.toMatchObject({
      kind: 'FILE_PASSWORD_NEEDED',
      facts: { file: given },
    });
    await expect(
      api.call('queries.import', { files: [given], filePassword: 'S01-답변#2018' }, ctx),
    ).rejects.toMatchObject({ kind: 'FILE_PASSWORD_WRONG' });
    expect(databaseHash(file)).toBe(before);

    const result = await api.call('queries.import', { files: [given], filePassword: PASSWORD }, ctx);
    expect(result.refused).toEqual([]);
    expect(result.applied.map((a) => a.queryId).sort()).toEqual([...s01Ids].sort());
    expect(JSON.stringify(await api.call('queries.history', {}, ctx))).not.toContain(PASSWORD);
    for (const suffix of ['', '-wal'])
      if (fs.existsSync(`${file}${suffix}`))
        expect(fs.readFileSync(`${file}${suffix}`).includes(Buffer.from(PASSWORD))).toBe(false);
  });

  it('is read from standard input by the command line, which says how when it is missing', async () => {
    const { file, dir, s01Answered, s01Ids } = await answered();
    const zip = zipped(path.join(dir, 'S01_answers.zip'), [s01Answered], PASSWORD);
    const missing = await runCli(['queries', 'import', file, zip]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe(
      `error: ${zip}: a zip with a password: give its password, or unzip it and give the list (the password on standard input: --file-password-stdin)`,
    );
    const loaded = await runCli(['queries', 'import', file, zip, '--file-password-stdin', '--json'], {
      input: `${PASSWORD}\n`,
    });
    expect(loaded.stderr).toBe('');
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout).applied).toHaveLength(s01Ids.length);
  });
});
