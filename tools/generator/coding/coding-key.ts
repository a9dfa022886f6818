import {
  FATAL_EVENTS,
  MILD_EVENTS,
  NEUTROPENIA,
  SEVERE_EVENTS,
  THROMBOCYTOPENIA,
} from '../adverse-event-catalog';
import { ANTICOAGULANTS, CHRONIC, SUPPORTIVE, THROMBOPROPHYLAXIS, TREATMENTS } from '../medication-catalog';
import type { SynMeddra } from './meddra-versions';
import type { SynDrugName } from './write-whodrug';

/**
 * coding-key.json: for every verbatim the generator may write, whether it equals a term of the
 * synthetic dictionaries (`exact`: auto-coding must code it, to this PT and primary SOC or this
 * drug), differs from one only in spaces and punctuation (`variant`) or matches nothing (`none`);
 * both of the latter wait for a coder. Also the differences between the two MedDRA versions.
 * Worked out here with the generator's own matching (trimmed, any case, any width), so that the
 * tests compare the workstation with an independent answer.
 */

const normal = (text: string) => text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
const bare = (text: string) => normal(text).replace(/[\s\p{P}]/gu, '');

export interface MeddraKeyTerm {
  verbatim: string;
  match: 'exact' | 'variant' | 'none';
  /** The LLT it equals (exact only). */
  lltCode: number | null;
  /** The event the generator meant, and its primary SOC. */
  ptCode: number;
  ptName: string;
  socCode: number;
  socName: string;
}

export interface WhodrugKeyTerm {
  verbatim: string;
  match: 'exact' | 'none';
  drugCode: string | null;
  drugName: string | null;
  /** Official ATC classes of the drug; auto-coding needs exactly one. */
  atc: string[];
}

export interface UpgradeKey {
  from: string;
  to: string;
  nonCurrent: number[];
  ptChanged: { llt: number; from: number; to: number }[];
  primarySocChanged: { pt: number; from: number; to: number }[];
  renamed: { pt: number; from: string; to: string }[];
  added: number[];
}

export function aeVerbatims(): { verbatim: string; decod: string }[] {
  const kinds = [NEUTROPENIA, THROMBOCYTOPENIA, ...MILD_EVENTS, ...SEVERE_EVENTS, ...FATAL_EVENTS];
  const seen = new Map<string, string>();
  for (const kind of kinds) for (const term of kind.terms) if (!seen.has(term)) seen.set(term, kind.decod);
  return [...seen].map(([verbatim, decod]) => ({ verbatim, decod }));
}

export function cmVerbatims(): string[] {
  const names = [
    ...THROMBOPROPHYLAXIS.map((m) => m.name),
    ...ANTICOAGULANTS,
    ...SUPPORTIVE.map((m) => m.name),
    ...CHRONIC.map((m) => m.name),
    ...Object.values(TREATMENTS).flat(),
  ];
  return [...new Set(names)];
}

const primarySoc = (pt: SynMeddra['pts'][number]) => pt.paths.find((p) => p.primary)!.soc;

/** `named`: the version whose PT names the generator's events use (the first: a later one may rename a PT). */
export function meddraKey(meddra: SynMeddra, named: SynMeddra = meddra): MeddraKeyTerm[] {
  const current = new Map<string, SynMeddra['llts'][number]>();
  const bareNames = new Set<string>();
  for (const llt of meddra.llts) {
    for (const name of [llt.en, llt.ko]) {
      bareNames.add(bare(name));
      if (llt.current) current.set(normal(name), llt);
    }
  }
  const pts = new Map(meddra.pts.map((p) => [p.code, p]));
  const ptByName = new Map(named.pts.map((p) => [p.en, p.code]));
  const socs = new Map(meddra.socs.map((s) => [s.code, s]));
  return aeVerbatims().map(({ verbatim, decod }) => {
    const llt = current.get(normal(verbatim));
    const pt = pts.get(llt ? llt.pt : (ptByName.get(decod) ?? 0));
    if (!pt) throw new Error(`the synthetic MedDRA has no PT for the generator's event ${decod}`);
    const soc = socs.get(primarySoc(pt))!;
    return {
      verbatim,
      match: llt ? 'exact' : bareNames.has(bare(verbatim)) ? 'variant' : 'none',
      lltCode: llt?.code ?? null,
      ptCode: pt.code,
      ptName: pt.en,
      socCode: soc.code,
      socName: soc.en,
    };
  });
}

export function whodrugKey(names: SynDrugName[]): WhodrugKeyTerm[] {
  const byName = new Map(names.map((n) => [normal(n.name), n]));
  return cmVerbatims().map((verbatim) => {
    const drug = byName.get(normal(verbatim));
    return {
      verbatim,
      match: drug ? 'exact' : 'none',
      drugCode: drug?.code ?? null,
      drugName: drug?.preferred ?? null,
      atc: drug ? drug.atc.filter(([, official]) => official).map(([code]) => code) : [],
    };
  });
}

export function upgradeKey(from: SynMeddra, to: SynMeddra): UpgradeKey {
  const before = new Map(from.llts.map((l) => [l.code, l]));
  const ptsBefore = new Map(from.pts.map((p) => [p.code, p]));
  const key: UpgradeKey = {
    from: from.version,
    to: to.version,
    nonCurrent: [],
    ptChanged: [],
    primarySocChanged: [],
    renamed: [],
    added: [],
  };
  for (const llt of to.llts) {
    const old = before.get(llt.code);
    if (!old) key.added.push(llt.code);
    else if (old.current && !llt.current) key.nonCurrent.push(llt.code);
    else if (old.pt !== llt.pt) key.ptChanged.push({ llt: llt.code, from: old.pt, to: llt.pt });
  }
  for (const pt of to.pts) {
    const old = ptsBefore.get(pt.code);
    if (!old) continue;
    if (primarySoc(old) !== primarySoc(pt))
      key.primarySocChanged.push({ pt: pt.code, from: primarySoc(old), to: primarySoc(pt) });
    if (old.en !== pt.en) key.renamed.push({ pt: pt.code, from: old.en, to: pt.en });
  }
  return key;
}
