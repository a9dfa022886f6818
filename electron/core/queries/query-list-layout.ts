/**
 * The layout of a query list, shared by its writers (xlsx, CSV) and the reader of answered lists.
 *
 * On the visible sheet (and at the top of a CSV): a block of label / value rows saying which study,
 * site and list the file belongs to, a line of instructions, then the header row and one row a
 * query. An xlsx also holds the same facts on a hidden sheet, `cdm`, as key / value rows.
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
}

/** The visible block: its labels, in order (a reader matches them ignoring case and spaces). */
export const META_LABELS = {
  studyCode: 'Study',
  siteId: 'Site',
  listId: 'Query list',
  written: 'Written',
  siteLatestExport: "Site's latest export",
} as const satisfies Partial<Record<keyof QueryListMeta, string>>;

export const INSTRUCTIONS =
  'Write each answer in the Answer column only; the other cells are read-only. / 답변은 Answer 열에만 입력하십시오. 다른 칸은 수정할 수 없습니다.';

export const NO_EXPORT = '(none)';

/** Label / value rows (the study's name beside its code), then the instructions; the header row follows. */
export function metaBlock(meta: QueryListMeta): string[][] {
  return [
    [META_LABELS.studyCode, meta.studyCode, meta.studyName],
    [META_LABELS.siteId, meta.siteId],
    [META_LABELS.listId, meta.listId],
    [META_LABELS.written, meta.written],
    [META_LABELS.siteLatestExport, meta.siteLatestExport ?? NO_EXPORT],
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
  ];
}

/** One row of a list, as sent. */
export interface QueryListLine {
  queryId: string;
  subjectId: string;
  form: string;
  recordKey: string;
  field: string;
  /** As the site wrote it. */
  value: string | null;
  message: string;
  dateSent: string;
}

export const LIST_COLUMNS = [
  { key: 'queryId', header: 'Query ID', width: 20 },
  { key: 'subjectId', header: 'Subject', width: 12 },
  { key: 'form', header: 'Form', width: 7 },
  { key: 'recordKey', header: 'Record', width: 26 },
  { key: 'field', header: 'Field', width: 11 },
  { key: 'value', header: 'Value', width: 24 },
  { key: 'message', header: 'Message', width: 64 },
  { key: 'dateSent', header: 'Date sent', width: 11 },
  { key: 'answer', header: 'Answer', width: 48 },
] as const;

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
