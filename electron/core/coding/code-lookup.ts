import type { CodedValues, WaitingReason } from '../../../shared/api/coding';
import type { DictionaryType } from '../../../shared/study/definition-schema';
import { synonymOf } from '../db/coding-repo';
import { activeDictionary, namingLanguage, type DictionaryRow } from '../db/dictionaries-repo';
import { lltsNamed, meddraCoding } from '../db/meddra-repo';
import type { StudyDatabase } from '../db/study-database';
import { drugsNamed, whodrugEntry } from '../db/whodrug-repo';
import { badInput } from '../common/errors';

/** What a dictionary says of a verbatim: coded values and how they were found, or why it waits. */
export type Lookup =
  | { values: CodedValues; method: 'AUTO' | 'SYNONYM'; code: string }
  | { values?: undefined; reason: WaitingReason | null };

export interface CodingDictionary {
  type: DictionaryType;
  row: DictionaryRow;
  language: string;
}

export function codingDictionary(row: DictionaryRow): CodingDictionary {
  return { type: row.type, row, language: namingLanguage(row) };
}

export const DICTIONARY_NAME: Record<DictionaryType, string> = { meddra: 'MedDRA', whodrug: 'WHODrug' };

/** The version the study codes a type with; refused when none of that type is loaded. */
export function activeCodingDictionary(database: StudyDatabase, type: DictionaryType): CodingDictionary {
  const active = activeDictionary(database, type);
  if (!active)
    throw badInput(`no ${DICTIONARY_NAME[type]} is loaded`, {
      kind: 'DICTIONARY_NOT_LOADED',
      facts: { dictionary: DICTIONARY_NAME[type] },
    });
  return codingDictionary(active);
}

const label = (d: CodingDictionary) => `${DICTIONARY_NAME[d.type]} ${d.row.version}`;

/** An LLT coded: its PT and primary path. Refuses a non-current LLT (MedDRA's rule: code to current LLTs only). */
export function codeLlt(
  database: StudyDatabase,
  d: CodingDictionary,
  llt: number,
): { values: CodedValues } | { reason: string } {
  const found = meddraCoding(database, d.row.id, llt, d.language);
  if (!found) return { reason: `LLT ${llt} is not in ${label(d)}` };
  if (!found.current) return { reason: `LLT ${llt} (${found.lltName}) is not current in ${label(d)}` };
  const { current: _current, ...values } = found;
  return { values };
}

/** A drug coded: its preferred name, ingredients and one ATC class (the one given, else the only official one). */
export function codeDrug(
  database: StudyDatabase,
  d: CodingDictionary,
  drug: string,
  atc: string | null,
): { values: CodedValues } | { reason: string; waiting?: WaitingReason } {
  const entry = whodrugEntry(database, d.row.id, drug);
  if (!entry) return { reason: `drug ${drug} is not in ${label(d)}` };
  let chosen = atc ? entry.atc.find((a) => a.code === atc.toUpperCase()) : undefined;
  if (atc && !chosen)
    return {
      reason: `ATC ${atc} is not a class of drug ${drug} (${entry.atc.map((a) => a.code).join(', ') || 'none'})`,
    };
  if (!chosen) {
    const official = entry.atc.filter((a) => a.official);
    const candidates = official.length ? official : entry.atc;
    if (candidates.length > 1)
      return {
        waiting: { kind: 'several-atc', terms: candidates.map((a) => a.code).join(', ') },
        reason: `drug ${drug} (${entry.name}) has several ATC classes (${candidates.map((a) => a.code).join(', ')}): choose one`,
      };
    chosen = candidates[0];
  }
  return {
    values: {
      drugCode: entry.drugCode,
      drugName: entry.drugName,
      atcCode: chosen?.code ?? null,
      atcText: chosen?.text ?? null,
      ingredients: entry.ingredients.length ? entry.ingredients.join('; ') : null,
    },
  };
}

/**
 * Auto-coding of one normalised verbatim: the study's synonym list first (a person decided how
 * this study codes it), then an exact name: one current LLT in any loaded language, or one drug.
 */
export function lookupVerbatim(database: StudyDatabase, d: CodingDictionary, norm: string): Lookup {
  const synonym = synonymOf(database, d.type, norm);
  if (synonym) {
    const coded =
      d.type === 'meddra'
        ? codeLlt(database, d, Number(synonym.code))
        : codeDrug(database, d, synonym.code, synonym.atc);
    if ('values' in coded) return { values: coded.values, method: 'SYNONYM', code: synonym.code };
    return { reason: { kind: 'synonym-unusable', terms: synonym.code } };
  }
  return d.type === 'meddra' ? exactLlt(database, d, norm) : exactDrug(database, d, norm);
}

function exactLlt(database: StudyDatabase, d: CodingDictionary, norm: string): Lookup {
  const llts = lltsNamed(database, d.row.id, norm);
  const current = llts.filter((l) => l.current);
  if (current.length === 1) {
    const coded = codeLlt(database, d, current[0]!.code);
    return 'values' in coded
      ? { values: coded.values, method: 'AUTO', code: String(current[0]!.code) }
      : { reason: { kind: 'non-current-llt', terms: String(current[0]!.code) } };
  }
  if (current.length > 1)
    return { reason: { kind: 'several-llts', terms: current.map((l) => l.code).join(', ') } };
  if (llts.length) return { reason: { kind: 'non-current-llt', terms: llts.map((l) => l.code).join(', ') } };
  return { reason: null };
}

function exactDrug(database: StudyDatabase, d: CodingDictionary, norm: string): Lookup {
  const drugs = drugsNamed(database, d.row.id, norm);
  if (drugs.length > 1) return { reason: { kind: 'several-drugs', terms: drugs.join(', ') } };
  if (drugs.length === 0) return { reason: null };
  const coded = codeDrug(database, d, drugs[0]!, null);
  return 'values' in coded
    ? { values: coded.values, method: 'AUTO', code: drugs[0]! }
    : { reason: coded.waiting ?? { kind: 'synonym-unusable', terms: drugs[0]! } };
}
