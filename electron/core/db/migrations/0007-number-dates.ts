/**
 * Per source file of an import, the date cells read from a bare number (site-exports.md, Values):
 * JSON {"serial": n, "year": n, "yyyymmdd": n}, NULL when there were none.
 */
export const migration0007 = /* sql */ `
ALTER TABLE import_sources ADD COLUMN number_dates TEXT;
`;
