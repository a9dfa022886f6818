import { createCipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';
import iconv from 'iconv-lite';
import type { ZipEntry, ZipErrors } from './zip-archive';

/**
 * The two ways sites password-protect a zip: ZipCrypto (PKWARE's traditional encryption, what
 * Info-ZIP, Bandizip and 7-Zip write by default) and WinZip's AES (AE-1 and AE-2, what WinZip and
 * 7-Zip write when AES is chosen). Each answers the data as it was before encryption (still
 * compressed), or undefined when the password is not this entry's.
 */

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** ZipCrypto: the 12-byte header first, whose last byte checks the password (1 in 256 pass by chance: the CRC then tells). */
export function decryptZipCrypto(
  data: Uint8Array,
  password: Uint8Array,
  check: number,
): Uint8Array | undefined {
  if (data.length < 12) return undefined;
  let k0 = 0x12345678;
  let k1 = 0x23456789;
  let k2 = 0x34567890;
  const update = (byte: number) => {
    k0 = CRC_TABLE[(k0 ^ byte) & 0xff]! ^ (k0 >>> 8);
    k1 = (Math.imul((k1 + (k0 & 0xff)) | 0, 134775813) + 1) | 0;
    k2 = CRC_TABLE[(k2 ^ (k1 >>> 24)) & 0xff]! ^ (k2 >>> 8);
  };
  for (const byte of password) update(byte);
  const plain = new Uint8Array(data.length - 12);
  for (let i = 0; i < data.length; i++) {
    const temp = (k2 | 2) & 0xffff;
    const byte = data[i]! ^ ((Math.imul(temp, temp ^ 1) >>> 8) & 0xff);
    update(byte);
    if (i >= 12) plain[i - 12] = byte;
    else if (i === 11 && byte !== check) return undefined;
  }
  return plain;
}

/** AES in WinZip's framing: salt, a 2-byte password verifier, the data, a 10-byte HMAC-SHA1. */
export function decryptWinZipAes(
  data: Uint8Array,
  password: Uint8Array,
  strength: number,
): { plain: Uint8Array } | { wrongPassword: true } | { corrupt: string } {
  const keyLength = [16, 24, 32][strength - 1];
  if (keyLength === undefined) return { corrupt: `AES strength ${strength}` };
  const saltLength = keyLength / 2;
  if (data.length < saltLength + 2 + 10) return { corrupt: 'too short for its encryption' };
  const salt = data.subarray(0, saltLength);
  const verifier = data.subarray(saltLength, saltLength + 2);
  const body = data.subarray(saltLength + 2, data.length - 10);
  const code = data.subarray(data.length - 10);
  const derived = pbkdf2Sync(password, salt, 1000, 2 * keyLength + 2, 'sha1');
  if (derived[2 * keyLength] !== verifier[0] || derived[2 * keyLength + 1] !== verifier[1])
    return { wrongPassword: true };
  const computed = createHmac('sha1', derived.subarray(keyLength, 2 * keyLength))
    .update(body)
    .digest()
    .subarray(0, 10);
  // A wrong password passes the 2-byte verifier once in 65,536 times; the code then tells.
  if (!timingSafeEqual(computed, code)) return { wrongPassword: true };
  return { plain: aesCtrLittleEndian(body, derived.subarray(0, keyLength)) };
}

const CTR_CHUNK_BLOCKS = 65_536;

/** WinZip's CTR mode: the counter is little-endian and starts at 1 (Node's aes-ctr counts big-endian). */
function aesCtrLittleEndian(body: Uint8Array, key: Uint8Array): Uint8Array {
  const cipher = createCipheriv(`aes-${key.length * 8}-ecb`, key, null);
  cipher.setAutoPadding(false);
  const plain = new Uint8Array(body.length);
  const blocks = Math.ceil(body.length / 16);
  for (let first = 0; first < blocks; first += CTR_CHUNK_BLOCKS) {
    const count = Math.min(CTR_CHUNK_BLOCKS, blocks - first);
    const counters = Buffer.alloc(count * 16);
    for (let i = 0; i < count; i++) {
      const n = first + i + 1;
      counters.writeUInt32LE(n >>> 0, i * 16);
      counters.writeUInt32LE(Math.floor(n / 0x1_0000_0000), i * 16 + 4);
    }
    const stream = cipher.update(counters);
    const start = first * 16;
    const end = Math.min(body.length, start + count * 16);
    for (let at = start; at < end; at++) plain[at] = body[at]! ^ stream[at - start]!;
  }
  return plain;
}

/** What an encrypted entry holds once decrypted: its data still compressed by `method`. */
export interface DecryptedEntry {
  data: Uint8Array;
  method: number;
  /** AE-2 leaves the CRC out (its authentication code stands for it). */
  checkCrc: boolean;
}

/**
 * An encrypted entry's data decrypted with the password, tried as UTF-8 and, when it is not
 * ASCII, as CP949 (what a Korean archiver may have used); refused without one, or with another.
 */
export function decryptEntry(
  data: Uint8Array,
  entry: ZipEntry,
  password: string | undefined,
  errors: ZipErrors,
): DecryptedEntry {
  const encryption = entry.encryption;
  if (encryption?.kind === 'strong' || encryption === undefined)
    throw errors.corrupt(`part ${entry.name} uses PKWARE's strong encryption, which is not read`);
  if (password === undefined || password === '') throw errors.password(false);
  const spellings: Uint8Array[] = [Buffer.from(password, 'utf8')];
  if (/[^\x20-\x7e]/.test(password)) spellings.push(iconv.encode(password, 'cp949'));
  for (const spelling of spellings) {
    if (encryption.kind === 'zipcrypto') {
      const plain = decryptZipCrypto(data, spelling, encryption.check);
      if (plain !== undefined) return { data: plain, method: entry.method, checkCrc: true };
    } else {
      const opened = decryptWinZipAes(data, spelling, encryption.strength);
      if ('corrupt' in opened) throw errors.corrupt(`part ${entry.name}: ${opened.corrupt}`);
      if ('plain' in opened)
        return { data: opened.plain, method: encryption.method, checkCrc: encryption.version !== 2 };
    }
  }
  throw errors.password(true);
}
