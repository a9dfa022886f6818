import { crc32, inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import { badInput, StudyError } from '../common/errors';
import { formatCount, MAX_UNZIPPED_BYTES, MAX_WORKBOOK_CELLS } from './source-limits';

export interface ZipLimits {
  maxUnzippedBytes: number;
  /** Cells (<c> elements) in all XML parts together. */
  maxCells: number;
}

const DEFAULT_LIMITS: ZipLimits = { maxUnzippedBytes: MAX_UNZIPPED_BYTES, maxCells: MAX_WORKBOOK_CELLS };

/**
 * Unzips every part of an xlsx (zip) archive once, streaming, before anything reads it: refuses
 * archives that unzip to more than the limit (zip bombs), hold more cells than the limit, whose
 * entries overlap or run past the end, or whose parts do not match their sizes and checksums.
 * Returns the unzipped parts `keep` asks for (by name); the others are discarded as they unzip.
 */
export function checkZipArchive(
  bytes: Uint8Array,
  file: string,
  limits: Partial<ZipLimits> = {},
  keep: (name: string) => boolean = () => false,
): Map<string, Uint8Array> {
  const { maxUnzippedBytes, maxCells } = { ...DEFAULT_LIMITS, ...limits };
  const errors: ZipErrors = {
    corrupt: (why) =>
      badInput(`${file}: not a readable xlsx workbook (${why})`, {
        kind: 'FILE_UNREADABLE',
        facts: { file },
      }),
    bomb: (why) =>
      badInput(`${file}: refused: ${why} (a zip bomb?)`, { kind: 'FILE_UNREADABLE', facts: { file } }),
  };
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
      throw badInput(
        `${file}: an Excel 97-2003 workbook or a password-protected one; save it as a plain .xlsx without a password`,
        { kind: 'FILE_UNREADABLE', facts: { file } },
      );
    }
    throw errors.corrupt('not a zip archive');
  }
  const entries = readZipEntries(bytes, file, errors);
  const declared = entries.reduce((sum, e) => sum + e.size, 0);
  if (declared > maxUnzippedBytes) {
    throw errors.bomb(`it would unzip to ${megabytes(declared)}, more than ${megabytes(maxUnzippedBytes)}`);
  }

  let total = 0;
  const cells = new CellCounter();
  const kept = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
    let crc = 0;
    const keepPart = keep(entry.name);
    const whole = entry.method === 8 ? inflatedAsDeclared(data, entry) : undefined;
    if (whole !== undefined) {
      cells.startPart();
      if (cells.count(whole) > maxCells) throw tooManyCells(file, maxCells);
      total += whole.length;
      if (total > maxUnzippedBytes)
        throw errors.bomb(`it unzips to more than ${megabytes(maxUnzippedBytes)}`);
      if (keepPart) kept.set(entry.name, whole);
      continue;
    }
    const chunks: Uint8Array[] | undefined = keepPart ? [] : undefined;
    // Every part is counted, whatever its name: the workbook's relationships say what is a sheet, not the name.
    const take = (chunk: Uint8Array) => {
      crc = crc32(chunk, crc);
      chunks?.push(chunk);
      if (cells.count(chunk) > maxCells) throw tooManyCells(file, maxCells);
    };
    cells.startPart();
    let size: number;
    if (entry.method === 0) {
      size = data.length;
      take(data);
    } else if (entry.method === 8) {
      size = inflateCounting(data, entry, maxUnzippedBytes - total, maxUnzippedBytes, take, errors);
    } else {
      throw errors.corrupt(`part ${entry.name} uses compression method ${entry.method}`);
    }
    if (size !== entry.size || crc !== entry.crc) {
      throw errors.corrupt(`corrupt: part ${entry.name} fails its checksum`);
    }
    total += size;
    if (chunks) kept.set(entry.name, joined(chunks, size));
  }
  return kept;
}

function tooManyCells(file: string, maxCells: number): Error {
  return badInput(
    `${file}: refused: more than ${formatCount(maxCells)} cells; a workbook this large is not read`,
    { kind: 'FILE_UNREADABLE', facts: { file } },
  );
}

/**
 * The common case, unzipped at once by zlib: a part that inflates to exactly its declared size
 * (never more is allocated), uses all its data and matches its checksum. Undefined for anything
 * else, which is unzipped again step by step to say what is wrong with it.
 */
function inflatedAsDeclared(data: Uint8Array, entry: ZipEntry): Uint8Array | undefined {
  try {
    const { buffer, engine } = inflateRawSync(data, {
      maxOutputLength: Math.max(1, entry.size),
      info: true,
    }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (buffer.length !== entry.size || engine.bytesWritten !== data.length) return undefined;
    if (crc32(buffer) !== entry.crc) return undefined;
    return buffer;
  } catch {
    return undefined;
  }
}

function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
}

/**
 * The archive's entries, located the way SheetJS located them (the last end-of-directory record,
 * the central directory, then each local header): parts are named by their local header.
 */
function readZipEntries(bytes: Uint8Array, file: string, errors: ZipErrors): ZipEntry[] {
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const u32 = (at: number) =>
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  const nameAt = (at: number, length: number) =>
    Buffer.from(
      bytes.buffer,
      bytes.byteOffset + at,
      Math.max(0, Math.min(length, bytes.length - at)),
    ).toString('utf8');

  let end = bytes.length - 4;
  while (end >= 0 && u32(end) !== 0x06054b50) end--;
  if (end < 0 || end + 22 > bytes.length) throw errors.corrupt('truncated or corrupt');
  const entryCount = u16(end + 8);
  const directory = u32(end + 16);
  if (entryCount === 0xffff || directory === 0xffffffff) throw errors.corrupt('ZIP64 archives are not read');

  const entries: ZipEntry[] = [];
  for (let i = 0, at = directory; i < entryCount; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw errors.corrupt('truncated or corrupt');
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    if (hasZip64Field(bytes, at + 46 + nameLength, extraLength))
      throw errors.corrupt('ZIP64 archives are not read');
    entries.push({
      name: nameAt(at + 46, nameLength),
      method: u16(at + 10),
      crc: u32(at + 16),
      compressedSize: u32(at + 20),
      size: u32(at + 24),
      localHeader: u32(at + 42),
      dataStart: 0,
    });
    at += 46 + nameLength + extraLength + u16(at + 32);
  }

  for (const entry of entries) {
    const at = entry.localHeader;
    if (at + 30 > bytes.length || u32(at) !== 0x04034b50) {
      throw errors.corrupt(`truncated or corrupt: part ${entry.name}`);
    }
    const flags = u16(at + 6);
    if (flags & 0x2041)
      throw badInput(`${file}: an encrypted workbook; save it without a password`, {
        kind: 'FILE_UNREADABLE',
        facts: { file },
      });
    const localSize = u32(at + 22);
    // With a data descriptor (flag 8) the local sizes may be 0 (a reader may size its buffer by them).
    const sizesMatch =
      flags & 8
        ? localSize === 0 || localSize === entry.size
        : u32(at + 18) === entry.compressedSize && localSize === entry.size;
    if (u16(at + 8) !== entry.method || !sizesMatch) throw errors.corrupt(`corrupt: part ${entry.name}`);
    const nameLength = u16(at + 26);
    const extraLength = u16(at + 28);
    if (hasZip64Field(bytes, at + 30 + nameLength, extraLength))
      throw errors.corrupt('ZIP64 archives are not read');
    entry.name = nameAt(at + 30, nameLength); // parts are named by their local header
    entry.dataStart = at + 30 + nameLength + extraLength;
    if (entry.dataStart + entry.compressedSize > bytes.length) throw errors.corrupt('truncated');
  }

  const byPosition = [...entries].sort((a, b) => a.localHeader - b.localHeader);
  for (let i = 1; i < byPosition.length; i++) {
    const previous = byPosition[i - 1]!;
    if (byPosition[i]!.localHeader < previous.dataStart + previous.compressedSize) {
      throw errors.bomb('parts of the archive overlap');
    }
  }
  return entries;
}

/**
 * Counts cell elements (<c ...>, or <x:c ...> with a namespace prefix) in XML streamed in chunks,
 * so that a workbook of millions of tiny cells is refused before its rows are built.
 */
class CellCounter {
  private cells = 0;
  private last = 0;
  private beforeLast = 0;

  startPart(): void {
    this.last = this.beforeLast = 0;
  }

  count(chunk: Uint8Array): number {
    const at = (i: number) => (i >= 0 ? chunk[i]! : i === -1 ? this.last : this.beforeLast);
    for (let i = chunk.indexOf(0x63); i !== -1; i = chunk.indexOf(0x63, i + 1)) {
      if (i + 1 < chunk.length && isTagOpener(at(i - 1)) && endsTagName(chunk[i + 1]!)) this.cells++;
    }
    // A "<c" split across chunks.
    if (this.last === 0x63 && isTagOpener(this.beforeLast) && chunk.length > 0 && endsTagName(chunk[0]!)) {
      this.cells++;
    }
    if (chunk.length >= 2) {
      this.beforeLast = chunk[chunk.length - 2]!;
      this.last = chunk[chunk.length - 1]!;
    } else if (chunk.length === 1) {
      this.beforeLast = this.last;
      this.last = chunk[0]!;
    }
    return this.cells;
  }
}

const isTagOpener = (b: number) => b === 0x3c || b === 0x3a; // '<' or the ':' of a prefix
const endsTagName = (b: number) =>
  b === 0x20 || b === 0x3e || b === 0x2f || b === 0x09 || b === 0x0a || b === 0x0d;

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeader: number;
  dataStart: number;
}

/** Compressed input fed at a time: deflate expands at most ~1032x, so one push yields at most ~17 MB. */
const CHUNK = 16 * 1024;
/** Past this much output from one part, a ratio above RATIO_LIMIT is refused without unzipping the rest. */
const RATIO_CHECK_AFTER = 32 * 1024 * 1024;
const RATIO_LIMIT = 500;
/**
 * A live deflate stream yields output at least every 64 KB of input (a stored block's size); this
 * many chunks without output means the stream has ended and the rest of the part is not deflate
 * data (fflate would keep buffering it).
 */
const MAX_IDLE_CHUNKS = 64;

interface ZipErrors {
  corrupt: (why: string) => Error;
  bomb: (why: string) => Error;
}

/** Inflates one part in chunks, handing each chunk of output to `take`; returns the unzipped size. */
function inflateCounting(
  data: Uint8Array,
  entry: ZipEntry,
  budget: number,
  limit: number,
  take: (chunk: Uint8Array) => void,
  errors: ZipErrors,
): number {
  let size = 0;
  let consumed = 0;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > budget) throw errors.bomb(`it unzips to more than ${megabytes(limit)}`);
    if (size > RATIO_CHECK_AFTER && size > RATIO_LIMIT * consumed) {
      throw errors.bomb(`part ${entry.name} expands more than ${RATIO_LIMIT} times`);
    }
    take(chunk);
  });
  try {
    let idle = 0;
    for (let at = 0; at < data.length || at === 0; at += CHUNK) {
      consumed = Math.min(at + CHUNK, data.length);
      const before = size;
      inflater.push(data.subarray(at, consumed), consumed === data.length);
      idle = size === before ? idle + 1 : 0;
      if (idle > MAX_IDLE_CHUNKS) throw errors.corrupt(`corrupt: part ${entry.name} has data after its end`);
    }
  } catch (error) {
    if (error instanceof StudyError) throw error;
    throw errors.corrupt(`truncated or corrupt: part ${entry.name}`);
  }
  return size;
}

function hasZip64Field(bytes: Uint8Array, start: number, length: number): boolean {
  for (
    let at = start;
    at + 4 <= start + length && at + 4 <= bytes.length;
    at += 4 + (bytes[at + 2]! | (bytes[at + 3]! << 8))
  ) {
    if (bytes[at] === 0x01 && bytes[at + 1] === 0x00) return true;
  }
  return false;
}

function megabytes(bytes: number): string {
  return `${formatCount(Math.round(bytes / 1_000_000))} MB`;
}
