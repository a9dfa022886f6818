import { crc32, inflateRawSync } from 'node:zlib';
import { Inflate } from 'fflate';
import iconv from 'iconv-lite';
import { StudyError } from './errors';
import { decryptEntry } from './zip-decrypt';

/**
 * Reading a zip archive held in memory, for both kinds the workstation opens: an xlsx workbook's
 * parts (check-zip-archive.ts) and a site export sent zipped (export-archive.ts). Every size and
 * offset is checked before it is trusted; nothing is written to disk.
 */

export interface ZipEntry {
  /** As its local header names it, decoded (UTF-8, else CP949: what Korean Windows writes). */
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeader: number;
  dataStart: number;
  /** Password-protected (traditional or strong encryption). */
  encrypted: boolean;
  /** How, when encrypted: ZipCrypto, WinZip's AES (its extra field), or PKWARE's strong encryption. */
  encryption?: ZipEncryption;
}

export type ZipEncryption =
  | { kind: 'zipcrypto'; /** The byte the password check of the 12-byte header must give. */ check: number }
  | {
      kind: 'aes';
      /** 1, 2, 3: AES-128, -192, -256. */ strength: number;
      /** The method under the encryption. */ method: number;
      /** AE-2 leaves the CRC out (0). */ version: number;
    }
  | { kind: 'strong' };

export interface ZipErrors {
  corrupt: (why: string) => Error;
  bomb: (why: string) => Error;
  /** An encrypted entry given no password (wrong: false), or another one. */
  password: (wrong: boolean) => Error;
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/**
 * The archive's entries, located the way SheetJS located them (the last end-of-directory record,
 * the central directory, then each local header): entries are named by their local header.
 */
export function readZipEntries(bytes: Uint8Array, errors: ZipErrors): ZipEntry[] {
  const u16 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8);
  const u32 = (at: number) =>
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  const slice = (at: number, length: number) =>
    bytes.subarray(at, Math.max(at, Math.min(at + length, bytes.length)));

  let end = bytes.length - 4;
  while (end >= 0 && u32(end) !== 0x06054b50) end--;
  if (end < 0 || end + 22 > bytes.length) throw errors.corrupt('truncated or corrupt');
  let entryCount = u16(end + 10);
  let directory = u32(end + 16);
  if (entryCount === 0xffff || directory === MAX32 || u32(end + 12) === MAX32) {
    // ZIP64: the locator just before the end record gives where the ZIP64 end record lies.
    const locator = end - 20;
    if (locator >= 0 && u32(locator) === 0x07064b50) {
      const record = u64(bytes, locator + 8);
      if (record + 56 > locator || u32(record) !== 0x06064b50)
        throw errors.corrupt('truncated or corrupt ZIP64 end');
      entryCount = u64(bytes, record + 32);
      directory = u64(bytes, record + 48);
    } else if (directory === MAX32 && entryCount !== 0xffff) {
      // Info-ZIP zipping into a pipe leaves the ZIP64 end out: the directory ends where the end record starts.
      directory = end - u32(end + 12);
    } else throw errors.corrupt('truncated or corrupt ZIP64 end');
  }

  const entries: ZipEntry[] = [];
  for (let i = 0, at = directory; i < entryCount; i++) {
    if (at + 46 > bytes.length || u32(at) !== 0x02014b50) throw errors.corrupt('truncated or corrupt');
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const extra = slice(at + 46 + nameLength, extraLength);
    // Sizes and offset past 32 bits (or written as such by a ZIP64 writer) are in the ZIP64 field, in this order.
    const wide = zip64Values(extra, [u32(at + 24), u32(at + 20), u32(at + 42)], errors);
    entries.push({
      name: decodeEntryName(slice(at + 46, nameLength), u16(at + 8), extra),
      method: u16(at + 10),
      crc: u32(at + 16),
      size: wide[0]!,
      compressedSize: wide[1]!,
      localHeader: wide[2]!,
      dataStart: 0,
      encrypted: false,
    });
    at += 46 + nameLength + extraLength + u16(at + 32);
  }

  for (const entry of entries) {
    const at = entry.localHeader;
    if (at + 30 > bytes.length || u32(at) !== 0x04034b50) {
      throw errors.corrupt(`truncated or corrupt: part ${entry.name}`);
    }
    const flags = u16(at + 6);
    entry.encrypted = (flags & 0x2041) !== 0;
    if (entry.encrypted) {
      const extra = slice(at + 30 + u16(at + 26), u16(at + 28));
      // The check byte: the CRC's high byte, or with a data descriptor (the CRC not known yet) the time's.
      const check = flags & 8 ? bytes[at + 11]! : entry.crc >>> 24;
      entry.encryption =
        flags & 0x2040 ? { kind: 'strong' } : (aesField(extra) ?? { kind: 'zipcrypto', check });
    }
    const nameLength = u16(at + 26);
    const extraLength = u16(at + 28);
    const [localSize, localCompressed] = zip64Values(
      slice(at + 30 + nameLength, extraLength),
      [u32(at + 22), u32(at + 18)],
      errors,
    );
    // With a data descriptor (flag 8) the local sizes may be 0 (a reader may size its buffer by them).
    const sizesMatch =
      flags & 8
        ? localSize === 0 || localSize === entry.size
        : localCompressed === entry.compressedSize && localSize === entry.size;
    if (!entry.encrypted && (u16(at + 8) !== entry.method || !sizesMatch))
      throw errors.corrupt(`corrupt: part ${entry.name}`);
    entry.name = decodeEntryName(slice(at + 30, nameLength), flags, slice(at + 30 + nameLength, extraLength));
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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * An entry's name: UTF-8 when the archive says so (flag 11) or gives it in Info-ZIP's Unicode path
 * field; otherwise the bytes are UTF-8 when they are valid as such (macOS, most tools), else CP949,
 * what Korean Windows and its archivers write (the zip standard's CP437 would garble Korean names).
 */
export function decodeEntryName(raw: Uint8Array, flags: number, extra: Uint8Array): string {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  if (flags & 0x800) return bytes.toString('utf8');
  const unicodePath = unicodePathField(extra, bytes);
  if (unicodePath !== undefined) return unicodePath;
  if (bytes.every((b) => b < 0x80)) return bytes.toString('latin1');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return iconv.decode(bytes, 'cp949');
  }
}

/** WinZip's AES field (0x9901): the key's strength and the method under the encryption. */
function aesField(extra: Uint8Array): ZipEncryption | undefined {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra[at]! | (extra[at + 1]! << 8);
    const size = extra[at + 2]! | (extra[at + 3]! << 8);
    if (id === 0x9901 && size >= 7 && at + 4 + 7 <= extra.length) {
      return {
        kind: 'aes',
        version: extra[at + 4]! | (extra[at + 5]! << 8),
        strength: extra[at + 8]!,
        method: extra[at + 9]! | (extra[at + 10]! << 8),
      };
    }
    at += 4 + size;
  }
  return undefined;
}

/** Info-ZIP's Unicode path field (0x7075), when it belongs to this name (its CRC matches). */
function unicodePathField(extra: Uint8Array, name: Buffer): string | undefined {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra[at]! | (extra[at + 1]! << 8);
    const size = extra[at + 2]! | (extra[at + 3]! << 8);
    const body = extra.subarray(at + 4, at + 4 + size);
    if (id === 0x7075 && body.length === size && size >= 5 && body[0] === 1) {
      const crc = (body[1]! | (body[2]! << 8) | (body[3]! << 16) | (body[4]! << 24)) >>> 0;
      if (crc === crc32(name)) return Buffer.from(body.subarray(5)).toString('utf8');
    }
    at += 4 + size;
  }
  return undefined;
}

/**
 * The common case, unzipped at once by zlib: a part that inflates to exactly its declared size
 * (never more is allocated), uses all its data and matches its checksum. Undefined for anything
 * else, which is unzipped again step by step to say what is wrong with it.
 */
export function inflatedAsDeclared(
  data: Uint8Array,
  entry: ZipEntry,
  checkCrc = true,
): Uint8Array | undefined {
  try {
    const { buffer, engine } = inflateRawSync(data, {
      maxOutputLength: Math.max(1, entry.size),
      info: true,
    }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    if (buffer.length !== entry.size || engine.bytesWritten !== data.length) return undefined;
    if (checkCrc && crc32(buffer) !== entry.crc) return undefined;
    return buffer;
  } catch {
    return undefined;
  }
}

/**
 * One entry's bytes, unzipped to at most `maxBytes` (past it, or past a ratio no real file has, it
 * is refused as a bomb) and checked against its size and checksum.
 */
export function unzipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  errors: ZipErrors,
  password?: string,
): Uint8Array {
  const stored = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const { data, method, checkCrc } = entry.encrypted
    ? decryptEntry(stored, entry, password, errors)
    : { data: stored, method: entry.method, checkCrc: true };
  const plain: ZipEntry = { ...entry, method, compressedSize: data.length };
  const bombs = new Set<Error>();
  const watched: ZipErrors = {
    ...errors,
    bomb: (why) => {
      const error = errors.bomb(why);
      bombs.add(error);
      return error;
    },
  };
  try {
    return unzipPlain(data, plain, maxBytes, watched, checkCrc);
  } catch (error) {
    // ZipCrypto's check byte lets a wrong password through once in 256 times: the data then fails.
    if (entry.encryption?.kind === 'zipcrypto' && !bombs.has(error as Error)) throw errors.password(true);
    throw error;
  }
}

function unzipPlain(
  data: Uint8Array,
  entry: ZipEntry,
  maxBytes: number,
  errors: ZipErrors,
  checkCrc: boolean,
): Uint8Array {
  if (entry.method === 8 && entry.size <= maxBytes) {
    const whole = inflatedAsDeclared(data, entry, checkCrc);
    if (whole !== undefined) return whole;
  }
  const chunks: Uint8Array[] = [];
  let crc = 0;
  const take = (chunk: Uint8Array) => {
    crc = crc32(chunk, crc);
    chunks.push(chunk);
  };
  let size: number;
  if (entry.method === 0) {
    if (data.length > maxBytes) throw errors.bomb(`part ${entry.name} is more than ${megabytes(maxBytes)}`);
    size = data.length;
    take(data);
  } else if (entry.method === 8) {
    size = inflateCounting(data, entry, maxBytes, maxBytes, take, errors);
  } else {
    throw errors.corrupt(unreadMethod(entry));
  }
  if (size !== entry.size || (checkCrc && crc !== entry.crc))
    throw errors.corrupt(`corrupt: part ${entry.name} fails its checksum`);
  return joined(chunks, size);
}

/** Archivers' other methods, named as their settings name them. */
const METHOD_NAMES: Record<number, string> = {
  9: 'Deflate64',
  12: 'BZip2',
  14: 'LZMA',
  93: 'Zstandard',
  95: 'XZ',
  98: 'PPMd',
};

/** Why an entry compressed otherwise than stored or deflated is not read, and what to do. */
export function unreadMethod(entry: ZipEntry): string {
  const name = METHOD_NAMES[entry.method];
  const method = name === undefined ? `method ${entry.method}` : `${name} (method ${entry.method})`;
  return `part ${entry.name} is compressed with ${method}, which is not read; zip it again with Deflate, the usual method`;
}

export function joined(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.length;
  }
  return whole;
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

/** Inflates one part in chunks, handing each chunk of output to `take`; returns the unzipped size. */
export function inflateCounting(
  data: Uint8Array,
  entry: ZipEntry,
  budget: number,
  limit: number,
  take: (chunk: Uint8Array) => void,
  errors: ZipErrors,
): number {
  let size = 0;
  let consumed = 0;
  // The refusals made here pass through as they are; whatever else fflate throws is corrupt data.
  const refusals = new Set<unknown>();
  const refuse = (error: Error) => {
    refusals.add(error);
    return error;
  };
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > budget) throw refuse(errors.bomb(`it unzips to more than ${megabytes(limit)}`));
    if (size > RATIO_CHECK_AFTER && size > RATIO_LIMIT * consumed) {
      throw refuse(errors.bomb(`part ${entry.name} expands more than ${RATIO_LIMIT} times`));
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
      if (idle > MAX_IDLE_CHUNKS)
        throw refuse(errors.corrupt(`corrupt: part ${entry.name} has data after its end`));
    }
  } catch (error) {
    if (refusals.has(error) || error instanceof StudyError) throw error;
    throw errors.corrupt(`truncated or corrupt: part ${entry.name}`);
  }
  return size;
}

const MAX32 = 0xffffffff;

/** A little-endian 64-bit value; past what a Number holds exactly it is Infinity (never a real offset). */
function u64(bytes: Uint8Array, at: number): number {
  if (at + 8 > bytes.length) return Infinity;
  const low = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
  const high =
    (bytes[at + 4]! | (bytes[at + 5]! << 8) | (bytes[at + 6]! << 16) | (bytes[at + 7]! << 24)) >>> 0;
  return high > 0x1fffff ? Infinity : high * 0x100000000 + low;
}

/**
 * Values of a header that ZIP64 widens: each one written as 0xFFFFFFFF is read, in order, from the
 * ZIP64 extra field (0x0001). Writers that use ZIP64 whatever the size (Info-ZIP streaming from
 * standard input or with -fz, Python's zipfile with force_zip64) write it for small files too.
 */
function zip64Values(extra: Uint8Array, values: number[], errors: ZipErrors): number[] {
  if (!values.includes(MAX32)) return values;
  let field: Uint8Array | undefined;
  for (let at = 0; at + 4 <= extra.length; at += 4 + (extra[at + 2]! | (extra[at + 3]! << 8))) {
    if (extra[at] === 0x01 && extra[at + 1] === 0x00)
      field = extra.subarray(
        at + 4,
        Math.min(extra.length, at + 4 + (extra[at + 2]! | (extra[at + 3]! << 8))),
      );
  }
  if (field === undefined) throw errors.corrupt('corrupt: a ZIP64 size without its ZIP64 field');
  let next = 0;
  return values.map((value) => {
    if (value !== MAX32) return value;
    if (next + 8 > field.length) throw errors.corrupt('corrupt: a ZIP64 field too short');
    next += 8;
    return u64(field, next - 8);
  });
}

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000).toLocaleString('en-US')} MB`;
}
