/**
 * IEEE 754 doubles to the IBM System/370 double-precision floats of SAS transport files (SAS TS-140):
 * a sign bit, a 7-bit base-16 exponent biased by 64, and a 56-bit fraction in [1/16, 1). An IEEE
 * double's 53 significant bits always fit in the 56-bit fraction, so every value in IBM's range
 * (about 5.4e-79 to 7.2e75) is written exactly.
 */

const TWO_POW_32 = 2 ** 32;
const TWO_POW_56 = 2 ** 56;
const LOWEST_EXPONENT = -64;
const HIGHEST_EXPONENT = 63;

/** SAS's standard missing value (.): 0x2E then seven zero bytes. */
export const IBM_MISSING = 0x2e;

/** Writes `value` (null: missing) as 8 bytes at `offset`. */
export function writeIbmDouble(target: Buffer, offset: number, value: number | null): void {
  target.fill(0, offset, offset + 8);
  if (value === null) {
    target[offset] = IBM_MISSING;
    return;
  }
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written as a SAS number`);
  if (value === 0) return;
  const sign = value < 0 ? 0x80 : 0;
  const magnitude = Math.abs(value);
  // The base-16 exponent x such that magnitude / 16^x lies in [1/16, 1); log2 may be off by one near
  // powers of two, which the loops below correct.
  let exponent = Math.floor(Math.log2(magnitude) / 4) + 1;
  let fraction = magnitude * 2 ** (56 - 4 * exponent);
  while (fraction >= TWO_POW_56) {
    exponent += 1;
    fraction = magnitude * 2 ** (56 - 4 * exponent);
  }
  while (fraction < TWO_POW_56 / 16 && exponent > LOWEST_EXPONENT) {
    exponent -= 1;
    fraction = magnitude * 2 ** (56 - 4 * exponent);
  }
  if (exponent > HIGHEST_EXPONENT) throw new RangeError(`${value} is too large for a SAS transport number`);
  if (exponent < LOWEST_EXPONENT) {
    // Below IBM's smallest normal number: keep what an unnormalised fraction at the lowest exponent holds.
    exponent = LOWEST_EXPONENT;
    fraction = magnitude * 2 ** (56 - 4 * exponent);
  }
  fraction = Math.round(fraction);
  if (fraction === 0) return;
  const high = Math.floor(fraction / TWO_POW_32);
  target[offset] = sign | (exponent + 64);
  target[offset + 1] = (high >>> 16) & 0xff;
  target[offset + 2] = (high >>> 8) & 0xff;
  target[offset + 3] = high & 0xff;
  target.writeUInt32BE(fraction - high * TWO_POW_32, offset + 4);
}

/** Reads 8 IBM bytes back (null for any of SAS's missing values: ., ._ and .A to .Z). */
export function readIbmDouble(source: Buffer, offset: number): number | null {
  const first = source[offset]!;
  const rest = source.subarray(offset + 1, offset + 8);
  if (
    (first === IBM_MISSING || first === 0x5f || (first >= 0x41 && first <= 0x5a)) &&
    rest.every((b) => b === 0)
  )
    return null;
  const high = (source[offset + 1]! << 16) | (source[offset + 2]! << 8) | source[offset + 3]!;
  const fraction = high * TWO_POW_32 + source.readUInt32BE(offset + 4);
  const magnitude = fraction * 2 ** (4 * ((first & 0x7f) - 64) - 56);
  return first & 0x80 ? -magnitude : magnitude;
}
