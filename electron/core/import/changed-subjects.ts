import { storedSubjectsChanged } from '../db/changed-subjects-repo';
import type { StudyDatabase } from '../db/study-database';
import type { SiteExportPlan } from './plan-site-export';
import { stringAt } from './prepared-table';

/**
 * The subjects whose records a planned export changes in any way a check can see (stored with
 * the import: the next check run looks at them only): new, changed or restored records, deleted
 * ones, and the same values read from other raw text or with other value problems.
 */
export function changedSubjects(database: StudyDatabase, plan: SiteExportPlan): string[] {
  const subjects = new Set<string>();
  for (const f of plan.forms) {
    const table = plan.tables[f.tableIndex]!;
    const add = (pos: number) => subjects.add(stringAt(table.subjects, pos));
    if (f.inserts === 'all') for (let pos = 0; pos < table.count; pos++) add(pos);
    else f.inserts.forEach(add);
    for (const u of f.updates) add(u.pos);
    const stored = storedSubjectsChanged(database, {
      form: f.form,
      tableIndex: f.tableIndex,
      siteId: plan.siteId,
      deleted: f.deletes.map((d) => d.recordId),
      unchanged: f.unchanged,
    });
    for (const subject of stored) subjects.add(subject);
  }
  return [...subjects].sort();
}
