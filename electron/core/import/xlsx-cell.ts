import * as XLSX from 'xlsx';
import { DATE1904_OFFSET } from '../standardise/dates';
import type { ExcelValue } from './source-table';
import { cellString, corruptWorkbook, type XlsxWorkbook } from './xlsx-workbook';

/**
 * One cell of a sheet as Excel displays it: the text its number format makes, the number or date
 * behind it, and whether a formula made it.
 */
/** A stored cell of a sheet as the import reads it. */
export interface SheetCell {
  /** Column index. */
  c: number;
  /** What Excel displays ('' for nothing). */
  text: string;
  /** Numbers and dates, typed. */
  excel: ExcelValue | undefined;
  formula: boolean;
  /** A text cell (shared, inline or a formula's text result). */
  isText: boolean;
  /** A formula no program calculated (written without a value, as some libraries do). */
  uncalculated?: true;
}

/** A <c> element as written: its type (t), style (s), value (<v>) and whether it has a formula. */
export interface RawCell {
  type: string;
  style: number;
  value: string | undefined;
  formula: boolean;
}

const isDateFormats = new Map<string, boolean>();

function isDateFormat(format: string): boolean {
  if (format === 'General') return false;
  let isDate = isDateFormats.get(format);
  if (isDate === undefined) {
    isDate = XLSX.SSF.is_date(format) as boolean;
    isDateFormats.set(format, isDate);
  }
  return isDate;
}

/**
 * A cell's value as Excel displays it (its number format applied, SheetJS's SSF formatting the
 * number), typed where it is a number or a date. Built-in format 14 (m/d/yy) follows the system
 * locale: Korean Windows shows it as yyyy-mm-dd. Undefined for cells that hold nothing.
 */
export function cellFormatter(workbook: XlsxWorkbook) {
  const { date1904, sharedStrings, formatOfStyle } = workbook;
  const options = { date1904 };
  // A sheet repeats the same few dates and numbers: each format remembers what it made of them.
  const made = new Map<string, Map<number | string | boolean, string | undefined>>();
  const format = (code: string, value: number | string | boolean): string | undefined => {
    let byValue = made.get(code);
    if (byValue === undefined) made.set(code, (byValue = new Map()));
    else if (byValue.has(value)) return byValue.get(value);
    let text: string | undefined;
    try {
      text = XLSX.SSF.format(code, value, options) as string;
    } catch {
      text = undefined;
    }
    if (byValue.size < 10_000) byValue.set(value, text);
    return text;
  };
  return (cell: RawCell, c: number, inline: string | undefined): SheetCell | undefined => {
    const code = cell.style >= 0 ? (formatOfStyle[cell.style] ?? 'General') : 'General';
    const { value, formula } = cell;
    if (formula && (value === undefined || (value === '' && cell.type !== 'str')))
      return { c, text: '', excel: undefined, formula, isText: false, uncalculated: true };
    switch (cell.type) {
      case 's': {
        if (value === undefined) return undefined;
        const text = sharedStrings[Number.parseInt(value, 10)];
        if (text === undefined) throw corruptWorkbook(workbook.file, `shared string ${value} does not exist`);
        return textCell(c, code, text, formula);
      }
      case 'str':
        return textCell(c, code, value === undefined ? '' : cellString(value), formula);
      case 'inlineStr':
        return textCell(c, code, inline === undefined ? '' : cellString(inline), formula);
      case 'b': {
        const bool = value === '1' || value === 'true';
        return { c, text: format(code, bool) ?? String(bool), excel: undefined, formula, isText: false };
      }
      case 'e':
        return { c, text: value ?? '', excel: undefined, formula, isText: false };
      case 'd': {
        if (value === undefined) return undefined;
        const ms = Date.parse(value.length <= 10 ? `${value}T00:00:00Z` : value);
        if (Number.isNaN(ms)) return { c, text: value, excel: undefined, formula, isText: false };
        return numberCell(c, ms / 86_400_000 + 25_569 - (date1904 ? DATE1904_OFFSET : 0), code, formula);
      }
      default: {
        if (value === undefined || value === '') return undefined;
        return numberCell(c, Number.parseFloat(value), code, formula);
      }
    }
  };

  function textCell(c: number, code: string, text: string, formula: boolean): SheetCell {
    const shown = code === 'General' ? text : (format(code, text) ?? text);
    return { c, text: shown, excel: undefined, formula, isText: true };
  }

  function numberCell(c: number, n: number, code: string, formula: boolean): SheetCell {
    let text: string | undefined;
    if (code === 'm/d/yy') text = format('yyyy-mm-dd', n);
    else if (code === 'General') text = (n | 0) === n ? n.toString(10) : format('General', n);
    else text = format(code, n);
    const excel: ExcelValue | undefined = !Number.isFinite(n)
      ? undefined
      : isDateFormat(code)
        ? { kind: 'date', serial: date1904 ? n + DATE1904_OFFSET : n }
        : date1904
          ? { kind: 'number', value: n, date1904: true }
          : { kind: 'number', value: n };
    return { c, text: text ?? String(n), excel, formula, isText: false };
  }
}
