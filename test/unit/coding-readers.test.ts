import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMeddraRelease } from '../../electron/core/coding/meddra/read-meddra-release';
import { normaliseTerm } from '../../electron/core/coding/normalise-term';
import { readWhodrugRelease } from '../../electron/core/coding/whodrug/read-whodrug-release';
import {
  writeDictionaries,
  type GeneratedDictionaries,
} from '../../tools/generator/coding/write-dictionaries';

/**
 * The dictionary readers on the generator's synthetic releases, and on broken copies of them: a
 * broken release is refused with one line that names the file and the line at fault.
 */

let out: string;
let written: GeneratedDictionaries;
const meddraDir = (version: string, language: string) =>
  path.join(out, written.meddra.find((m) => m.version === version && m.language === language)!.path);
const whodrugDir = () => path.join(out, written.whodrug[0]!.path);

/** A copy of a release folder to break. */
function copyOf(dir: string): string {
  const copy = fs.mkdtempSync(path.join(out, 'broken-'));
  fs.cpSync(dir, copy, { recursive: true });
  return copy;
}

function edit(file: string, change: (lines: string[]) => string[]): void {
  const lines = fs.readFileSync(file, 'utf8').split('\r\n');
  fs.writeFileSync(file, change(lines).join('\r\n'));
}

beforeAll(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-dict-'));
  written = await writeDictionaries(out);
});

describe('MedDRA ASCII releases', () => {
  it('reads a release and its Korean translation: same codes, names in each language, the primary SOC', () => {
    const english = readMeddraRelease(meddraDir('90.0', 'English'));
    const korean = readMeddraRelease(meddraDir('90.0', 'Korean'));
    expect([english.version, english.language, korean.language]).toEqual(['90.0', 'English', 'Korean']);
    expect([...korean.llts.keys()]).toEqual([...english.llts.keys()]);
    const neutropenia = [...english.pts.values()].find((p) => p.name === 'Neutropenia')!;
    expect(korean.pts.get(neutropenia.code)!.name).toBe('호중구감소증');
    expect(english.llts.get(neutropenia.code)).toMatchObject({
      name: 'Neutropenia',
      pt: neutropenia.code,
      current: true,
    });
    const pe = [...english.pts.values()].find((p) => p.name === 'Pulmonary embolism')!;
    const paths = english.paths.filter((p) => p.pt === pe.code);
    expect(paths).toHaveLength(2);
    expect(english.socs.get(paths.find((p) => p.primary)!.soc)!.name).toBe(
      'Respiratory, thoracic and mediastinal disorders',
    );
    expect([...english.llts.values()].filter((l) => !l.current).map((l) => l.name)).toContain(
      'Chest infection NOS',
    );
    expect(english.files.map((f) => f.name)).toContain('mdhier.asc');
  });

  it('finds the files in MedAscii/ and says where the version comes from', () => {
    expect(fs.existsSync(path.join(meddraDir('90.1', 'English'), 'MedAscii', 'llt.asc'))).toBe(true);
    expect(() => readMeddraRelease(meddraDir('90.1', 'English'), '27.0')).toThrow(
      /version 27\.0 was given, but meddra_release\.asc says 90\.1/,
    );
  });

  const broken: [string, (dir: string) => void, RegExp][] = [
    [
      'a missing file',
      (d) => fs.rmSync(path.join(d, 'MedAscii/hlt.asc')),
      /not a MedDRA release \(ASCII files\): hlt\.asc is missing/,
    ],
    [
      'a truncated last line',
      (d) => edit(path.join(d, 'MedAscii/llt.asc'), (l) => [...l.slice(0, -2), l.at(-2)!.slice(0, 12)]),
      /llt\.asc: line \d+: does not end with \$: a broken or truncated MedDRA release/,
    ],
    [
      'a field missing',
      (d) => edit(path.join(d, 'MedAscii/pt.asc'), (l) => [l[0]!.replace('$$', '$'), ...l.slice(1)]),
      /pt\.asc: line 1: 10 fields where pt\.asc has 11/,
    ],
    [
      'an LLT of an unknown PT',
      (d) =>
        edit(path.join(d, 'MedAscii/llt.asc'), (l) => [
          ...l.slice(0, 2),
          l[2]!.replace(/^(\d+)\$([^$]+)\$\d+\$/, '$1$$$2$$12345678$$'),
          ...l.slice(3),
        ]),
      /llt\.asc: line 3: LLT \d+ belongs to PT 12345678, which pt\.asc does not hold/,
    ],
    [
      'a currency that is neither Y nor N',
      (d) =>
        edit(path.join(d, 'MedAscii/llt.asc'), (l) => [
          l[0]!.replace(/\$Y\$\$$/, () => '$X$$'),
          ...l.slice(1),
        ]),
      /llt\.asc: line 1: llt_currency "X" is neither Y nor N/,
    ],
    [
      'a code that is not a number',
      (d) => edit(path.join(d, 'MedAscii/soc.asc'), (l) => [l[0]!.replace(/^\d+/, 'SOC1'), ...l.slice(1)]),
      /soc\.asc: line 1: SOC code "SOC1" is not a MedDRA code/,
    ],
    [
      'a PT without a primary SOC',
      (d) =>
        edit(path.join(d, 'MedAscii/mdhier.asc'), (l) => [l[0]!.replace(/\$Y\$$/, '$N$'), ...l.slice(1)]),
      /mdhier\.asc: PT \d+ \(Neutropenia\) has no primary SOC/,
    ],
    [
      'a path the relationship files do not hold',
      (d) => edit(path.join(d, 'MedAscii/hlt_pt.asc'), (l) => l.slice(1)),
      /mdhier\.asc: line 1: the path HLT \d+ > PT \d+ is not in hlt_pt\.asc/,
    ],
    [
      'a term twice',
      (d) => edit(path.join(d, 'MedAscii/hlgt.asc'), (l) => [l[0]!, ...l]),
      /hlgt\.asc: line 2: HLGT \d+ appears twice/,
    ],
    [
      'binary noise',
      (d) => fs.writeFileSync(path.join(d, 'MedAscii/soc.asc'), Buffer.from([0x50, 0x4b, 0, 1, 2])),
      /soc\.asc: line 1: NUL bytes/,
    ],
  ];
  it.each(broken)('refuses %s in one line naming the file', (_what, breakIt, message) => {
    const dir = copyOf(meddraDir('90.0', 'English'));
    breakIt(dir);
    let error: Error | undefined;
    try {
      readMeddraRelease(dir);
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error!.message).not.toContain('\n');
  });

  it('reads extended ASCII (Windows-1252) as well as UTF-8', () => {
    const dir = copyOf(meddraDir('90.0', 'English'));
    const file = path.join(dir, 'MedAscii/llt.asc');
    const text = fs.readFileSync(file, 'latin1').replace('Neutropaenia', 'Neutropénia');
    fs.writeFileSync(file, Buffer.from(text, 'latin1'));
    expect([...readMeddraRelease(dir).llts.values()].map((l) => l.name)).toContain('Neutropénia');
  });
});

describe('WHODrug B3 releases', () => {
  it('reads drugs, preferred names, ATC classes (official first) and ingredients, and the version file', () => {
    const release = readWhodrugRelease(whodrugDir());
    expect(release.version).toBe('2090 Mar 1 (synthetic) B3');
    const aspirin = [...release.drugs.values()].find((d) => d.name === 'ASPIRIN')!;
    expect(aspirin.code).toMatch(/^900001\d{2}\d{3}$/);
    expect(release.drugs.get(`${aspirin.code.slice(0, 8)}001`)!.name).toBe('ACETYLSALICYLIC ACID');
    expect(release.atc.get(`${aspirin.code.slice(0, 8)}001`)!.map((a) => a.code)).toEqual(['B01AC', 'N02BA']);
    expect(release.atcText.get('B01AC')).toEqual({
      level: 4,
      text: 'PLATELET AGGREGATION INHIBITORS EXCL. HEPARIN',
    });
    const bactrim = [...release.drugs.values()].find((d) => d.name === 'BACTRIM')!;
    expect(release.ingredients.get(`${bactrim.code.slice(0, 8)}001`)).toEqual([
      'SULFAMETHOXAZOLE',
      'TRIMETHOPRIM',
    ]);
  });

  it('refuses a release without its version, a short record and an ATC class INA.txt does not hold', () => {
    const noVersion = copyOf(whodrugDir());
    fs.rmSync(path.join(noVersion, 'version.txt'));
    expect(() => readWhodrugRelease(noVersion)).toThrow(/does not name its version in DD\.txt/);
    expect(readWhodrugRelease(noVersion, '2090 Mar').version).toBe('2090 Mar');

    const short = copyOf(whodrugDir());
    edit(path.join(short, 'DD.txt'), (l) => [l[0]!, l[1]!.slice(0, 20), ...l.slice(2)]);
    expect(() => readWhodrugRelease(short)).toThrow(
      /DD\.txt: line 2: 20 characters, shorter than a DD\.txt record \(31\)/,
    );

    const atc = copyOf(whodrugDir());
    edit(path.join(atc, 'INA.txt'), (l) => l.filter((line) => !line.startsWith('B01AC')));
    expect(() => readWhodrugRelease(atc)).toThrow(/DDA\.txt: line 1: ATC code "B01AC" is not in INA\.txt/);
  });
});

describe('normalised terms', () => {
  it('ignores surrounding spaces, case and width, and nothing else', () => {
    expect(normaliseTerm('  ＮＥＵＴＲＯＰＥＮＩＡ ')).toBe('neutropenia');
    expect(normaliseTerm('Back\u3000 pain')).toBe('back pain');
    expect(normaliseTerm('호중구감소증')).toBe(normaliseTerm(' 호중구감소증'));
    expect(normaliseTerm('호중구 감소증')).not.toBe(normaliseTerm('호중구감소증'));
    expect(normaliseTerm('Neutropenia.')).not.toBe(normaliseTerm('Neutropenia'));
  });
});
