import type { ReviewChange } from '../../../shared/api/review';
import type { FormModel } from '../study/study-model';
import type { StudyDatabase } from './study-database';
import { connectionOf } from './connection';

/** A record's current values as stored: the standardised columns by name, and the raw text. */
export interface CurrentRecord {
  recordId: number;
  values: Record<string, unknown>;
  raw: readonly (string | null)[];
}

interface ChangeRow {
  record_id: number;
  field: string;
  old_value: string | null;
  old_raw: string | null;
}

/** A stored text of a standardised value (record_changes keeps text), typed as its column holds it. */
function typedValue(form: FormModel, field: string, text: string | null): string | number | null {
  if (text === null) return null;
  const type = form.columns.find((c) => c.name === field)?.type;
  const numeric = type === 'integer' || type === 'number' || type === 'labresult';
  return numeric && text.trim() !== '' && String(Number(text)) === text ? Number(text) : text;
}

const asText = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * For records the person reviewed, each standardised value that differs now from the version
 * they marked. The first change of a field after the mark holds the value seen (record_changes
 * keeps every change with its old value), compared with the value now: a value changed and
 * changed back is not listed. An unreadable value (standardised as nothing) that was rewritten
 * shows its text as written.
 */
export function changesSinceReview(
  database: StudyDatabase,
  form: FormModel,
  user: string,
  records: readonly CurrentRecord[],
): Map<number, ReviewChange[]> {
  const out = new Map<number, ReviewChange[]>();
  if (records.length === 0) return out;
  const rows = connectionOf(database)
    .prepare(
      `SELECT ch.record_id, ch.field, ch.old_value, ch.old_raw
       FROM review_marks m JOIN record_changes ch ON ch.form = m.form AND ch.record_id = m.record_id
       WHERE m.form = ? AND m.record_id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) AND m.user_name = ? AND m.std_hash IS NOT NULL
         AND ch.change = 'changed' AND ch.import_id > m.seen_import_id
       ORDER BY ch.id`,
    )
    .all(form.code, JSON.stringify(records.map((r) => r.recordId)), user) as ChangeRow[];
  const first = new Map<number, Map<string, ChangeRow>>();
  for (const row of rows) {
    let fields = first.get(row.record_id);
    if (!fields) first.set(row.record_id, (fields = new Map()));
    if (!fields.has(row.field)) fields.set(row.field, row);
  }
  const columnIndex = new Map(form.columns.map((c, i) => [c.name, i]));
  for (const record of records) {
    const fields = first.get(record.recordId);
    if (!fields) continue;
    const changes: ReviewChange[] = [];
    for (const column of form.columns) {
      const field = column.name;
      const seen = fields.get(field);
      if (!seen) continue;
      const now = (record.values[field] ?? null) as string | number | null;
      const rawNow = record.raw[columnIndex.get(field) ?? -1] ?? null;
      if (seen.old_value === null && now === null) {
        if ((seen.old_raw ?? '').trim() !== (rawNow ?? '').trim())
          changes.push({ field, old: seen.old_raw, new: rawNow });
      } else if (seen.old_value !== asText(now)) {
        changes.push({ field, old: typedValue(form, field, seen.old_value), new: now });
      }
    }
    if (changes.length) out.set(record.recordId, changes);
  }
  return out;
}
