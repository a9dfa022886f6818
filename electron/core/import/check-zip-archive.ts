import { crc32 } from 'node:zlib';
import { badInput } from '../common/errors';
import { formatCount, MAX_UNZIPPED_BYTES, MAX_WORKBOOK_CELLS } from './source-limits';
import {
  inflateCounting,
  inflatedAsDeclared,
  isZip,
  joined,
  megabytes,
  readZipEntries,
  unreadMethod,
  type ZipErrors,
} from '../common/zip-archive';

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
    password: () => encryptedWorkbook(file),
  };
  if (!isZip(bytes)) {
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
      throw badInput(
        `${file}: an Excel 97-2003 workbook or a password-protected one; save it as a plain .xlsx without a password`,
        { kind: 'FILE_UNREADABLE', facts: { file } },
      );
    }
    throw errors.corrupt('not a zip archive');
  }
  const entries = readZipEntries(bytes, errors);
  if (entries.some((entry) => entry.encrypted)) throw encryptedWorkbook(file);
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
      throw errors.corrupt(unreadMethod(entry));
    }
    if (size !== entry.size || crc !== entry.crc) {
      throw errors.corrupt(`corrupt: part ${entry.name} fails its checksum`);
    }
    total += size;
    if (chunks) kept.set(entry.name, joined(chunks, size));
  }
  return kept;
}

function encryptedWorkbook(file: string): Error {
  return badInput(`${file}: an encrypted workbook; save it without a password`, {
    kind: 'FILE_UNREADABLE',
    facts: { file },
  });
}

function tooManyCells(file: string, maxCells: number): Error {
  return badInput(
    `${file}: refused: more than ${formatCount(maxCells)} cells; a workbook this large is not read`,
    { kind: 'FILE_UNREADABLE', facts: { file } },
  );
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
