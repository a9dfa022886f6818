import { HLGTS, HLTS, PTS, SOCS, UPGRADE } from './meddra-catalog';
import { addFiller } from './meddra-filler';

/** A synthetic MedDRA version as the writer needs it: every term in English and Korean, with codes. */

export interface SynTerm {
  code: number;
  en: string;
  ko: string;
}

export interface SynPath {
  hlt: number;
  hlgt: number;
  soc: number;
  primary: boolean;
}

export interface SynMeddra {
  version: string;
  socs: (SynTerm & { abbrev: string })[];
  hlgts: (SynTerm & { soc: number })[];
  hlts: (SynTerm & { hlgt: number })[];
  pts: (SynTerm & { paths: SynPath[] })[];
  llts: (SynTerm & { pt: number; current: boolean })[];
}

export const FIRST_VERSION = '90.0';
export const NEXT_VERSION = '90.1';

const code = (base: number, index: number) => base + index + 1;
const EXTRA_LLT_BASE = 95_000_000;

function byKey<T extends { key: string }>(items: readonly T[], base: number): Map<string, number> {
  return new Map(items.map((item, i) => [item.key, code(base, i)]));
}

/**
 * Version 90.0 (the study's terms), or 90.1 (the same with the changes of UPGRADE), optionally
 * filled with made-up terms up to `totalLlts` LLTs (MedDRA's real size is about 80,000).
 */
export function buildMeddra(version: typeof FIRST_VERSION | typeof NEXT_VERSION, totalLlts = 0): SynMeddra {
  const next = version === NEXT_VERSION;
  const socCodes = byKey(SOCS, 91_000_000);
  const hlgtCodes = byKey(HLGTS, 92_000_000);
  const hltCodes = byKey(HLTS, 93_000_000);
  const hlgtOf = new Map(HLTS.map((h) => [h.key, h.parent]));
  const socOf = new Map(HLGTS.map((g) => [g.key, g.parent]));
  const meddra: SynMeddra = {
    version,
    socs: SOCS.map((s) => ({ code: socCodes.get(s.key)!, en: s.en, ko: s.ko, abbrev: s.abbrev })),
    hlgts: HLGTS.map((g) => ({
      code: hlgtCodes.get(g.key)!,
      en: g.en,
      ko: g.ko,
      soc: socCodes.get(g.parent)!,
    })),
    hlts: HLTS.map((h) => ({
      code: hltCodes.get(h.key)!,
      en: h.en,
      ko: h.ko,
      hlgt: hlgtCodes.get(h.parent)!,
    })),
    pts: [],
    llts: [],
  };
  const pathsOf = (hlts: readonly string[]): SynPath[] =>
    hlts.map((hlt, i) => {
      const hlgt = hlgtOf.get(hlt)!;
      return {
        hlt: hltCodes.get(hlt)!,
        hlgt: hlgtCodes.get(hlgt)!,
        soc: socCodes.get(socOf.get(hlgt)!)!,
        primary: i === 0,
      };
    });
  let extra = 0;
  const ptCode = new Map<string, number>();
  const catalogPts = next ? [...PTS, UPGRADE.newPt] : PTS;
  catalogPts.forEach((pt, i) => {
    const ptc = code(94_000_000, i);
    ptCode.set(pt.en, ptc);
    const renamed = next && pt.en === UPGRADE.renamedPt.from ? UPGRADE.renamedPt : undefined;
    let hlts = pt.hlts as readonly string[];
    if (next && pt.en === UPGRADE.primarySocMoved.pt)
      hlts = [UPGRADE.primarySocMoved.toHlt, ...hlts.filter((h) => h !== UPGRADE.primarySocMoved.toHlt)];
    const names = { en: renamed?.en ?? pt.en, ko: renamed?.ko ?? pt.ko };
    meddra.pts.push({ code: ptc, ...names, paths: pathsOf(hlts) });
    meddra.llts.push({ code: ptc, ...names, pt: ptc, current: true });
    for (const [en, ko, current = true] of 'llts' in pt ? pt.llts : []) {
      extra++;
      meddra.llts.push({ code: EXTRA_LLT_BASE + extra, en, ko, pt: ptc, current });
    }
  });
  if (next) {
    for (const llt of meddra.llts) {
      if ((UPGRADE.nonCurrent as readonly string[]).includes(llt.en)) llt.current = false;
      if (llt.en === UPGRADE.movedLlt.llt) llt.pt = ptCode.get(UPGRADE.movedLlt.toPt)!;
    }
    const added = UPGRADE.addedLlt;
    meddra.llts.push({
      code: EXTRA_LLT_BASE + extra + 1,
      en: added.en,
      ko: added.ko,
      pt: ptCode.get(added.pt)!,
      current: true,
    });
  }
  if (totalLlts > meddra.llts.length) addFiller(meddra, totalLlts - meddra.llts.length);
  return meddra;
}
