import path from 'node:path';
import type { ImportIssue, ImportReport, ImportRequest } from '../../../shared/api/imports';
import { latestImportId } from '../db/imports-repo';
import { inTransaction, serializeWrites, type StudyDatabase } from '../db/study-database';
import type { CallContext } from '../common/call-context';
import { StudyError } from '../common/errors';
import { codeImport } from '../coding/auto-code';
import { applySiteExport } from './apply-site-export';
import { type NamedDate } from './discover-sources';
import { unknownForm } from '../study/require-form';
import { changedValuesOf, planIssues, planSiteExport, type SiteExportPlan } from './plan-site-export';
import { standardiseTable, type StandardTable } from './standardise-table';

/** Lists in a report are capped; the counts beside them are whole. */
export const REPORT_LIST_LIMIT = 1000;

/** A site export read and standardised, ready to be planned against the database (and planned again at commit). */
export interface PreparedSiteExport {
  request: ImportRequest;
  tables: StandardTable[];
  readerWarnings: { file: string | null; sheet: string | null; message: string }[];
  unknownColumns: { form: string; column: string; file: string }[];
  namedDate: NamedDate | undefined;
}

export async function prepareSiteExport(
  database: StudyDatabase,
  request: ImportRequest,
  context: CallContext,
): Promise<PreparedSiteExport> {
  const forms = database.model.forms.map((f) => f.code);
  const formOverride = request.form?.toUpperCase();
  if (formOverride !== undefined && !forms.includes(formOverride)) {
    throw unknownForm(request.form!, forms);
  }
  context.progress?.(`reading ${request.paths.join(', ')}`);
  // Loaded on first use: the readers pull in the xlsx library, which most commands never need.
  const { readSiteExport } = await import('./read-site-export');
  const read = await readSiteExport(request.paths, { forms, formOverride });
  const tables = read.tables.map((t) => {
    context.progress?.(
      `standardising ${t.fileName}${t.sheet ? ` [${t.sheet}]` : ''} (${t.rows.length} rows)`,
    );
    return standardiseTable(database.model, t);
  });
  const unknownColumns: PreparedSiteExport['unknownColumns'] = [];
  const seen = new Set<string>();
  for (const t of tables) {
    for (const column of t.unknownColumns) {
      const key = `${t.form.code}.${column.toUpperCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      unknownColumns.push({
        form: t.form.code,
        column,
        file: t.source.sheet ? `${t.source.path} [${t.source.sheet}]` : t.source.path,
      });
    }
  }
  return {
    request,
    tables,
    readerWarnings: read.warnings.map((w) => ({
      file: w.file ?? null,
      sheet: w.sheet ?? null,
      message: w.message,
    })),
    unknownColumns,
    namedDate: read.namedDate,
  };
}

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
  prepared: Pick<PreparedSiteExport, 'readerWarnings' | 'unknownColumns'>,
): ImportIssue[] {
  return [
    ...prepared.readerWarnings.map((w): ImportIssue => ({
      level: 'warning',
      code: 'FILE',
      file: w.file,
      sheet: w.sheet,
      form: null,
      line: null,
      column: null,
      message: w.message,
    })),
    ...prepared.unknownColumns.map((u): ImportIssue => ({
      level: 'warning',
      code: 'UNKNOWN_COLUMN',
      file: u.file,
      sheet: null,
      form: u.form,
      line: null,
      column: u.column,
      message: `${u.file}: column ${u.column} is not a column of form ${u.form}; kept with the records`,
    })),
  ];
}

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
      form: t.form.code,
      encoding: t.source.encoding,
      rows: t.records.length,
      sha256: t.source.sha256,
      numberDates: t.numberDates,
    })),
    unknownColumns: prepared.unknownColumns,
    warnings: [...warnings, ...issues].slice(0, REPORT_LIST_LIMIT),
    warningCount: warnings.length + issues.length,
    changedValues: changed.values,
    changedValueCount: changed.total,
  };
}

export function previewPrepared(database: StudyDatabase, prepared: PreparedSiteExport): ImportReport {
  return report(prepared, plan(database, prepared), null);
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
  return inTransaction(database, () => {
    // Several people at once (PostgreSQL): one import at a time, so two of one site never interleave.
    serializeWrites(database, 'imports');
    context.progress?.('comparing with the stored records');
    const planned = plan(database, prepared);
    if (expectedBaseImportId !== undefined && planned.baseImportId !== expectedBaseImportId) {
      throw new StudyError(
        'CONFLICT',
        'the study changed since this preview (another import landed); preview the export again',
      );
    }
    context.progress?.(`writing site ${planned.siteId}, export of ${planned.exportDate}`);
    const importId = applySiteExport(database, planned, {
      user: context.user,
      at: context.now().toISOString(),
      source: prepared.request.paths.map((p) => path.resolve(p)).join('; '),
      unknownColumns: prepared.unknownColumns,
      fileWarnings: fileWarnings(prepared),
    });
    context.progress?.('coding verbatim terms');
    const coding = codeImport(database, importId, context.user);
    return { ...report(prepared, planned, importId), coding };
  });
}

export async function importSiteExport(
  database: StudyDatabase,
  request: ImportRequest,
  options: { dryRun: boolean },
  context: CallContext,
): Promise<ImportReport> {
  const prepared = await prepareSiteExport(database, request, context);
  return options.dryRun ? previewPrepared(database, prepared) : commitPrepared(database, prepared, context);
}
