import type { Zone } from './planters/planter';

/**
 * The parts of a subject's data (zones) each edit check reads together (edit-checks.md), as data.
 * A plant's change can make a check raise something only if the check reads a zone the plant
 * changed; two plants in one subject stay apart when no check reads a zone of each (see
 * `zonesApart`), so each check sees at most one plant and raises what that plant declares.
 * Checks that read one zone only (the other AEDT and AECON checks, ELIG-01..03, RESP-08, the DATA
 * checks of one record) link no two zones and are left out.
 */
export const CHECK_READS: Readonly<Record<string, readonly Zone[]>> = {
  'DOSE-01': ['POM'],
  'DOSE-02': ['POM', 'DM'],
  'DOSE-03': ['POM'],
  'DOSE-04': ['POM'],
  'DOSE-05': ['POM'],
  'DOSE-06': ['POM', 'AE'],
  'DOSE-07': ['AE', 'POM'],
  'DOSE-08': ['DEX', 'DM'],
  'DOSE-09': ['POM', 'DEX', 'DS'],
  'DOSE-10': ['LB', 'POM'],
  'RESP-01': ['RS', 'POM'],
  'RESP-02': ['RS', 'DS'],
  'RESP-03': ['RS', 'POM'],
  'RESP-04': ['RS', 'LB'],
  'RESP-05': ['RS', 'LB', 'POM'],
  'RESP-06': ['RS', 'LB'],
  'RESP-07': ['RS', 'POM'],
  'AEDT-02': ['AE', 'DM'],
  'AEDT-03': ['AE', 'DS'],
  'AEDT-04': ['AE', 'DS'],
  'AEDT-06': ['AE', 'DS'],
  'ELIG-04': ['DM', 'POM'],
  'SAFE-01': ['CM', 'POM'],
};

const linked = new Set(
  Object.values(CHECK_READS).flatMap((zones) => zones.flatMap((a) => zones.map((b) => `${a}|${b}`))),
);

/** No zone changed twice, and no check that reads a zone of each set. */
export function zonesApart(used: Iterable<Zone>, zones: readonly Zone[]): boolean {
  for (const a of used) for (const b of zones) if (a === b || linked.has(`${a}|${b}`)) return false;
  return true;
}
