/**
 * Reports and Excel sheets often carry a title above the column names ("Export of site S09,
 * 2019-06-01"). The header must be the first line (site-exports.md); these say so in those words,
 * instead of the narrow "header" the title makes or the columns it leaves missing.
 */

/** The one value of a header that holds a single cell: a title, if the next line is wider. */
export function titleOf(header: readonly string[]): string | undefined {
  const values = header.filter((cell) => cell.trim() !== '');
  return values.length === 1 ? values[0]!.trim() : undefined;
}

export function titleAboveHeader(where: string, unit: 'line' | 'row', at: number, title: string): string {
  const shown = title.length > 60 ? `${title.slice(0, 57)}...` : title;
  return `${where}: ${unit} ${at} holds only "${shown}", a title, not the column names: the column names must come first; delete the ${unit}s above them`;
}

/** How many rows below the first a header is looked for, to say where the column names are. */
export const HEADER_SEARCH_ROWS = 10;
