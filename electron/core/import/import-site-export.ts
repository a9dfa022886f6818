import { importNote, NOTE_CODE, noteArgs } from './import-notes';
import type { IssueWithArgs } from '../common/issue-with-args';
import path from 'node:path';
import type { ImportReport, ImportRequest } from '../../../shared/api/imports';
import { latestImportId } from '../db/imports-repo';
import { attachStage, detachStage } from '../db/staged-records-repo';
import { inTransaction, serializeWrites, type StudyDatabase } from '../db/study-database';
import type { CallContext } from '../common/call-context';
import { StudyError } from '../common/errors';
import { codeImport } from '../coding/auto-code';
import { applySiteExport } from './apply-site-export';
import { changedValuesOf, planIssues, planSiteExport, type SiteExportPlan } from './plan-site-export';
import { formatCount } from './source-limits';
import {
  prepareSiteExport,
  releasePrepared,
  REPORT_LIST_LIMIT,
  type PreparedSiteExport,
} from './prepare-site-export';

export { REPORT_LIST_LIMIT, type PreparedSiteExport } from './prepare-site-export';

function plan(database: StudyDatabase, prepared: PreparedSiteExport): SiteExportPlan {
  return planSiteExport(
    database,
    prepared.tables,
    {
      exportName: prepared.request.paths.join(', '),
      site: prepared.request.site,
      exportDate: prepared.request.exportDate,
      confirmExportDate: prepared.request.confirmExportDate === true,
      namedDate: prepared.namedDate,
    },
    latestImportId(database),
  );
}

/** Warnings about the files rather than their values: what the readers said, and unknown columns (once per import). */
export function fileWarnings(
  prepared: Pick<PreparedSiteExport, 'readerWarnings' | 'unknownColumns' | 'tables'>,
): IssueWithArgs[] {
  return [
    ...prepared.readerWarnings.map((w): IssueWithArgs => ({
      level: 'warning',
      code: NOTE_CODE.file,
      file: w.file,
      sheet: w.sheet,
      form: null,
      line: null,
      column: null,
      message: w.message,
      args: w.args,
    })),
    ...prepared.unknownColumns.map((u): IssueWithArgs => ({
      level: 'warning',
      code: NOTE_CODE.unknownColumn,
      file: u.file,
      sheet: null,
      form: u.form,
      line: null,
      column: u.column,
      ...importNote('unknownColumn', { file: u.file, column: u.column, form: u.form }),
    })),
    ...prepared.tables.flatMap((t): IssueWithArgs[] => {
      if (t.figuresOrder === undefined) return [];
      const { order, proven, read, basis } = t.figuresOrder;
      const shown =
        basis === 'file'
          ? proven === 1
            ? noteArgs('fileOtherDate')
            : noteArgs('fileOtherDates', { count: formatCount(proven) })
          : noteArgs('exportOtherDates', { dates: dates(proven) });
      return [
        {
          level: 'warning',
          code: NOTE_CODE.dateOrder,
          file: t.source.path,
          sheet: t.source.sheet,
          form: t.source.form,
          line: null,
          column: null,
          ...importNote('dateOrder', { read: dates(read), order: noteArgs(order), basis: shown }),
        },
      ];
    }),
  ];
}

const dates = (n: number) => (n === 1 ? noteArgs('oneDate') : noteArgs('dates', { count: formatCount(n) }));

function report(
  prepared: PreparedSiteExport,
  planned: SiteExportPlan,
  importId: number | null,
): ImportReport {
  const forms: ImportReport['forms'] = {};
  for (const f of planned.forms) forms[f.form.code] = f.counts;
  const warnings = fileWarnings(prepared);
  const issues = planIssues(planned);
  const changed = changedValuesOf(planned, REPORT_LIST_LIMIT);
  return {
    importId,
    siteId: planned.siteId,
    exportDate: planned.exportDate,
    exportDateSource: planned.exportDateSource,
    dryRun: importId === null,
    forms,
    files: prepared.tables.map((t) => ({
      path: t.source.path,
      sheet: t.source.sheet,
      form: t.source.form,
      encoding: t.source.encoding,
      rows: t.count,
      sha256: t.source.sha256,
      numberDates: t.numberDates,
    })),
    unknownColumns: prepared.unknownColumns,
    warnings: [...warnings, ...issues.first].slice(0, REPORT_LIST_LIMIT),
    warningCount: warnings.length + issues.count,
    changedValues: changed.values,
    changedValueCount: changed.total,
  };
}

/** Runs `work` with the export's stage attached to the study's connection (never inside a transaction). */
function withStage<T>(database: StudyDatabase, prepared: PreparedSiteExport, work: () => T): T {
  attachStage(database, prepared.stageFile);
  try {
    return work();
  } finally {
    detachStage(database);
  }
}

export function previewPrepared(database: StudyDatabase, prepared: PreparedSiteExport): ImportReport {
  return withStage(database, prepared, () => report(prepared, plan(database, prepared), null));
}

/**
 * Plans and writes in one immediate transaction, so nothing can slip in between.
 * `expectedBaseImportId`: refuse if another import landed since the preview the user approved.
 */
export function commitPrepared(
  database: StudyDatabase,
  prepared: PreparedSiteExport,
  context: CallContext,
  expectedBaseImportId?: number,
): ImportReport {
  return withStage(database, prepared, () =>
    inTransaction(database, () => {
      // Several people at once (PostgreSQL): one import at a time, so two of one site never interleave.
      serializeWrites(database, 'imports');
      context.progress?.('comparing with the stored records', { key: 'comparing' });
      const planned = plan(database, prepared);
      if (expectedBaseImportId !== undefined && planned.baseImportId !== expectedBaseImportId) {
        throw new StudyError(
          'CONFLICT',
          'the study changed since this preview (another import landed); preview the export again',
        );
      }
      context.progress?.(`writing site ${planned.siteId}, export of ${planned.exportDate}`, {
        key: 'writingSite',
        values: { site: planned.siteId, date: planned.exportDate },
      });
      const importId = applySiteExport(database, planned, {
        user: context.user,
        at: context.now().toISOString(),
        source: prepared.request.paths.map((p) => path.resolve(p)).join('; '),
        unknownColumns: prepared.unknownColumns,
        fileWarnings: fileWarnings(prepared),
      });
      context.progress?.('coding verbatim terms', { key: 'coding' });
      const coding = codeImport(database, importId, context.user);
      return { ...report(prepared, planned, importId), coding };
    }),
  );
}

export async function importSiteExport(
  database: StudyDatabase,
  request: ImportRequest,
  options: { dryRun: boolean },
  context: CallContext,
): Promise<ImportReport> {
  const prepared = await prepareSiteExport(database.model, request, context.progress);
  try {
    return options.dryRun ? previewPrepared(database, prepared) : commitPrepared(database, prepared, context);
  } finally {
    releasePrepared(prepared);
  }
}
