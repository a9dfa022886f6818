import fs from 'node:fs/promises';
import path from 'node:path';
import { ATC_TEXTS, DRUGS, WHODRUG_VERSION } from './whodrug-catalog';

export interface SynDrugName {
  code: string;
  name: string;
  preferred: string;
  atc: readonly (readonly [string, boolean])[];
  ingredients: readonly string[];
}

/** Every name of the synthetic WHODrug with its drug code (record number 9000xx, Seq1 01, Seq2 001 for the preferred name). */
export function syntheticDrugNames(): SynDrugName[] {
  return DRUGS.flatMap((d, i) => {
    const record = String(900_001 + i);
    return [d.preferred, ...d.names].map((name, j) => ({
      code: `${record}01${String(j + 1).padStart(3, '0')}`,
      name,
      preferred: d.preferred,
      atc: d.atc,
      ingredients: d.ingredients,
    }));
  });
}

const pad = (text: string | number, width: number) => String(text).padEnd(width).slice(0, width);
const checkDigit = (code: string) => String([...code].reduce((n, c) => n + (Number(c) || 0), 0) % 10);

/**
 * Writes the synthetic WHODrug as a B3 text release: fixed-width DD, DDA, INA, ING and BNA files
 * (read-whodrug-release.ts lists the columns), CRLF, and version.txt.
 */
export async function writeWhodrugRelease(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const names = syntheticDrugNames();
  const preferred = names.filter((n) => n.code.endsWith('001'));
  const substances = [...new Set(names.flatMap((n) => n.ingredients))].sort();
  const substanceNumber = (name: string) => String(substances.indexOf(name) + 1).padStart(10, '0');
  const key = (code: string) =>
    `${code.slice(0, 6)}${code.slice(6, 8)}${code.slice(8, 11)}${checkDigit(code)}`;
  const files: Record<string, string[]> = {
    'DD.txt': names.map(
      (n) => `${key(n.code)}N90SYNTSYN01${String(n.ingredients.length).padStart(2, '0')} 901${n.name}`,
    ),
    'DDA.txt': preferred.flatMap((n) =>
      n.atc.map(([atc, official]) => `${key(n.code)}${pad(atc, 7)}901${official ? 'Y' : 'N'}`),
    ),
    'INA.txt': Object.entries(ATC_TEXTS).map(([code, text]) => {
      const level = code.length === 1 ? 1 : code.length === 3 ? 2 : code.length === 4 ? 3 : 4;
      return `${pad(code, 7)}${level}${text}`;
    }),
    'ING.txt': preferred.flatMap((n) => n.ingredients.map((s) => `20900101${substanceNumber(s)}${n.code}`)),
    'BNA.txt': substances.map((s) => `${substanceNumber(s)}${pad('', 10)}${pad('ENG', 10)}${pad(s, 250)}901`),
    'version.txt': [WHODRUG_VERSION],
  };
  for (const [file, lines] of Object.entries(files))
    await fs.writeFile(path.join(dir, file), Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
  return dir;
}
