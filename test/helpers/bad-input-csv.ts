import { dmRow } from './study-builder';

/**
 * CSV text of a site's DM and AE forms for the bad-input tests of the command line: rows as a
 * site's EDC writes them (CRLF, quoted only where needed), any header, any cell.
 */
export const csv = (rows: string[][], eol = '\r\n') =>
  rows.map((r) => r.map(csvField).join(',')).join(eol) + eol;
const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const DM_HEADER = Object.keys(dmRow('x', 'x'));
export const dmCsv = (rows: Record<string, string>[]) =>
  csv([DM_HEADER, ...rows.map((r) => DM_HEADER.map((h) => r[h] ?? ''))]);

export const AE_HEADER = ['SUBJID', 'AESEQ', 'AETERM', 'AEDECOD', 'AESTDAT', 'AEENDAT', 'AETOXGR', 'AESER'];
export const aeRow = (
  subject: string,
  seq: number,
  overrides: Record<string, string> = {},
): Record<string, string> => ({
  SUBJID: subject,
  AESEQ: String(seq),
  AETERM: '오심',
  AEDECOD: 'Nausea',
  AESTDAT: '2018-02-01',
  AEENDAT: '2018-02-05',
  AETOXGR: '1',
  AESER: 'N',
  ...overrides,
});
export const aeCsv = (rows: Record<string, string>[], header = AE_HEADER) =>
  csv([header, ...rows.map((r) => header.map((h) => r[h] ?? ''))]);
