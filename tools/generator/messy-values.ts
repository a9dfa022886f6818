import iconv from 'iconv-lite';
import { DATE1904_OFFSET, EXCEL_EPOCH_OFFSET, isoToDay } from './calendar';
import {
  labUnitConverter,
  type ColumnModel,
  type FormModel,
  type LabTestModel,
  type StudyModel,
} from '../../electron/core/study/study-model';
import { hashPick, hashText, hashUnit, mixHash } from './random';
import type { DateStyle, PartialDateStyle, SiteStyle } from './site-formats';
import type { TruthRow, TruthValue } from './subject-records';

/**
 * Writes one standardised record the way a site writes it: the meaning stays, the spelling varies
 * (site-exports.md: dates, missing markers, Y/N, code synonyms, units, number formats, padding).
 * Every choice is a hash of the site, the record key and the column, so a record is written the
 * same way in every delivery and only real changes show up on re-import. Returns the cells and
 * the standardised values the importer must produce from them (lab results converted from the
 * number actually written, with labUnitConverter).
 */

/** A cell: text (CSV and xlsx), or for xlsx a number or a real date; null is an empty cell. */
export type SheetCell = string | number | { serial: number; numFmt: string } | null;

export interface FormattedRow {
  cells: SheetCell[];
  expected: TruthValue[];
}

const ENGLISH_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const MONTHS = ENGLISH_MONTHS.map((m) => m.slice(0, 3).toUpperCase());
const EXCEL_DATE_FORMATS = ['yyyy-mm-dd', 'yyyy-mm-dd', 'yyyy/mm/dd', 'yyyy\\.mm\\.dd', 'dd-mmm-yyyy'];
const ASCII = /^[\x20-\x7e]*$/;

function monthName(month: number, titleCase: boolean): string {
  const name = MONTHS[month - 1]!;
  return titleCase ? name[0] + name.slice(1).toLowerCase() : name;
}

export function formatFullDate(iso: string, style: DateStyle, titleMonth = false): string {
  const y = iso.slice(0, 4);
  const m = iso.slice(5, 7);
  const d = iso.slice(8, 10);
  switch (style) {
    case 'iso':
      return iso;
    case 'dot':
      return `${y}.${m}.${d}`;
    case 'slash':
      return `${y}/${m}/${d}`;
    case 'compact':
      return `${y}${m}${d}`;
    case 'dmy':
      return `${d}-${monthName(Number(m), titleMonth)}-${y}`;
    case 'dmyCompact':
      return `${d}${monthName(Number(m), titleMonth)}${y}`;
    case 'korean':
      return `${y}. ${Number(m)}. ${Number(d)}.`;
    case 'isoTime':
      return `${iso} 00:00:00`;
  }
}

/** A full date in figures, day and month before the year: `05/03/2018` (en-GB) or `3/5/2018` (en-US). */
export function formatFiguresDate(iso: string, order: 'dayFirst' | 'monthFirst'): string {
  const [y, m, d] = iso.split('-');
  return order === 'dayFirst' ? `${d}/${m}/${y}` : `${Number(m)}/${Number(d)}/${y}`;
}

export function formatPartialDate(iso: string, style: PartialDateStyle): string {
  const y = iso.slice(0, 4);
  const m = iso.length >= 7 ? iso.slice(5, 7) : null;
  switch (style) {
    case 'iso':
      return iso;
    case 'unk':
      return m ? `UNK-${MONTHS[Number(m) - 1]}-${y}` : `UNK-UNK-${y}`;
    case 'dot':
      return m ? `${y}.${m}.UK` : `${y}.UK.UK`;
    case 'un':
      return m ? `UN-${m}-${y}` : y;
  }
}

const KOREAN_WEEKDAYS = '일월화수목금토';

/** `2018. 3. 5.` as Korean Excel's long date formats name its weekday: `... 월요일` or `... (월)`. */
export function withKoreanWeekday(text: string, iso: string, form: 'long' | 'short'): string {
  const weekday = KOREAN_WEEKDAYS[new Date(`${iso}T00:00:00Z`).getUTCDay()]!;
  return form === 'long' ? `${text} ${weekday}요일` : `${text} (${weekday})`;
}

const ENGLISH_WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** A full date as English Excel's long format writes it (`dddd, mmmm d, yyyy`): `Monday, March 5, 2018`. */
export function englishLongDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return `${ENGLISH_WEEKDAYS[date.getUTCDay()]}, ${ENGLISH_MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** ASCII letters, digits and signs as their full-width forms, spaces as the ideographic space. */
export function fullWidth(text: string): string {
  return text.replace(/[\x20-\x7e]/g, (c) =>
    c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0),
  );
}

function applyCase(text: string, mode: SiteStyle['codeCase']): string {
  if (mode === 'asis' || !ASCII.test(text)) return text;
  if (mode === 'lower') return text.toLowerCase();
  return text
    .toLowerCase()
    .replace(/(^|[\s/])([a-z])/g, (_, sep: string, c: string) => sep + c.toUpperCase());
}

function withThousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const cp949Cache = new Map<string, boolean>();
function encodableInCp949(text: string): boolean {
  if (ASCII.test(text)) return true;
  let ok = cp949Cache.get(text);
  if (ok === undefined) {
    ok = iconv.decode(iconv.encode(text, 'cp949'), 'cp949') === text;
    cp949Cache.set(text, ok);
  }
  return ok;
}

interface UnitChoice {
  spelling: string;
  factor: number;
  toStandard: (value: number) => number;
}

export class RowFormatter {
  private readonly xlsx: boolean;
  private readonly cp949: boolean;
  private readonly spellingCache = new Map<string, Map<string, string[]>>();
  private readonly typedColumns = new Map<string, boolean>();
  private readonly unitChoices = new Map<string, UnitChoice[]>();
  private readonly resultIndex: number;
  private readonly unitIndex: number;
  private readonly testIndex: number;
  private readonly excelDateFormat: string;

  constructor(
    private readonly style: SiteStyle,
    private readonly model: StudyModel,
    private readonly form: FormModel,
  ) {
    this.xlsx = style.format.container === 'xlsx';
    this.cp949 = style.format.encoding === 'cp949';
    this.excelDateFormat = hashPick(style.hash, EXCEL_DATE_FORMATS);
    this.resultIndex = form.lab ? form.columnByName.get(form.lab.result)!.index : -1;
    this.unitIndex = form.lab ? form.columnByName.get(form.lab.unit)!.index : -1;
    this.testIndex = form.lab ? form.columnByName.get(form.lab.test)!.index : -1;
    for (const test of model.labTests.values()) this.unitChoices.set(test.code, this.unitsOf(test));
  }

  private usable(text: string): boolean {
    return !this.cp949 || encodableInCp949(text);
  }

  private unitsOf(test: LabTestModel): UnitChoice[] {
    const choices: UnitChoice[] = [];
    for (const unit of test.units) {
      const factor = unit.divideBy ?? (unit.multiplyBy !== undefined ? 1 / unit.multiplyBy : 1);
      for (const spelling of [unit.unit, ...unit.synonyms]) {
        if (this.usable(spelling)) choices.push({ spelling, factor, toStandard: labUnitConverter(unit) });
      }
    }
    return choices;
  }

  private spellingsOf(column: ColumnModel, code: string): string[] {
    let byCode = this.spellingCache.get(column.codeList!);
    if (!byCode) this.spellingCache.set(column.codeList!, (byCode = new Map()));
    let spellings = byCode.get(code);
    if (!spellings) {
      const value = this.model.definition.codeLists[column.codeList!]!.values.find((v) => v.code === code);
      spellings = [code, ...(value?.synonyms ?? [])].filter((s) => this.usable(s));
      byCode.set(code, spellings);
    }
    return spellings;
  }

  private missing(h: number): SheetCell {
    const { preferred, others, mix } = this.style.missing;
    const marker = hashUnit(mixHash(h, 1)) < mix ? hashPick(mixHash(h, 2), others) : preferred;
    return this.xlsx && marker === '' ? null : marker;
  }

  /** The workbook's serial day of a full date (1900 or 1904 date system). */
  private serial(iso: string): number {
    const serial1900 = isoToDay(iso) + EXCEL_EPOCH_OFFSET;
    return this.xlsx && this.style.xlsx.date1904 ? serial1900 - DATE1904_OFFSET : serial1900;
  }

  /**
   * A date cell that lost its format in Excel, or never had one: a bare number. A year-only date is the year typed in;
   * a full date is mostly the serial day, sometimes a yyyymmdd number; CSV (saved from such a sheet)
   * holds the serial as text. Undefined when the cell keeps its site's usual spelling.
   */
  private bareDate(iso: string, h: number): SheetCell | undefined {
    // A year typed into an Excel cell is a number, unless the site spells it otherwise (UNK-UNK-2015).
    const typesPlainYears = this.style.dates.partial === 'iso' || this.style.dates.partial === 'un';
    if (iso.length === 4 && this.xlsx && typesPlainYears) return Number(iso);
    if (hashUnit(mixHash(h, 14)) >= this.style.bareDates) return undefined;
    if (iso.length === 4) return this.xlsx ? Number(iso) : undefined;
    if (iso.length < 10) return undefined;
    if (!this.xlsx) return String(this.serial(iso));
    return hashUnit(mixHash(h, 15)) < 0.2 ? Number(iso.replace(/-/g, '')) : this.serial(iso);
  }

  private date(column: ColumnModel, iso: string, h: number): SheetCell {
    const d = this.style.dates;
    const bare = this.bareDate(iso, h);
    if (bare !== undefined) return bare;
    if (iso.length < 10) return formatPartialDate(iso, d.partial);
    if (this.xlsx && this.typed(column, this.style.xlsx.realDates)) {
      return { serial: this.serial(iso), numFmt: this.excelDateFormat };
    }
    const secondary = hashUnit(mixHash(h, 4)) < d.mix;
    const dateStyle = secondary ? d.secondary : d.primary;
    if (!secondary && this.style.figureDates !== 'none')
      return formatFiguresDate(iso, this.style.figureDates);
    let text = formatFullDate(iso, dateStyle, d.monthCase === 'title');
    if (dateStyle === 'korean' && this.style.koreanWeekday !== 'none')
      text = withKoreanWeekday(text, iso, this.style.koreanWeekday);
    else if (dateStyle === 'dmy' && hashUnit(mixHash(h, 17)) < this.style.englishLongDates)
      text = englishLongDate(iso);
    return hashUnit(mixHash(h, 16)) < this.style.fullWidthDates ? fullWidth(text) : text;
  }

  /** xlsx: whether the site's Excel stores this column typed (a date or number) rather than as text. */
  private typed(column: ColumnModel, share: number): boolean {
    let typed = this.typedColumns.get(column.name);
    if (typed === undefined) {
      typed = hashUnit(hashText(`${this.form.code}.${column.name}`, this.style.hash)) < share;
      this.typedColumns.set(column.name, typed);
    }
    return typed;
  }

  private number(column: ColumnModel, n: number, text: string): SheetCell {
    return this.xlsx && this.typed(column, this.style.xlsx.typedNumbers) ? n : text;
  }

  private code(column: ColumnModel, value: string | number, h: number): SheetCell {
    const canonical = String(value);
    const spellings = this.spellingsOf(column, canonical);
    const synonym = spellings.length > 1 && hashUnit(mixHash(h, 6)) < this.style.codeSynonyms;
    const spelling = synonym
      ? spellings[1 + Math.floor(hashUnit(mixHash(h, 7)) * (spellings.length - 1))]!
      : canonical;
    if (typeof value === 'number' && spelling === canonical) return this.number(column, value, canonical);
    return applyCase(spelling, this.style.codeCase);
  }

  private yesNo(column: ColumnModel, value: string): SheetCell {
    const [yes, no] = this.style.yesNo;
    const text = value === 'Y' ? yes : no;
    if (this.xlsx && (text === '1' || text === '0')) return this.number(column, Number(text), text);
    return text;
  }

  /** A unit as a Korean laboratory system prints it (`/㎕`, `g/㎗`, `×10⁹/L`), where the file's encoding can hold it. */
  private printedUnit(spelling: string): string {
    const printed = spelling
      .replace(/^x?10\^9\/L$/, '×10⁹/L')
      .replace(/^x?10\^3\/uL$/, '×10³/㎕')
      .replace(/[uµ]L$/, '㎕')
      .replace(/dL$/, '㎗')
      .replace(/^mg\//, '㎎/')
      .replace(/mm3$/, 'mm³');
    return this.usable(printed) ? printed : spelling;
  }

  private text(column: ColumnModel, value: string, h: number): string {
    if (!this.usable(value))
      throw new Error(`generator: ${column.name} value ${JSON.stringify(value)} cannot be written in CP949`);
    const keyColumn = this.form.key.includes(column.name) || column.name === this.form.siteColumn;
    return !keyColumn && hashUnit(mixHash(h, 8)) < this.style.textPadding ? ` ${value} ` : value;
  }

  /** Lab result and unit: the number is written in the chosen unit, the expected value converted back. */
  private labResult(row: TruthRow, h: number, cells: SheetCell[], expected: TruthValue[]): void {
    const test = this.model.labTests.get(String(row.values[this.form.lab!.test]))!;
    const value = row.values[this.form.lab!.result];
    if (test.kind === 'coded') {
      const list = this.model.definition.codeLists[test.codeList!]!.values.find((v) => v.code === value)!;
      const spellings = [list.code, ...list.synonyms].filter((s) => this.usable(s));
      const synonym = hashUnit(mixHash(h, 9)) < this.style.codeSynonyms;
      cells[this.resultIndex] = synonym ? hashPick(mixHash(h, 10), spellings) : list.code;
      cells[this.unitIndex] = this.missing(mixHash(h, 11));
      expected[this.resultIndex] = list.code;
      expected[this.unitIndex] = null;
      return;
    }
    const choices = this.unitChoices.get(test.code)!;
    const variant = hashUnit(mixHash(h, 12)) < this.style.unitVariants;
    const unit = variant ? hashPick(mixHash(h, 13), choices) : choices[0]!;
    const decimals = Math.max(0, (row.decimals ?? 2) - Math.floor(Math.log10(unit.factor) + 1e-9));
    const written = Number(((value as number) * unit.factor).toFixed(decimals));
    let text: string;
    if (this.style.thousandsSeparator && written >= 1000 && Number.isInteger(written))
      text = withThousands(written);
    else text = this.style.trailingZeros ? written.toFixed(decimals) : String(written);
    cells[this.resultIndex] = this.number(this.form.columns[this.resultIndex]!, written, text);
    cells[this.unitIndex] = this.style.labSymbols ? this.printedUnit(unit.spelling) : unit.spelling;
    expected[this.resultIndex] = unit.toStandard(Number(text.replace(/,/g, '')));
    expected[this.unitIndex] = test.standardUnit ?? null;
  }

  format(row: TruthRow): FormattedRow {
    const h = hashText(`${row.form}|${row.key}`, this.style.hash);
    const columns = this.form.columns;
    const cells: SheetCell[] = new Array(columns.length);
    const expected: TruthValue[] = new Array(columns.length);
    for (const column of columns) {
      const i = column.index;
      if (i === this.resultIndex || i === this.unitIndex) continue;
      const ch = mixHash(h, i);
      const value = row.values[column.name] ?? null;
      if (this.style.omitColumns.has(column.name)) {
        cells[i] = null;
        expected[i] = null;
        continue;
      }
      expected[i] = value;
      if (value === null) {
        cells[i] = this.missing(ch);
        continue;
      }
      switch (column.type) {
        case 'date':
          cells[i] = this.date(column, String(value), ch);
          break;
        case 'yesno':
          cells[i] = this.yesNo(column, String(value));
          break;
        case 'code':
          cells[i] = this.code(column, value, ch);
          break;
        case 'integer':
          if (this.style.scripted && !this.form.key.includes(column.name)) cells[i] = `${value}.0`;
          else
            cells[i] = column.codes
              ? this.code(column, value, ch)
              : this.number(column, Number(value), String(value));
          break;
        case 'number': {
          const n = Number(value);
          const text = this.style.trailingZeros && Number.isInteger(n) ? n.toFixed(1) : String(n);
          cells[i] = this.number(column, n, text);
          break;
        }
        default:
          cells[i] = this.text(column, String(value), ch);
      }
    }
    if (this.form.lab) this.labResult(row, mixHash(h, this.testIndex + 100), cells, expected);
    if (row.written) this.writeAsGiven(row.written, cells, expected);
    return { cells, expected };
  }

  /** Cells written as given text (planted errors), whatever the site's usual spelling. */
  private writeAsGiven(
    written: NonNullable<TruthRow['written']>,
    cells: SheetCell[],
    expected: TruthValue[],
  ): void {
    for (const [name, cell] of Object.entries(written)) {
      const column = this.form.columnByName.get(name);
      if (!column) throw new Error(`generator: ${this.form.code} has no column ${name}`);
      if (!this.usable(cell.text))
        throw new Error(`generator: ${JSON.stringify(cell.text)} cannot be written in CP949`);
      cells[column.index] = this.xlsx && cell.text === '' ? null : cell.text;
      expected[column.index] = cell.value;
    }
  }
}
