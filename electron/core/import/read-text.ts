import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { badInput, placeFacts } from '../common/errors';

/** How a delimited file was encoded: what Korean Excel and hospital systems write. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'cp949';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

/** Above this share of control codes and undecodable bytes a file is not text at all. */
const BINARY_SHARE = 0.01;

/**
 * Decodes a delimited file: a byte order mark (UTF-8, UTF-16LE/BE) decides; else valid UTF-8 is
 * UTF-8; else every line must be CP949 (EUC-KR). Anything that could garble text is refused with
 * the line at fault: binary content, NUL bytes, undecodable bytes, UTF-8 and CP949 lines mixed.
 */
export function decodeText(bytes: Uint8Array, file: string): DecodedText {
  refuseKnownBinaryFormats(bytes, file);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), 'utf-16le', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), 'utf-16be', file);

  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const nul = body.indexOf(0);
  if (nul !== -1) {
    throw badInput(
      `${file}: line ${lineOfByte(body, nul)}: NUL bytes: not a text file (or UTF-16 text without a byte order mark)`,
      { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line: lineOfByte(body, nul) }) },
    );
  }

  // isUtf8 (simdutf) tells without the cost of a thrown error; the fatal decoder stays as the guarantee.
  if (isUtf8(body)) {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    if (!hasBom && looksLikeCp949MisreadAsUtf8(text, body)) {
      return { text: decodeCp949(body, file), encoding: 'cp949' };
    }
    refuseControlHeavyText(text, file);
    return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
  }
  return { text: decodeCp949(body, file, hasBom), encoding: 'cp949' };
}

function refuseKnownBinaryFormats(bytes: Uint8Array, file: string): void {
  const starts = (...signature: number[]) => signature.every((b, i) => bytes[i] === b);
  let what: string | undefined;
  if (starts(0x50, 0x4b, 0x03, 0x04))
    what = 'a zip archive (an xlsx workbook?), not CSV text; give it the extension of what it is';
  else if (starts(0xd0, 0xcf, 0x11, 0xe0))
    what = 'an Excel 97-2003 or password-protected workbook, not CSV text; save it as CSV or .xlsx';
  else if (starts(0x25, 0x50, 0x44, 0x46)) what = 'a PDF document, not CSV text';
  if (what !== undefined) throw badInput(`${file}: ${what}`, { kind: 'FILE_UNREADABLE', facts: { file } });
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be', file: string): DecodedText {
  if (body.length % 2 !== 0)
    throw badInput(`${file}: UTF-16 text with an odd number of bytes (truncated?)`, {
      kind: 'FILE_UNREADABLE',
      facts: { file },
    });
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    throw badInput(`${file}: not valid ${encoding.toUpperCase()} text (broken surrogate pairs)`, {
      kind: 'FILE_UNREADABLE',
      facts: { file },
    });
  }
  const nul = text.indexOf('\u0000');
  if (nul !== -1)
    throw badInput(`${file}: line ${lineOfChar(text, nul)}: NUL characters: not a text file`, {
      kind: 'FILE_UNREADABLE',
      facts: placeFacts({ file, line: lineOfChar(text, nul) }),
    });
  refuseControlHeavyText(text, file);
  return { text, encoding };
}

/** Binary content shows from the start; the first megabyte tells (it also keeps this check cheap). */
function refuseControlHeavyText(text: string, file: string): void {
  const end = Math.min(text.length, 1_000_000);
  let count = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) count++;
  }
  if (count > 8 && count / end > BINARY_SHARE) {
    throw badInput(`${file}: not a text file (${percent(count, end)} of its characters are control codes)`, {
      kind: 'FILE_UNREADABLE',
      facts: { file },
    });
  }
}

/**
 * A CP949 file whose few Korean syllables happen to form valid UTF-8 decodes, as UTF-8, to Latin
 * letters such as U+0100-U+07FF (lead bytes 0xC4-0xDF), which a Korean site never writes; Korean
 * in UTF-8 always takes 3 bytes. Such a file is read as CP949.
 */
function looksLikeCp949MisreadAsUtf8(text: string, body: Uint8Array): boolean {
  if (text.length === body.length) return false;
  // Korean CP949 lead bytes 0xC4-0xC8 read as UTF-8 give Latin Extended-A/B (U+0100-U+024F).
  // Greek (a lab's μmol/L) and other symbols are real UTF-8 and do not count.
  let latinExtended = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x800) return false;
    if (c >= 0x100 && c <= 0x24f) latinExtended = true;
  }
  if (!latinExtended) return false;
  const asCp949 = iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.length), 'cp949');
  return asCp949.indexOf('\ufffd') === -1 && /[\uac00-\ud7a3]/.test(asCp949);
}

/** CP949 double-byte code -> UTF-16 code unit, 0 where the pair is not CP949; built once from iconv-lite. */
let cp949Table: Uint16Array | undefined;
const TRAIL_MIN = 0x41;
const TRAIL_SPAN = 0xff - TRAIL_MIN;

function cp949PairTable(): Uint16Array {
  if (cp949Table) return cp949Table;
  const table = new Uint16Array((0xff - 0x81) * TRAIL_SPAN);
  const pair = Buffer.alloc(2);
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = TRAIL_MIN; trail <= 0xfe; trail++) {
      pair[0] = lead;
      pair[1] = trail;
      const decoded = iconv.decode(pair, 'cp949');
      if (decoded.length === 1 && decoded !== '\ufffd') {
        table[(lead - 0x81) * TRAIL_SPAN + (trail - TRAIL_MIN)] = decoded.charCodeAt(0);
      }
    }
  }
  cp949Table = table;
  return table;
}

type LineEncoding = 'UTF-8' | 'CP949';

/**
 * Decodes CP949 with iconv-lite's mapping (a table lookup per byte pair: iconv.decode itself reads
 * about 40 MB/s, too slow for a 100 MB export) and classifies each line that holds non-ASCII bytes,
 * so that a file mixing UTF-8 and CP949 lines, or holding bytes that are neither, is refused with
 * the first line at fault.
 */
function decodeCp949(body: Uint8Array, file: string, hasBom = false): string {
  const table = cp949PairTable();
  const n = body.length;
  const out = new Uint16Array(n);
  const lineBreak = body.indexOf(0x0a) === -1 && body.indexOf(0x0d) !== -1 ? 0x0d : 0x0a;
  let j = 0;
  let line = 1;
  let lineStart = 0;
  let lineHigh = false;
  let lineWide = false;
  let lineBad = false;
  let badBytes = 0;
  let controls = 0;
  let firstBadLine = 0;
  const firstLineOf: Record<LineEncoding, number> = { 'UTF-8': 0, CP949: 0 };

  const endLine = (end: number) => {
    if (!lineHigh) return;
    const utf8 = isUtf8(body.subarray(lineStart, end));
    // A line valid in both is evidence of neither, unless it has 3- or 4-byte UTF-8 sequences.
    const kind: LineEncoding | 'neither' | 'either' = utf8
      ? lineBad || lineWide
        ? 'UTF-8'
        : 'either'
      : lineBad
        ? 'neither'
        : 'CP949';
    if (kind === 'neither') firstBadLine ||= line;
    else if (kind !== 'either') firstLineOf[kind] ||= line;
  };

  for (let i = 0; i < n; i++) {
    const b = body[i]!;
    if (b < 0x80) {
      out[j++] = b;
      if (b === lineBreak) {
        endLine(i);
        line++;
        lineStart = i + 1;
        lineHigh = lineWide = lineBad = false;
      } else if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) controls++;
      continue;
    }
    lineHigh = true;
    if (b >= 0xe0 && b <= 0xf4) lineWide = true;
    const trail = i + 1 < n ? body[i + 1]! : 0;
    const unit =
      b >= 0x81 && b <= 0xfe && trail >= TRAIL_MIN && trail <= 0xfe
        ? table[(b - 0x81) * TRAIL_SPAN + (trail - TRAIL_MIN)]!
        : 0;
    if (unit === 0) {
      badBytes++;
      lineBad = true;
      out[j++] = 0xfffd;
      continue;
    }
    if (trail >= 0xe0 && trail <= 0xf4) lineWide = true;
    out[j++] = unit;
    i++;
  }
  endLine(n);

  if (badBytes + controls > 8 && (badBytes + controls) / n > BINARY_SHARE) {
    throw badInput(
      `${file}: not a text file (${percent(badBytes + controls, n)} of its bytes are control codes or neither UTF-8 nor CP949)`,
      { kind: 'FILE_UNREADABLE', facts: { file } },
    );
  }
  const utf8Line = firstLineOf['UTF-8'];
  const cp949Line = firstLineOf.CP949;
  const mixed = (line: number, what: string, where: string) =>
    badInput(
      `${file}: line ${line}: ${what} text, but ${where} (mixed encodings); save the file again in one encoding`,
      { kind: 'FILE_UNREADABLE', facts: placeFacts({ file, line }) },
    );
  if (cp949Line && hasBom) throw mixed(cp949Line, 'CP949', 'the file starts with a UTF-8 byte order mark');
  if (cp949Line && utf8Line) {
    throw utf8Line < cp949Line
      ? mixed(cp949Line, 'CP949', `line ${utf8Line} is UTF-8`)
      : mixed(utf8Line, 'UTF-8', `line ${cp949Line} is CP949`);
  }
  if (firstBadLine) {
    throw badInput(`${file}: line ${firstBadLine}: bytes that are neither UTF-8 nor CP949 (EUC-KR) text`, {
      kind: 'FILE_UNREADABLE',
      facts: placeFacts({ file, line: firstBadLine }),
    });
  }
  if (hasBom)
    throw badInput(`${file}: not valid UTF-8 text, though it starts with a UTF-8 byte order mark`, {
      kind: 'FILE_UNREADABLE',
      facts: { file },
    });
  return Buffer.from(out.buffer, 0, j * 2).toString('utf16le');
}

function lineOfByte(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < index; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

function lineOfChar(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function percent(part: number, whole: number): string {
  return `${Math.max(1, Math.round((100 * part) / whole))}%`;
}
