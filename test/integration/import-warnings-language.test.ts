import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportHistoryItem, ImportIssue, ImportReport } from '../../shared/api/imports';
import { runCli } from '../helpers/run-cli';
import { tempDir } from '../helpers/study-builder';

/**
 * An import's warnings in the user's language, through the real command line: the notes about the
 * files (a lock file skipped, a column the form does not have, dates read day first) and the
 * problems of values, in today's report and in the import history; warnings stored before their
 * named values were kept stay in English.
 */
let root: string;
let db: string;
let folder: string;

const HANGUL = /[\uac00-\ud7a3]/;

async function cli(args: string[]): Promise<string> {
  const run = await runCli(args);
  expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run.stdout;
}

const byCode = (warnings: readonly ImportIssue[]) =>
  Object.fromEntries(warnings.map((w) => [w.code, w.message]));

beforeAll(async () => {
  root = tempDir('cdm-warnings-language-');
  db = path.join(root, 'study.db');
  await cli(['init', db]);
  folder = path.join(root, 'S31_20200301');
  fs.mkdirSync(folder);
  const write = (name: string, lines: string[]) =>
    fs.writeFileSync(path.join(folder, name), lines.join('\r\n') + '\r\n');
  write('DM.csv', [
    'SITEID,SUBJID,RFICDAT,ENRLDAT,AGE,SEX,DIAGDAT,PRIORREG,PRIORLEN,PRIORBOR,NOTE',
    'S31,S31-001,14/01/2020,15/01/2020,67,M,2015-02-30,3,Y,Y,x',
    'S31,S31-002,20/01/2020,21/01/2020,59,F,05/03/2014,2,Y,Y,',
  ]);
  fs.writeFileSync(path.join(folder, '~$S31.xlsx'), 'owner');
}, 60_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("an import's warnings in the user's language", () => {
  it('are English by default and Korean with --lang ko, every kind of them', async () => {
    const english = JSON.parse(await cli(['import', db, folder, '--dry-run', '--json'])) as ImportReport;
    const korean = JSON.parse(
      await cli(['import', db, folder, '--dry-run', '--json', '--lang', 'ko']),
    ) as ImportReport;
    expect(Object.keys(byCode(english.warnings)).sort()).toEqual([
      'DATA-01',
      'DATE_ORDER',
      'FILE',
      'UNKNOWN_COLUMN',
    ]);
    const en = byCode(english.warnings);
    expect(en.FILE).toBe('an Office lock file (is the workbook open in Excel?); skipped');
    expect(en.UNKNOWN_COLUMN).toBe(
      `${path.join(folder, 'DM.csv')}: column NOTE is not a column of form DM; kept with the records`,
    );
    expect(en['DATA-01']).toMatch(/^DIAGDAT "2015-02-30" is not a valid date/);
    for (const w of english.warnings) expect(w.message).not.toMatch(HANGUL);

    // The same warnings, in the same places, in the other language.
    expect(korean.warnings.map(({ message: _, ...place }) => place)).toEqual(
      english.warnings.map(({ message: _, ...place }) => place),
    );
    const ko = byCode(korean.warnings);
    expect(ko.FILE).toBe('Office 잠금 파일(통합 문서가 Excel에 열려 있습니까?): 건너뜀');
    expect(ko.UNKNOWN_COLUMN).toBe(
      `${path.join(folder, 'DM.csv')}: NOTE 열은 DM 양식의 열이 아님: 레코드와 함께 보관함`,
    );
    expect(ko.DATE_ORDER).toBe(
      '일과 월을 어느 쪽으로도 읽을 수 있는 날짜 1개를 일이 먼저(dd/mm/yyyy)로 읽음: 숫자로 쓴 이 파일의 다른 날짜 4개가 그렇게만 읽힘',
    );
    expect(ko['DATA-01']).toMatch(/^DIAGDAT "2015-02-30": 올바른 날짜가 아닙니다/);
  });

  it('stay so in the import history, where warnings stored without their named values keep their English', async () => {
    await cli(['import', db, folder]);
    const history = (lang: string) =>
      cli(['imports', db, '--json', '--lang', lang]).then((out) => JSON.parse(out) as ImportHistoryItem[]);
    const [korean] = await history('ko');
    const [english] = await history('en');
    expect(korean!.warnings.map((w) => w.code).sort()).toEqual([
      'DATA-01',
      'DATE_ORDER',
      'FILE',
      'UNKNOWN_COLUMN',
    ]);
    for (const w of korean!.warnings) expect(w.message, w.code).toMatch(HANGUL);
    for (const w of english!.warnings) expect(w.message, w.code).not.toMatch(HANGUL);

    // An import made before the study kept named values (schema version 15) has only the English.
    const file = new Database(db);
    file.prepare("UPDATE import_issues SET message_args = NULL WHERE code = 'DATA-01'").run();
    file.close();
    const [older] = await history('ko');
    const messages = byCode(older!.warnings);
    expect(messages['DATA-01']).toBe(byCode(english!.warnings)['DATA-01']);
    expect(messages.FILE).toMatch(HANGUL);
  });
});
