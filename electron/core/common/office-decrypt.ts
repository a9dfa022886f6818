import { createDecipheriv, createHash } from 'node:crypto';
import * as XLSX from 'xlsx';
import { badInput } from './errors';

/**
 * A workbook Excel saved with "Encrypt with Password": an OLE compound file whose EncryptionInfo
 * stream says how the key comes from the password and whose EncryptedPackage stream holds the
 * .xlsx. Agile encryption (Excel 2010 and later: SHA-512 spun 100,000 times, AES-256-CBC in
 * segments of 4,096 bytes) and standard encryption (Excel 2007: SHA-1, AES-ECB) are read. The
 * compound file is read by SheetJS's CFB.
 */

/** The part of SheetJS's CFB (untyped in its typings) read here. */
interface CompoundFile {
  readonly FileIndex: unknown[];
}
interface CompoundFileReader {
  read(data: Buffer, options: { type: 'buffer' }): CompoundFile;
  find(file: CompoundFile, path: string): { content?: Uint8Array | number[] } | null;
}
const CFB = XLSX.CFB as CompoundFileReader;

/** An OLE compound file: an encrypted workbook, or an Excel 97-2003 one. */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
}

export type OfficeDecryption =
  | { kind: 'notEncrypted' }
  | { kind: 'unsupported'; why: string }
  | { kind: 'wrongPassword' }
  | { kind: 'needsPassword' }
  | { kind: 'decrypted'; bytes: Uint8Array };

const BLOCK_VERIFIER_INPUT = Buffer.from('fea7d2763b4b9e79', 'hex');
const BLOCK_VERIFIER_VALUE = Buffer.from('d7aa0f6d3061344e', 'hex');
const BLOCK_KEY = Buffer.from('146e0be7abacd0d6', 'hex');
const SEGMENT = 4096;

export function decryptOfficeFile(bytes: Uint8Array, password: string | undefined): OfficeDecryption {
  let container: CompoundFile;
  try {
    container = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), { type: 'buffer' });
  } catch {
    return { kind: 'notEncrypted' };
  }
  const info = CFB.find(container, 'EncryptionInfo')?.content;
  const encrypted = CFB.find(container, 'EncryptedPackage')?.content;
  if (!info || !encrypted) return { kind: 'notEncrypted' };
  const infoBytes = Buffer.from(info);
  const [major, minor] = [infoBytes.readUInt16LE(0), infoBytes.readUInt16LE(2)];
  const standard = minor === 2 && major >= 2 && major <= 4;
  if (!standard && !(major === 4 && minor === 4))
    return {
      kind: 'unsupported',
      why: `${minor === 3 ? "Office's extensible encryption" : 'an unknown scheme'} (version ${major}.${minor})`,
    };
  if (password === undefined || password === '') return { kind: 'needsPassword' };
  if (standard) return decryptStandard(infoBytes, Buffer.from(encrypted), password);

  const xml = infoBytes.subarray(8).toString('utf8');
  const keyData = attributesOf(xml, 'keyData');
  const key = attributesOf(xml, 'p:encryptedKey');
  if (!keyData || !key) return { kind: 'unsupported', why: 'an encryption by certificate, not by password' };
  const keyHash = hashName(key.hashAlgorithm);
  const dataHash = hashName(keyData.hashAlgorithm);
  if (!keyHash || !dataHash || key.cipherAlgorithm !== 'AES' || keyData.cipherAlgorithm !== 'AES')
    return { kind: 'unsupported', why: `its cipher (${key.cipherAlgorithm}, ${key.hashAlgorithm})` };

  const keyBytes = Number(key.keyBits) / 8;
  const salt = Buffer.from(key.saltValue ?? '', 'base64');
  const hash = (name: string, ...parts: Uint8Array[]) =>
    createHash(name).update(Buffer.concat(parts)).digest();
  let spun = hash(keyHash, salt, Buffer.from(password, 'utf16le'));
  const counter = Buffer.alloc(4);
  for (let i = 0; i < Number(key.spinCount); i++) {
    counter.writeUInt32LE(i);
    spun = hash(keyHash, counter, spun);
  }
  const derive = (block: Buffer) => fitted(hash(keyHash, spun, block), keyBytes, 0x36);
  const decrypt = (secret: Uint8Array, iv: Uint8Array, data: Uint8Array) => {
    const decipher = createDecipheriv(`aes-${secret.length * 8}-cbc`, secret, iv);
    decipher.setAutoPadding(false);
    return Buffer.concat([decipher.update(padded(data)), decipher.final()]);
  };

  const ivOfKey = fitted(salt, Number(key.blockSize), 0x36);
  const verifierInput = decrypt(
    derive(BLOCK_VERIFIER_INPUT),
    ivOfKey,
    base64(key.encryptedVerifierHashInput),
  );
  const verifierValue = decrypt(
    derive(BLOCK_VERIFIER_VALUE),
    ivOfKey,
    base64(key.encryptedVerifierHashValue),
  );
  const expected = hash(keyHash, verifierInput.subarray(0, Number(key.saltSize)));
  if (!expected.equals(verifierValue.subarray(0, expected.length))) return { kind: 'wrongPassword' };
  const secret = decrypt(derive(BLOCK_KEY), ivOfKey, base64(key.encryptedKeyValue)).subarray(0, keyBytes);

  const stream = Buffer.from(encrypted);
  const size = Number(stream.readBigUInt64LE(0));
  if (size > stream.length) return { kind: 'unsupported', why: 'a truncated encrypted package' };
  const dataSalt = Buffer.from(keyData.saltValue ?? '', 'base64');
  const segment = Buffer.alloc(4);
  const parts: Buffer[] = [];
  for (let i = 0, at = 8; at < stream.length && i * SEGMENT < size; i++, at += SEGMENT) {
    segment.writeUInt32LE(i);
    const iv = fitted(hash(dataHash, dataSalt, segment), Number(keyData.blockSize), 0x36);
    parts.push(decrypt(secret, iv, stream.subarray(at, Math.min(at + SEGMENT, stream.length))));
  }
  return { kind: 'decrypted', bytes: Buffer.concat(parts).subarray(0, size) };
}

/**
 * Office's standard encryption (MS-OFFCRYPTO 2.3.4.5-2.3.4.9: Excel 2007, and programs that still
 * write it): a binary header, SHA-1 spun 50,000 times, the whole package in AES-ECB.
 */
function decryptStandard(info: Buffer, stream: Buffer, password: string): OfficeDecryption {
  const headerSize = info.readUInt32LE(8);
  const header = info.subarray(12, 12 + headerSize);
  const [algorithm, hashAlgorithm, keyBits] = [
    header.readUInt32LE(8),
    header.readUInt32LE(12),
    header.readUInt32LE(16),
  ];
  const aesBits = { 0x660e: 128, 0x660f: 192, 0x6610: 256 }[algorithm];
  if (aesBits === undefined || (hashAlgorithm !== 0x8004 && hashAlgorithm !== 0) || keyBits !== aesBits)
    return { kind: 'unsupported', why: `its cipher (algorithm 0x${algorithm.toString(16)})` };
  const verifier = info.subarray(12 + headerSize);
  const saltSize = verifier.readUInt32LE(0);
  const salt = verifier.subarray(4, 4 + saltSize);
  const encryptedVerifier = verifier.subarray(4 + saltSize, 20 + saltSize);
  const verifierHashSize = verifier.readUInt32LE(20 + saltSize);
  const encryptedVerifierHash = verifier.subarray(24 + saltSize, 56 + saltSize);

  const sha1 = (...parts: Uint8Array[]) => createHash('sha1').update(Buffer.concat(parts)).digest();
  let spun = sha1(salt, Buffer.from(password, 'utf16le'));
  const counter = Buffer.alloc(4);
  for (let i = 0; i < 50_000; i++) {
    counter.writeUInt32LE(i);
    spun = sha1(counter, spun);
  }
  const final = sha1(spun, Buffer.alloc(4));
  const xored = (pad: number) => {
    const block = Buffer.alloc(64, pad);
    for (let i = 0; i < final.length; i++) block[i]! ^= final[i]!;
    return sha1(block);
  };
  const key = Buffer.concat([xored(0x36), xored(0x5c)]).subarray(0, aesBits / 8);
  const decrypt = (data: Uint8Array) => {
    const decipher = createDecipheriv(`aes-${aesBits}-ecb`, key, null);
    decipher.setAutoPadding(false);
    return Buffer.concat([decipher.update(padded(data)), decipher.final()]);
  };

  const expected = sha1(decrypt(encryptedVerifier));
  if (!expected.equals(decrypt(encryptedVerifierHash).subarray(0, verifierHashSize)))
    return { kind: 'wrongPassword' };
  const size = Number(stream.readBigUInt64LE(0));
  if (size > stream.length) return { kind: 'unsupported', why: 'a truncated encrypted package' };
  return { kind: 'decrypted', bytes: decrypt(stream.subarray(8)).subarray(0, size) };
}

/** The attributes of the first element of that name (the EncryptionInfo XML is one flat document). */
function attributesOf(xml: string, element: string): Record<string, string> | undefined {
  const tag = new RegExp(`<${element}\\s([^>]*?)/?>`).exec(xml);
  if (!tag) return undefined;
  return Object.fromEntries(
    [...tag[1]!.matchAll(/([\w:]+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!]),
  );
}

function hashName(algorithm: string | undefined): string | undefined {
  const name = { SHA1: 'sha1', 'SHA-1': 'sha1', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512' }[
    (algorithm ?? '').toUpperCase()
  ];
  return name;
}

const base64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64');

/** Cut to `length`, or padded with `pad` (MS-OFFCRYPTO 2.3.4.12). */
function fitted(bytes: Uint8Array, length: number, pad: number): Buffer {
  return bytes.length >= length
    ? Buffer.from(bytes.subarray(0, length))
    : Buffer.concat([bytes, Buffer.alloc(length - bytes.length, pad)]);
}

/** AES-CBC wants whole blocks; the last segment may end short of one. */
function padded(data: Uint8Array): Uint8Array {
  return data.length % 16 === 0 ? data : Buffer.concat([data, Buffer.alloc(16 - (data.length % 16))]);
}

/**
 * A site export's workbook as an .xlsx: decrypted when Excel saved it with a password (and the
 * password is given); anything else that is a compound file (an Excel 97-2003 workbook) is left
 * for the workbook reader to refuse in its own words.
 */
export function openProtectedWorkbook(
  bytes: Uint8Array,
  file: string,
  password: string | undefined,
): Uint8Array {
  if (!isCompoundFile(bytes)) return bytes;
  const opened = decryptOfficeFile(bytes, password);
  switch (opened.kind) {
    case 'notEncrypted':
      return bytes;
    case 'decrypted':
      return opened.bytes;
    case 'needsPassword':
      throw filePasswordError(file, 'a workbook with a password: give its password, or save it without one');
    case 'wrongPassword':
      throw filePasswordError(file);
    case 'unsupported':
      throw badInput(
        `${file}: a workbook encrypted with ${opened.why}, which is not read; save it without a password`,
        {
          kind: 'FILE_UNREADABLE',
          facts: { file },
        },
      );
  }
}

/**
 * A file's password missing (`needed` says what the file is and the way out) or, without `needed`,
 * not the one given: the kinds every door asks for a password by.
 */
export function filePasswordError(file: string, needed?: string): Error {
  return needed === undefined
    ? badInput(`${file}: the password given does not open it; nothing was changed`, {
        kind: 'FILE_PASSWORD_WRONG',
        facts: { file },
      })
    : badInput(`${file}: ${needed}`, { kind: 'FILE_PASSWORD_NEEDED', facts: { file } });
}
