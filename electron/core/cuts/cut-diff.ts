import type { CutDiff } from '../../../shared/api/cuts';
import { OPEN_STATUSES, type DiscrepancyStatus } from '../../../shared/api/discrepancies';
import {
  cutByName,
  discrepancyStatusChanges,
  fieldChangesBetween,
  recordsBetweenCuts,
} from '../db/cuts-repo';
import type { StudyDatabase } from '../db/study-database';
import { notFound } from '../common/errors';

const isOpen = (status: string | null) =>
  status !== null && OPEN_STATUSES.includes(status as DiscrepancyStatus);

/** What changed between two data cuts: records new, changed (with their values) and deleted per form; discrepancies opened and closed. */
export function diffCuts(database: StudyDatabase, fromName: string, toName: string): CutDiff {
  const from = cutByName(database, fromName);
  const to = cutByName(database, toName);
  if (!from) throw notFound(`no data cut named "${fromName}"`);
  if (!to) throw notFound(`no data cut named "${toName}"`);
  const forms: CutDiff['forms'] = {};
  for (const form of database.model.forms) forms[form.code] = { new: [], changed: [], deleted: [] };
  const [low, high] =
    from.lastImportId <= to.lastImportId
      ? [from.lastImportId, to.lastImportId]
      : [to.lastImportId, from.lastImportId];
  for (const r of recordsBetweenCuts(database, from.id, to.id)) {
    const ref = { siteId: r.siteId, subjectId: r.subjectId, recordKey: r.recordKey };
    const bucket = forms[r.form]!;
    if (r.kind === 'changed')
      bucket.changed.push({ ...ref, changes: fieldChangesBetween(database, r.form, r.recordId, low, high) });
    else bucket[r.kind].push(ref);
  }
  const opened: CutDiff['discrepancies']['opened'] = [];
  const closed: CutDiff['discrepancies']['closed'] = [];
  for (const d of discrepancyStatusChanges(database, from.id, to.id)) {
    const ref = {
      id: d.id,
      checkId: d.checkId,
      subjectId: d.subjectId,
      recordKey: d.recordKey,
      field: d.field,
    };
    if (isOpen(d.after) && !isOpen(d.before)) opened.push(ref);
    else if (isOpen(d.before) && !isOpen(d.after)) closed.push({ ...ref, status: d.after ?? 'GONE' });
  }
  return { from: fromName, to: toName, forms, discrepancies: { opened, closed } };
}
