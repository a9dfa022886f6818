import type { ReviewScope } from '../../../shared/api/review';
import { appendAuditEvent } from '../db/audit-repo';
import {
  countTarget,
  markTarget,
  unmarkTarget,
  unmatchedIds,
  unmatchedKeys,
  type ReviewTarget,
} from '../db/review-marks-repo';
import { inTransaction, type StudyDatabase } from '../db/study-database';
import { notFound } from '../common/errors';
import type { CallContext } from '../common/call-context';
import { splitOccurrence } from '../study/record-key';
import { requireForm } from '../study/require-form';
import type { FormModel } from '../study/study-model';

function describe(scope: ReviewScope, form: FormModel): string {
  const parts = [form.code];
  if (scope.site) parts.push(`site ${scope.site}`);
  if (scope.subject) parts.push(`subject ${scope.subject}`);
  if (scope.recordKeys) parts.push(`${scope.recordKeys.length} record keys`);
  if (scope.recordIds) parts.push(`${scope.recordIds.length} selected records`);
  if (scope.state) parts.push(`${scope.state} ones`);
  return parts.join(', ');
}

const list = (items: readonly (string | number)[]) =>
  `${items.slice(0, 5).join(', ')}${items.length > 5 ? `, ... (${items.length} in all)` : ''}`;

/** The records a request names; every key or id it names must exist, or nothing is done. */
function targetOf(database: StudyDatabase, scope: ReviewScope, liveOnly: boolean): ReviewTarget {
  const form = requireForm(database.model, scope.form);
  const target: ReviewTarget = {
    form,
    site: scope.site,
    subject: scope.subject,
    keys: scope.recordKeys?.map((k) => splitOccurrence(k)),
    recordIds: scope.recordIds,
    state: scope.state,
    liveOnly,
  };
  const where = liveOnly ? 'live ' : '';
  const missingKeys = unmatchedKeys(database, target);
  if (missingKeys.length)
    throw notFound(
      `no ${where}${form.code} record ${list(missingKeys)}${scope.site ? ` at site ${scope.site}` : ''}${scope.subject ? ` of subject ${scope.subject}` : ''} (a record key is ${form.key.join('|')}, with #n for the n-th of duplicates)`,
    );
  const missingIds = unmatchedIds(database, target);
  if (missingIds.length) throw notFound(`no ${where}${form.code} record with id ${list(missingIds)}`);
  return target;
}

/** The audit event of a mark or unmark: who, when, which records (the scope) and how many. */
function reviewEvent(
  database: StudyDatabase,
  context: CallContext,
  action: 'REVIEW' | 'UNREVIEW',
  scope: string,
  form: FormModel,
  records: number,
): number {
  return appendAuditEvent(database, {
    at: context.now().toISOString(),
    user: context.user,
    action,
    entity: 'review',
    entityId: form.code,
    field: 'reviewed',
    newValue: JSON.stringify({ scope, records }),
  });
}

/**
 * Marks the current version of the records of a scope reviewed by the caller: one audit event
 * for the action, one history row a record (written by the database as the marks change).
 */
export function markReviewed(database: StudyDatabase, scope: ReviewScope, context: CallContext) {
  return inTransaction(database, () => {
    const target = targetOf(database, scope, true);
    const form = target.form;
    const counts = countTarget(database, target, context.user);
    if (counts.matched === 0) throw notFound(`no live record matches (${describe(scope, form)})`);
    const toMark = counts.matched - counts.current;
    let marked = 0;
    if (toMark > 0) {
      const eventId = reviewEvent(database, context, 'REVIEW', describe(scope, form), form, toMark);
      marked = markTarget(database, target, { user: context.user, eventId });
      if (marked !== toMark) throw new Error(`${toMark} records to mark, ${marked} marked`);
    }
    return {
      user: context.user,
      form: form.code,
      matched: counts.matched,
      marked,
      alreadyReviewed: counts.current,
    };
  });
}

/** Removes the caller's marks on the records of a scope (the removal is audited, the marks' history kept). */
export function unmarkReviewed(database: StudyDatabase, scope: ReviewScope, context: CallContext) {
  return inTransaction(database, () => {
    const target = targetOf(database, scope, false);
    const form = target.form;
    const counts = countTarget(database, target, context.user);
    if (counts.matched === 0) throw notFound(`no record matches (${describe(scope, form)})`);
    let removed = 0;
    if (counts.marked > 0) {
      const eventId = reviewEvent(database, context, 'UNREVIEW', describe(scope, form), form, counts.marked);
      removed = unmarkTarget(database, target, { user: context.user, eventId });
    }
    return { user: context.user, form: form.code, matched: counts.matched, removed };
  });
}
