import { badInput } from '../../common/errors';
import { findReleaseFolder, readReleaseFile, type ReleaseFile } from '../release-files/dictionary-files';
import { checkMeddraRelease, checkPath } from './check-meddra-release';

/**
 * A MedDRA release read from its ASCII distribution (the MedAscii folder of MSSO's download).
 *
 * What the files are (MSSO, "MedDRA Distribution File Format Document"; the same field lists are
 * read by public loaders such as OHDSI's Vocabulary-v5.0 MedDRA load and CDISC's open rules
 * engine): one record a line (CRLF), fields separated by `$`, every field followed by `$` (so a
 * line ends with `$`), no header, no quoting. English and Western European languages come in
 * extended ASCII, the other translations (Korean among them) in UTF-8, each translation as a whole
 * set of the same files with the same codes and translated names.
 *
 *   llt.asc       llt_code $ llt_name $ pt_code $ llt_whoart_code $ llt_harts_code $ llt_costart_sym $
 *                 llt_icd9_code $ llt_icd9cm_code $ llt_icd10_code $ llt_currency (Y/N) $ llt_jart_code $
 *   pt.asc        pt_code $ pt_name $ null_field $ pt_soc_code (primary SOC) $ pt_whoart_code $ pt_harts_code $
 *                 pt_costart_sym $ pt_icd9_code $ pt_icd9cm_code $ pt_icd10_code $ pt_jart_code $
 *   hlt.asc       hlt_code $ hlt_name $ (7 legacy codes) $
 *   hlgt.asc      hlgt_code $ hlgt_name $ (7 legacy codes) $
 *   soc.asc       soc_code $ soc_name $ soc_abbrev $ (7 legacy codes) $
 *   mdhier.asc    pt_code $ hlt_code $ hlgt_code $ soc_code $ pt_name $ hlt_name $ hlgt_name $ soc_name $
 *                 soc_abbrev $ null_field $ pt_soc_code $ primary_soc_fg (Y/N) $   -- every path of every PT
 *   hlt_pt.asc    hlt_code $ pt_code $        hlgt_hlt.asc  hlgt_code $ hlt_code $
 *   soc_hlgt.asc  soc_code $ hlgt_code $
 *   meddra_release.asc   version $ language $ (blank fields) $      e.g. `27.1$English$$$$`
 *
 * Layout chosen here: exactly those field counts (a line with more or fewer is a broken release),
 * codes are positive integers, the primary SOC of a PT is the mdhier path flagged Y (and must agree
 * with pt_soc_code), llt_currency Y/N says whether an LLT may still be used for coding. The
 * relationship files are read to check that every mdhier path is made of links they hold.
 */

export interface MeddraTerm {
  code: number;
  name: string;
}

export interface MeddraLlt extends MeddraTerm {
  pt: number;
  current: boolean;
}

export interface MeddraPath {
  pt: number;
  hlt: number;
  hlgt: number;
  soc: number;
  primary: boolean;
}

export interface MeddraRelease {
  dir: string;
  version: string;
  language: string;
  llts: Map<number, MeddraLlt>;
  pts: Map<number, MeddraTerm & { primarySoc: number }>;
  hlts: Map<number, MeddraTerm>;
  hlgts: Map<number, MeddraTerm>;
  socs: Map<number, MeddraTerm & { abbrev: string }>;
  paths: MeddraPath[];
  /** Links of the relationship files, as "upper>lower" code pairs. */
  links: { hltPt: Set<string>; hlgtHlt: Set<string>; socHlgt: Set<string> };
  files: { name: string; sha256: string; bytes: number }[];
}

const WHAT = 'MedDRA release (ASCII files)';

const FIELD_COUNTS = {
  'llt.asc': 11,
  'pt.asc': 11,
  'hlt.asc': 9,
  'hlgt.asc': 9,
  'soc.asc': 10,
  'mdhier.asc': 12,
  'hlt_pt.asc': 2,
  'hlgt_hlt.asc': 2,
  'soc_hlgt.asc': 2,
} as const;
type MeddraFileName = keyof typeof FIELD_COUNTS;

/** One `$`-separated record; each field is followed by `$`. */
export interface AscRecord {
  file: string;
  line: number;
  fields: string[];
}

function* records(file: ReleaseFile, count: number): Generator<AscRecord> {
  for (let i = 0; i < file.lines.length; i++) {
    const text = file.lines[i]!;
    const where = `${file.path}: line ${i + 1}`;
    if (text.trim() === '') throw badInput(`${where}: empty line: a broken or truncated ${WHAT}`);
    if (!text.endsWith('$')) throw badInput(`${where}: does not end with $: a broken or truncated ${WHAT}`);
    const fields = text.slice(0, -1).split('$');
    if (fields.length !== count)
      throw badInput(
        `${where}: ${fields.length} fields where ${file.name} has ${count} ($-separated, each followed by $)`,
      );
    yield { file: file.path, line: i + 1, fields };
  }
}

export function ascCode(r: AscRecord, index: number, what: string): number {
  const text = r.fields[index]!.trim();
  if (!/^[1-9][0-9]{0,9}$/.test(text))
    throw badInput(`${r.file}: line ${r.line}: ${what} "${text}" is not a MedDRA code (a number)`);
  return Number(text);
}

export function ascName(r: AscRecord, index: number, what: string): string {
  const text = r.fields[index]!.trim();
  if (text === '') throw badInput(`${r.file}: line ${r.line}: ${what} is empty`);
  return text;
}

function flag(r: AscRecord, index: number, what: string): boolean {
  const text = r.fields[index]!.trim().toUpperCase();
  if (text !== 'Y' && text !== 'N')
    throw badInput(`${r.file}: line ${r.line}: ${what} "${r.fields[index]}" is neither Y nor N`);
  return text === 'Y';
}

/** Adds a term once: a code read twice is a broken release. */
function put<T extends MeddraTerm>(map: Map<number, T>, value: T, r: AscRecord, level: string): void {
  if (map.has(value.code)) throw badInput(`${r.file}: line ${r.line}: ${level} ${value.code} appears twice`);
  map.set(value.code, value);
}

function readVersion(
  dir: string,
  stated: string | undefined,
): { version: string; language: string; file?: ReleaseFile } {
  let file: ReleaseFile | undefined;
  try {
    file = readReleaseFile(dir, 'meddra_release.asc', WHAT);
  } catch {
    file = undefined;
  }
  if (!file) {
    if (!stated)
      throw badInput(`${dir}: meddra_release.asc is missing, so the release does not say its version`, {
        kind: 'VERSION_NOT_STATED',
        facts: { file: dir },
      });
    return { version: stated, language: 'English' };
  }
  const first = file.lines[0] ?? '';
  const [version = '', language = ''] = first.split('$').map((f) => f.trim());
  if (!version || !language)
    throw badInput(
      `${file.path}: line 1: "${first}" is not a MedDRA version and language (e.g. 27.1$English$)`,
    );
  if (stated && stated !== version)
    throw badInput(`${dir}: version ${stated} was given, but meddra_release.asc says ${version}`);
  return { version, language, file };
}

export function readMeddraRelease(root: string, statedVersion?: string): MeddraRelease {
  const dir = findReleaseFolder(root, 'llt.asc', ['MedAscii', 'ascii']);
  const { version, language, file: releaseFile } = readVersion(dir, statedVersion);
  const files = Object.fromEntries(
    (Object.keys(FIELD_COUNTS) as MeddraFileName[]).map((name) => [name, readReleaseFile(dir, name, WHAT)]),
  ) as Record<MeddraFileName, ReleaseFile>;
  const rows = (name: MeddraFileName) => records(files[name], FIELD_COUNTS[name]);

  const release: MeddraRelease = {
    dir,
    version,
    language,
    llts: new Map(),
    pts: new Map(),
    hlts: new Map(),
    hlgts: new Map(),
    socs: new Map(),
    paths: [],
    links: { hltPt: new Set(), hlgtHlt: new Set(), socHlgt: new Set() },
    files: [...(releaseFile ? [releaseFile] : []), ...Object.values(files)].map((f) => ({
      name: f.name,
      sha256: f.sha256,
      bytes: f.bytes,
    })),
  };
  for (const r of rows('soc.asc'))
    put(
      release.socs,
      { code: ascCode(r, 0, 'SOC code'), name: ascName(r, 1, 'SOC name'), abbrev: r.fields[2]!.trim() },
      r,
      'SOC',
    );
  for (const r of rows('hlgt.asc'))
    put(release.hlgts, { code: ascCode(r, 0, 'HLGT code'), name: ascName(r, 1, 'HLGT name') }, r, 'HLGT');
  for (const r of rows('hlt.asc'))
    put(release.hlts, { code: ascCode(r, 0, 'HLT code'), name: ascName(r, 1, 'HLT name') }, r, 'HLT');
  for (const r of rows('pt.asc'))
    put(
      release.pts,
      {
        code: ascCode(r, 0, 'PT code'),
        name: ascName(r, 1, 'PT name'),
        primarySoc: ascCode(r, 3, 'pt_soc_code'),
      },
      r,
      'PT',
    );
  for (const r of rows('llt.asc')) {
    const llt = {
      code: ascCode(r, 0, 'LLT code'),
      name: ascName(r, 1, 'LLT name'),
      pt: ascCode(r, 2, 'PT code'),
      current: flag(r, 9, 'llt_currency'),
    };
    if (!release.pts.has(llt.pt))
      throw badInput(
        `${r.file}: line ${r.line}: LLT ${llt.code} belongs to PT ${llt.pt}, which pt.asc does not hold`,
      );
    put(release.llts, llt, r, 'LLT');
  }
  const pair = (r: AscRecord, upper: string, lower: string) =>
    `${ascCode(r, 0, `${upper} code`)}>${ascCode(r, 1, `${lower} code`)}`;
  for (const r of rows('hlt_pt.asc')) release.links.hltPt.add(pair(r, 'HLT', 'PT'));
  for (const r of rows('hlgt_hlt.asc')) release.links.hlgtHlt.add(pair(r, 'HLGT', 'HLT'));
  for (const r of rows('soc_hlgt.asc')) release.links.socHlgt.add(pair(r, 'SOC', 'HLGT'));
  for (const r of rows('mdhier.asc')) {
    const path: MeddraPath = {
      pt: ascCode(r, 0, 'PT code'),
      hlt: ascCode(r, 1, 'HLT code'),
      hlgt: ascCode(r, 2, 'HLGT code'),
      soc: ascCode(r, 3, 'SOC code'),
      primary: flag(r, 11, 'primary_soc_fg'),
    };
    checkPath(release, path, r);
    release.paths.push(path);
  }
  checkMeddraRelease(release, files['mdhier.asc'].path);
  return release;
}
