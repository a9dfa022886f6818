/** A cell Excel stored as a number or a date; its raw text is what Excel displays. */
export type ExcelValue = { kind: 'number'; value: number } | { kind: 'date'; serial: number };
