import { formTable } from '../../db/form-tables';
import type { StudyModel } from '../../study/study-model';

/**
 * Values the import could not standardise carry their problem on the record (`issues`, set by
 * standardise-value.ts with the check that reports it, as a message: `args`). This query lists them
 * for one check. A record imported before messages had named values has only the English text:
 * it is kept as it is (the shared phrase `text`).
 */
export function issueHitsSql(model: StudyModel, checkId: string): string {
  return model.forms
    .map(
      (f) => `
      SELECT r.subject_id, '${f.code}' AS form, r.record_id, NULL AS record_key, j.key AS field,
             json(coalesce(json_extract(j.value, '$.args'),
                           CAST(json_object('key', 'text', 'values', json_object('text', json_extract(j.value, '$.message'))) AS TEXT))) AS message,
             NULL AS related
      FROM ${formTable(f.code)} r, json_each(r.issues) j
      WHERE r.issues IS NOT NULL AND r.deleted_import_id IS NULL AND json_extract(j.value, '$.check') = '${checkId}'`,
    )
    .join('\n      UNION ALL');
}
