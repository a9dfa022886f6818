import type { Language } from '../../../shared/messages/language';
import {
  renderMessage,
  type MessageArgs,
  type MessageTemplate,
  type MessageTemplates,
  type MessageValue,
} from '../../../shared/messages/render-message';

/**
 * What an import says about its files rather than their values (a file skipped, a column unknown,
 * dates read day first), in both languages. A note is kept as its key and named values, like a
 * check's message, so that each door shows it in the user's language, today's import or a past
 * one; its English text is kept beside it for what has no language (errors, logs).
 */
const NOTES = {
  officeLockFile: {
    en: 'an Office lock file (is the workbook open in Excel?); skipped',
    ko: 'Office 잠금 파일(통합 문서가 Excel에 열려 있습니까?): 건너뜀',
  },
  notASiteExport: {
    en: 'not a site export (a folder, an .xlsx workbook or a .zip); skipped',
    ko: '사이트 내보내기(폴더, .xlsx 통합 문서 또는 .zip)가 아님: 건너뜀',
  },
  archiveNotOpened: {
    en: 'a zip archive inside the export is not opened; skipped (give the zip by itself, or unzip it)',
    ko: '내보내기 안의 zip 압축 파일은 열지 않음: 건너뜀(zip 파일을 따로 지정하거나 압축을 푸십시오)',
  },
  sameFile: {
    en: 'the same file as {earlier}; read once',
    ko: '이미 읽은 파일과 같음({earlier}): 한 번만 읽음',
  },
  folderSeen: {
    en: 'a folder already read by another path (a symbolic link); skipped',
    ko: '다른 경로(심볼릭 링크)로 이미 읽은 폴더: 건너뜀',
  },
  tooDeep: {
    en: 'more than {depth} folders deep; skipped',
    ko: '폴더 깊이가 {depth}단계를 넘음: 건너뜀',
  },
  brokenLink: {
    en: 'a symbolic link that leads nowhere (broken, or a loop); skipped',
    ko: '가리키는 곳이 없는 심볼릭 링크(끊겼거나 순환): 건너뜀',
  },
  excel97: {
    en: 'an Excel 97-2003 workbook, which is not read: save it as .xlsx or CSV; skipped',
    ko: 'Excel 97-2003 통합 문서는 읽지 않음: .xlsx 또는 CSV로 저장하십시오. 건너뜀',
  },
  notADataFile: {
    en: 'not a data file (.csv, .tsv, .txt, .xlsx, .xlsm); skipped',
    ko: '데이터 파일(.csv, .tsv, .txt, .xlsx, .xlsm)이 아님: 건너뜀',
  },
  chartSheet: { en: 'a chart or macro sheet; skipped', ko: '차트 또는 매크로 시트: 건너뜀' },
  hiddenSheet: {
    en: 'a hidden sheet; skipped (unhide it to load it)',
    ko: '숨겨진 시트: 건너뜀(불러오려면 숨기기를 취소하십시오)',
  },
  sheetNotAForm: {
    en: 'not named by a form of the study ({forms}); skipped',
    ko: '시험의 양식({forms}) 이름이 아님: 건너뜀',
  },
  namedDates: {
    en: 'the names carry {count} export dates ({dates}); the latest, {latest}, is taken unless the export date is given',
    ko: '이름에 내보내기 날짜가 {count}개 있음({dates}): 내보내기 날짜를 지정하지 않으면 가장 늦은 날짜({latest})를 씀',
  },
  namelessColumn: {
    en: 'line {line}: column {column} has no name in the header but holds values',
    ko: '{line}행: {column}번째 열은 머리글에 이름이 없지만 값이 있음',
  },
  formulaLikeCell: {
    en: '1 cell starts with =, +, - or @ like a spreadsheet formula (first at {first}); kept as text, never evaluated',
    ko: '셀 1개가 스프레드시트 수식처럼 =, +, - 또는 @로 시작함(처음 {first}): 텍스트로 보관하며 계산하지 않음',
  },
  formulaLikeCells: {
    en: '{count} cells start with =, +, - or @ like a spreadsheet formula (first at {first}); kept as text, never evaluated',
    ko: '셀 {count}개가 스프레드시트 수식처럼 =, +, - 또는 @로 시작함(처음 {first}): 텍스트로 보관하며 계산하지 않음',
  },
  formulaLikeTextCell: {
    en: '1 text cell starts with =, +, - or @ like a spreadsheet formula (first at {first}); kept as text, never evaluated',
    ko: '텍스트 셀 1개가 스프레드시트 수식처럼 =, +, - 또는 @로 시작함(처음 {first}): 텍스트로 보관하며 계산하지 않음',
  },
  formulaLikeTextCells: {
    en: '{count} text cells start with =, +, - or @ like a spreadsheet formula (first at {first}); kept as text, never evaluated',
    ko: '텍스트 셀 {count}개가 스프레드시트 수식처럼 =, +, - 또는 @로 시작함(처음 {first}): 텍스트로 보관하며 계산하지 않음',
  },
  formulaCell: {
    en: '1 formula cell (first {first}) read as the values Excel last calculated; formulas are never evaluated',
    ko: '수식 셀 1개(처음 {first})를 Excel이 마지막으로 계산한 값으로 읽음: 수식은 계산하지 않음',
  },
  formulaCells: {
    en: '{count} formula cells (first {first}) read as the values Excel last calculated; formulas are never evaluated',
    ko: '수식 셀 {count}개(처음 {first})를 Excel이 마지막으로 계산한 값으로 읽음: 수식은 계산하지 않음',
  },
  uncalculatedCell: {
    en: '1 formula cell (first {first}) without a calculated value, read as empty: the program that wrote the file did not calculate it; open and save it in Excel to keep the values',
    ko: '계산된 값이 없는 수식 셀 1개(처음 {first})를 빈 값으로 읽음: 파일을 만든 프로그램이 계산하지 않았음. 값을 남기려면 Excel에서 열어 저장하십시오',
  },
  uncalculatedCells: {
    en: '{count} formula cells (first {first}) without a calculated value, read as empty: the program that wrote the file did not calculate them; open and save it in Excel to keep the values',
    ko: '계산된 값이 없는 수식 셀 {count}개(처음 {first})를 빈 값으로 읽음: 파일을 만든 프로그램이 계산하지 않았음. 값을 남기려면 Excel에서 열어 저장하십시오',
  },
  mergedCell: {
    en: '1 merged cell ({first}): only its first cell holds the value; the others are read as empty',
    ko: '병합된 셀 1개({first}): 병합 영역의 첫 셀에만 값이 있으며 나머지 셀은 빈 값으로 읽음',
  },
  mergedCells: {
    en: '{count} merged cells (first {first}): only the first cell of each holds its value; the others are read as empty',
    ko: '병합된 셀 {count}개(처음 {first}): 병합 영역의 첫 셀에만 값이 있으며 나머지 셀은 빈 값으로 읽음',
  },
  atLine: { en: 'line {line}, {column}', ko: '{line}행, {column}' },
  atRow: { en: 'row {line}, {column}', ko: '{line}행, {column}' },
  columnNamed: { en: 'column {index} ({name})', ko: '{index}번째 열({name})' },
  columnNumbered: { en: 'column {index}', ko: '{index}번째 열' },
  unknownColumn: {
    en: '{file}: column {column} is not a column of form {form}; kept with the records',
    ko: '{file}: {column} 열은 {form} 양식의 열이 아님: 레코드와 함께 보관함',
  },
  dateOrder: {
    en: '{read} with day and month either way round read {order}, as {basis} in figures can be read only so',
    ko: '일과 월을 어느 쪽으로도 읽을 수 있는 {read}를 {order}로 읽음: 숫자로 쓴 {basis}가 그렇게만 읽힘',
  },
  oneDate: { en: '1 date', ko: '날짜 1개' },
  dates: { en: '{count} dates', ko: '날짜 {count}개' },
  fileOtherDates: { en: "the file's {count} other dates", ko: '이 파일의 다른 날짜 {count}개' },
  fileOtherDate: { en: "the file's 1 other date", ko: '이 파일의 다른 날짜 1개' },
  exportOtherDates: {
    en: "{dates} of the export's other files",
    ko: '이 내보내기의 다른 파일에 있는 {dates}',
  },
  dayFirst: { en: 'day first (dd/mm/yyyy)', ko: '일이 먼저(dd/mm/yyyy)' },
  monthFirst: { en: 'month first (mm/dd/yyyy)', ko: '월이 먼저(mm/dd/yyyy)' },
} satisfies Record<string, MessageTemplate>;

export type ImportNoteKey = keyof typeof NOTES;

/** The codes of the import's issues that are notes about files; every other code is the check of a value problem. */
export const NOTE_CODE = { file: 'FILE', unknownColumn: 'UNKNOWN_COLUMN', dateOrder: 'DATE_ORDER' } as const;
export const NOTE_CODES: ReadonlySet<string> = new Set(Object.values(NOTE_CODE));

/** The pseudo check the notes' templates are filed under (no check of the study has this ID). */
const NOTE_GROUP = 'IMPORT';
const TEMPLATES: MessageTemplates = { common: {}, checks: { [NOTE_GROUP]: NOTES } };

/** A note: its English text (for errors and logs) and its key and values (for each door's language). */
export interface ImportNote {
  message: string;
  args: MessageArgs;
}

export function noteArgs(key: ImportNoteKey, values?: Record<string, MessageValue>): MessageArgs {
  return values === undefined ? { key } : { key, values };
}

export function importNote(key: ImportNoteKey, values?: Record<string, MessageValue>): ImportNote {
  const args = noteArgs(key, values);
  return { message: noteText(args, 'en'), args };
}

export function noteText(args: MessageArgs, language: Language): string {
  return renderMessage(TEMPLATES, NOTE_GROUP, args, language);
}

/** Every note's template, for the test that both languages use the same named values. */
export const importNoteTemplates: { group: string; templates: MessageTemplates; keys: ImportNoteKey[] } = {
  group: NOTE_GROUP,
  templates: TEMPLATES,
  keys: Object.keys(NOTES) as ImportNoteKey[],
};

/** "column 3 (AETERM)", or "column 3" when the header's name is not fit to print. */
export function columnPlace(index: number, name: string | undefined): MessageArgs {
  const printable =
    name !== undefined &&
    name.trim() !== '' &&
    name.length <= 40 &&
    ![...name].some((ch) => ch < ' ' || ch === '\u007f');
  return printable
    ? noteArgs('columnNamed', { index: index + 1, name: name.trim() })
    : noteArgs('columnNumbered', { index: index + 1 });
}
