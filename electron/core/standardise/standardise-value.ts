import type { ExcelValue } from '../import/source-table';
import { normaliseToken, normaliseUnit, type ColumnModel, type LabTestModel, type StudyModel } from '../study/study-model';
import { excelSerialToDate, parseDate } from './dates';

export type StandardValue = string | number | null;

/** Why a value could not be standardised, and the check that reports it. */
export interface ValueIssue {
  kind:
    | 'invalid_date'
    | 'not_in_code_list'
    | 'not_yes_no'
    | 'not_a_number'
    | 'not_an_integer'
    | 'lab_not_a_number'
    | 'lab_unit_missing'
    | 'lab_unit_not_accepted'
    | 'lab_negative';
  check: string;
  message: string;
}

export interface StandardisedCell {
  value: StandardValue;
  /** Dates: first and last day the value may stand for. */
  lo?: number | null;
  hi?: number | null;
  issue?: ValueIssue;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (THOUSANDS.test(t)) return Number(t.replace(/,/g, ''));
  return undefined;
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000;

/** Missing markers are a few characters long: longer text without surrounding spaces is never one (most values). */
export function isMissing(model: StudyModel, raw: string): boolean {
  if (raw.length === 0) return true;
  if (raw.length > model.longestMissingMarker && !isSpace(raw.charCodeAt(0)) && !isSpace(raw.charCodeAt(raw.length - 1))) return false;
  return model.missingMarkers.has(normaliseToken(raw));
}

/**
 * Site exports repeat the same few spellings (Y, N, POMALIDOMIDE, a date) thousands of times:
 * each column remembers what its recent raw values standardised to. Results are never mutated.
 */
const MEMO_LIMIT = 20_000;
const memos = new WeakMap<ColumnModel, Map<string, StandardisedCell>>();

function memoised(column: ColumnModel, raw: string, compute: () => StandardisedCell): StandardisedCell {
  let memo = memos.get(column);
  if (memo === undefined) memos.set(column, (memo = new Map()));
  let cell = memo.get(raw);
  if (cell === undefined) {
    cell = compute();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(raw, cell);
  }
  return cell;
}

const MISSING: StandardisedCell = { value: null };
const MISSING_DATE: StandardisedCell = { value: null, lo: null, hi: null };

function quote(raw: string): string {
  return JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);
}

function standardiseDate(column: ColumnModel, raw: string, excel: ExcelValue | undefined): StandardisedCell {
  const parsed = excel?.kind === 'date' ? excelSerialToDate(excel.serial) : parseDate(raw);
  if (parsed.kind === 'date') return { value: parsed.iso, lo: parsed.lo, hi: parsed.hi };
  return {
    value: null,
    lo: null,
    hi: null,
    issue: { kind: 'invalid_date', check: 'DATA-01', message: `${column.name} ${quote(raw)} is not a valid date (${parsed.reason})` },
  };
}

function standardiseCode(column: ColumnModel, raw: string): StandardisedCell {
  const code = column.codes?.get(normaliseToken(raw));
  if (code === undefined) {
    return {
      value: null,
      issue: {
        kind: 'not_in_code_list',
        check: column.unknownCodeCheck,
        message: `${column.name} ${quote(raw)} is not an allowed value`,
      },
    };
  }
  if (column.type === 'integer') return { value: Number(code) };
  return { value: code };
}

function standardiseNumber(column: ColumnModel, raw: string, excel: ExcelValue | undefined): StandardisedCell {
  const n = excel?.kind === 'number' ? excel.value : parseNumber(raw);
  if (n === undefined || !Number.isFinite(n)) {
    return { value: null, issue: { kind: 'not_a_number', check: 'DATA-05', message: `${column.name} ${quote(raw)} is not a number` } };
  }
  if (column.type === 'integer' && !Number.isInteger(n)) {
    return {
      value: null,
      issue: { kind: 'not_an_integer', check: 'DATA-05', message: `${column.name} ${quote(raw)} is not a whole number` },
    };
  }
  return { value: n };
}

/** Standardises one cell of a column that does not depend on other cells of its row. */
export function standardiseCell(model: StudyModel, column: ColumnModel, raw: string, excel?: ExcelValue): StandardisedCell {
  if (excel === undefined && isMissing(model, raw)) return column.type === 'date' ? MISSING_DATE : MISSING;
  switch (column.type) {
    case 'date':
      return excel ? standardiseDate(column, raw, excel) : memoised(column, raw, () => standardiseDate(column, raw, undefined));
    case 'yesno': {
      const text = excel?.kind === 'number' ? String(excel.value) : raw;
      return memoised(column, text, () => {
        const yn = model.yesNo.get(normaliseToken(text));
        if (yn) return { value: yn };
        return { value: null, issue: { kind: 'not_yes_no', check: 'DATA-05', message: `${column.name} ${quote(raw)} is not Y or N` } };
      });
    }
    case 'code': {
      const text = excel?.kind === 'number' ? String(excel.value) : raw;
      return memoised(column, text, () => standardiseCode(column, text));
    }
    case 'integer':
      if (column.codes) {
        const text = excel?.kind === 'number' ? String(excel.value) : raw;
        return memoised(column, text, () => standardiseCode(column, text));
      }
      return excel ? standardiseNumber(column, raw, excel) : memoised(column, raw, () => standardiseNumber(column, raw, undefined));
    case 'number':
      return excel ? standardiseNumber(column, raw, excel) : memoised(column, raw, () => standardiseNumber(column, raw, undefined));
    case 'text':
    case 'labresult':
    case 'labunit':
      return memoised(column, raw, () => ({ value: raw.trim() }));
  }
}

/**
 * A lab result is read with its test and unit: numeric tests convert to the test's first unit,
 * coded tests (immunofixation) take the code list. Returns the result and the unit.
 */
export function standardiseLabResult(
  model: StudyModel,
  test: LabTestModel | undefined,
  rawResult: string,
  rawUnit: string,
  excelResult: ExcelValue | undefined,
): { result: StandardisedCell; unit: StandardisedCell } {
  const unitMissing = isMissing(model, rawUnit);
  const noUnit: StandardisedCell = { value: null };
  if (excelResult === undefined && isMissing(model, rawResult)) return { result: MISSING, unit: unitMissing ? MISSING : noUnit };
  // Unknown test: LBTESTCD reports it; the result is kept raw only.
  if (test === undefined) return { result: { value: null }, unit: noUnit };
  const issue = (kind: ValueIssue['kind'], message: string): { result: StandardisedCell; unit: StandardisedCell } => ({
    result: { value: null, issue: { kind, check: 'DATA-07', message } },
    unit: noUnit,
  });
  if (test.kind === 'coded') {
    const code = test.codes?.get(normaliseToken(rawResult));
    if (code === undefined) {
      return {
        result: {
          value: null,
          issue: { kind: 'not_in_code_list', check: 'DATA-07', message: `${test.code} result ${quote(rawResult)} is not an allowed value` },
        },
        unit: noUnit,
      };
    }
    return { result: { value: code }, unit: noUnit };
  }
  const n = excelResult?.kind === 'number' ? excelResult.value : parseNumber(rawResult);
  if (n === undefined || !Number.isFinite(n)) {
    return issue('lab_not_a_number', `${test.code} result ${quote(rawResult)} is not a number`);
  }
  if (n < 0) return issue('lab_negative', `${test.code} result ${quote(rawResult)} is negative`);
  if (unitMissing) return issue('lab_unit_missing', `${test.code} result ${quote(rawResult)} has no unit`);
  const unit = test.unitsByName.get(normaliseUnit(rawUnit));
  if (unit === undefined) {
    const accepted = test.units.map((u) => u.unit).join(', ');
    return issue('lab_unit_not_accepted', `${test.code} unit ${quote(rawUnit)} is not accepted (${accepted})`);
  }
  return { result: { value: unit.toStandard(n) }, unit: { value: test.standardUnit ?? null } };
}
