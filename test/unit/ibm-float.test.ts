import { describe, expect, it } from 'vitest';
import { readIbmDouble, writeIbmDouble } from '../../electron/core/export/ibm-float';

const hex = (value: number | null) => {
  const buffer = Buffer.alloc(8);
  writeIbmDouble(buffer, 0, value);
  return buffer.toString('hex').toUpperCase();
};
const roundTrip = (value: number) => {
  const buffer = Buffer.alloc(8);
  writeIbmDouble(buffer, 0, value);
  return readIbmDouble(buffer, 0);
};

describe('IBM System/370 doubles (SAS transport numbers)', () => {
  it('writes the byte patterns of TS-140 for known values', () => {
    // Sign bit, exponent (base 16, bias 64), 56-bit fraction in [1/16, 1).
    expect(hex(1)).toBe('4110000000000000');
    expect(hex(-1)).toBe('C110000000000000');
    expect(hex(0.5)).toBe('4080000000000000');
    expect(hex(100)).toBe('4264000000000000');
    expect(hex(0.1)).toBe('401999999999999A');
    expect(hex(-118.625)).toBe('C276A00000000000');
    expect(hex(16)).toBe('4210000000000000');
    expect(hex(15)).toBe('41F0000000000000');
  });

  it('writes zero as all zero bytes, negative zero too', () => {
    expect(hex(0)).toBe('0000000000000000');
    expect(hex(-0)).toBe('0000000000000000');
  });

  it('writes missing as SAS "." (0x2E and zeros), and reads every SAS missing value as null', () => {
    expect(hex(null)).toBe('2E00000000000000');
    for (const first of [0x2e, 0x5f, 0x41, 0x5a]) {
      const buffer = Buffer.alloc(8);
      buffer[0] = first;
      expect(readIbmDouble(buffer, 0)).toBeNull();
    }
  });

  it('keeps every IEEE double exactly, across magnitudes and signs', () => {
    const values = [
      1,
      -1,
      0.1,
      1 / 3,
      -2 / 3,
      Math.PI,
      123456789.123,
      2 ** 53 - 1,
      -(2 ** 53),
      1e-5,
      4.42,
      1.20022624434,
      21175,
      1e75,
      -7e75,
      1e-77,
      6e-78,
      Number.MAX_SAFE_INTEGER,
      0.000123456789,
      99999.99999,
    ];
    for (const v of values) expect(roundTrip(v)).toBe(v);
    // Powers of two and sixteen sit on the exponent boundaries.
    for (let e = -250; e <= 250; e += 1) {
      expect(roundTrip(2 ** e)).toBe(2 ** e);
      expect(roundTrip(-(2 ** e) * 1.5)).toBe(-(2 ** e) * 1.5);
    }
  });

  it('refuses what IBM floats cannot hold, and underflows tiny values towards zero', () => {
    expect(() => hex(1e76)).toThrow(/too large/);
    expect(() => hex(Number.POSITIVE_INFINITY)).toThrow(/cannot be written/);
    expect(() => hex(Number.NaN)).toThrow(/cannot be written/);
    expect(hex(Number.MIN_VALUE)).toBe('0000000000000000');
    // Below 16^-65 the fraction is no longer normalised: kept to the precision left.
    const tiny = roundTrip(1e-80)!;
    expect(Math.abs(tiny - 1e-80) / 1e-80).toBeLessThan(1e-6);
  });
});
