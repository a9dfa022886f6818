import type { Progress } from '../common/call-context';
import type { MessageArgs } from '../../../shared/messages/render-message';
import type { IssueWithArgs } from '../common/issue-with-args';
import type { ImportRequest } from '../../../shared/api/imports';
import { createStage, newStageFile, removeStageFile, type StageWriter } from '../db/staged-records-repo';
import type { StudyModel } from '../study/study-model';
import { type NamedDate } from './named-export-date';
import { unknownForm } from '../study/require-form';
import { standardIndex } from './plan-site-export';
import { PackedStringsBuilder, type PreparedTable } from './prepared-table';
import type { SourceTable } from './source-table';
import { addEvidence, exportDecision, fileDecision, NO_FIGURES, type FiguresDecision } from './figures-order';
import { figuresEvidence, standardiseRows } from './standardise-table';

/** Lists in a report are capped; the counts beside them are whole. */
export const REPORT_LIST_LIMIT = 1000;

/**
 * A site export read, standardised and staged, ready to be planned against the database (and
 * planned again at commit). Needs only the study model, not the database: it is made by the
 * thread that writes the study or, for a delivery, ahead of it by another (prepare-pool.ts).
 */
export interface PreparedSiteExport {
  request: ImportRequest;
  tables: PreparedTable[];
  readerWarnings: { file: string | null; sheet: string | null; message: string; args: MessageArgs }[];
  unknownColumns: { form: string; column: string; file: string }[];
  namedDate: NamedDate | undefined;
  /** The staged records (removed by releasePrepared). */
  stageFile: string;
}

export async function prepareSiteExport(
  model: StudyModel,
  request: ImportRequest,
  progress?: Progress,
): Promise<PreparedSiteExport> {
  const forms = model.forms.map((f) => f.code);
  const formOverride = request.form?.toUpperCase();
  if (formOverride !== undefined && !forms.includes(formOverride)) {
    throw unknownForm(request.form!, forms);
  }
  const paths = request.paths.join(', ');
  progress?.(`reading ${paths}`, { key: 'reading', values: { paths } });
  // Loaded on first use: the readers pull in the xlsx library, which most commands never need.
  const { readSiteExportTables } = await import('./read-site-export');
  const staging = startStaging(model, progress);
  try {
    const read = readSiteExportTables(
      request.paths,
      {
        forms,
        formOverride,
        ...(request.filePassword === undefined ? {} : { password: request.filePassword }),
      },
      staging.add,
    );
    // The password has done its work: the preview kept in memory until commit does not hold it.
    const { filePassword: _password, ...kept } = request;
    return {
      ...staging.finish(),
      request: kept,
      readerWarnings: read.warnings.map((w) => ({
        file: w.file ?? null,
        sheet: w.sheet ?? null,
        message: w.message,
        args: w.args,
      })),
      namedDate: read.namedDate,
    };
  } catch (error) {
    staging.abandon();
    throw error;
  }
}

/** Standardises source tables into a new stage file (the caller owns it: releasePrepared). */
export function stageSourceTables(
  model: StudyModel,
  sources: SourceTable[],
  progress?: Progress,
): Pick<PreparedSiteExport, 'tables' | 'unknownColumns' | 'stageFile'> {
  const staging = startStaging(model, progress);
  try {
    for (const source of sources) staging.add(source);
    return staging.finish();
  } catch (error) {
    staging.abandon();
    throw error;
  }
}

/**
 * A new stage file filled table by table: each table's rows can be let go once it is staged. A
 * table whose dates in figures need the rest of the export to tell day from month (figures-order.ts)
 * waits for it, in memory, and is staged last (under its own index).
 */
function startStaging(model: StudyModel, progress?: Progress) {
  const stageFile = newStageFile();
  const stage = createStage(stageFile);
  const tables: PreparedTable[] = [];
  const exportFigures = { ...NO_FIGURES };
  const waiting: { source: SourceTable; index: number }[] = [];
  let open = true;
  const close = () => {
    if (open) stage.close();
    open = false;
  };
  const staged = (source: SourceTable, index: number, figures: FiguresDecision | null) => {
    const file = `${source.fileName}${source.sheet ? ` [${source.sheet}]` : ''}`;
    progress?.(`standardising ${file} (${source.rows.length} rows)`, {
      key: 'standardising',
      values: { file, rows: source.rows.length },
    });
    tables[index] = stageTable(model, stage, source, index, figures);
  };
  return {
    add: (source: SourceTable) => {
      const index = tables.length;
      tables.length++;
      const evidence = figuresEvidence(model, source);
      addEvidence(exportFigures, evidence);
      const own = fileDecision(evidence);
      if (own === 'export') waiting.push({ source, index });
      else staged(source, index, own);
    },
    finish: (): Pick<PreparedSiteExport, 'tables' | 'unknownColumns' | 'stageFile'> => {
      for (const { source, index } of waiting) staged(source, index, exportDecision(exportFigures));
      close();
      return { tables, unknownColumns: unknownColumnsOf(tables), stageFile };
    },
    abandon: () => {
      close();
      removeStageFile(stageFile);
    },
  };
}

function stageTable(
  model: StudyModel,
  stage: StageWriter,
  source: SourceTable,
  index: number,
  figures: FiguresDecision | null,
): PreparedTable {
  const n = source.rows.length;
  const keys = new PackedStringsBuilder(n);
  const subjects = new PackedStringsBuilder(n);
  const occurrences = new Int32Array(n);
  const hashes = new Float64Array(n);
  const lines = new Int32Array(n);
  const form = model.formByCode.get(source.form);
  const siteSlot = form === model.siteForm ? standardIndex(form, form.siteIndex!) : -1;
  const siteIds: (string | null)[] | null = siteSlot === -1 ? null : [];
  const firstIssues: IssueWithArgs[] = [];
  let issueCount = 0;
  let pos = 0;
  const writer = form === undefined ? undefined : stage.table(index, form);
  const { unknownColumns, numberDates, figuresOrder } = standardiseRows(
    model,
    source,
    (record) => {
      writer!.add(record);
      keys.add(record.recordKey);
      subjects.add(record.subjectId);
      occurrences[pos] = record.occurrence;
      hashes[pos] = record.hash;
      lines[pos] = record.line;
      if (siteIds !== null) {
        const site = record.values[siteSlot];
        siteIds.push(typeof site === 'string' ? site : null);
      }
      pos++;
    },
    (issue) => {
      writer!.addIssue(issue);
      if (issueCount++ < REPORT_LIST_LIMIT) firstIssues.push(issue);
    },
    figures,
  );
  writer!.end();
  const { rows: _rows, header: _header, headerLine: _headerLine, ...identity } = source;
  return {
    source: identity,
    index,
    count: n,
    keys: keys.build(),
    subjects: subjects.build(),
    occurrences,
    hashes,
    lines,
    siteIds,
    unknownColumns,
    numberDates,
    figuresOrder,
    issueCount,
    firstIssues,
  };
}

/** Unknown columns once per form and column, naming the file (or sheet) they were found in. */
function unknownColumnsOf(tables: readonly PreparedTable[]): PreparedSiteExport['unknownColumns'] {
  const unknownColumns: PreparedSiteExport['unknownColumns'] = [];
  const seen = new Set<string>();
  for (const t of tables) {
    for (const column of t.unknownColumns) {
      const key = `${t.source.form}.${column.toUpperCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      unknownColumns.push({
        form: t.source.form,
        column,
        file: t.source.sheet ? `${t.source.path} [${t.source.sheet}]` : t.source.path,
      });
    }
  }
  return unknownColumns;
}

/** Lets go of what a prepared export holds outside memory (its stage file). */
export function releasePrepared(prepared: Pick<PreparedSiteExport, 'stageFile'>): void {
  removeStageFile(prepared.stageFile);
}
