import { badInput } from '../../common/errors';
import type { AscRecord, MeddraPath, MeddraRelease } from './read-meddra-release';

/** One mdhier path: every term it names exists, and the relationship files hold each of its links. */
export function checkPath(release: MeddraRelease, path: MeddraPath, r: AscRecord): void {
  const where = `${r.file}: line ${r.line}`;
  const missing = (
    [
      ['PT', path.pt, release.pts, 'pt.asc'],
      ['HLT', path.hlt, release.hlts, 'hlt.asc'],
      ['HLGT', path.hlgt, release.hlgts, 'hlgt.asc'],
      ['SOC', path.soc, release.socs, 'soc.asc'],
    ] as const
  ).find(([, code, map]) => !map.has(code));
  if (missing) throw badInput(`${where}: ${missing[0]} ${missing[1]} is not in ${missing[3]}`);
  const links = [
    [release.links.hltPt, `${path.hlt}>${path.pt}`, `HLT ${path.hlt} > PT ${path.pt}`, 'hlt_pt.asc'],
    [
      release.links.hlgtHlt,
      `${path.hlgt}>${path.hlt}`,
      `HLGT ${path.hlgt} > HLT ${path.hlt}`,
      'hlgt_hlt.asc',
    ],
    [
      release.links.socHlgt,
      `${path.soc}>${path.hlgt}`,
      `SOC ${path.soc} > HLGT ${path.hlgt}`,
      'soc_hlgt.asc',
    ],
  ] as const;
  for (const [set, key, words, file] of links) {
    if (!set.has(key)) throw badInput(`${where}: the path ${words} is not in ${file}`);
  }
}

/**
 * The release as a whole: every PT has exactly one primary SOC path in mdhier.asc, and it is the
 * SOC that pt.asc names (pt_soc_code); every PT has an LLT of its own (same code, as MedDRA does).
 */
export function checkMeddraRelease(release: MeddraRelease, mdhierFile: string): void {
  if (release.llts.size === 0)
    throw badInput(`${release.dir}: llt.asc holds no terms: a broken MedDRA release`);
  const primary = new Map<number, number>();
  const withPath = new Set<number>();
  for (const p of release.paths) {
    withPath.add(p.pt);
    if (!p.primary) continue;
    const before = primary.get(p.pt);
    if (before !== undefined && before !== p.soc)
      throw badInput(`${mdhierFile}: PT ${p.pt} has two primary SOCs (${before} and ${p.soc})`);
    primary.set(p.pt, p.soc);
  }
  for (const pt of release.pts.values()) {
    if (!withPath.has(pt.code))
      throw badInput(`${mdhierFile}: PT ${pt.code} (${pt.name}) has no path to a SOC`);
    const soc = primary.get(pt.code);
    if (soc === undefined) throw badInput(`${mdhierFile}: PT ${pt.code} (${pt.name}) has no primary SOC`);
    if (soc !== pt.primarySoc)
      throw badInput(
        `${mdhierFile}: PT ${pt.code} (${pt.name}) has primary SOC ${soc}, but pt.asc says ${pt.primarySoc}`,
      );
    if (!release.llts.has(pt.code))
      throw badInput(`${release.dir}: PT ${pt.code} (${pt.name}) has no LLT of the same code in llt.asc`);
  }
}
