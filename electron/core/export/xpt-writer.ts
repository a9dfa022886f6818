import fs from 'node:fs';
import { writeIbmDouble } from './ibm-float';

/**
 * SAS Version 5 transport files (XPORT), as SAS TS-140 lays them out: 80-byte header records
 * (library, member, descriptor, NAMESTR, observations), one 140-byte NAMESTR per variable, then the
 * observations back to back, the last record padded with blanks to 80 bytes. Numbers are 8-byte IBM
 * floats; text is written as UTF-8 bytes (the format records no encoding: read it in a UTF-8 session).
 */

export const XPT_NAME_LIMIT = 8;
export const XPT_LABEL_LIMIT = 40;
export const XPT_CHAR_LIMIT = 200;
const RECORD = 80;
const NAMESTR_LENGTH = 140;
const NUMBER_LENGTH = 8;

export interface XptFormat {
  name: string;
  width: number;
  decimals: number;
}

export interface XptVariable {
  name: string;
  label: string;
  type: 'char' | 'num';
  /** Bytes: 8 for numbers, 1 to 200 for text. */
  length: number;
  format?: XptFormat;
}

export interface XptDataset {
  name: string;
  label: string;
  variables: readonly XptVariable[];
  created: Date;
}

export type XptValue = string | number | null;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const two = (n: number) => String(n).padStart(2, '0');

/** ddMMMyy:hh:mm:ss (UTC), the transport file's date-time stamp. */
export function xptTimestamp(date: Date): string {
  return `${two(date.getUTCDate())}${MONTHS[date.getUTCMonth()]}${two(date.getUTCFullYear() % 100)}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
}

/** "DATE9." -> DATE, 9, 0; "8.2" -> "", 8, 2. */
export function parseSasFormat(format: string): XptFormat {
  const match = /^([A-Z$_][A-Z0-9_]*?)?(\d+)\.(\d*)$/i.exec(format);
  if (!match) throw new Error(`${format} is not a SAS format (such as DATE9. or 8.2)`);
  return { name: (match[1] ?? '').toUpperCase(), width: Number(match[2]), decimals: Number(match[3] || 0) };
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** Refuses what SAS V5 cannot hold, naming the variable: names over 8, labels over 40, text over 200 bytes. */
export function checkXptDataset(dataset: XptDataset): void {
  const where = `dataset ${dataset.name}`;
  if (!/^[A-Z_][A-Z0-9_]{0,7}$/i.test(dataset.name))
    throw new Error(`${where}: a SAS V5 name has 1 to ${XPT_NAME_LIMIT} letters, digits or _`);
  if (bytes(dataset.label) > XPT_LABEL_LIMIT)
    throw new Error(`${where}: label "${dataset.label}" is longer than ${XPT_LABEL_LIMIT} bytes`);
  if (dataset.variables.length === 0 || dataset.variables.length > 9999)
    throw new Error(`${where}: ${dataset.variables.length} variables (1 to 9999 allowed)`);
  const names = new Set<string>();
  for (const v of dataset.variables) {
    if (!/^[A-Z_][A-Z0-9_]{0,7}$/i.test(v.name))
      throw new Error(
        `${where}: variable ${v.name} is not a SAS V5 name (1 to ${XPT_NAME_LIMIT} letters, digits or _)`,
      );
    if (names.has(v.name.toUpperCase())) throw new Error(`${where}: variable ${v.name} appears twice`);
    names.add(v.name.toUpperCase());
    if (bytes(v.label) > XPT_LABEL_LIMIT)
      throw new Error(`${where}: label of ${v.name} "${v.label}" is longer than ${XPT_LABEL_LIMIT} bytes`);
    const okLength =
      v.type === 'num' ? v.length === NUMBER_LENGTH : v.length >= 1 && v.length <= XPT_CHAR_LIMIT;
    if (!okLength) throw new Error(`${where}: variable ${v.name} has length ${v.length}`);
  }
}

/** Text padded with blanks (or cut) to exactly `length` bytes, ASCII. */
function field(text: string, length: number): string {
  return text.padEnd(length, ' ').slice(0, length);
}

function headerRecord(kind: string, numbers = '0'.repeat(30)): string {
  return `HEADER RECORD*******${field(kind, 8)}HEADER RECORD!!!!!!!${numbers}  `;
}

/** The library header, the member and descriptor headers: the first 8 records of a one-member file. */
export function xptLeadingRecords(dataset: XptDataset): Buffer {
  const stamp = xptTimestamp(dataset.created);
  const records = [
    headerRecord('LIBRARY'),
    `${field('SAS', 8)}${field('SAS', 8)}${field('SASLIB', 8)}${field('9.4', 8)}${field('', 8)}${field('', 24)}${stamp}`,
    field(stamp, RECORD),
    headerRecord('MEMBER', `${'0'.repeat(17)}16${'0'.repeat(8)}${NAMESTR_LENGTH}`),
    headerRecord('DSCRPTR'),
    `${field('SAS', 8)}${field(dataset.name.toUpperCase(), 8)}${field('SASDATA', 8)}${field('9.4', 8)}${field('', 8)}${field('', 24)}${stamp}`,
    `${stamp}${field('', 16)}${field('', 40)}${field('', 8)}`,
    headerRecord('NAMESTR', `000000${String(dataset.variables.length).padStart(4, '0')}${'0'.repeat(20)}`),
  ];
  const buffer = Buffer.from(records.join(''), 'latin1');
  // The dataset label may be UTF-8: written as bytes into its 40-byte slot of record 7.
  Buffer.from(dataset.label, 'utf8').copy(buffer, 6 * RECORD + 32, 0, XPT_LABEL_LIMIT);
  return buffer;
}

/** One 140-byte NAMESTR: type, length, number, name, label, format, position in the observation. */
export function xptNamestr(variable: XptVariable, index: number, position: number): Buffer {
  const namestr = Buffer.alloc(NAMESTR_LENGTH, 0);
  namestr.writeInt16BE(variable.type === 'num' ? 1 : 2, 0);
  namestr.writeInt16BE(0, 2);
  namestr.writeInt16BE(variable.length, 4);
  namestr.writeInt16BE(index + 1, 6);
  namestr.write(field(variable.name.toUpperCase(), 8), 8, 'latin1');
  namestr.fill(' ', 16, 56);
  Buffer.from(variable.label, 'utf8').copy(namestr, 16, 0, XPT_LABEL_LIMIT);
  namestr.write(field(variable.format?.name ?? '', 8), 56, 'latin1');
  namestr.writeInt16BE(variable.format?.width ?? 0, 64);
  namestr.writeInt16BE(variable.format?.decimals ?? 0, 66);
  namestr.writeInt16BE(variable.type === 'num' ? 1 : 0, 68); // justification: numbers right, text left
  namestr.write(field('', 8), 72, 'latin1'); // no informat
  namestr.writeInt32BE(position, 84);
  return namestr;
}

/** Blanks up to the next 80-byte boundary. */
function padding(length: number): Buffer {
  const rest = length % RECORD;
  return Buffer.alloc(rest === 0 ? 0 : RECORD - rest, ' ');
}

/** Everything before the first observation: headers, NAMESTRs (padded) and the OBS header. */
export function xptHeader(dataset: XptDataset): Buffer {
  checkXptDataset(dataset);
  let position = 0;
  const namestrs = dataset.variables.map((v, i) => {
    const namestr = xptNamestr(v, i, position);
    position += v.length;
    return namestr;
  });
  const descriptors = Buffer.concat(namestrs);
  return Buffer.concat([
    xptLeadingRecords(dataset),
    descriptors,
    padding(descriptors.length),
    Buffer.from(headerRecord('OBS'), 'latin1'),
  ]);
}

/**
 * Observations of at least 81 bytes: the file's last record is padded with blanks to 80 bytes, and
 * readers that count observations from what remains (pandas counts trailing blank 8-byte words,
 * xport-js reads padding as one more observation) miscount when an observation fits in 80 bytes
 * and ends in blanks. A shorter observation widens its last text variable (SAS ignores trailing
 * blanks); one without text is left as it is.
 */
export function widenShortObservation(variables: readonly XptVariable[]): XptVariable[] {
  const total = variables.reduce((sum, v) => sum + v.length, 0);
  const last = variables.map((v) => v.type).lastIndexOf('char');
  if (total > RECORD || last < 0) return [...variables];
  return variables.map((v, i) => (i === last ? { ...v, length: v.length + RECORD + 1 - total } : v));
}

export function observationLength(dataset: XptDataset): number {
  return dataset.variables.reduce((sum, v) => sum + v.length, 0);
}

/** Cuts UTF-8 text to at most `length` bytes without splitting a character. */
export function cutUtf8(text: string, length: number): Buffer {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length <= length) return encoded;
  let end = length;
  while (end > 0 && (encoded[end]! & 0xc0) === 0x80) end -= 1;
  return encoded.subarray(0, end);
}

/**
 * Writes one observation at `offset`: numbers as IBM doubles (null: missing), text as UTF-8 padded
 * with blanks. Returns the names of variables whose text was cut to fit.
 */
export function writeObservation(
  dataset: XptDataset,
  values: readonly XptValue[],
  target: Buffer,
  offset: number,
): string[] {
  const cut: string[] = [];
  let at = offset;
  dataset.variables.forEach((v, i) => {
    const value = values[i] ?? null;
    if (v.type === 'num') {
      if (value !== null && typeof value !== 'number')
        throw new Error(`${dataset.name}.${v.name}: ${JSON.stringify(value)} is not a number`);
      writeIbmDouble(target, at, value);
    } else {
      target.fill(0x20, at, at + v.length);
      if (value !== null) {
        const text = cutUtf8(String(value), v.length);
        if (text.length < Buffer.byteLength(String(value), 'utf8')) cut.push(v.name);
        text.copy(target, at);
      }
    }
    at += v.length;
  });
  return cut;
}

/** A transport file written observation by observation (a page at a time), never held whole. */
export class XptFileWriter {
  private readonly fd: number;
  private readonly obsLength: number;
  private written = 0;
  /** Variable name -> how many values were cut to fit the variable's length. */
  readonly cutValues = new Map<string, number>();

  constructor(
    readonly file: string,
    readonly dataset: XptDataset,
  ) {
    const header = xptHeader(dataset);
    this.obsLength = observationLength(dataset);
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, header);
  }

  add(rows: readonly (readonly XptValue[])[]): void {
    if (rows.length === 0) return;
    const buffer = Buffer.alloc(rows.length * this.obsLength);
    rows.forEach((row, i) => {
      for (const name of writeObservation(this.dataset, row, buffer, i * this.obsLength))
        this.cutValues.set(name, (this.cutValues.get(name) ?? 0) + 1);
    });
    fs.writeSync(this.fd, buffer);
    this.written += buffer.length;
  }

  finish(): void {
    fs.writeSync(this.fd, padding(this.written));
    fs.closeSync(this.fd);
  }
}
