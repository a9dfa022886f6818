import { LANGUAGE_NAMES, type Language } from '../../../shared/messages/language';
import type { QueryListRow } from '../db/queries-repo';

/**
 * The layout of a query list, shared by its writers (xlsx, CSV) and the reader of answered lists.
 *
 * On the visible sheet (and at the top of a CSV): a block of label / value rows saying which study,
 * site and list the file belongs to and in which language its messages are, a line of
 * instructions, then the header row and one row a query. The labels, the instructions and the
 * headers are in English and Korean whatever the site's language (a list may be passed on); the
 * messages are in the site's language. An xlsx also holds the same facts on a hidden sheet, `cdm`,
 * as key / value rows.
 */

export const QUERY_LIST_FORMAT = 'cdm-query-list/1';
export const QUERY_SHEET = 'Queries';
export const META_SHEET = 'cdm';

export interface QueryListMeta {
  format: string;
  studyCode: string;
  studyName: string;
  siteId: string;
  listId: string;
  /** Local date the list was written (YYYY-MM-DD); writtenAt is the exact time (ISO 8601). */
  written: string;
  writtenAt: string;
  /** The site's latest export loaded when the list was written. */
  siteLatestExport: string | null;
  queries: number;
  /** The language of the messages (the site's). */
  language: Language;
}

/** A label in both languages, as the list writes it: `Site / 기관`. */
export interface TwoLanguageLabel {
  en: string;
  ko: string;
}
export const bothLanguages = (label: TwoLanguageLabel): string => `${label.en} / ${label.ko}`;

/**
 * The visible block: its labels, in order (a reader matches them ignoring case, spaces and
 * punctuation, in both languages or in English alone as lists written before said them).
 */
export const META_LABELS = {
  studyCode: { en: 'Study', ko: '연구' },
  siteId: { en: 'Site', ko: '기관' },
  listId: { en: 'Query list', ko: '질의 목록' },
  written: { en: 'Written', ko: '작성일' },
  siteLatestExport: { en: "Site's latest export", ko: '기관의 최근 자료 추출일' },
  language: { en: 'Language of the messages', ko: '질의 내용의 언어' },
} as const satisfies Partial<Record<keyof QueryListMeta, TwoLanguageLabel>>;

export const INSTRUCTIONS =
  'Write each answer in the Answer column only; the other cells are read-only. / 답변은 Answer 열에만 입력하십시오. 다른 칸은 수정할 수 없습니다.';

export const NO_EXPORT = '(none)';

/** Label / value rows (the study's name beside its code), then the instructions; the header row follows. */
export function metaBlock(meta: QueryListMeta): string[][] {
  const label = (key: keyof typeof META_LABELS) => bothLanguages(META_LABELS[key]);
  return [
    [label('studyCode'), meta.studyCode, meta.studyName],
    [label('siteId'), meta.siteId],
    [label('listId'), meta.listId],
    [label('written'), meta.written],
    [label('siteLatestExport'), meta.siteLatestExport ?? NO_EXPORT],
    [label('language'), meta.language, LANGUAGE_NAMES[meta.language]],
    [INSTRUCTIONS],
  ];
}

/** The hidden sheet: machine keys, one a row. */
export function metaPairs(meta: QueryListMeta): [keyof QueryListMeta, string][] {
  return [
    ['format', meta.format],
    ['studyCode', meta.studyCode],
    ['studyName', meta.studyName],
    ['siteId', meta.siteId],
    ['listId', meta.listId],
    ['written', meta.written],
    ['writtenAt', meta.writtenAt],
    ['siteLatestExport', meta.siteLatestExport ?? ''],
    ['queries', String(meta.queries)],
    ['language', meta.language],
  ];
}

/** One row of a list, as sent (its value as the site wrote it): a stored row without its number. */
export type QueryListLine = Omit<QueryListRow, 'rowNumber'>;

/** The columns: `header` in English (what messages about a column name), written with its Korean (`headerKo`). */
export const LIST_COLUMNS = [
  { key: 'queryId', header: 'Query ID', headerKo: '질의 ID', width: 20 },
  { key: 'subjectId', header: 'Subject', headerKo: '대상자', width: 12 },
  { key: 'form', header: 'Form', headerKo: '양식', width: 8 },
  { key: 'recordKey', header: 'Record', headerKo: '기록', width: 26 },
  { key: 'field', header: 'Field', headerKo: '항목', width: 11 },
  { key: 'value', header: 'Value', headerKo: '값', width: 24 },
  { key: 'message', header: 'Message', headerKo: '질의 내용', width: 64 },
  { key: 'dateSent', header: 'Date sent', headerKo: '발송일', width: 12 },
  { key: 'answer', header: 'Answer', headerKo: '답변', width: 48 },
] as const;

/** The header row as written: `Answer / 답변`. */
export const HEADER_CELLS = LIST_COLUMNS.map((c) => bothLanguages({ en: c.header, ko: c.headerKo }));

export type ListColumnKey = (typeof LIST_COLUMNS)[number]['key'];

/** The read-only columns an answered list is compared on (Date sent is informative only). */
export const COMPARED_COLUMNS = [
  'subjectId',
  'form',
  'recordKey',
  'field',
  'value',
  'message',
] as const satisfies readonly ListColumnKey[];

export function lineCells(line: QueryListLine): (string | null)[] {
  return [
    line.queryId,
    line.subjectId,
    line.form,
    line.recordKey,
    line.field,
    line.value,
    line.message,
    line.dateSent,
    null,
  ];
}

/** File names like queries_S01_2019-01-15_L0003.xlsx; a site ID is kept to safe characters. */
export function queryListFileName(
  siteId: string,
  written: string,
  listId: string,
  format: 'xlsx' | 'csv',
): string {
  const site = siteId.replace(/[^\p{L}\p{N}_-]+/gu, '_') || 'site';
  return `queries_${site}_${written}_${listId}.${format}`;
}

export function listIdOf(n: number): string {
  return `L${String(n).padStart(4, '0')}`;
}

/** The workstation's own calendar day of a moment (what a data manager calls "today"). */
export function localDate(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}
