import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIbmDouble } from '../../electron/core/export/ibm-float';
import {
  XptFileWriter,
  checkXptDataset,
  cutUtf8,
  parseSasFormat,
  widenShortObservation,
  writeObservation,
  xptHeader,
  xptLeadingRecords,
  xptNamestr,
  xptTimestamp,
  type XptDataset,
} from '../../electron/core/export/xpt-writer';
import { tempDir } from '../helpers/study-builder';
import { readXpt } from '../helpers/xpt-reader';

const created = new Date('2024-03-05T09:07:02Z');
const dataset: XptDataset = {
  name: 'AE',
  label: 'Adverse events',
  created,
  variables: [
    { name: 'SUBJID', label: 'Subject', type: 'char', length: 7 },
    { name: 'AESEQ', label: 'Sequence number', type: 'num', length: 8 },
    { name: 'AESTDAT', label: 'Start date', type: 'num', length: 8, format: parseSasFormat('DATE9.') },
    { name: 'AETERM', label: 'Verbatim term', type: 'char', length: 12 },
  ],
};
const text = (buffer: Buffer, start: number, length: number) =>
  buffer.subarray(start, start + length).toString('latin1');

describe('SAS V5 transport records (TS-140)', () => {
  it('library header: the header record, then SAS, SASLIB, version and the creation and modification stamps', () => {
    const records = xptLeadingRecords(dataset);
    expect(records.length).toBe(8 * 80);
    expect(text(records, 0, 80)).toBe(
      'HEADER RECORD*******LIBRARY HEADER RECORD!!!!!!!000000000000000000000000000000  ',
    );
    expect(xptTimestamp(created)).toBe('05MAR24:09:07:02');
    expect(text(records, 80, 80)).toBe(`SAS     SAS     SASLIB  9.4     ${' '.repeat(32)}05MAR24:09:07:02`);
    expect(text(records, 160, 80)).toBe(`05MAR24:09:07:02${' '.repeat(64)}`);
  });

  it('member and descriptor headers: NAMESTR length 140, dataset name and label', () => {
    const records = xptLeadingRecords(dataset);
    expect(text(records, 240, 80)).toBe(
      'HEADER RECORD*******MEMBER  HEADER RECORD!!!!!!!000000000000000001600000000140  ',
    );
    expect(text(records, 320, 80)).toBe(
      'HEADER RECORD*******DSCRPTR HEADER RECORD!!!!!!!000000000000000000000000000000  ',
    );
    expect(text(records, 400, 80)).toBe(`SAS     AE      SASDATA 9.4     ${' '.repeat(32)}05MAR24:09:07:02`);
    expect(text(records, 480, 80)).toBe(
      `05MAR24:09:07:02${' '.repeat(16)}${'Adverse events'.padEnd(40)}${' '.repeat(8)}`,
    );
    expect(text(records, 560, 80)).toBe(
      'HEADER RECORD*******NAMESTR HEADER RECORD!!!!!!!000000000400000000000000000000  ',
    );
  });

  it('NAMESTR: 140 bytes of type, length, number, name, label, format and position', () => {
    const namestr = xptNamestr(dataset.variables[2]!, 2, 15);
    expect(namestr.length).toBe(140);
    expect(namestr.readInt16BE(0)).toBe(1); // numeric
    expect(namestr.readInt16BE(4)).toBe(8);
    expect(namestr.readInt16BE(6)).toBe(3); // variable number, from 1
    expect(text(namestr, 8, 8)).toBe('AESTDAT ');
    expect(text(namestr, 16, 40)).toBe('Start date'.padEnd(40));
    expect(text(namestr, 56, 8)).toBe('DATE    ');
    expect(namestr.readInt16BE(64)).toBe(9);
    expect(namestr.readInt16BE(66)).toBe(0);
    expect(text(namestr, 72, 8)).toBe(' '.repeat(8)); // no informat
    expect(namestr.readInt32BE(84)).toBe(15); // position in the observation
    expect(namestr.subarray(88).every((b) => b === 0)).toBe(true);
    const char = xptNamestr(dataset.variables[0]!, 0, 0);
    expect(char.readInt16BE(0)).toBe(2);
    expect(char.readInt16BE(4)).toBe(7);
  });

  it('the header ends with the NAMESTRs padded to 80 bytes and the OBS header', () => {
    // 8 header records, 4 x 140 = 560 bytes of NAMESTRs (7 records exactly), the OBS record.
    expect(xptHeader(dataset).length).toBe(8 * 80 + 560 + 80);
    // 3 x 140 = 420 bytes, padded with blanks to 480.
    const header = xptHeader({ ...dataset, variables: dataset.variables.slice(0, 3) });
    expect(header.length).toBe(8 * 80 + 480 + 80);
    expect(header.subarray(8 * 80 + 420, 8 * 80 + 480).every((b) => b === 0x20)).toBe(true);
    expect(text(header, header.length - 80, 80)).toBe(
      'HEADER RECORD*******OBS     HEADER RECORD!!!!!!!000000000000000000000000000000  ',
    );
  });

  it('observations of 80 bytes or fewer widen their last text variable to 81 bytes', () => {
    const widened = widenShortObservation(dataset.variables);
    expect(widened.map((v) => v.length)).toEqual([7, 8, 8, 58]);
    const numbersOnly = dataset.variables.slice(1, 3);
    expect(widenShortObservation(numbersOnly)).toEqual(numbersOnly);
    const long = [{ ...dataset.variables[0]!, length: 81 }];
    expect(widenShortObservation(long)).toEqual(long);
  });

  it('observations: text padded with blanks, numbers as IBM doubles, missing as "."', () => {
    const target = Buffer.alloc(35);
    const cut = writeObservation(dataset, ['S01-001', 3, null, '발열'], target, 0);
    expect(cut).toEqual([]);
    expect(text(target, 0, 7)).toBe('S01-001');
    expect(readIbmDouble(target, 7)).toBe(3);
    expect(target.subarray(15, 23).toString('hex')).toBe('2e00000000000000');
    expect(target.subarray(23, 35).toString('utf8')).toBe('발열      '); // 6 bytes of UTF-8, 6 blanks
    const empty = Buffer.alloc(35);
    writeObservation(dataset, [null, null, null, null], empty, 0);
    expect(text(empty, 0, 7)).toBe('       ');
    expect(() => writeObservation(dataset, ['x', 'three', null, null], empty, 0)).toThrow(
      /AESEQ: "three" is not a number/,
    );
  });

  it('cuts text that is too long at a character boundary, and says which variable', () => {
    expect(cutUtf8('가나다라마', 7).toString('utf8')).toBe('가나');
    const target = Buffer.alloc(35);
    expect(writeObservation(dataset, ['S01-001', 1, 1, '호중구감소증 발생'], target, 0)).toEqual(['AETERM']);
    expect(target.subarray(23, 35).toString('utf8')).toBe('호중구감');
  });

  it('refuses names over 8 characters, labels over 40 bytes and text longer than 200', () => {
    const withVariable = (v: Partial<XptDataset['variables'][number]>) => ({
      ...dataset,
      variables: [{ ...dataset.variables[0]!, ...v }],
    });
    expect(() => checkXptDataset(withVariable({ name: 'LSTCNDAT' }))).not.toThrow();
    expect(() => checkXptDataset(withVariable({ name: 'LASTCNDAT' }))).toThrow(
      /LASTCNDAT is not a SAS V5 name/,
    );
    expect(() => checkXptDataset(withVariable({ label: 'x'.repeat(40) }))).not.toThrow();
    expect(() => checkXptDataset(withVariable({ label: 'x'.repeat(41) }))).toThrow(/longer than 40 bytes/);
    expect(() => checkXptDataset(withVariable({ length: 201 }))).toThrow(/length 201/);
    expect(() => checkXptDataset({ ...dataset, name: 'ADVERSEEV' })).toThrow(/SAS V5 name/);
  });

  it('a whole file reads back with xport-js and pandas, padded to 80-byte records', async () => {
    const file = path.join(tempDir(), 'ae.xpt');
    const writer = new XptFileWriter(file, {
      ...dataset,
      variables: widenShortObservation(dataset.variables),
    });
    writer.add([
      ['S01-001', 1, 21175, '발열'],
      ['S01-002', 2.5, null, null],
    ]);
    writer.add([['S01-003', -1e-5, 0, 'Neutropenia']]);
    writer.finish();
    expect(fs.statSync(file).size % 80).toBe(0);
    const { variables, rows } = await readXpt(file);
    expect(variables.map((v) => [v.name, v.label, v.type, v.length, v.format])).toEqual([
      ['SUBJID', 'Subject', 'Char', 7, undefined],
      ['AESEQ', 'Sequence number', 'Num', 8, undefined],
      ['AESTDAT', 'Start date', 'Num', 8, 'DATE9.'],
      ['AETERM', 'Verbatim term', 'Char', 58, undefined],
    ]);
    expect(rows).toEqual([
      ['S01-001', 1, 21175, '발열'],
      ['S01-002', 2.5, null, ''],
      ['S01-003', -1e-5, 0, 'Neutropenia'],
    ]);
    const pandas = execFileSync('/usr/bin/python3', [
      '-c',
      `import pandas, json, sys
df = pandas.read_sas(sys.argv[1], format="xport", encoding="utf-8")
print(json.dumps({"columns": list(df.columns), "rows": df.astype(object).where(df.notna(), None).values.tolist()}))`,
      file,
    ]).toString();
    const read = JSON.parse(pandas) as { columns: string[]; rows: unknown[][] };
    expect(read.columns).toEqual(['SUBJID', 'AESEQ', 'AESTDAT', 'AETERM']);
    // pandas (1.5, Debian's) reads IBM zero (all zero bytes, as SAS writes it) as 16^-65 = 5.4e-79.
    expect(read.rows[2]![2]).toBeLessThan(1e-78);
    read.rows[2]![2] = 0;
    expect(read.rows).toEqual([
      ['S01-001', 1, 21175, '발열'],
      ['S01-002', 2.5, null, ''],
      ['S01-003', -1e-5, 0, 'Neutropenia'],
    ]);
  });
});
