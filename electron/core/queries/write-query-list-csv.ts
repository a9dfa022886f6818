import fs from 'node:fs';
import { UTF8_BOM, toCsv } from '../export/csv-writer';
import type { PlannedList } from './plan-query-lists';
import { HEADER_CELLS, lineCells, metaBlock } from './query-list-layout';

/**
 * One site's query list as CSV: UTF-8 with a byte-order mark (Excel then shows Korean text), the
 * block saying which study, site and list it is, the header and one row a query.
 * Every text cell goes through the formula guard of csv-writer.
 */
export function writeQueryListCsv(file: string, list: PlannedList): void {
  const block = toCsv([], metaBlock(list.meta), { header: false });
  const table = toCsv(HEADER_CELLS, list.lines.map(lineCells));
  fs.writeFileSync(file, `${UTF8_BOM}${block}\r\n${table}\r\n`);
}
