import { describeCoding as describe, type CodedValues } from '../../../shared/api/coding';
import { appendAuditEvent } from '../db/audit-repo';
import { insertCoded, writeCoded, type WaitingRow } from '../db/coding-repo';
import type { StudyDatabase } from '../db/study-database';

/** A coding in one line with every code, as the audit trail keeps it. */
export const describeCoding = (values: CodedValues) => describe(values, { codes: true });

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
  appendAuditEvent(database, {
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

/** A record coded (or recoded) and the decision audited, in the caller's transaction. */
export function applyCoding(
  database: StudyDatabase,
  c: {
    at: string;
    user: string;
    form: string;
    recordId: number;
    field: string;
    dictionaryId: number;
    method: 'AUTO' | 'SYNONYM' | 'MANUAL';
    values: CodedValues;
    before: CodedValues | null;
    reason: string;
    importId?: number | null;
    /** A record new to coding: its row is written coded at once. */
    fresh?: WaitingRow & { since: string };
  },
): void {
  if (c.fresh) insertCoded(database, { ...c, ...c.fresh });
  else writeCoded(database, c);
  auditCoding(database, { ...c, action: c.before ? 'RECODE' : 'CODE', after: c.values });
}
