/**
 * OUT/answer-key.json: every planted error and where the engine must find it, in the identity
 * terms of a discrepancy (check, form, record key, field; a missing-something check names its
 * virtual record, such as `S01-001|cycle 3`; a repeated record is `key#2`). A plant that
 * unavoidably also triggers another check lists that hit too, as a secondary entry of the plant.
 */

export interface AnswerKeyEntry {
  check: string;
  site: string;
  subject: string;
  form: string;
  recordKey: string;
  field: string;
  /** The delivery the error is in (round-N): the last one, which a data manager checks. */
  round: string;
  /** `planted`: the error of this check; `secondary`: another check's hit that the plant also makes. */
  kind: 'planted' | 'secondary';
  /** The plant the entry belongs to: its check and number, e.g. `DOSE-04#2`. */
  plant: string;
  /** What the site did, in words. */
  what: string;
}

export function answerKeyJson(entries: readonly AnswerKeyEntry[]): string {
  return `[\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`;
}
