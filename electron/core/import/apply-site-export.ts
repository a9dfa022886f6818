import type { IssueWithArgs } from '../common/issue-with-args';
import type { FormCounts } from '../../../shared/api/imports';
import { appendAuditEvent } from '../db/audit-repo';
import { insertImport, insertSource, issueWriter } from '../db/imports-repo';
import { recordWriter } from '../db/record-writer';
import {
  maxRecordId,
  recordChangeWriter,
  recordNewRecords,
  type RecordChangeWriter,
} from '../db/records-repo';
import {
  copyStagedIssues,
  insertStagedRecords,
  replaceStagedRecords,
  touchStagedRecords,
  type StagedTarget,
} from '../db/staged-records-repo';
import type { StudyDatabase } from '../db/study-database';
import type { StandardValue } from '../standardise/standardise-value';
import { changedSubjects } from './changed-subjects';
import type { FormPlan, SiteExportPlan } from './plan-site-export';

export interface ApplyContext {
  user: string;
  at: string;
  source: string;
  unknownColumns: { form: string; column: string; file: string }[];
  /** Reader warnings and unknown columns (import-site-export.ts fileWarnings). */
  fileWarnings: IssueWithArgs[];
}

const asText = (v: StandardValue): string | null => (v === null ? null : String(v));

/**
 * Writes a planned site export, its records copied from the stage (attached by the caller). The
 * caller holds the write transaction: everything here lands together or not at all. Returns the
 * new import id.
 */
export function applySiteExport(
  database: StudyDatabase,
  plan: SiteExportPlan,
  context: ApplyContext,
): number {
  const forms: Record<string, FormCounts> = {};
  for (const f of plan.forms) forms[f.form.code] = f.counts;
  const valueIssues = plan.tables.reduce((n, t) => n + t.issueCount, 0);
  // Read before anything is written: deleted and unchanged records are compared as stored.
  const subjects = changedSubjects(database, plan);
  const importId = insertImport(database, {
    siteId: plan.siteId,
    exportDate: plan.exportDate,
    exportDay: plan.exportDay,
    source: context.source,
    user: context.user,
    at: context.at,
    forms,
    unknownColumns: context.unknownColumns,
    warningCount: valueIssues + context.fileWarnings.length,
    errorCount: 0,
    changedSubjects: subjects,
  });
  const writeIssue = issueWriter(database);
  const sourceIds = plan.tables.map((t) => {
    const id = insertSource(database, {
      importId,
      path: t.source.path,
      fileName: t.source.fileName,
      sheet: t.source.sheet,
      form: t.source.form,
      encoding: t.source.encoding,
      sha256: t.source.sha256,
      bytes: t.source.bytes,
      rows: t.count,
      numberDates: t.numberDates,
    });
    copyStagedIssues(database, t.index, importId, id);
    return id;
  });
  for (const w of context.fileWarnings) writeIssue(importId, null, w);

  const changes = recordChangeWriter(database);
  for (const f of plan.forms)
    writeFormRecords(
      database,
      f,
      { siteId: plan.siteId, importId, sourceId: sourceIds[f.tableIndex]! },
      changes,
    );
  appendAuditEvent(database, {
    at: context.at,
    user: context.user,
    action: 'IMPORT',
    entity: 'import',
    entityId: String(importId),
    newValue: JSON.stringify({ siteId: plan.siteId, exportDate: plan.exportDate, forms }),
    importId,
  });
  return importId;
}

/** Writes one form's planned records and their history. */
function writeFormRecords(
  database: StudyDatabase,
  f: FormPlan,
  at: { siteId: string; importId: number; sourceId: number },
  changes: RecordChangeWriter,
): void {
  const { importId } = at;
  const form = f.form.code;
  const target: StagedTarget = { ...at, tableIndex: f.tableIndex, form: f.form };
  const lastBefore = maxRecordId(database, f.form);
  const inserted = insertStagedRecords(database, target, f.inserts);
  // One statement records every new record of the form in the history (row by row from here costs more than the insert).
  recordNewRecords(database, f.form, importId, lastBefore, inserted);
  touchStagedRecords(database, target, [
    ...f.unchanged,
    ...f.updates.filter((u) => u.kind === 'unchanged').map((u) => u.pos),
  ]);
  replaceStagedRecords(
    database,
    target,
    f.updates.filter((u) => u.kind !== 'unchanged'),
  );
  for (const u of f.updates) {
    if (u.kind === 'unchanged') continue;
    if (u.kind === 'restored') {
      changes.write({
        importId,
        form,
        recordId: u.recordId,
        change: 'restored',
        field: null,
        oldRaw: null,
        newRaw: null,
        oldValue: null,
        newValue: null,
      });
    }
    for (const c of u.changes) {
      changes.write({
        importId,
        form,
        recordId: u.recordId,
        change: 'changed',
        field: c.field,
        oldRaw: c.oldRaw,
        newRaw: c.newRaw,
        oldValue: asText(c.oldValue),
        newValue: asText(c.newValue),
      });
    }
  }
  const writer = recordWriter(database, f.form, importId);
  for (const d of f.deletes) {
    writer.markDeleted(d.recordId);
    changes.write({
      importId,
      form,
      recordId: d.recordId,
      change: 'deleted',
      field: null,
      oldRaw: null,
      newRaw: null,
      oldValue: null,
      newValue: null,
    });
  }
  // Before the next form's history: the rows keep the order (and ids) they are written in.
  changes.flush();
}
