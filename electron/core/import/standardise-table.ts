import type { ImportIssue } from '../../../shared/api/imports';
import { badInput } from '../errors';
import {
  isMissing,
  standardiseCell,
  standardiseLabResult,
  type StandardValue,
  type StandardisedCell,
  type ValueIssue,
} from '../standardise/standardise-value';
import { normaliseToken, type FormModel, type StudyModel } from '../study/study-model';
import { recordHash } from './record-hash';
import type { SourceTable } from './source-table';

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

export interface StandardTable {
  source: SourceTable;
  form: FormModel;
  records: StandardRecord[];
  unknownColumns: string[];
  issues: ImportIssue[];
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
      throw badInput(`${where(source)}: column ${column.name} appears twice in the header`);
    }
    fileIndexOfColumn[column.index] = fileIndex;
  });
  const missing = form.columns.filter((c) => c.required && fileIndexOfColumn[c.index] === -1).map((c) => c.name);
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw badInput(`${where(source)}: required column${missing.length > 1 ? 's' : ''} ${list} missing (form ${form.code})`);
  }
  return { fileIndexOfColumn, unknown };
}

export function standardiseTable(model: StudyModel, source: SourceTable): StandardTable {
  const form = model.formByCode.get(source.form);
  if (form === undefined) throw badInput(`${where(source)}: ${source.form} is not a form of this study`);
  const { fileIndexOfColumn, unknown } = mapHeader(form, source);
  const columns = form.columns;
  const lab = form.lab
    ? {
        test: form.columnByName.get(form.lab.test)!.index,
        result: form.columnByName.get(form.lab.result)!.index,
        unit: form.columnByName.get(form.lab.unit)!.index,
      }
    : undefined;
  const occurrences = new Map<string, number>();
  const issues: ImportIssue[] = [];
  const records: StandardRecord[] = [];
  const cells: StandardisedCell[] = new Array(columns.length);
  const raws: (string | null)[] = new Array(columns.length);

  for (const row of source.rows) {
    for (let c = 0; c < columns.length; c++) {
      const fileIndex = fileIndexOfColumn[c]!;
      const raw = fileIndex === -1 ? null : (row.cells[fileIndex] ?? '');
      raws[c] = raw;
      const excel = fileIndex === -1 ? undefined : row.excel?.[fileIndex];
      cells[c] = raw === null ? { value: null, lo: null, hi: null } : standardiseCell(model, columns[c]!, raw, excel);
    }
    if (lab) {
      const testCode = cells[lab.test]!.value;
      const test = typeof testCode === 'string' ? model.labTests.get(testCode) : undefined;
      const rawResult = raws[lab.result] ?? '';
      const rawUnit = raws[lab.unit] ?? '';
      const resultExcel = fileIndexOfColumn[lab.result] === -1 ? undefined : row.excel?.[fileIndexOfColumn[lab.result]!];
      const { result, unit } = standardiseLabResult(model, test, rawResult, rawUnit, resultExcel);
      cells[lab.result] = result;
      cells[lab.unit] = unit;
    }

    const values: StandardValue[] = [];
    const unreadableRaw: string[] = [];
    let recordIssues: Record<string, ValueIssue> | null = null;
    for (let c = 0; c < columns.length; c++) {
      const cell = cells[c]!;
      values.push(cell.value);
      const raw = raws[c];
      if (cell.value === null && raw != null && !isMissing(model, raw)) unreadableRaw.push(`${columns[c]!.name}=${raw}`);
      if (columns[c]!.type === 'date') values.push(cell.lo ?? null, cell.hi ?? null);
      if (cell.issue) {
        recordIssues ??= {};
        recordIssues[columns[c]!.name] = cell.issue;
        issues.push({
          level: 'warning',
          code: cell.issue.check,
          file: source.path,
          sheet: source.sheet,
          form: form.code,
          line: row.line,
          column: columns[c]!.name,
          message: cell.issue.message,
        });
      }
    }
    const keyParts = form.keyIndexes.map((k) => {
      const v = cells[k]!.value;
      return v === null ? (raws[k] ?? '').trim() : String(v);
    });
    const recordKey = keyParts.join('|');
    const occurrence = (occurrences.get(recordKey) ?? 0) + 1;
    occurrences.set(recordKey, occurrence);
    const subject = cells[form.subjectIndex]!.value;
    const extra = unknown.length ? JSON.stringify(unknown.map((u) => [u.name, row.cells[u.fileIndex] ?? ''])) : null;
    records.push({
      line: row.line,
      subjectId: subject === null ? (raws[form.subjectIndex] ?? '').trim() : String(subject),
      recordKey,
      occurrence,
      values,
      hash: recordHash(values, unreadableRaw),
      issues: recordIssues ? JSON.stringify(recordIssues) : null,
      raw: JSON.stringify(raws),
      extra,
    });
  }
  return { source, form, records, unknownColumns: unknown.map((u) => u.name), issues };
}
