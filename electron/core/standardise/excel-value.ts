/**
 * A cell Excel stored as a number or a date; its raw text is what Excel displays. Date serials are
 * in the 1900 date system; a number of a 1904-system workbook says so (a bare date serial in it counts from 1904).
 */
export type ExcelValue =
  { kind: 'number'; value: number; date1904?: true } | { kind: 'date'; serial: number };
