import type { CustomCheckDefinition } from '../../shared/study/definition-schema';

/** A custom check as a data manager writes one (README "Custom checks"): one subject over 90. */
export const oldAge: CustomCheckDefinition = {
  id: 'CUST-01',
  category: 'ELIG',
  severity: 'minor',
  title: 'Older than 90 at enrollment',
  sql: `SELECT subject_id, 'DM' AS form, record_key, 'AGE' AS field, 'Age ' || AGE || ' is over 90: please confirm' AS message FROM dm WHERE AGE > 90`,
};

/** Custom checks that try to write, on either engine (each must be refused with its ID). */
export const writingChecks: CustomCheckDefinition[] = [
  { ...oldAge, id: 'CUST-W1', sql: `DELETE FROM form_dm` },
  {
    ...oldAge,
    id: 'CUST-W2',
    sql: `UPDATE form_dm SET AGE = 1 RETURNING subject_id, 'DM' AS form, record_key, 'AGE' AS field, 'x' AS message`,
  },
  { ...oldAge, id: 'CUST-W4', sql: `SELECT 1; DELETE FROM form_dm` },
];

/** A query that reads no existing table, and one that lacks the columns a hit needs. */
export const brokenChecks: CustomCheckDefinition[] = [
  { ...oldAge, id: 'CUST-BROKEN', sql: `SELECT nonsense FROM nowhere` },
  { ...oldAge, id: 'CUST-COLUMNS', sql: `SELECT subject_id FROM dm` },
];

/** The discrepancy oldAge raises on the study with S01-001 aged 91 (as the list shows it). */
export const oldAgeDiscrepancy = {
  subjectId: 'S01-001',
  form: 'DM',
  recordKey: 'S01-001',
  field: 'AGE',
  value: '91',
  category: 'ELIG',
};
