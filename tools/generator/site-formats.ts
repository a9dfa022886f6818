import { hashText, hashUnit, mixHash, type Random } from './random';

/**
 * How each site writes its exports (site-exports.md): container, encoding, delimiter, line ends,
 * file names, header case, date and code spellings, units, missing markers. Chosen once per site;
 * the first eight sites cover every container/encoding/delimiter combination, so that even a small
 * study exercises them all.
 */

export interface SiteFormat {
  container: 'csv' | 'xlsx';
  /** utf16le: Excel's "Unicode Text" (유니코드 텍스트), UTF-16 LE with a byte order mark, tab-separated. */
  encoding?: 'utf8' | 'utf8-bom' | 'cp949' | 'utf16le';
  delimiter?: ',' | '\t';
  extension?: '.csv' | '.tsv' | '.txt';
  eol?: '\r\n' | '\n';
  /**
   * The site mails each export as one zip, as Korean Windows writes it (names in CP949): its folder
   * of CSV files, under a Korean name, or its workbook.
   */
  zipped?: true;
}

export type DateStyle = 'iso' | 'dot' | 'slash' | 'compact' | 'dmy' | 'dmyCompact' | 'korean' | 'isoTime';
export type PartialDateStyle = 'iso' | 'unk' | 'dot' | 'un';

export interface SiteStyle {
  siteId: string;
  hash: number;
  format: SiteFormat;
  /** Index into file-names.ts patterns. */
  fileNaming: number;
  headerCase: 'upper' | 'lower' | 'title';
  headerPadding: boolean;
  shuffleColumns: boolean;
  extraColumn: { name: string; values: readonly string[] } | null;
  /** Optional columns the site's EDC does not export (always empty in its data). */
  omitColumns: ReadonlySet<string>;
  dates: {
    primary: DateStyle;
    secondary: DateStyle;
    mix: number;
    partial: PartialDateStyle;
    monthCase: 'upper' | 'title';
  };
  missing: { preferred: string; others: readonly string[]; mix: number };
  yesNo: readonly [string, string];
  /** Share of code values written as a synonym of the canonical code. */
  codeSynonyms: number;
  codeCase: 'asis' | 'lower' | 'title';
  /** Share of lab results written in an alternative unit or unit spelling. */
  unitVariants: number;
  thousandsSeparator: boolean;
  trailingZeros: boolean;
  /** Share of text values written with surrounding spaces. */
  textPadding: number;
  quoteAll: boolean;
  /** xlsx: share of date columns stored as real Excel dates, and of number columns as numbers (the rest is text). */
  xlsx: {
    realDates: number;
    typedNumbers: number;
    sheetCase: 'upper' | 'lower' | 'mixed';
    /** The workbook counts dates in Excel's 1904 date system (real dates and bare serials alike). */
    date1904: boolean;
  };
  /**
   * Share of date cells that lost their date format in Excel (site-exports.md, Values): in xlsx a
   * bare General number (a serial day, a yyyymmdd number, or a year for a year-only date); in CSV,
   * saved from such a sheet, the serial day as text.
   */
  bareDates: number;
  /** How the site's Korean long dates (style korean) name the weekday: Excel's `yyyy년 m월 d일 dddd` or `(ddd)`. */
  koreanWeekday: 'none' | 'long' | 'short';
  /** CSV: share of date cells typed with full-width digits and signs (an input method left in full-width mode). */
  fullWidthDates: number;
  /** Share of the dates of style dmy in English Excel's long format instead: `Monday, March 5, 2018`. */
  englishLongDates: number;
  /**
   * The site's full dates (its primary style) in figures, day and month before the year, as a
   * laptop set to another locale writes them: `05/03/2018` (day first, en-GB) or `3/5/2018` (month
   * first, en-US). Most such dates can be read either way; the file's others tell which.
   */
  figureDates: 'none' | 'dayFirst' | 'monthFirst';
  /**
   * CSV written by the hospital's own script over a data frame (pandas), not by the EDC: integers
   * of columns that may be blank written as decimals (`3.0`, as a column of integers with blanks is
   * a column of floats), checkbox columns as `True` and `False`.
   */
  scripted: boolean;
  /**
   * Lab units as the hospital's laboratory system prints them: the unit symbols of Korean fonts
   * (`㎕`, `㎗`, `㎎`) and exponents as superscripts (`×10⁹/L`, `/mm³`).
   */
  labSymbols: boolean;
}

const BASE_FORMATS: readonly SiteFormat[] = [
  { container: 'csv', encoding: 'utf8', delimiter: ',', extension: '.csv', eol: '\n' },
  { container: 'xlsx' },
  { container: 'csv', encoding: 'cp949', delimiter: ',', extension: '.csv', eol: '\r\n' },
  { container: 'csv', encoding: 'utf8-bom', delimiter: ',', extension: '.csv', eol: '\r\n' },
  { container: 'csv', encoding: 'utf8', delimiter: '\t', extension: '.tsv', eol: '\n' },
  { container: 'xlsx' },
  { container: 'csv', encoding: 'cp949', delimiter: '\t', extension: '.txt', eol: '\r\n' },
  { container: 'csv', encoding: 'utf8-bom', delimiter: ',', extension: '.txt', eol: '\n' },
  { container: 'csv', encoding: 'utf16le', delimiter: '\t', extension: '.txt', eol: '\r\n' },
];

/** The first xlsx sites (indexes 1 and 5) store most columns typed, some as text. */
const XLSX_TYPING: Record<number, readonly [number, number]> = { 1: [0.8, 0.8], 5: [0.5, 0.6] };

/**
 * Date cells that lost their format: the first xlsx sites (1900 and 1904 date systems) and one CSV
 * site saved from such a sheet always have some, so that even a small study holds them; the other
 * sites by chance. Chosen from the site's own hash, so the rest of a site's style stays as it was.
 */
const BARE_DATES: Record<number, { share: number; date1904: boolean }> = {
  1: { share: 0.08, date1904: false },
  3: { share: 0.05, date1904: false },
  5: { share: 0.12, date1904: true },
};

/**
 * Other ways a site writes its dates: the first Korean-style site (index 2) names weekdays, the
 * first dmy-style site (index 4) writes some as English long dates and the first CSV site types a
 * few in full width, so that even a small study holds them; the other sites by chance. From the
 * site's own hash, like the bare dates.
 */
function typedDatesOf(
  siteHash: number,
  index: number,
  container: SiteFormat['container'],
): Pick<SiteStyle, 'koreanWeekday' | 'fullWidthDates' | 'englishLongDates'> {
  const u = hashUnit(mixHash(siteHash, 0x7eed));
  const koreanWeekday = index === 2 ? 'long' : u < 0.3 ? 'long' : u < 0.5 ? 'short' : 'none';
  const englishLongDates = index === 4 ? 0.3 : hashUnit(mixHash(siteHash, 0xe1d)) < 0.25 ? 0.3 : 0;
  if (container !== 'csv') return { koreanWeekday, fullWidthDates: 0, englishLongDates };
  const share = index === 0 ? 0.03 : hashUnit(mixHash(siteHash, 0xff10)) < 0.15 ? 0.02 : 0;
  return { koreanWeekday, fullWidthDates: share, englishLongDates };
}

/** The site of index 4 writes its CSV by script; other CSV sites by chance. */
function scriptedOf(siteHash: number, index: number, container: SiteFormat['container']): boolean {
  if (container !== 'csv') return false;
  return index === 4 || (index >= BASE_FORMATS.length && hashUnit(mixHash(siteHash, 0x9d)) < 0.15);
}

const SCRIPTED_YES_NO = ['True', 'False'] as const;

/** The sites of index 9 and 10 mail their exports zipped; a fifth of the later ones by chance. */
function zippedOf(siteHash: number, index: number): boolean {
  const first = BASE_FORMATS.length;
  return (
    index === first || index === first + 1 || (index > first + 1 && hashUnit(mixHash(siteHash, 0x21b)) < 0.2)
  );
}

/** The site of index 2 prints lab units with Korean unit symbols; a fifth of the others by chance. */
function labSymbolsOf(siteHash: number, index: number): boolean {
  return index === 2 || (index >= BASE_FORMATS.length && hashUnit(mixHash(siteHash, 0x3395)) < 0.2);
}

/** The sites of index 6 and 7 write their dates in figures (day first, month first); the others by chance. */
function figureDatesOf(siteHash: number, index: number): SiteStyle['figureDates'] {
  if (index === 6) return 'dayFirst';
  if (index === 7) return 'monthFirst';
  const u = hashUnit(mixHash(siteHash, 0xf16));
  return u < 0.06 ? 'dayFirst' : u < 0.1 ? 'monthFirst' : 'none';
}

function bareDatesOf(
  siteHash: number,
  index: number,
  container: SiteFormat['container'],
): { share: number; date1904: boolean } {
  const fixed = BARE_DATES[index];
  if (fixed) return fixed;
  if (index < BASE_FORMATS.length) return { share: 0, date1904: false };
  const u = hashUnit(mixHash(siteHash, 0xba4e));
  const share =
    container === 'xlsx' ? (u < 0.5 ? [0.02, 0.1, 0.3][Math.floor(u * 6)]! : 0) : u < 0.2 ? 0.05 : 0;
  return { share, date1904: container === 'xlsx' && hashUnit(mixHash(siteHash, 0x1904)) < 0.25 };
}

/** Every style of date a site may write (the tests read each one back). */
export const DATE_STYLES: readonly DateStyle[] = [
  'iso',
  'dot',
  'slash',
  'compact',
  'dmy',
  'dmyCompact',
  'korean',
  'isoTime',
];
const MISSING = ['', 'NA', 'N/A', 'ND', '.', 'UNK'];
const YES_NO: readonly (readonly [string, string])[] = [
  ['Y', 'N'],
  ['YES', 'NO'],
  ['1', '0'],
  ['예', '아니오'],
  ['y', 'n'],
  ['Yes', 'No'],
];
const EXTRA_COLUMNS = [
  { name: 'CRF_VERSION', values: ['v1.0', 'v2.1', 'v2.2'] },
  { name: '입력자', values: ['김간호사', 'CRC 이OO', '박연구원'] },
  { name: '비고', values: ['', '', '확인 완료', 'SDV'] },
  { name: 'DATA_STATUS', values: ['입력 완료', 'SDV 완료', '검토 중'] },
];

function randomFormat(random: Random): SiteFormat {
  if (random.chance(0.3)) return { container: 'xlsx' };
  const delimiter = random.chance(0.75) ? ',' : '\t';
  return {
    container: 'csv',
    encoding: random.weighted([
      ['utf8', 4],
      ['utf8-bom', 3],
      ['cp949', 3],
    ] as const),
    delimiter,
    extension:
      delimiter === ',' ? (random.chance(0.85) ? '.csv' : '.txt') : random.chance(0.6) ? '.tsv' : '.txt',
    eol: random.chance(0.6) ? '\r\n' : '\n',
  };
}

export function chooseSiteStyle(random: Random, siteId: string, index: number, seed: number): SiteStyle {
  const format: SiteFormat = index < BASE_FORMATS.length ? { ...BASE_FORMATS[index]! } : randomFormat(random);
  const primary =
    index < DATE_STYLES.length ? DATE_STYLES[(index * 3) % DATE_STYLES.length]! : random.pick(DATE_STYLES);
  const preferred = random.weighted([
    ['', 6],
    ['NA', 1],
    ['N/A', 1],
    ['ND', 1],
    ['.', 1],
    ['UNK', 1],
  ] as const);
  const hash = hashText(`site:${siteId}`, seed);
  if (zippedOf(hash, index)) format.zipped = true;
  const bare = bareDatesOf(hash, index, format.container);
  const scripted = scriptedOf(hash, index, format.container);
  return {
    siteId,
    hash,
    format,
    fileNaming: random.int(0, 5),
    headerCase: random.weighted([
      ['upper', 6],
      ['lower', 2],
      ['title', 2],
    ] as const),
    headerPadding: random.chance(0.3),
    shuffleColumns: random.chance(0.6),
    extraColumn: random.chance(0.35) ? random.pick(EXTRA_COLUMNS) : null,
    omitColumns: new Set(random.chance(0.25) ? ['AESCONG', 'AESDISAB'] : []),
    dates: {
      primary,
      secondary: random.pick(DATE_STYLES),
      mix: random.chance(0.4) ? 0.05 + random.next() * 0.15 : 0,
      partial: random.pick(['iso', 'unk', 'dot', 'un'] as const),
      monthCase: random.chance(0.5) ? 'upper' : 'title',
    },
    missing: { preferred, others: MISSING.filter((m) => m !== preferred), mix: random.chance(0.3) ? 0.1 : 0 },
    yesNo: ((pair) => (scripted ? SCRIPTED_YES_NO : pair))(random.pick(YES_NO)),
    codeSynonyms: random.pick([0, 0.05, 0.2, 0.5]),
    codeCase: random.weighted([
      ['asis', 6],
      ['lower', 2],
      ['title', 2],
    ] as const),
    unitVariants: random.pick([0, 0.1, 0.5, 0.9]),
    thousandsSeparator: random.chance(0.3),
    trailingZeros: random.chance(0.4),
    textPadding: random.chance(0.3) ? 0.05 : 0,
    quoteAll: random.chance(0.15),
    xlsx: {
      realDates: XLSX_TYPING[index]?.[0] ?? random.pick([1, 0.7, 0.4, 0]),
      typedNumbers: XLSX_TYPING[index]?.[1] ?? random.pick([1, 0.7, 0.4, 0]),
      sheetCase: random.pick(['upper', 'lower', 'mixed'] as const),
      date1904: bare.date1904,
    },
    bareDates: bare.share,
    ...typedDatesOf(hash, index, format.container),
    figureDates: figureDatesOf(hash, index),
    scripted,
    labSymbols: labSymbolsOf(hash, index),
  };
}
