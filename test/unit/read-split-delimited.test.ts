import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { splitRows } from '../../electron/core/import/split-delimited';

/**
 * splitRows replaced papaparse in the CSV reader: on any well-quoted text (what the reader lets
 * through) it must give the same rows, and rows must start where papaparse's cursor said.
 */
type Newline = '\r\n' | '\n' | '\r';

function withSplitRows(text: string, delimiter: string, newline: Newline) {
  const rows: { cells: string[]; start: number }[] = [];
  splitRows(text, delimiter, newline, (cells, start) => rows.push({ cells, start }));
  return rows;
}

function withPapaparse(text: string, delimiter: string, newline: Newline) {
  const rows: { cells: string[]; start: number }[] = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    newline,
    quoteChar: '"',
    escapeChar: '"',
    header: false,
    skipEmptyLines: false,
    step: (result) => {
      expect(result.errors).toEqual([]);
      rows.push({ cells: result.data, start });
      start = result.meta.cursor;
    },
  });
  return rows;
}

/** Rows the reader keeps: those with a non-empty cell (it skips the others). */
const kept = (rows: { cells: string[]; start: number }[]) =>
  rows.filter((r) => r.cells.some((c) => c !== ''));

/** A small deterministic generator (mulberry32), so that a failure can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  'S01-001',
  ' ',
  '',
  '오심',
  '"',
  ',',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '2018-03-05',
  'x"y',
  '😀',
  '\\',
  'NA',
];

function field(next: () => number, delimiter: string, newline: Newline): string {
  const pick = () => PIECES[Math.floor(next() * PIECES.length)]!;
  let text = '';
  for (let k = Math.floor(next() * 4); k > 0; k--) text += pick();
  if (next() < 0.4) return `"${text.replace(/"/g, '""')}"`;
  // Unquoted: no delimiter or row break inside, and no quote first (that would open a quoted field).
  text = text.split(delimiter).join('').split(newline).join('');
  if (newline === '\r\n') text = text.replace(/\r$/, '');
  return text.startsWith('"') ? `x${text}` : text;
}

function table(seed: number, delimiter: string, newline: Newline): string {
  const next = random(seed);
  const rows: string[] = [];
  for (let r = Math.floor(next() * 6); r >= 0; r--) {
    const fields: string[] = [];
    for (let f = Math.floor(next() * 5); f >= 0; f--) fields.push(field(next, delimiter, newline));
    rows.push(fields.join(delimiter));
  }
  return rows.join(newline) + (next() < 0.5 ? newline : '');
}

describe('splitRows', () => {
  it('splits well-quoted text as papaparse does: cells, and where each row starts', () => {
    for (const delimiter of [',', '\t']) {
      for (const newline of ['\r\n', '\n', '\r'] as const) {
        for (let seed = 1; seed <= 700; seed++) {
          const text = table(seed, delimiter, newline);
          expect(
            kept(withSplitRows(text, delimiter, newline)),
            JSON.stringify({ seed, delimiter, newline, text }),
          ).toEqual(kept(withPapaparse(text, delimiter, newline)));
        }
      }
    }
  });

  it('reads quoted fields: delimiters, doubled quotes, line breaks, an empty last field', () => {
    const text = 'A,B,C\r\n"x, ""y""","1\r\n2",\r\n"",z,"';
    expect(withSplitRows(`${text}"`, ',', '\r\n')).toEqual([
      { cells: ['A', 'B', 'C'], start: 0 },
      { cells: ['x, "y"', '1\r\n2', ''], start: 7 },
      { cells: ['', 'z', ''], start: 27 },
    ]);
  });

  it('stops, rather than guess, at quotes the reader should have refused', () => {
    expect(() => withSplitRows('A,B\n"x"y,1\n', ',', '\n')).toThrow(/text after the closing quote/);
    expect(() => withSplitRows('A,B\n"x,1\n', ',', '\n')).toThrow(/never closed/);
  });
});
