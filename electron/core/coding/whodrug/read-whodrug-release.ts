import { badInput } from '../../common/errors';
import {
  findFile,
  findReleaseFolder,
  readReleaseFile,
  type ReleaseFile,
} from '../release-files/dictionary-files';

/**
 * A WHODrug Global release read from its B3 text distribution (UMC; fixed-width .txt files, one
 * record a line, no header, no separators; names padded with spaces or cut short at the end).
 *
 * The drug code is Drug Record Number (6) + Sequence number 1 (2) + Sequence number 2 (3): the
 * record number names the active moiety, Seq1 its salt or variation, Seq2 the name. The preferred
 * name of a drug is the record of the same number and Seq1 with Seq2 = 001.
 *
 * Columns (1-based) as read here. DD, DDA and INA are the files CDISC's open rules engine reads,
 * at the same offsets (DD name from column 31, DDA ATC code in 13-19, INA level in 8); ING and BNA
 * follow UMC's B3 description and are optional (without them a drug's ingredients stay empty):
 *
 *   DD.txt   1-6 drug record number, 7-8 Seq1, 9-11 Seq2, 12 check digit, 13 designation,
 *            14-15 source year, 16-19 source, 20-24 company, 25-26 number of ingredients,
 *            27 salt/ester code, 28-30 year-quarter, 31-1530 drug name
 *   DDA.txt  1-6 drug record number, 7-8 Seq1, 9-11 Seq2, 12 check digit, 13-19 ATC code,
 *            20-22 year-quarter, 23 official ATC flag (Y/N)
 *   INA.txt  1-7 ATC code, 8 ATC level (1-4), 9-118 ATC text
 *   ING.txt  1-8 create date, 9-18 substance number, 19-24 drug record number, 25-26 Seq1, 27-29 Seq2
 *   BNA.txt  1-10 substance number, 11-20 CAS number, 21-30 language code, 31-280 substance name
 *
 * A B3 release does not name its version in these files: `version.txt` (first line) or --version.
 */

export interface WhodrugDrug {
  code: string;
  name: string;
}

export interface WhodrugRelease {
  dir: string;
  version: string;
  drugs: Map<string, WhodrugDrug>;
  /** Drug code -> its ATC codes, official ones first. */
  atc: Map<string, { code: string; official: boolean }[]>;
  atcText: Map<string, { level: number; text: string }>;
  /** Drug code -> substance names. */
  ingredients: Map<string, string[]>;
  files: { name: string; sha256: string; bytes: number }[];
}

const WHAT = 'WHODrug B3 release (text files)';

interface Line {
  file: string;
  line: number;
  text: string;
}

function* linesOf(file: ReleaseFile, minLength: number): Generator<Line> {
  for (let i = 0; i < file.lines.length; i++) {
    const text = file.lines[i]!;
    if (text.trim() === '') continue;
    if (text.length < minLength)
      throw badInput(
        `${file.path}: line ${i + 1}: ${text.length} characters, shorter than a ${file.name} record (${minLength}): a broken or truncated ${WHAT}`,
      );
    yield { file: file.path, line: i + 1, text };
  }
}

/** Columns from-to, 1-based and inclusive, as the format lists them. */
const col = (l: Line, from: number, to: number) => l.text.slice(from - 1, to).trim();

function drugCode(l: Line): string {
  const code = `${col(l, 1, 6)}${col(l, 7, 8)}${col(l, 9, 11)}`;
  if (!/^[0-9]{6}[0-9A-Z]{2}[0-9A-Z]{3}$/.test(code))
    throw badInput(
      `${l.file}: line ${l.line}: "${l.text.slice(0, 11)}" is not a WHODrug drug code (6 digits, Seq1, Seq2)`,
    );
  return code;
}

function readVersion(dir: string, stated: string | undefined): string {
  const file = findFile(dir, 'version.txt');
  const fromFile = file
    ? readReleaseFile(dir, 'version.txt', WHAT)
        .lines.find((l) => l.trim())
        ?.trim()
    : undefined;
  if (stated && fromFile && stated !== fromFile)
    throw badInput(`${dir}: version ${stated} was given, but version.txt says ${fromFile}`);
  const version = stated ?? fromFile;
  if (!version)
    throw badInput(
      `${dir}: a WHODrug release does not name its version in DD.txt (and there is no version.txt)`,
      { kind: 'VERSION_NOT_STATED', facts: { file: dir, expected: 'e.g. "2024 Mar 1 B3"' } },
    );
  return version;
}

export function readWhodrugRelease(root: string, statedVersion?: string): WhodrugRelease {
  const dir = findReleaseFolder(root, 'DD.txt', ['B3', 'txt']);
  const version = readVersion(dir, statedVersion);
  const read = (name: string) => readReleaseFile(dir, name, WHAT);
  const [dd, dda, ina] = [read('DD.txt'), read('DDA.txt'), read('INA.txt')];
  const hasIngredients = findFile(dir, 'ING.txt') !== undefined || findFile(dir, 'BNA.txt') !== undefined;
  const [ing, bna] = hasIngredients ? [read('ING.txt'), read('BNA.txt')] : [undefined, undefined];
  const release: WhodrugRelease = {
    dir,
    version,
    drugs: new Map(),
    atc: new Map(),
    atcText: new Map(),
    ingredients: new Map(),
    files: [dd, dda, ina, ...(ing && bna ? [ing, bna] : [])].map((f) => ({
      name: f.name,
      sha256: f.sha256,
      bytes: f.bytes,
    })),
  };
  for (const l of linesOf(dd, 31)) {
    const code = drugCode(l);
    const name = l.text.slice(30).trim();
    if (!name) throw badInput(`${l.file}: line ${l.line}: drug ${code} has no name`);
    if (release.drugs.has(code)) throw badInput(`${l.file}: line ${l.line}: drug code ${code} appears twice`);
    release.drugs.set(code, { code, name });
  }
  if (release.drugs.size === 0) throw badInput(`${dd.path}: holds no drugs: a broken ${WHAT}`);
  for (const l of linesOf(ina, 9)) {
    const code = col(l, 1, 7);
    const level = Number(col(l, 8, 8));
    if (!/^[A-Z][0-9A-Z]{0,6}$/.test(code))
      throw badInput(`${l.file}: line ${l.line}: "${code}" is not an ATC code`);
    if (!(level >= 1 && level <= 5))
      throw badInput(`${l.file}: line ${l.line}: ATC level "${col(l, 8, 8)}" is not 1 to 5`);
    release.atcText.set(code, { level, text: l.text.slice(8).trim() });
  }
  for (const l of linesOf(dda, 19)) {
    const code = drugCode(l);
    const atc = col(l, 13, 19);
    if (!release.drugs.has(code) && !release.drugs.has(`${code.slice(0, 8)}001`))
      throw badInput(`${l.file}: line ${l.line}: drug ${code} is not in DD.txt`);
    if (!release.atcText.has(atc))
      throw badInput(`${l.file}: line ${l.line}: ATC code "${atc}" is not in INA.txt`);
    const list = release.atc.get(code) ?? [];
    list.push({ code: atc, official: col(l, 23, 23).toUpperCase() === 'Y' });
    release.atc.set(code, list);
  }
  for (const list of release.atc.values()) list.sort((a, b) => Number(b.official) - Number(a.official));
  if (ing && bna) readIngredients(release, ing, bna);
  return release;
}

function readIngredients(release: WhodrugRelease, ing: ReleaseFile, bna: ReleaseFile): void {
  const substances = new Map<string, string>();
  for (const l of linesOf(bna, 31)) {
    const number = col(l, 1, 10);
    const name = l.text.slice(30, 280).trim();
    if (!number || !name) throw badInput(`${l.file}: line ${l.line}: a substance needs a number and a name`);
    substances.set(number, name);
  }
  for (const l of linesOf(ing, 29)) {
    const substance = substances.get(col(l, 9, 18));
    if (substance === undefined)
      throw badInput(`${l.file}: line ${l.line}: substance ${col(l, 9, 18)} is not in BNA.txt`);
    const code = `${col(l, 19, 24)}${col(l, 25, 26)}${col(l, 27, 29)}`;
    const list = release.ingredients.get(code) ?? [];
    if (!list.includes(substance)) list.push(substance);
    release.ingredients.set(code, list);
  }
}
