import { describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { checkZipArchive } from '../../electron/core/import/check-zip-archive';
import { listSheets, openWorkbook, readSheet } from '../../electron/core/import/read-xlsx';
import { overlappingZipBomb } from '../fixtures/hostile/hostile-files';
import { buildXlsx, STYLE, type XlsxSheet } from '../fixtures/xlsx-writer';

const book = (sheets: XlsxSheet[], options?: { date1904?: boolean }) =>
  Buffer.from(buildXlsx(sheets, options));

function sheet(sheets: XlsxSheet[], name = sheets[0]!.name, options?: { date1904?: boolean }) {
  const table = readSheet(openWorkbook(book(sheets, options), 'S05.xlsx'), name, 'S05.xlsx');
  if (table === null) throw new Error('empty sheet');
  return table;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).code).toBe('BAD_INPUT');
    expect((error as StudyError).message).not.toContain('\n');
    return (error as StudyError).message;
  }
  throw new Error('expected a refusal');
}

describe('readSheet', () => {
  it('reads what Excel displays, with numbers and dates also typed', () => {
    const table = sheet([
      {
        name: 'dm',
        rows: [
          ['SUBJID', 'RFICDAT', 'ENRLDAT', 'DIAGDAT', 'AGE', 'WEIGHT', 'SEX', 'NOTE'],
          [
            'S05-001',
            { value: 43160, style: STYLE.isoDate },
            { value: 43164, style: STYLE.builtinDate },
            { value: 43180, style: STYLE.koreanDate },
            64,
            { value: 61.25, style: STYLE.twoDecimals },
            '남',
            '2018.03.05',
          ],
        ],
      },
    ]);
    expect(table.header).toEqual(['SUBJID', 'RFICDAT', 'ENRLDAT', 'DIAGDAT', 'AGE', 'WEIGHT', 'SEX', 'NOTE']);
    expect(table.headerLine).toBe(1);
    expect(table.rows).toHaveLength(1);
    const row = table.rows[0]!;
    expect(row.line).toBe(2);
    expect(row.cells).toEqual([
      'S05-001',
      '2018-03-01',
      '2018-03-05',
      '2018. 3. 21.',
      '64',
      '61.25',
      '남',
      '2018.03.05',
    ]);
    expect([...row.excel!]).toEqual([
      undefined,
      { kind: 'date', serial: 43160 },
      { kind: 'date', serial: 43164 },
      { kind: 'date', serial: 43180 },
      { kind: 'number', value: 64 },
      { kind: 'number', value: 61.25 },
      undefined,
      undefined,
    ]);
  });

  it('hands over serials of 1904-system workbooks in the 1900 system', () => {
    const table = sheet([{ name: 'RS', rows: [['RSDAT'], [{ value: 41703, style: STYLE.isoDate }]] }], 'RS', {
      date1904: true,
    });
    expect(table.rows[0]!.cells).toEqual(['2018-03-06']);
    expect(table.rows[0]!.excel![0]).toEqual({ kind: 'date', serial: 43165 });
  });

  it('takes the first non-empty row as the header, skips empty rows, numbers lines by sheet row', () => {
    const table = sheet([
      {
        name: 'ae',
        rows: [
          [],
          [null, ''],
          [null, 'SUBJID', 'AESEQ'],
          [],
          [null, 'S01', 1],
          [null, null, null],
          [null, 'S02', 2],
        ],
      },
    ]);
    expect(table.header).toEqual(['', 'SUBJID', 'AESEQ']);
    expect(table.headerLine).toBe(3);
    expect(table.rows.map((r) => [r.line, ...r.cells])).toEqual([
      [5, '', 'S01', '1'],
      [7, '', 'S02', '2'],
    ]);
  });

  it('reads cached values of formulas, never evaluating them, and keeps formula text as text', () => {
    const table = sheet([
      {
        name: 'ae',
        rows: [
          ['SUBJID', 'AESEQ', 'AETERM', 'X'],
          [
            'S01',
            { formula: 'ROW()-1', cached: 1 },
            '=1+1',
            { formula: 'HYPERLINK("http://evil","click")', cached: 'click' },
          ],
          ['S02', { formula: '1/0' }, '=HYPERLINK("http://x")', { error: '#N/A' }],
        ],
      },
    ]);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['S01', '1', '=1+1', 'click'],
      ['S02', '', '=HYPERLINK("http://x")', '#N/A'],
    ]);
    expect(table.warnings.map((w) => w.message)).toEqual([
      '2 formula cells (first B2) read as the values Excel last calculated; formulas are never evaluated',
      '1 formula cell (first B3) without a calculated value, read as empty: the program that wrote the file did not calculate it; open and save it in Excel to keep the values',
      '2 text cells start with =, +, - or @ like a spreadsheet formula (first at row 2, column 3 (AETERM)); kept as text, never evaluated',
    ]);
  });

  it('returns null for an empty sheet', () => {
    expect(
      readSheet(openWorkbook(book([{ name: 'ae', rows: [[null, '']] }]), 'x.xlsx'), 'ae', 'x.xlsx'),
    ).toBeNull();
  });

  it('reads a sheet whose dimension claims A1:XFD1048576 by its stored cells', () => {
    const started = Date.now();
    const table = sheet([
      {
        name: 'ae',
        dimension: 'A1:XFD1048576',
        rows: [['SUBJID'], ['S01']],
        extraCells: [['A1048576', 'S99']],
      },
    ]);
    expect(table.rows.map((r) => [r.line, ...r.cells])).toEqual([
      [2, 'S01'],
      [1048576, 'S99'],
    ]);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a value right of the header, naming sheet, row and column', () => {
    const message = refusal(() =>
      sheet([
        {
          name: 'ae',
          rows: [
            ['SUBJID', 'AESEQ'],
            ['S01', 1],
          ],
          extraCells: [['XFD2', 'stray']],
        },
      ]),
    );
    expect(message).toBe(
      "S05.xlsx: sheet ae: row 2, column XFD: a value right of the header's last column (B)",
    );
  });

  it('refuses a title above the header as a title, not as a narrow header', () => {
    const message = refusal(() =>
      sheet([{ name: 'DM', rows: [['S01 환자 목록'], [], ['SUBJID', 'AGE'], ['S01-001', 60]] }]),
    );
    expect(message).toBe(
      'S05.xlsx: sheet DM: row 1 holds only "S01 환자 목록", a title, not the column names: the column names must come first; delete the rows above them',
    );
  });

  it('says that merged cells hold their value in their first cell only', () => {
    const rows = [
      ['SUBJID', 'AESEQ', 'AESER'],
      ['S01-001', 1, 'N'],
      ['S01-001', 2, null],
      ['S01-002', 1, 'Y'],
    ];
    const one = sheet([{ name: 'AE', rows, merged: ['C2:C3'] }]);
    expect(one.rows.map((r) => r.cells[2])).toEqual(['N', '', 'Y']);
    expect(one.warnings.map((w) => w.message)).toEqual([
      '1 merged cell (C2:C3): only its first cell holds the value; the others are read as empty',
    ]);
    const two = sheet([{ name: 'AE', rows, merged: ['C2:C3', 'A3:A4'] }]);
    expect(two.warnings.map((w) => w.message)).toEqual([
      '2 merged cells (first C2:C3): only the first cell of each holds its value; the others are read as empty',
    ]);
    expect(sheet([{ name: 'AE', rows }]).warnings).toEqual([]);
  });

  it('refuses a header of more than 1,000 columns and cells over 32,767 characters', () => {
    const wide = Array.from({ length: 1001 }, (_, i) => `C${i}`);
    expect(refusal(() => sheet([{ name: 'ae', rows: [wide] }]))).toBe(
      'S05.xlsx: sheet ae: row 1: the header reaches column ALM (1,001 columns); at most 1,000 are read',
    );
    const long = 'x'.repeat(40_000);
    expect(
      refusal(() =>
        sheet([
          {
            name: 'ae',
            rows: [
              ['SUBJID', 'AETERM'],
              ['S01', long],
            ],
          },
        ]),
      ),
    ).toBe(
      'S05.xlsx: sheet ae: row 2, column 2 (AETERM) (cell B2): a cell of 40,000 characters; the limit is 32,767',
    );
  });
});

describe('listSheets', () => {
  it('tells hidden sheets and sheets without cells', () => {
    const workbook = openWorkbook(
      book([
        { name: 'ae', rows: [['SUBJID']] },
        { name: 'codes', state: 'hidden', rows: [['x']] },
        { name: 'secret', state: 'veryHidden', rows: [['x']] },
        { name: 'Sheet3', rows: [] },
      ]),
      'x.xlsx',
    );
    expect(listSheets(workbook)).toEqual([
      { name: 'ae', hidden: false, isWorksheet: true, hasCells: true },
      { name: 'codes', hidden: true, isWorksheet: true, hasCells: true },
      { name: 'secret', hidden: true, isWorksheet: true, hasCells: true },
      { name: 'Sheet3', hidden: false, isWorksheet: true, hasCells: false },
    ]);
  });
});

describe('openWorkbook and checkZipArchive', () => {
  const good = book([
    {
      name: 'ae',
      rows: [
        ['SUBJID', 'AETERM'],
        ['S01', '오심'],
      ],
    },
  ]);

  it('refuses a truncated workbook', () => {
    for (const length of [10, good.length >> 1, good.length - 10]) {
      expect(refusal(() => openWorkbook(good.subarray(0, length), 'S05_20190115.xlsx'))).toMatch(
        /^S05_20190115\.xlsx: not a readable xlsx workbook \((truncated|corrupt)/,
      );
    }
  });

  it('refuses a workbook with a damaged part (checksums)', () => {
    const damaged = Buffer.from(good);
    const sheetData = damaged.indexOf('xl/worksheets/sheet1.xml') + 'xl/worksheets/sheet1.xml'.length + 4;
    damaged[sheetData] = damaged[sheetData]! ^ 0xff;
    expect(refusal(() => openWorkbook(damaged, 'x.xlsx'))).toMatch(
      /^x\.xlsx: not a readable xlsx workbook \((truncated or )?corrupt/,
    );
  });

  it('refuses what is not a zip: CSV text, an xls, random bytes', () => {
    expect(refusal(() => openWorkbook(Buffer.from('SUBJID,AESEQ\n'), 'ae.xlsx'))).toBe(
      'ae.xlsx: not a readable xlsx workbook (not a zip archive)',
    );
    expect(
      refusal(() => openWorkbook(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'ae.xlsx')),
    ).toContain('Excel 97-2003 workbook or a password-protected one');
    expect(refusal(() => openWorkbook(Buffer.from('PK\u0003\u0004 but nothing else'), 'ae.xlsx'))).toBe(
      'ae.xlsx: not a readable xlsx workbook (truncated or corrupt)',
    );
  });

  it('refuses a zip that is not a workbook', () => {
    const zip = Buffer.from(buildXlsx([{ name: 'ae', rows: [['x']] }]));
    const renamed = Buffer.from(
      zip.toString('latin1').replaceAll('[Content_Types].xml', '[Content_Typez].xml'),
      'latin1',
    );
    expect(refusal(() => openWorkbook(renamed, 'ae.xlsx'))).toMatch(
      /^ae\.xlsx: not a readable xlsx workbook \(/,
    );
  });

  it('counts the cells of a workbook before SheetJS builds them', () => {
    const rows = Array.from({ length: 50 }, (_, r) =>
      Array.from({ length: 4 }, (_, c) => (c === 0 ? `S${r}` : r * c)),
    );
    const zip = buildXlsx([
      { name: 'ae', rows },
      { name: 'x', rows: [], extraCells: [['C3', 'far']] },
    ]);
    expect(() => checkZipArchive(zip, 'x.xlsx', { maxCells: 201 })).not.toThrow();
    expect(refusal(() => checkZipArchive(zip, 'x.xlsx', { maxCells: 200 }))).toBe(
      'x.xlsx: refused: more than 200 cells; a workbook this large is not read',
    );
  });

  it('refuses overlapping parts (the zip bomb made of one part listed thousands of times) at once', () => {
    const started = Date.now();
    expect(refusal(() => checkZipArchive(overlappingZipBomb(), 'S05.xlsx'))).toBe(
      'S05.xlsx: refused: parts of the archive overlap (a zip bomb?)',
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
