import type { StandardValue } from '../standardise/standardise-value';

/**
 * A 53-bit hash of a record's standardised values (cyrb53), compared only with the previous
 * version of the same record to tell whether it changed. Numbers and text hash differently.
 */
export function recordHash(values: readonly StandardValue[], unreadableRaw: readonly string[] = []): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  // Hashes each value's text, with a mark for numbers (#), text ($), null (0) and the end of a value (1).
  for (let v = 0; v < values.length + unreadableRaw.length; v++) {
    const value = v < values.length ? values[v]! : unreadableRaw[v - values.length]!;
    const text = value === null ? '\u0000' : typeof value === 'number' ? `#${value}` : v < values.length ? `$${value}` : `!${value}`;
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
