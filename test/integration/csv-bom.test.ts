import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aeRow, exRow } from '../helpers/ae-data-fixtures';
import { expectDone } from '../helpers/cli-expect';
import { runCli } from '../helpers/run-cli';
import { csvOf, dmRow, tempDir } from '../helpers/study-builder';

/**
 * Every CSV the workstation writes starts with a UTF-8 byte-order mark, so that Excel shows the
 * Korean text (an AE verbatim term here) instead of garbling it: to a file and to stdout alike.
 */
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
let root: string;
let db: string;

async function cli(args: string[]): Promise<Buffer> {
  const run = await runCli(args);
  expectDone(run);
  return Buffer.from(run.stdout, 'utf8');
}

function expectBomCsv(bytes: Buffer, header: RegExp, what: string): void {
  expect(bytes.subarray(0, 3).equals(BOM), `${what} starts with the BOM`).toBe(true);
  const text = bytes.subarray(3).toString('utf8');
  expect(text, what).toMatch(header);
  expect(text.includes('\uFEFF'), `${what}: one BOM, at the start`).toBe(false);
}

beforeAll(async () => {
  root = tempDir('cdm-csv-bom-');
  db = path.join(root, 'study.db');
  const exportDir = path.join(root, 'S07_20300101');
  fs.mkdirSync(exportDir);
  fs.writeFileSync(path.join(exportDir, 'DM.csv'), csvOf([dmRow('S07-001', 'S07', { AGE: '17' })]));
  fs.writeFileSync(path.join(exportDir, 'EX.csv'), csvOf([exRow('S07-001', { EXDOSE: '5' })]));
  fs.writeFileSync(path.join(exportDir, 'AE.csv'), csvOf([aeRow('S07-001', 1, { AETERM: '호중구 감소증' })]));
  await cli(['init', db]);
  await cli(['import', db, exportDir]);
  await cli([
    'lock',
    db,
    '--cut',
    'cut 1',
    '--reason',
    'r',
    '--snapshot',
    path.join(root, 'cut1'),
    '--force',
  ]);
  await cli(['unlock', db, '--reason', 'go on']);
  await cli(['check', db]);
  await cli([
    'lock',
    db,
    '--cut',
    'cut 2',
    '--reason',
    'r',
    '--snapshot',
    path.join(root, 'cut2'),
    '--force',
  ]);
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('every CSV written starts with a UTF-8 byte-order mark', () => {
  it('data, to stdout and to a file', async () => {
    const out = path.join(root, 'ae.csv');
    await cli(['data', db, '--form', 'AE', '--format', 'csv', '--out', out]);
    expectBomCsv(fs.readFileSync(out), /^SUBJID,AESEQ,AETERM.*\r\nS07-001,1,호중구 감소증,/s, 'data --out');
    expectBomCsv(
      await cli(['data', db, '--form', 'AE', '--raw', '--format', 'csv']),
      /호중구 감소증/,
      'data',
    );
  });

  it('discrepancies, to stdout and to a file', async () => {
    const out = path.join(root, 'discrepancies.csv');
    await cli(['discrepancies', db, '--format', 'csv', '--out', out]);
    expectBomCsv(fs.readFileSync(out), /^id,checkId,.*\r\n\d+,DOSE-01,/s, 'discrepancies --out');
    expectBomCsv(await cli(['discrepancies', db, '--format', 'csv']), /^id,checkId,/, 'discrepancies');
  });

  it('cut-diff', async () => {
    const diff = await cli(['cut-diff', db, '--from', 'cut 1', '--to', 'cut 2', '--format', 'csv']);
    expectBomCsv(diff, /^kind,form_or_check,change,.*\r\ndiscrepancy,/s, 'cut-diff');
  });

  it('the audit trail, to stdout and to a file', async () => {
    const out = path.join(root, 'audit.csv');
    await cli(['audit', db, '--format', 'csv', '--out', out]);
    expectBomCsv(fs.readFileSync(out), /^id,at,user,action/, 'audit --out');
    expectBomCsv(await cli(['audit', db, '--format', 'csv']), /^id,at,user,action.*S07/s, 'audit');
  });

  it('the current data written by export', async () => {
    const out = path.join(root, 'export');
    await cli(['export', db, '--out', out, '--format', 'csv', '--form', 'AE']);
    expectBomCsv(fs.readFileSync(path.join(out, 'forms', 'AE.csv')), /^_SITE,.*호중구 감소증/s, 'export AE');
  });

  it('query lists and the snapshot of a cut', async () => {
    await cli(['unlock', db, '--reason', 'go on']);
    const lists = path.join(root, 'lists');
    await cli(['queries', 'export', db, '--out', lists, '--format', 'csv']);
    const [list] = fs.readdirSync(lists);
    expect(fs.readFileSync(path.join(lists, list!)).subarray(0, 3).equals(BOM)).toBe(true);
    for (const form of ['AE', 'DM', 'EX'])
      expectBomCsv(
        fs.readFileSync(path.join(root, 'cut2', 'forms', `${form}.csv`)),
        /^_SITE,/,
        `snapshot ${form}`,
      );
    expectBomCsv(
      fs.readFileSync(path.join(root, 'cut2', 'discrepancies.csv')),
      /^id,/,
      'snapshot discrepancies',
    );
  });
});
