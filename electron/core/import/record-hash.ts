import type { StandardValue } from '../standardise/standardise-value';

/**
 * A 53-bit hash of a record's standardised values (cyrb53), compared only with the previous
 * version of the same record to tell whether it changed. Numbers and text hash differently.
 */
export function recordHash(values: readonly StandardValue[], unreadableRaw: readonly string[] = []): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mix = (code: number) => {
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  };
  for (const value of values) {
    if (value === null) {
      mix(0);
      continue;
    }
    const text = typeof value === 'number' ? `#${value}` : `$${value}`;
    for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
    mix(1);
  }
  // Values that could not be standardised are null; their raw text tells one version from another.
  for (const text of unreadableRaw) {
    for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
    mix(2);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
