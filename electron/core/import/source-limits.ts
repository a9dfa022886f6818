import { columnPlace, noteText } from './import-notes';
/** How much of a site export the readers accept: beyond these a file is refused, never half read. */

/** Largest file read (also keeps a decoded CSV under V8's longest string, about 536 million characters). */
export const MAX_FILE_BYTES = 512_000_000;

/** Most columns a table may have; no form has more than a few dozen. */
export const MAX_COLUMNS = 1_000;

/** Longest cell, in characters: Excel's own limit. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Most rows a table may have: three times what Excel holds, more than any form of one site; a
 * row costs about 200 bytes of memory however narrow it is.
 */
export const MAX_ROWS = 3_000_000;

/**
 * Most cells (rows x header columns) a delimited table may have: about 750 MB of memory at peak
 * for a 100 MB export of 14 million cells; a file of tiny cells must not go past that.
 */
export const MAX_TABLE_CELLS = 25_000_000;

/** Most bytes an xlsx workbook may unzip to, all its parts together. */
export const MAX_UNZIPPED_BYTES = 300_000_000;

/** Most cells a workbook may hold: SheetJS needs about 250 bytes of memory for each. */
export const MAX_WORKBOOK_CELLS = 5_000_000;

/** Whole numbers with thousands separators, for messages. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "column 4 (AETERM)", or "column 4" when the header name is empty or would not print well. */
export function columnLabel(header: readonly string[], index: number): string {
  return noteText(columnPlace(index, header[index]), 'en');
}
