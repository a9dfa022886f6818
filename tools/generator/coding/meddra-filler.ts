import type { SynMeddra } from './meddra-versions';

/**
 * Made-up terms that bring a synthetic MedDRA to a real release's size (about 27 SOCs, 340 HLGTs,
 * 1,700 HLTs, 25,000 PTs and 80,000 LLTs; a third of the PTs under a second SOC), for the bench.
 * Names are pseudo-words numbered so that no two terms share a name, in English and Korean.
 */

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'tas',
  'vo',
  'pel',
  'dri',
  'sun',
  'gar',
  'ben',
  'tho',
  'lix',
  'mar',
  'cor',
  'dal',
];
const SUFFIXES = [
  'disorder',
  'syndrome',
  'infection',
  'pain',
  'increased',
  'decreased',
  'abnormal',
  'lesion',
  'reaction',
  'injury',
];
const KO_SUFFIXES = ['장애', '증후군', '감염', '통증', '증가', '감소', '이상', '병변', '반응', '손상'];

function word(n: number): string {
  let text = '';
  let rest = n;
  do {
    text += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function hangul(n: number): string {
  let text = '';
  let rest = n;
  do {
    text += String.fromCharCode(0xac00 + (rest % 11_172));
    rest = Math.floor(rest / 11_172);
  } while (rest > 0);
  return text;
}

export function addFiller(meddra: SynMeddra, llts: number): void {
  let serial = 100; // names of the filler never meet the catalog's (those have no pseudo-words)
  const name = () => {
    serial++;
    return {
      en: `${word(serial)} ${SUFFIXES[serial % SUFFIXES.length]}`,
      ko: `${hangul(serial)} ${KO_SUFFIXES[serial % KO_SUFFIXES.length]}`,
    };
  };
  const pts = Math.max(1, Math.round(llts / 3.2));
  const hlts = Math.max(1, Math.round(pts / 15));
  const hlgts = Math.max(1, Math.round(hlts / 5));
  const socs = Math.min(15, hlgts);
  for (let i = 0; i < socs; i++) meddra.socs.push({ code: 91_100_001 + i, ...name(), abbrev: `Syn${i + 1}` });
  for (let i = 0; i < hlgts; i++)
    meddra.hlgts.push({ code: 92_100_001 + i, ...name(), soc: 91_100_001 + (i % socs) });
  for (let i = 0; i < hlts; i++)
    meddra.hlts.push({ code: 93_100_001 + i, ...name(), hlgt: 92_100_001 + (i % hlgts) });
  const pathTo = (hltIndex: number, primary: boolean) => {
    const hlgt = 92_100_001 + (hltIndex % hlgts);
    return { hlt: 93_100_001 + hltIndex, hlgt, soc: 91_100_001 + ((hlgt - 92_100_001) % socs), primary };
  };
  let lltCode = 96_000_000;
  let left = llts;
  for (let i = 0; i < pts && left > 0; i++) {
    const pt = 94_100_001 + i;
    const own = name();
    const paths = [pathTo(i % hlts, true)];
    const secondary = (i * 7 + 3) % hlts;
    if (i % 3 === 0 && hlts > 1 && pathTo(secondary, false).soc !== paths[0]!.soc)
      paths.push(pathTo(secondary, false));
    meddra.pts.push({ code: pt, ...own, paths });
    meddra.llts.push({ code: pt, ...own, pt, current: true });
    left--;
    const more = Math.min(left, Math.floor(llts / pts) - 1 + (i < llts % pts ? 1 : 0));
    for (let j = 0; j < more; j++, left--)
      meddra.llts.push({ code: ++lltCode, ...name(), pt, current: (lltCode + j) % 11 !== 0 });
  }
}
