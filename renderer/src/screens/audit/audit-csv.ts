import type { AuditEntry } from '../../../../shared/api/audit';
import { toCsv, type CsvColumn } from '../../lib/csv';

/** The audit trail as a CSV file: every column, formula-safe (built in the renderer from the rows). */
export const AUDIT_CSV_COLUMNS: readonly CsvColumn<AuditEntry>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'at', value: (r) => r.at },
  { header: 'user', value: (r) => r.user },
  { header: 'action', value: (r) => r.action },
  { header: 'entity', value: (r) => r.entity },
  { header: 'entity_id', value: (r) => r.entityId },
  { header: 'site', value: (r) => r.siteId },
  { header: 'subject', value: (r) => r.subjectId },
  { header: 'form', value: (r) => r.form },
  { header: 'record', value: (r) => r.recordKey },
  { header: 'field', value: (r) => r.field },
  { header: 'old_value', value: (r) => r.oldValue },
  { header: 'new_value', value: (r) => r.newValue },
  { header: 'reason', value: (r) => r.reason },
  { header: 'import_id', value: (r) => r.importId },
];

export function auditCsv(rows: readonly AuditEntry[]): string {
  return toCsv(AUDIT_CSV_COLUMNS, rows);
}
