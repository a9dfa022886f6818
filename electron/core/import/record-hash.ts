import type { StandardValue } from '../standardise/standardise-value';

const NULL_MARK = 0;
const END_MARK = 1;
const NUMBER_MARK = 0x23; // #
const TEXT_MARK = 0x24; // $
const UNREADABLE_MARK = 0x21; // !

/**
 * A 53-bit hash of a record's standardised values (cyrb53), compared only with the previous
 * version of the same record to tell whether it changed. Each value is hashed as a mark and its
 * text (# number, $ text, ! unreadable raw text), or as NUL for null, then an end mark. The marks
 * are hashed as char codes rather than prepended to copies of the text: hashing allocates nothing.
 */
export function recordHash(values: readonly StandardValue[], unreadableRaw: readonly string[] = []): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const count = values.length + unreadableRaw.length;
  for (let v = 0; v < count; v++) {
    const value = v < values.length ? values[v]! : unreadableRaw[v - values.length]!;
    if (value === null) {
      h1 = Math.imul(h1 ^ NULL_MARK, 2654435761);
      h2 = Math.imul(h2 ^ NULL_MARK, 1597334677);
    } else {
      const text = typeof value === 'number' ? String(value) : value;
      const mark = typeof value === 'number' ? NUMBER_MARK : v < values.length ? TEXT_MARK : UNREADABLE_MARK;
      h1 = Math.imul(h1 ^ mark, 2654435761);
      h2 = Math.imul(h2 ^ mark, 1597334677);
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ code, 2654435761);
        h2 = Math.imul(h2 ^ code, 1597334677);
      }
    }
    h1 = Math.imul(h1 ^ END_MARK, 2654435761);
    h2 = Math.imul(h2 ^ END_MARK, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
