import { parseDate } from '../standardise/dates';
import { throughCp949, type TextEncoding } from './decode-text';
import { COMPARED_COLUMNS, LIST_COLUMNS, type QueryListLine } from './query-list-layout';

/** Characters an xlsx cannot hold (dropped by the writer) and line ends, which spreadsheets rewrite. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A cell's text as compared: the same characters, whatever a spreadsheet did to spaces and line ends. */
export function normaliseCell(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return text
    .normalize('NFC')
    .replace(XML_INVALID, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\n]+/g, ' ')
    .trim();
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Excel, opening a CSV, rewrites numbers (1.50 -> 1.5, +1 -> 1) and dates in its locale's order
 * (2018-03-05 -> 2018/3/5, 05/03/2018 or 3/5/2018): the same value. A date that reads either way
 * round is the same where one of its readings is the date sent.
 */
function sameValue(sent: string, got: string): boolean {
  if (NUMBER.test(sent) && NUMBER.test(got)) return Number(sent) === Number(got);
  const a = parseDate(sent);
  const b = parseDate(got);
  if (a.kind !== 'date' || !/\d{4}/.test(got)) return false;
  if (b.kind === 'date') return a.iso === b.iso;
  return Object.values(b.readings ?? {}).some((reading) => reading.iso === a.iso);
}

function sameCell(sent: string | null, got: string | null, encoding: TextEncoding | null): boolean {
  const a = normaliseCell(sent);
  const b = normaliseCell(got);
  if (a === b) return true;
  if (encoding === 'cp949' && normaliseCell(throughCp949(a)) === b) return true;
  return a !== '' && b !== '' && sameValue(a, b);
}

const HEADER_OF = new Map(LIST_COLUMNS.map((c) => [c.key, c.header]));

/** The read-only cells of an answered row that differ from what was sent: the column, and how it changed. */
export function editedCells(
  sent: Pick<QueryListLine, (typeof COMPARED_COLUMNS)[number]>,
  got: Partial<Record<(typeof COMPARED_COLUMNS)[number], string | null>>,
  formulas: ReadonlySet<string>,
  encoding: TextEncoding | null,
): { column: string; change: string }[] {
  const edited: { column: string; change: string }[] = [];
  for (const key of COMPARED_COLUMNS) {
    const column = HEADER_OF.get(key)!;
    if (formulas.has(key)) edited.push({ column, change: `${column} holds a formula` });
    else if (!sameCell(sent[key], got[key] ?? null, encoding))
      edited.push({
        column,
        change: `${column} was ${JSON.stringify(clip(sent[key] ?? ''))}, is ${JSON.stringify(clip(got[key] ?? ''))}`,
      });
  }
  return edited;
}

const clip = (text: string) => (text.length > 80 ? `${text.slice(0, 77)}...` : text);
