import { aeRow as resolvedAe, dsRow } from './ae-data-fixtures';

/**
 * The CRF rows the DOSE check tests are made of, one builder a form: each row follows the label
 * (pomalidomide 4 mg on days 1-21 of 28-day cycles from C1D1 = 2018-01-10, dexamethasone 40 mg) and
 * a test overrides the few values it is about. Also the dates and record keys the tests compare.
 */
export const C1D1 = '2018-01-10';

/** The record key of a pomalidomide period. */
export const pomKey = (subject: string, seq: number) => `${subject}|POMALIDOMIDE|${seq}`;
/** The record key of a dexamethasone administration. */
export const dexKey = (subject: string, seq: number) => `${subject}|DEXAMETHASONE|${seq}`;

/** An ISO date plus n days. */
export function plusDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Cycle n of pomalidomide: days 1-21 of the cycle starting C1D1 + 28 (n - 1), EXSEQ n, 4 mg. */
export function pomRow(
  subject: string,
  cycle: number,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const start = plusDays(C1D1, 28 * (cycle - 1));
  return {
    SUBJID: subject,
    EXSEQ: String(cycle),
    EXTRT: 'POMALIDOMIDE',
    CYCLE: String(cycle),
    EXSTDAT: start,
    EXENDAT: plusDays(start, 20),
    EXDOSE: '4',
    EXADJ: '',
    ...overrides,
  };
}

/** One dexamethasone administration (EXSTDAT = EXENDAT), 40 mg in cycle 1 by default. */
export function dexRow(
  subject: string,
  seq: number,
  date: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    SUBJID: subject,
    EXSEQ: String(seq),
    EXTRT: 'DEXAMETHASONE',
    CYCLE: '1',
    EXSTDAT: date,
    EXENDAT: date,
    EXDOSE: '40',
    EXADJ: '',
    ...overrides,
  };
}

/** A grade 3 neutropenia that led to a dose reduction, starting 2018-01-25 in cycle 1. */
export const aeRow = (subject: string, seq: number, overrides: Record<string, string> = {}) =>
  resolvedAe(subject, seq, {
    AETERM: '호중구감소증',
    AEDECOD: 'Neutropenia',
    AESTDAT: '2018-01-25',
    AEENDAT: '2018-02-05',
    AETOXGR: '3',
    AEREL: 'PROBABLE',
    AEACN: 'DOSE REDUCED',
    ...overrides,
  });

export function lbRow(
  subject: string,
  test: string,
  date: string,
  result: string,
  unit = '10^9/L',
): Record<string, string> {
  return { SUBJID: subject, LBDAT: date, LBTESTCD: test, LBORRES: result, LBORRESU: unit };
}

/** A disposition record, blank until a test gives the end of treatment or death: the AE tests' own. */
export { dsRow };
