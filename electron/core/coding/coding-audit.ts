import type { CodedValues } from '../../../shared/api/coding';
import { appendAuditEvent } from '../db/audit-repo';
import type { StudyDatabase } from '../db/study-database';

/** A coding in one line, as the audit trail and the command line show it. */
export function describeCoding(values: CodedValues): string {
  if (values.lltCode !== undefined)
    return `LLT ${values.lltCode} ${values.lltName} > PT ${values.ptCode} ${values.ptName} > SOC ${values.socCode} ${values.socName}`;
  return `${values.drugCode} ${values.drugName}${values.atcCode ? ` (ATC ${values.atcCode})` : ''}`;
}

export type CodingAction = 'CODE' | 'RECODE' | 'UNCODE';

/** Every coding decision is an audit event on entity `coding`, id `FORM:recordId`, field the verbatim column. */
export function auditCoding(
  database: StudyDatabase,
  e: {
    at: string;
    user: string;
    action: CodingAction;
    form: string;
    recordId: number;
    field: string;
    before: CodedValues | null;
    after: CodedValues | null;
    reason: string;
    importId?: number | null;
  },
): void {
  appendAuditEvent(database.connection, {
    at: e.at,
    user: e.user,
    action: e.action,
    entity: 'coding',
    entityId: `${e.form}:${e.recordId}`,
    field: e.field,
    oldValue: e.before ? describeCoding(e.before) : null,
    newValue: e.after ? describeCoding(e.after) : null,
    reason: e.reason,
    importId: e.importId ?? null,
  });
}
