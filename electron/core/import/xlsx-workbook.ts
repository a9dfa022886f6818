import { SaxesParser, type SaxesTagPlain } from 'saxes';
import * as XLSX from 'xlsx';
import { badInput, StudyError } from '../common/errors';
import { checkZipArchive } from './check-zip-archive';
import { localName, scanXml, type XmlAttributes, type XmlHandlers } from './scan-xml';

/**
 * An .xlsx/.xlsm opened for reading its sheets one by one (read-xlsx.ts): the parts are unzipped
 * once while the archive is checked (check-zip-archive.ts), the small ones (workbook, its
 * relationships, styles, shared strings) are read here, and each sheet's XML only when the sheet
 * is read; parts are read by a fast scanner of plain XML (scan-xml.ts) or, when a part holds more
 * than plain XML, by a streaming XML parser (saxes). Nothing is built that the import does not read:
 * no cell objects, no formatting of cells never shown.
 */
export interface XlsxWorkbook {
  file: string;
  date1904: boolean;
  sheets: XlsxSheetEntry[];
  sharedStrings: string[];
  /** The number format code of each cell style (cellXfs index). */
  formatOfStyle: string[];
  /** A part's XML, as UTF-8 bytes (undefined when the archive has no such part). */
  part(name: string): Uint8Array | undefined;
}

export interface XlsxSheetEntry {
  name: string;
  hidden: boolean;
  /** False for chart, dialog and macro sheets, and for sheets whose part is missing. */
  isWorksheet: boolean;
  /** The sheet's part (xl/worksheets/sheet1.xml). */
  part: string | undefined;
}

const REL_TYPE_WORKSHEET = /\/worksheet$/;
const REL_TYPE_OFFICE_DOCUMENT = /\/officeDocument$/;

/** Built-in ids SheetJS formats with these codes when styles.xml does not define them. */
const IMPLICIT_NUMBER_FORMATS: Record<number, string> = {
  5: '"$"#,##0_);\\("$"#,##0\\)',
  6: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  7: '"$"#,##0.00_);\\("$"#,##0.00\\)',
  8: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  41: '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)',
  42: '_("$"* #,##0_);_("$"* \\(#,##0\\);_("$"* "-"_);_(@_)',
  43: '_(* #,##0.00_);_(* \\(#,##0.00\\);_(* "-"??_);_(@_)',
  44: '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)',
  59: '0',
  60: '0.00',
  61: '#,##0',
  62: '#,##0.00',
  63: '"$"#,##0_);\\("$"#,##0\\)',
  64: '"$"#,##0_);[Red]\\("$"#,##0\\)',
  65: '"$"#,##0.00_);\\("$"#,##0.00\\)',
  66: '"$"#,##0.00_);[Red]\\("$"#,##0.00\\)',
  67: '0%',
  68: '0.00%',
  69: '# ?/?',
  70: '# ??/??',
  73: 'd-mmm-yy',
  74: 'd-mmm',
  75: 'mmm-yy',
  76: 'h:mm',
  78: 'm/d/yy h:mm',
  79: 'mm:ss',
  80: '[h]:mm:ss',
  81: 'mmss.0',
};

/**
 * Built-in number formats (ids below 164), which styles.xml refers to without defining: SheetJS's
 * table, the East Asian date ids (27-36, 50-58) as m/d/yy, and the implicit ones above.
 */
const BUILT_IN_FORMATS: Record<number, string> = (() => {
  const table: Record<number, string> = { ...IMPLICIT_NUMBER_FORMATS };
  for (const id of [27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 55, 56, 57, 58, 71, 72]) table[id] = 'm/d/yy';
  for (const id of [32, 33, 34, 35, 77]) table[id] = 'h:mm:ss';
  for (const id of [23, 24, 25, 26]) table[id] = 'General';
  for (const [id, code] of Object.entries(XLSX.SSF.get_table()))
    if (Number(id) < 164 && code !== undefined) table[Number(id)] = String(code);
  return table;
})();

export function corruptWorkbook(file: string, why: string): Error {
  return badInput(`${file}: not a readable xlsx workbook (${why})`, {
    kind: 'FILE_UNREADABLE',
    facts: { file },
  });
}

/** Opens a workbook after bounding what it unzips to (zip bombs are refused before they are unzipped). */
export function openXlsx(bytes: Uint8Array, file: string): XlsxWorkbook {
  const parts = checkZipArchive(bytes, file, {}, (name) => /\.(xml|rels)$/i.test(name));
  const part = (name: string): Uint8Array | undefined => {
    const key = name.replace(/^\//, '');
    return parts.get(key) ?? [...parts].find(([n]) => n.toLowerCase() === key.toLowerCase())?.[1];
  };
  if (part('[Content_Types].xml') === undefined)
    throw corruptWorkbook(file, 'no [Content_Types].xml: not a workbook');

  const workbookPart =
    relationships(part('_rels/.rels'), '', file).find((r) => REL_TYPE_OFFICE_DOCUMENT.test(r.type))?.target ??
    'xl/workbook.xml';
  const workbookXml = part(workbookPart);
  if (workbookXml === undefined) throw corruptWorkbook(file, `no workbook part ${workbookPart}`);
  const folder = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
  const relsXml = part(`${folder}_rels/${workbookPart.slice(folder.length)}.rels`);
  const rels = relationships(relsXml, folder, file);
  const relById = new Map(rels.map((r) => [r.id, r]));

  let date1904 = false;
  const sheets: XlsxSheetEntry[] = [];
  parseXml(workbookXml, file, {
    opentag(qualified, attributes) {
      const name = localName(qualified);
      if (name === 'workbookPr') {
        const flag = attributes.get('date1904');
        date1904 = flag === '1' || flag === 'true';
      } else if (name === 'sheet') {
        const id = attributes.getLocal('id');
        const rel = id === undefined ? undefined : relById.get(id);
        // Without workbook relationships, sheets are found where Excel puts them.
        const target =
          relsXml === undefined ? `${folder}worksheets/sheet${sheets.length + 1}.xml` : rel?.target;
        const exists = target !== undefined && part(target) !== undefined;
        const state = attributes.get('state');
        sheets.push({
          name: decodeEscapes(attributes.get('name') ?? ''),
          hidden: state === 'hidden' || state === 'veryHidden',
          isWorksheet: exists && (rel === undefined || REL_TYPE_WORKSHEET.test(rel.type)),
          part: exists ? target : undefined,
        });
      }
    },
  });

  const styles = rels.find((r) => r.type.endsWith('/styles'))?.target ?? `${folder}styles.xml`;
  const strings = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? `${folder}sharedStrings.xml`;
  return {
    file,
    date1904,
    sheets,
    sharedStrings: readSharedStrings(part(strings), file),
    formatOfStyle: readCellFormats(part(styles), file),
    part,
  };
}

interface Relationship {
  id: string;
  type: string;
  /** The part it points at, from the archive's root. */
  target: string;
}

function relationships(xml: Uint8Array | undefined, folder: string, file: string): Relationship[] {
  if (xml === undefined) return [];
  const rels: Relationship[] = [];
  parseXml(xml, file, {
    opentag(name, attributes) {
      if (localName(name) !== 'Relationship' || attributes.get('TargetMode') === 'External') return;
      const target = attributes.get('Target') ?? '';
      rels.push({
        id: attributes.get('Id') ?? '',
        type: attributes.get('Type') ?? '',
        target: normalisePath(target.startsWith('/') ? target.slice(1) : folder + target),
      });
    },
  });
  return rels;
}

function normalisePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '..') out.pop();
    else if (segment !== '.' && segment !== '') out.push(segment);
  }
  return out.join('/');
}

/** Shared strings: the text of each <si>, rich-text runs joined, phonetic guides (<rPh>) left out. */
function readSharedStrings(xml: Uint8Array | undefined, file: string): string[] {
  if (xml === undefined) return [];
  const strings: string[] = [];
  let text: string[] | undefined;
  let inText = false;
  let phonetic = 0;
  parseXml(xml, file, {
    opentag(qualified) {
      const name = localName(qualified);
      if (name === 'si') text = [];
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    },
    text(t) {
      if (inText) text?.push(t);
    },
    closetag(qualified) {
      const name = localName(qualified);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && text) {
        strings.push(cellString(text.join('')));
        text = undefined;
      }
    },
  });
  return strings;
}

/** The number format code of each cell style (styles.xml cellXfs), custom formats (numFmts) first. */
function readCellFormats(xml: Uint8Array | undefined, file: string): string[] {
  if (xml === undefined) return [];
  const custom = new Map<number, string>();
  const formats: string[] = [];
  let inCellXfs = false;
  parseXml(xml, file, {
    opentag(qualified, attributes) {
      const name = localName(qualified);
      if (name === 'numFmt') {
        custom.set(Number(attributes.get('numFmtId')), decodeEscapes(attributes.get('formatCode') ?? ''));
      } else if (name === 'cellXfs') inCellXfs = true;
      else if (name === 'xf' && inCellXfs) {
        const id = Number(attributes.get('numFmtId') ?? 0);
        formats.push(custom.get(id) ?? BUILT_IN_FORMATS[id] ?? 'General');
      }
    },
    closetag(name) {
      if (localName(name) === 'cellXfs') inCellXfs = false;
    },
  });
  return formats;
}

/**
 * Parses a part: plain XML with the fast scanner, anything more with saxes (no DTD, no external
 * entities); a malformed part is a corrupt workbook.
 */
export function parseXml(xml: Uint8Array, file: string, handlers: XmlHandlers): void {
  try {
    if (!scanXml(xml, handlers)) parseWithSaxes(xml, handlers);
  } catch (error) {
    // What the handlers throw (refusals, a request to stop) goes on as it is.
    if (error instanceof StudyError || !(error instanceof Error)) throw error;
    const reason = error.message.split('\n')[0]!.slice(0, 120);
    throw corruptWorkbook(file, `malformed XML: ${reason}`);
  }
}

/** The conforming parser, for parts the scanner leaves (comments, CDATA, a DOCTYPE). */
export function parseWithSaxes(xml: Uint8Array, handlers: XmlHandlers): void {
  // No line and column tracking: a malformed part is refused as a whole (and parsing is faster).
  const parser = new SaxesParser({ xmlns: false, position: false } as const);
  const { opentag, text, closetag } = handlers;
  if (opentag) parser.on('opentag', (tag: SaxesTagPlain) => opentag(tag.name, saxesAttributes(tag)));
  if (text) parser.on('text', text);
  if (closetag) parser.on('closetag', (tag: SaxesTagPlain) => closetag(tag.name));
  parser.write(Buffer.from(xml.buffer, xml.byteOffset, xml.length).toString('utf8')).close();
}

function saxesAttributes(tag: SaxesTagPlain): XmlAttributes {
  return {
    get: (name) => tag.attributes[name],
    getLocal(name) {
      for (const [key, value] of Object.entries(tag.attributes)) if (localName(key) === name) return value;
      return undefined;
    },
  };
}

/** Excel's escapes of characters XML cannot hold (_x000D_ is a carriage return). */
export function decodeEscapes(text: string): string {
  return text.indexOf('_x') === -1
    ? text
    : text.replace(/_x([\da-fA-F]{4})_/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
}

/** Cell text as Excel holds it: its escapes decoded, line breaks as LF. */
export function cellString(text: string): string {
  const decoded = decodeEscapes(text);
  return decoded.indexOf('\r\n') === -1 ? decoded : decoded.replace(/\r\n/g, '\n');
}
