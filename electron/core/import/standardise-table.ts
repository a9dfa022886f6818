import type { IssueWithArgs } from '../common/issue-with-args';
import type { NumberDates } from '../../../shared/api/imports';
import { badInput, placeFacts } from '../common/errors';
import {
  columnStandardiser,
  isMissing,
  labResultStandardiser,
  type StandardValue,
  type StandardisedCell,
  type ValueIssue,
} from '../standardise/standardise-value';
import { normaliseToken, type FormModel, type StudyModel } from '../study/study-model';
import {
  addEvidence,
  exportDecision,
  figuresEvidenceOf,
  fileDecision,
  NO_FIGURES,
  type FiguresDecision,
  type FiguresEvidence,
} from './figures-order';
import { recordHash } from './record-hash';
import { HEADER_SEARCH_ROWS } from './title-line';
import type { ExcelValue, SourceTable } from './source-table';

/** One record as the database will hold it: standardised values beside the raw text. */
export interface StandardRecord {
  line: number;
  subjectId: string;
  recordKey: string;
  occurrence: number;
  /** In the order of standardColumnNames(form): each column, dates followed by their lo and hi days. */
  values: StandardValue[];
  hash: number;
  /** JSON object column -> ValueIssue, or null. */
  issues: string | null;
  /** JSON array of the raw text of each form column (null where the file has no such column). */
  raw: string;
  /** JSON array of [column, raw] pairs for columns the study does not know, or null. */
  extra: string | null;
}

/** Dates of a file whose day and month could be either way round, read as its (or its export's) other dates show. */
export interface FiguresOrderNote extends FiguresDecision {
  /** How many were read so. */
  read: number;
}

export interface StandardTable {
  source: SourceTable;
  form: FormModel;
  records: StandardRecord[];
  unknownColumns: string[];
  issues: IssueWithArgs[];
  /** Date cells read from a bare number. */
  numberDates: NumberDates;
  figuresOrder: FiguresOrderNote | undefined;
}

interface ColumnMapping {
  /** Form column index -> index of the file's column, or -1. */
  fileIndexOfColumn: number[];
  unknown: { name: string; fileIndex: number }[];
}

function where(source: SourceTable): string {
  return source.sheet === null ? source.path : `${source.path}, sheet ${source.sheet}`;
}

function mapHeader(form: FormModel, source: SourceTable): ColumnMapping {
  const fileIndexOfColumn = form.columns.map(() => -1);
  const unknown: ColumnMapping['unknown'] = [];
  source.header.forEach((name, fileIndex) => {
    const column = form.columnByName.get(normaliseToken(name));
    if (column === undefined) {
      if (name.trim() !== '') unknown.push({ name: name.trim(), fileIndex });
      return;
    }
    if (fileIndexOfColumn[column.index] !== -1) {
      throw badInput(`${where(source)}: column ${column.name} appears twice in the header`, {
        kind: 'FILE_UNREADABLE',
        facts: placeFacts({
          file: source.path,
          sheet: source.sheet,
          line: source.headerLine,
          column: column.name,
        }),
      });
    }
    fileIndexOfColumn[column.index] = fileIndex;
  });
  const missing = form.columns
    .filter((c) => c.required && fileIndexOfColumn[c.index] === -1)
    .map((c) => c.name);
  if (missing.length > 0) {
    const list = missing.join(', ');
    const unit = source.sheet === null ? 'line' : 'row';
    const below = headerBelow(form, source);
    const title =
      below === undefined
        ? ''
        : `: the column names are on ${unit} ${below}, not the first; delete the ${unit}s above them`;
    throw badInput(
      `${where(source)}: required column${missing.length > 1 ? 's' : ''} ${list} missing (form ${form.code})${title}`,
      below === undefined
        ? {
            kind: 'COLUMN_MISSING',
            facts: {
              ...placeFacts({ file: source.path, sheet: source.sheet, column: list }),
              form: form.code,
            },
          }
        : {
            kind: 'HEADER_NOT_FIRST',
            facts: {
              ...placeFacts({ file: source.path, sheet: source.sheet, line: below }),
              form: form.code,
            },
          },
    );
  }
  return { fileIndexOfColumn, unknown };
}

/** The line of the first rows that names every required column of the form, if the header does not (a title above it). */
function headerBelow(form: FormModel, source: SourceTable): number | undefined {
  const required = form.columns.filter((c) => c.required).map((c) => c.name);
  for (const row of source.rows.slice(0, HEADER_SEARCH_ROWS)) {
    const names = new Set(row.cells.map(normaliseToken));
    if (required.every((name) => names.has(name))) return row.line;
  }
  return undefined;
}

/** The cell of a form column the file does not have. */
const ABSENT: StandardisedCell = { value: null, lo: null, hi: null };

/**
 * Standardises one table row by row. Per row it allocates only what the record keeps (its values,
 * its JSON texts, its key): the raw and standardised cells of the row being read are reused.
 */
function rowStandardiser(
  model: StudyModel,
  form: FormModel,
  source: SourceTable,
  onIssue: (issue: IssueWithArgs) => void,
  numberDates: NumberDates,
  figures: FiguresDecision | null,
) {
  const { fileIndexOfColumn, unknown } = mapHeader(form, source);
  const columns = form.columns;
  const width = columns.length;
  const standardisers = columns.map((column) => columnStandardiser(model, column));
  const isDate = columns.map((column) => column.type === 'date');
  const slots = isDate.reduce((n, date) => n + (date ? 3 : 1), 0);
  const lab = form.lab
    ? {
        test: form.columnByName.get(form.lab.test)!.index,
        result: form.columnByName.get(form.lab.result)!.index,
        unit: form.columnByName.get(form.lab.unit)!.index,
        standardise: labResultStandardiser(model),
      }
    : undefined;
  // Keys seen, and how often those seen more than once (duplicates are rare): one hash lookup a
  // record in the common case, which costs more than anything else done per record here.
  const keysSeen = new Set<string>();
  const repeats = new Map<string, number>();
  // Where the key holds the subject, keys are kept by subject: records come grouped by subject, and
  // the current subject's small set is cheaper to look up than one set of every key of the file.
  const bySubject = form.keyIndexes.includes(form.subjectIndex) ? new Map<string, Set<string>>() : undefined;
  let currentSubject: string | undefined;
  let currentKeys = keysSeen;
  // Reused from row to row. Packed arrays (filled, never holey): JSON.stringify reads them a third
  // faster. Texts are made by JSON.stringify and join, which give flat strings: concatenation would
  // keep a tree of pieces alive with each record, for the garbage collector to copy.
  const raws: (string | null)[] = columns.map(() => null);
  const cells: StandardisedCell[] = columns.map(() => ABSENT);
  const keyParts: string[] = form.keyIndexes.map(() => '');
  const extraPairs: [string, string][] = unknown.map((u) => [u.name, '']);
  let readInOrder = 0;
  const inOrder = (cell: StandardisedCell): StandardisedCell => {
    if (figures === null) return cell;
    readInOrder++;
    return cell.readings![figures.order];
  };

  function record(
    line: number,
    rowCells: readonly string[],
    excel: readonly (ExcelValue | undefined)[] | undefined,
  ): StandardRecord {
    for (let c = 0; c < width; c++) {
      const fileIndex = fileIndexOfColumn[c]!;
      if (fileIndex === -1) {
        raws[c] = null;
        cells[c] = ABSENT;
        continue;
      }
      const raw = rowCells[fileIndex] ?? '';
      raws[c] = raw;
      const cell = standardisers[c]!(raw, excel === undefined ? undefined : excel[fileIndex]);
      cells[c] = cell.readings === undefined ? cell : inOrder(cell);
    }
    if (lab) {
      const testCode = cells[lab.test]!.value;
      const test = typeof testCode === 'string' ? model.labTests.get(testCode) : undefined;
      const resultIndex = fileIndexOfColumn[lab.result]!;
      const resultExcel = resultIndex === -1 || excel === undefined ? undefined : excel[resultIndex];
      const { result, unit } = lab.standardise(
        test,
        raws[lab.result] ?? '',
        raws[lab.unit] ?? '',
        resultExcel,
      );
      cells[lab.result] = result;
      cells[lab.unit] = unit;
    }

    const values = new Array<StandardValue>(slots);
    let unreadableRaw: string[] | undefined;
    let recordIssues: Record<string, ValueIssue> | undefined;
    for (let c = 0, slot = 0; c < width; c++) {
      const cell = cells[c]!;
      values[slot++] = cell.value;
      if (isDate[c]) {
        values[slot++] = cell.lo ?? null;
        values[slot++] = cell.hi ?? null;
        if (cell.fromNumber !== undefined) numberDates[cell.fromNumber]++;
      }
      const raw = raws[c];
      if (cell.value === null && raw != null && !isMissing(model, raw))
        (unreadableRaw ??= []).push(`${columns[c]!.name}=${raw}`);
      if (cell.issue) {
        (recordIssues ??= {})[columns[c]!.name] = cell.issue;
        onIssue({
          level: 'warning',
          code: cell.issue.check,
          file: source.path,
          sheet: source.sheet,
          form: form.code,
          line,
          column: columns[c]!.name,
          message: cell.issue.message,
          args: cell.issue.args,
        });
      }
    }
    for (let k = 0; k < keyParts.length; k++) keyParts[k] = keyText(form.keyIndexes[k]!);
    const recordKey = keyParts.length === 1 ? keyParts[0]! : keyParts.join('|');
    const subjectId = keyText(form.subjectIndex);
    if (bySubject !== undefined && subjectId !== currentSubject) {
      currentSubject = subjectId;
      const keys = bySubject.get(subjectId);
      if (keys === undefined) bySubject.set(subjectId, (currentKeys = new Set()));
      else currentKeys = keys;
    }
    const seen = currentKeys.size;
    let occurrence = 1;
    if (currentKeys.add(recordKey).size === seen) {
      occurrence = (repeats.get(recordKey) ?? 1) + 1;
      repeats.set(recordKey, occurrence);
    }
    let extra: string | null = null;
    if (unknown.length > 0) {
      for (let u = 0; u < unknown.length; u++) extraPairs[u]![1] = rowCells[unknown[u]!.fileIndex] ?? '';
      extra = JSON.stringify(extraPairs);
    }
    return {
      line,
      subjectId,
      recordKey,
      occurrence,
      values,
      hash: recordHash(values, unreadableRaw),
      issues: recordIssues ? JSON.stringify(recordIssues) : null,
      raw: JSON.stringify(raws),
      extra,
    };
  }

  /** A key column as the record key holds it: its standardised value, else its raw text trimmed. */
  function keyText(c: number): string {
    const value = cells[c]!.value;
    return value === null ? (raws[c] ?? '').trim() : String(value);
  }

  /** Dates read the way round the file's (or the export's) other dates show, if any were. */
  const figuresOrder = (): FiguresOrderNote | undefined =>
    figures !== null && readInOrder > 0 ? { ...figures, read: readInOrder } : undefined;

  return { record, unknownColumns: unknown.map((u) => u.name), figuresOrder };
}

/**
 * Standardises a source table record by record, handing each record and each value problem over
 * as it is made (nothing is kept here). Returns the form, the columns it does not know and the
 * date cells read from a bare number.
 */
export function standardiseRows(
  model: StudyModel,
  source: SourceTable,
  onRecord: (record: StandardRecord) => void,
  onIssue: (issue: IssueWithArgs) => void,
  /** How dates whose day and month could be either way round are read (figures-order.ts). */
  figures: FiguresDecision | null = null,
): {
  form: FormModel;
  unknownColumns: string[];
  numberDates: NumberDates;
  figuresOrder: FiguresOrderNote | undefined;
} {
  const form = model.formByCode.get(source.form);
  if (form === undefined) throw badInput(`${where(source)}: ${source.form} is not a form of this study`);
  const numberDates: NumberDates = { serial: 0, year: 0, yyyymmdd: 0 };
  const standardiser = rowStandardiser(model, form, source, onIssue, numberDates, figures);
  for (const row of source.rows) onRecord(standardiser.record(row.line, row.cells, row.excel));
  return {
    form,
    unknownColumns: standardiser.unknownColumns,
    numberDates,
    figuresOrder: standardiser.figuresOrder(),
  };
}

/** The dates in figures of a source table (figures-order.ts); none for a form the study lacks. */
export function figuresEvidence(model: StudyModel, source: SourceTable): FiguresEvidence {
  const form = model.formByCode.get(source.form);
  if (form === undefined) return NO_FIGURES;
  const { fileIndexOfColumn } = mapHeader(form, source);
  const columns = form.columns.flatMap((column, c) =>
    column.type === 'date' && fileIndexOfColumn[c] !== -1
      ? [{ fileIndex: fileIndexOfColumn[c]!, standardise: columnStandardiser(model, column) }]
      : [],
  );
  return figuresEvidenceOf(source.rows, columns);
}

/** The source tables of one export standardised in memory (tests and small callers). */
export function standardiseTables(model: StudyModel, sources: readonly SourceTable[]): StandardTable[] {
  const evidence = sources.map((source) => figuresEvidence(model, source));
  const total = { ...NO_FIGURES };
  for (const e of evidence) addEvidence(total, e);
  return sources.map((source, i) => {
    const own = fileDecision(evidence[i]!);
    return standardiseTable(model, source, own === 'export' ? exportDecision(total) : own);
  });
}

export function standardiseTable(
  model: StudyModel,
  source: SourceTable,
  figures: FiguresDecision | null = null,
): StandardTable {
  const records: StandardRecord[] = [];
  const issues: IssueWithArgs[] = [];
  const { form, unknownColumns, numberDates, figuresOrder } = standardiseRows(
    model,
    source,
    (r) => records.push(r),
    (i) => issues.push(i),
    figures,
  );
  return { source, form, records, unknownColumns, issues, numberDates, figuresOrder };
}
