import { describe, expect, it } from 'vitest';
import { recordHash } from '../../electron/core/import/record-hash';
import type { StandardValue } from '../../electron/core/standardise/standardise-value';

/**
 * The hash is stored with every record and compared at the next import: a faster way of computing
 * it must give the very same numbers, or every record of every study would look changed once.
 * The reference is the first formulation: the text of each value behind a mark, hashed char by char.
 */
function referenceHash(values: readonly StandardValue[], unreadableRaw: readonly string[] = []): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let v = 0; v < values.length + unreadableRaw.length; v++) {
    const value = v < values.length ? values[v]! : unreadableRaw[v - values.length]!;
    const text =
      value === null
        ? '\u0000'
        : typeof value === 'number'
          ? `#${value}`
          : v < values.length
            ? `$${value}`
            : `!${value}`;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : 1;
      h1 = Math.imul(h1 ^ code, 2654435761);
      h2 = Math.imul(h2 ^ code, 1597334677);
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const POOL: StandardValue[] = [
  null,
  0,
  -0,
  -1.5,
  1e21,
  3.14159,
  17_000,
  'Y',
  '',
  '발열',
  'S01-001',
  '\u0000',
  '#1',
  '$',
  '2018-03',
  '😀',
];

describe('recordHash', () => {
  it('gives the numbers of its reference formulation', () => {
    for (let i = 0; i < 5000; i++) {
      const values = Array.from(
        { length: (i % 23) + 1 },
        (_, k) => POOL[(i * 7 + k * 13 + (i >> 3)) % POOL.length]!,
      );
      const unreadable = i % 4 === 0 ? [`AGE=${i}`, '발열=x'] : [];
      expect(recordHash(values, unreadable), JSON.stringify({ values, unreadable })).toBe(
        referenceHash(values, unreadable),
      );
    }
  });

  it('tells a number from the same text, and a value from an unreadable raw text', () => {
    expect(recordHash([1])).not.toBe(recordHash(['1']));
    expect(recordHash(['AGE=x'])).not.toBe(recordHash([], ['AGE=x']));
    expect(recordHash([null])).not.toBe(recordHash(['']));
  });
});
