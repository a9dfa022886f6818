import type { ExcelValue } from './excel-value';
import {
  normaliseToken,
  normaliseUnit,
  type ColumnModel,
  type LabTestModel,
  type StudyModel,
} from '../study/study-model';
import {
  bareNumber,
  excelSerialToDate,
  numberToDate,
  parseDate,
  type FiguresOrder,
  type NumberDateKind,
  type ParsedDate,
} from './dates';
import type { MessageArgs } from '../../../shared/messages/render-message';
import { englishText } from '../study/message-text';

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
  /** What is wrong, as a message of the check (shared phrases such as invalidDate), for any language. */
  args: MessageArgs;
  /** The same in English, for the import's warnings. */
  message: string;
}

export interface StandardisedCell {
  value: StandardValue;
  /** Dates: first and last day the value may stand for. */
  lo?: number | null;
  hi?: number | null;
  issue?: ValueIssue;
  /** Dates: read from a bare number (site-exports.md), and how. */
  fromNumber?: NumberDateKind;
  /** Dates with day and month in figures that can be read one way only (`25/03/2018`): which way. */
  order?: FiguresOrder;
  /**
   * Dates with day and month in figures that can be read either way (`05/03/2018`): the cell read
   * each way, for a file whose other dates say which way it writes them (standardise-table.ts).
   */
  readings?: Record<FiguresOrder, StandardisedCell>;
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t);
  if (THOUSANDS.test(t)) return Number(t.replace(/,/g, ''));
  return undefined;
}

const isSpace = (code: number) =>
  code === 32 || code === 9 || code === 10 || code === 13 || code === 0xa0 || code === 0x3000;

/** Missing markers are a few characters long: longer text without surrounding spaces is never one (most values). */
export function isMissing(model: StudyModel, raw: string): boolean {
  if (raw.length === 0) return true;
  if (
    raw.length > model.longestMissingMarker &&
    !isSpace(raw.charCodeAt(0)) &&
    !isSpace(raw.charCodeAt(raw.length - 1))
  )
    return false;
  return model.missingMarkers.has(normaliseToken(raw));
}

/**
 * Site exports repeat the same few spellings (Y, N, POMALIDOMIDE, a date) thousands of times:
 * each column remembers what its recent raw values standardised to, across tables and imports.
 * Results are never mutated.
 */
const MEMO_LIMIT = 20_000;
/** Text cells by raw text; Excel-typed cells (keyed by their value's text) apart, as they may read differently. */
const textMemos = new WeakMap<ColumnModel, Map<string, StandardisedCell>>();
const excelMemos = new WeakMap<ColumnModel, Map<string, StandardisedCell>>();

function memoOf(
  memos: WeakMap<ColumnModel, Map<string, StandardisedCell>>,
  column: ColumnModel,
): Map<string, StandardisedCell> {
  let memo = memos.get(column);
  if (memo === undefined) memos.set(column, (memo = new Map()));
  return memo;
}

function remember(
  memo: Map<string, StandardisedCell>,
  raw: string,
  cell: StandardisedCell,
): StandardisedCell {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(raw, cell);
  return cell;
}

const MISSING: StandardisedCell = { value: null };
const MISSING_DATE: StandardisedCell = { value: null, lo: null, hi: null };

/** A raw value as a message quotes it: long values are cut. */
function shown(raw: string): string {
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

function valueIssue(
  model: StudyModel,
  kind: ValueIssue['kind'],
  check: string,
  args: MessageArgs,
): ValueIssue {
  return { kind, check, args, message: englishText(model, check, args) };
}

/**
 * A date as the site wrote it: a real Excel date; a bare Excel number (a column that lost its date
 * format); or text in one of the spec's formats, else a bare number saved as text from such a sheet.
 */
function readDate(raw: string, excel: ExcelValue | undefined): { date: ParsedDate; kind?: NumberDateKind } {
  if (excel?.kind === 'date') return { date: excelSerialToDate(excel.serial) };
  if (excel?.kind === 'number') return numberToDate(excel.value, excel.date1904);
  const date = parseDate(raw);
  if (date.kind === 'date') return { date };
  const n = bareNumber(raw);
  return n === undefined ? { date } : numberToDate(n);
}

function standardiseDate(
  model: StudyModel,
  column: ColumnModel,
  raw: string,
  excel: ExcelValue | undefined,
): StandardisedCell {
  const { date: parsed, kind } = readDate(raw, excel);
  if (parsed.kind === 'date') {
    const cell: StandardisedCell = { value: parsed.iso, lo: parsed.lo, hi: parsed.hi };
    if (kind !== undefined) cell.fromNumber = kind;
    if (parsed.order !== undefined) cell.order = parsed.order;
    return cell;
  }
  const cell: StandardisedCell = {
    value: null,
    lo: null,
    hi: null,
    issue: valueIssue(model, 'invalid_date', 'DATA-01', {
      key: 'invalidDate',
      values: { column: column.name, raw: shown(raw), reason: parsed.reason },
    }),
  };
  if (parsed.readings) {
    const { dayFirst, monthFirst } = parsed.readings;
    cell.readings = {
      dayFirst: { value: dayFirst.iso, lo: dayFirst.lo, hi: dayFirst.hi },
      monthFirst: { value: monthFirst.iso, lo: monthFirst.lo, hi: monthFirst.hi },
    };
  }
  return cell;
}

/** An integer code written as a decimal (`3.0`: a spreadsheet or pandas wrote a whole number so) is that integer. */
function integerCode(column: ColumnModel, raw: string): string | undefined {
  if (column.type !== 'integer') return undefined;
  const n = parseNumber(raw);
  return n !== undefined && Number.isInteger(n) ? column.codes?.get(String(n)) : undefined;
}

function standardiseCode(model: StudyModel, column: ColumnModel, raw: string): StandardisedCell {
  const code = column.codes?.get(normaliseToken(raw)) ?? integerCode(column, raw);
  if (code === undefined) {
    return {
      value: null,
      issue: valueIssue(model, 'not_in_code_list', column.unknownCodeCheck, {
        key: 'notInCodeList',
        values: { column: column.name, raw: shown(raw) },
      }),
    };
  }
  if (column.type === 'integer') return { value: Number(code) };
  return { value: code };
}

function standardiseNumber(
  model: StudyModel,
  column: ColumnModel,
  raw: string,
  excel: ExcelValue | undefined,
): StandardisedCell {
  const n = excel?.kind === 'number' ? excel.value : parseNumber(raw);
  const wrong = (kind: 'not_a_number' | 'not_an_integer', key: string): StandardisedCell => ({
    value: null,
    issue: valueIssue(model, kind, 'DATA-05', { key, values: { column: column.name, raw: shown(raw) } }),
  });
  if (n === undefined || !Number.isFinite(n)) return wrong('not_a_number', 'notANumber');
  if (column.type === 'integer' && !Number.isInteger(n)) return wrong('not_an_integer', 'notAnInteger');
  return { value: n };
}

/** Standardises a value written as text (no Excel type), once a memo has missed. */
function standardiseText(model: StudyModel, column: ColumnModel, raw: string): StandardisedCell {
  if (isMissing(model, raw)) return column.type === 'date' ? MISSING_DATE : MISSING;
  switch (column.type) {
    case 'date':
      return standardiseDate(model, column, raw, undefined);
    case 'yesno':
      return standardiseYesNo(model, column, raw, raw);
    case 'code':
      return standardiseCode(model, column, raw);
    case 'integer':
      return column.codes
        ? standardiseCode(model, column, raw)
        : standardiseNumber(model, column, raw, undefined);
    case 'number':
      return standardiseNumber(model, column, raw, undefined);
    case 'text':
    case 'labresult':
    case 'labunit':
      return { value: raw.trim() };
  }
}

function standardiseYesNo(
  model: StudyModel,
  column: ColumnModel,
  text: string,
  raw: string,
): StandardisedCell {
  const yn = model.yesNo.get(normaliseToken(text));
  if (yn) return { value: yn };
  return {
    value: null,
    issue: valueIssue(model, 'not_yes_no', 'DATA-05', {
      key: 'notYesNo',
      values: { column: column.name, raw: shown(raw) },
    }),
  };
}

/** A value Excel typed (a number or a date): dates and numbers are read from the type, codes from its text. */
function standardiseExcel(
  model: StudyModel,
  column: ColumnModel,
  memo: Map<string, StandardisedCell>,
  raw: string,
  excel: ExcelValue,
): StandardisedCell {
  const text = excel.kind === 'number' ? String(excel.value) : raw;
  const memoised = (compute: () => StandardisedCell) => memo.get(text) ?? remember(memo, text, compute());
  switch (column.type) {
    case 'date':
      return standardiseDate(model, column, raw, excel);
    case 'yesno':
      return memoised(() => standardiseYesNo(model, column, text, raw));
    case 'code':
      return memoised(() => standardiseCode(model, column, text));
    case 'integer':
      return column.codes
        ? memoised(() => standardiseCode(model, column, text))
        : standardiseNumber(model, column, raw, excel);
    case 'number':
      return standardiseNumber(model, column, raw, excel);
    case 'text':
    case 'labresult':
    case 'labunit':
      return memo.get(raw) ?? remember(memo, raw, { value: raw.trim() });
  }
}

/** Standardises the cells of one column that do not depend on other cells of their row. */
export type ColumnStandardiser = (raw: string, excel: ExcelValue | undefined) => StandardisedCell;

export function columnStandardiser(model: StudyModel, column: ColumnModel): ColumnStandardiser {
  const memo = memoOf(textMemos, column);
  const excelMemo = memoOf(excelMemos, column);
  return (raw, excel) => {
    if (excel !== undefined) return standardiseExcel(model, column, excelMemo, raw, excel);
    return memo.get(raw) ?? remember(memo, raw, standardiseText(model, column, raw));
  };
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
  if (excelResult === undefined && isMissing(model, rawResult))
    return { result: MISSING, unit: unitMissing ? MISSING : noUnit };
  // Unknown test: LBTESTCD reports it; the result is kept raw only.
  if (test === undefined) return { result: { value: null }, unit: noUnit };
  const issue = (
    kind: ValueIssue['kind'],
    key: string,
    values: MessageArgs['values'] = { test: test.code, raw: shown(rawResult) },
  ): { result: StandardisedCell; unit: StandardisedCell } => ({
    result: { value: null, issue: valueIssue(model, kind, 'DATA-07', { key, values }) },
    unit: noUnit,
  });
  if (test.kind === 'coded') {
    const code = test.codes?.get(normaliseToken(rawResult));
    if (code === undefined) {
      return {
        result: {
          value: null,
          // edit-checks.md: SIFE/UIFE results outside their code list are DATA-05's, like any coded value.
          issue: valueIssue(model, 'not_in_code_list', 'DATA-05', {
            key: 'resultNotInCodeList',
            values: { test: test.code, raw: shown(rawResult) },
          }),
        },
        unit: noUnit,
      };
    }
    return { result: { value: code }, unit: noUnit };
  }
  const n = excelResult?.kind === 'number' ? excelResult.value : parseNumber(rawResult);
  if (n === undefined || !Number.isFinite(n)) return issue('lab_not_a_number', 'labNotANumber');
  if (n < 0) return issue('lab_negative', 'labNegative');
  if (unitMissing) return issue('lab_unit_missing', 'labNoUnit');
  const unit = test.unitsByName.get(normaliseUnit(rawUnit));
  if (unit === undefined) {
    return issue('lab_unit_not_accepted', 'labUnitNotAccepted', {
      test: test.code,
      unit: shown(rawUnit),
      accepted: test.units.map((u) => u.unit),
    });
  }
  return { result: { value: unit.toStandard(n) }, unit: { value: test.standardUnit ?? null } };
}

export interface LabCells {
  result: StandardisedCell;
  unit: StandardisedCell;
}

/** Lab results read as text, remembered by test, unit and result (LB is most of an export's rows). */
export type LabResultStandardiser = (
  test: LabTestModel | undefined,
  rawResult: string,
  rawUnit: string,
  excelResult: ExcelValue | undefined,
) => LabCells;

export function labResultStandardiser(model: StudyModel): LabResultStandardiser {
  const byTest = new Map<LabTestModel | undefined, Map<string, Map<string, LabCells>>>();
  let remembered = 0;
  return (test, rawResult, rawUnit, excelResult) => {
    if (excelResult !== undefined) return standardiseLabResult(model, test, rawResult, rawUnit, excelResult);
    if (remembered >= MEMO_LIMIT) {
      byTest.clear();
      remembered = 0;
    }
    let byUnit = byTest.get(test);
    if (byUnit === undefined) byTest.set(test, (byUnit = new Map()));
    let byResult = byUnit.get(rawUnit);
    if (byResult === undefined) byUnit.set(rawUnit, (byResult = new Map()));
    let cells = byResult.get(rawResult);
    if (cells === undefined) {
      cells = standardiseLabResult(model, test, rawResult, rawUnit, undefined);
      byResult.set(rawResult, cells);
      remembered++;
    }
    return cells;
  };
}
