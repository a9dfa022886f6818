import { describe, expect, it } from 'vitest';
import { StudyError } from '../../electron/core/common/errors';
import { chooseDelimiter, parseDelimited, type Delimiter } from '../../electron/core/import/read-delimited';

function parse(text: string, delimiter: Delimiter = ',') {
  const table = parseDelimited(text, delimiter, 'ae.csv');
  if (table === null) throw new Error('no header');
  return table;
}

function refusal(text: string, delimiter: Delimiter = ','): string {
  try {
    parseDelimited(text, delimiter, 'ae.csv');
  } catch (error) {
    expect(error).toBeInstanceOf(StudyError);
    expect((error as StudyError).code).toBe('BAD_INPUT');
    expect((error as StudyError).message).not.toContain('\n');
    return (error as StudyError).message;
  }
  throw new Error('expected a refusal');
}

const lines = (table: ReturnType<typeof parse>) => table.rows.map((r) => r.line);

describe('chooseDelimiter', () => {
  it('takes tab for .tsv and sniffs the header line otherwise', () => {
    expect(chooseDelimiter('LB.tsv', 'a,b,c\n', 'LB.tsv')).toBe('\t');
    expect(chooseDelimiter('ae.csv', 'SUBJID,AESEQ,AETERM\n', 'ae.csv')).toBe(',');
    expect(chooseDelimiter('ae.txt', 'SUBJID\tAESEQ\tAETERM\n', 'ae.txt')).toBe('\t');
    expect(chooseDelimiter('ae.csv', '\r\n\r\nSUBJID\tAE,SEQ\tAETERM\r\n', 'ae.csv')).toBe('\t');
    expect(chooseDelimiter('ae.txt', 'SUBJID,AESEQ\n', 'ae.txt')).toBe(',');
  });

  it('refuses semicolon-separated files', () => {
    expect(() => chooseDelimiter('ae.csv', 'SUBJID;AESEQ;AETERM\n', 'ae.csv')).toThrow(
      "ae.csv: fields separated by ';'",
    );
  });
});

describe("Excel's separator line (sep=,)", () => {
  it('takes the separator it names, and reads the header from the next line', () => {
    expect(chooseDelimiter('ae.csv', 'sep=\t\r\nSUBJID,AE\tSEQ\r\n', 'ae.csv')).toBe('\t');
    expect(chooseDelimiter('ae.tsv', 'SEP=,\nSUBJID,AESEQ\n', 'ae.tsv')).toBe(',');
    const table = parse('sep=,\r\nSUBJID,AESEQ\r\nS01-001,1\r\n');
    expect(table.header).toEqual(['SUBJID', 'AESEQ']);
    expect(table.headerLine).toBe(2);
    expect(table.rows).toEqual([{ line: 3, cells: ['S01-001', '1'] }]);
    expect(parse('sep=\t\nSUBJID\tAESEQ\n', '\t').header).toEqual(['SUBJID', 'AESEQ']);
  });

  it("refuses a separator other than comma or tab, and reads a second sep= line as the header's", () => {
    expect(() => chooseDelimiter('ae.csv', 'sep=;\nSUBJID;AESEQ\n', 'ae.csv')).toThrow(
      "ae.csv: fields separated by ';'",
    );
    expect(() => chooseDelimiter('ae.csv', 'sep=|\nSUBJID|AESEQ\n', 'ae.csv')).toThrow(
      "ae.csv: fields separated by '|'",
    );
    expect(parse('sep=,\nsep=,\nS01\n').header).toEqual(['sep=', '']);
  });
});

describe('parseDelimited', () => {
  it('reads a header and rows of raw cells, trimmed of nothing', () => {
    const table = parse(' SubjId ,AESEQ,  AETERM\r\nS01-001, 1 ,  오심 \r\n');
    expect(table.header).toEqual([' SubjId ', 'AESEQ', '  AETERM']);
    expect(table.headerLine).toBe(1);
    expect(table.rows).toEqual([{ line: 2, cells: ['S01-001', ' 1 ', '  오심 '] }]);
  });

  it('reads RFC 4180 quoting: commas, doubled quotes, line breaks; rows keep the line they start on', () => {
    const text = [
      'SUBJID,AETERM,AESEQ',
      'S01,"Nausea, vomiting",1',
      'S01,"He said ""dizzy""",2',
      'S01,"Rash',
      'face, and',
      'neck",3',
      'S01,"""quoted""",4',
      'S01,"",5',
      '"S01",plain,6',
    ].join('\r\n');
    const table = parse(text);
    expect(table.rows.map((r) => r.cells[1])).toEqual([
      'Nausea, vomiting',
      'He said "dizzy"',
      'Rash\r\nface, and\r\nneck',
      '"quoted"',
      '',
      'plain',
    ]);
    expect(lines(table)).toEqual([2, 3, 4, 7, 8, 9]);
  });

  it('counts LF line breaks inside cells of a CRLF file (as Excel writes them)', () => {
    const table = parse('A,B\r\n1,"x\ny\nz"\r\n2,w\r\n');
    expect(table.rows).toEqual([
      { line: 2, cells: ['1', 'x\ny\nz'] },
      { line: 5, cells: ['2', 'w'] },
    ]);
  });

  it('reads LF, CRLF and CR-only line ends', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const table = parse(['A,B', '1,2', '', '3,"4', '5"', '6,7'].join(eol));
      expect(table.rows.map((r) => [r.line, ...r.cells])).toEqual([
        [2, '1', '2'],
        [4, '3', `4${eol}5`],
        [6, '6', '7'],
      ]);
    }
  });

  it('reads tab-separated text with quotes', () => {
    const table = parse(
      'SUBJID\tCMTRT\tCMINDC\nS01\t아스피린\t"VTE prophylaxis, daily"\nS01\t"tab\tinside"\tx\n',
      '\t',
    );
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['S01', '아스피린', 'VTE prophylaxis, daily'],
      ['S01', 'tab\tinside', 'x'],
    ]);
  });

  it('skips empty lines and rows of empty cells, before and after the header', () => {
    const table = parse('\r\n\r\nA,B,C\r\n\r\n,,\r\n1,,\r\n, ,\r\n,,\r\n\r\n');
    expect(table.headerLine).toBe(3);
    expect(table.rows).toEqual([
      { line: 6, cells: ['1', '', ''] },
      { line: 7, cells: ['', ' ', ''] },
    ]);
  });

  it('pads short rows with empty cells and drops empty cells past the header', () => {
    const table = parse('A,B,C\n1\n1,2,3,,,\n');
    expect(table.rows.map((r) => r.cells)).toEqual([
      ['1', '', ''],
      ['1', '2', '3'],
    ]);
  });

  it('refuses a row with values past the header, naming its line', () => {
    expect(refusal('A,B\n1,2\n1,2,3\n')).toBe(
      'ae.csv: line 3: 3 fields, more than the 2 columns of the header (column 3 holds "3")',
    );
  });

  it('refuses an unbalanced quote at the line where the quoted field opens', () => {
    const rows = Array.from({ length: 55 }, (_, i) => `S01,${i + 1},fine`);
    const text = ['SUBJID,AESEQ,AETERM', ...rows, 'S01,56,"never closed', 'S01,57,more', 'S01,58,"x"'].join(
      '\r\n',
    );
    expect(refusal(text)).toBe(
      'ae.csv: line 57: a quoted field is never closed (the next quote, on line 59, does not end it)',
    );
    expect(refusal(text.slice(0, text.lastIndexOf('\r\n')))).toBe(
      'ae.csv: line 57: a quoted field is never closed',
    );
  });

  it('refuses text after a closing quote', () => {
    expect(refusal('A,B\n1,"abc"def\n')).toBe(
      'ae.csv: line 2: text after the closing quote of a quoted field (a quote inside a field must be doubled)',
    );
  });

  it('keeps quotes inside unquoted fields as text', () => {
    expect(parse('A,B\n5" tall,x"y"\n').rows[0]!.cells).toEqual(['5" tall', 'x"y"']);
  });

  it('returns null for text without a header', () => {
    expect(parseDelimited('', ',', 'ae.csv')).toBeNull();
    expect(parseDelimited('\r\n,,,\r\n', ',', 'ae.csv')).toBeNull();
  });

  it('keeps headers that name Object.prototype members as plain text', () => {
    const table = parse('__proto__,constructor,prototype,toString,hasOwnProperty,\n1,2,3,4,5,\n');
    expect(table.header).toEqual(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '']);
    expect(table.rows[0]!.cells).toEqual(['1', '2', '3', '4', '5', '']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('warns once about a nameless column holding values', () => {
    const table = parse('A,,C\n1,2,3\n4,5,6\n');
    expect(table.warnings.map((w) => w.message)).toEqual([
      'line 2: column 2 has no name in the header but holds values',
    ]);
  });

  it('warns about formula text and keeps it as text', () => {
    const table = parse('SUBJID,AETERM\nS01,"=HYPERLINK(""http://x"",""y"")"\nS02,=1+1\nS03,+cmd\n');
    expect(table.rows.map((r) => r.cells[1])).toEqual(['=HYPERLINK("http://x","y")', '=1+1', '+cmd']);
    expect(table.warnings.map((w) => w.message)).toEqual([
      '3 cells start with =, +, - or @ like a spreadsheet formula (first at line 2, column 2 (AETERM)); kept as text, never evaluated',
    ]);
  });

  it('refuses tables of more rows or cells than the limits, naming the line', () => {
    const text = 'A,B\n' + Array.from({ length: 10 }, (_, i) => `${i},x`).join('\n');
    expect(parseDelimited(text, ',', 'ae.csv', { maxRows: 10, maxCells: 20 })!.rows).toHaveLength(10);
    expect(() => parseDelimited(text, ',', 'ae.csv', { maxRows: 9, maxCells: 100 })).toThrow(
      'ae.csv: line 11: more than 9 rows; a table this large is not read',
    );
    expect(() => parseDelimited(text, ',', 'ae.csv', { maxRows: 100, maxCells: 15 })).toThrow(
      'ae.csv: line 9: more than 15 cells; a table this large is not read',
    );
  });

  it('refuses more than 1,000 columns and cells over 32,767 characters, naming line and column', () => {
    expect(refusal(Array.from({ length: 1001 }, (_, i) => `C${i}`).join(',') + '\n')).toBe(
      'ae.csv: line 1: 1,001 columns; at most 1,000 are read',
    );
    expect(refusal(`A,AETERM\n1,ok\n2,${'x'.repeat(32_768)}\n`)).toBe(
      'ae.csv: line 3, column 2 (AETERM): a cell of 32,768 characters; the limit is 32,767',
    );
    expect(parse(`A,AETERM\n1,${'x'.repeat(32_767)}\n`).rows[0]!.cells[1]).toHaveLength(32_767);
  });
});
