/**
 * Seeded randomness for the generator. Two kinds:
 * - a stream (`Random`, sfc32) for the simulation, forked per subject so that subjects are
 *   independent of each other and of the order they are simulated in;
 * - stable hashes (`hashText`, `mixHash`, `hashUnit`) for choices that must not depend on order or
 *   round, such as how a site writes one value of one record (a value written the same way in
 *   every export does not show up as "changed" on re-import).
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  normal(mean: number, sd: number): number;
  /** A new independent stream derived from this one's seed and a label. */
  fork(label: string | number): Random;
}

/** 32-bit string hash (cyrb-style), seeded. */
export function hashText(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

/** Combines a hash with a number (a column index, a purpose) into a new 32-bit hash. */
export function mixHash(hash: number, value: number): number {
  let h = (hash ^ Math.imul(value + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A hash as a number in [0, 1). */
export function hashUnit(hash: number): number {
  return hash / 4294967296;
}

/** Picks from items by a hash (stable choice). */
export function hashPick<T>(hash: number, items: readonly T[]): T {
  return items[Math.floor(hashUnit(hash) * items.length)]!;
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function createRandom(seed: number): Random {
  const s = seed >>> 0;
  const next = sfc32(mixHash(s, 1), mixHash(s, 2), mixHash(s, 3), mixHash(s, 4));
  for (let i = 0; i < 12; i++) next();
  let spareNormal: number | undefined;
  const random: Random = {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
    weighted: (items) => {
      let total = 0;
      for (const [, w] of items) total += w;
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      return items[items.length - 1]![0];
    },
    normal: (mean, sd) => {
      if (spareNormal !== undefined) {
        const z = spareNormal;
        spareNormal = undefined;
        return mean + sd * z;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spareNormal = r * Math.sin(2 * Math.PI * v);
      return mean + sd * r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRandom(mixHash(s, typeof label === 'number' ? label : hashText(label))),
  };
  return random;
}
