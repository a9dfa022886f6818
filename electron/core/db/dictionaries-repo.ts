import { connectionOf } from './connection';
import { insertReturningId } from './statement-cache';
import type { DictionaryType } from '../../../shared/study/definition-schema';
import type { StudyDatabase } from './study-database';

/** The loaded dictionaries: versions, their languages (sources) and their terms. */

export interface DictionaryRow {
  id: number;
  type: DictionaryType;
  version: string;
  active: boolean;
  loadedAt: string;
  loadedBy: string;
  counts: Record<string, number>;
  languages: string[];
}

interface RawDictionary {
  id: number;
  type: DictionaryType;
  version: string;
  active: number;
  loadedAt: string;
  loadedBy: string;
  counts: string;
  languages: string | null;
}

const SELECT = `SELECT d.id, d.type, d.version, d.active, d.loaded_at AS loadedAt, d.loaded_by AS loadedBy, d.counts,
  (SELECT group_concat(language, ',' ORDER BY loaded_at, language) FROM dictionary_sources s WHERE s.dictionary_id = d.id) AS languages
  FROM dictionaries d`;

function toRow(r: RawDictionary): DictionaryRow {
  return {
    ...r,
    active: r.active === 1,
    counts: JSON.parse(r.counts) as Record<string, number>,
    languages: r.languages ? r.languages.split(',') : [],
  };
}

export function listDictionaries(database: StudyDatabase): DictionaryRow[] {
  return (connectionOf(database).prepare(`${SELECT} ORDER BY d.type, d.id`).all() as RawDictionary[]).map(
    toRow,
  );
}

export function findDictionary(
  database: StudyDatabase,
  type: DictionaryType,
  version: string,
): DictionaryRow | undefined {
  const row = connectionOf(database)
    .prepare(`${SELECT} WHERE d.type = ? AND d.version = ?`)
    .get(type, version) as RawDictionary | undefined;
  return row && toRow(row);
}

export function activeDictionary(database: StudyDatabase, type: DictionaryType): DictionaryRow | undefined {
  const row = connectionOf(database).prepare(`${SELECT} WHERE d.type = ? AND d.active = 1`).get(type) as
    RawDictionary | undefined;
  return row && toRow(row);
}

/** The language coded names are written in: English where loaded, else the first language loaded. */
export function namingLanguage(dictionary: DictionaryRow): string {
  return dictionary.languages.includes('English') ? 'English' : (dictionary.languages[0] ?? 'English');
}

export function insertDictionary(
  database: StudyDatabase,
  d: {
    type: DictionaryType;
    version: string;
    active: boolean;
    at: string;
    user: string;
    counts: Record<string, number>;
  },
): number {
  return insertReturningId(
    connectionOf(database),
    'INSERT INTO dictionaries (type, version, active, loaded_at, loaded_by, counts) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    d.type,
    d.version,
    d.active ? 1 : 0,
    d.at,
    d.user,
    JSON.stringify(d.counts),
  );
}

export function insertDictionarySource(
  database: StudyDatabase,
  s: { dictionaryId: number; language: string; source: string; files: unknown; at: string; user: string },
): void {
  connectionOf(database)
    .prepare(
      'INSERT INTO dictionary_sources (dictionary_id, language, source, files, loaded_at, loaded_by) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(s.dictionaryId, s.language, s.source, JSON.stringify(s.files), s.at, s.user);
}

/** Makes one version the one a type is coded with (the others stay loaded). */
export function setActiveDictionary(database: StudyDatabase, type: DictionaryType, id: number): void {
  connectionOf(database)
    .prepare('UPDATE dictionaries SET active = 0 WHERE type = ? AND active = 1 AND id <> ?')
    .run(type, id);
  connectionOf(database).prepare('UPDATE dictionaries SET active = 1 WHERE id = ? AND active = 0').run(id);
}

export interface MeddraTermRow {
  level: 'LLT' | 'PT' | 'HLT' | 'HLGT' | 'SOC';
  code: number;
  name: string;
  norm: string;
}

export function insertMeddraTerms(
  database: StudyDatabase,
  dictionaryId: number,
  language: string,
  terms: Iterable<MeddraTermRow>,
): void {
  const insert = connectionOf(database).prepare(
    'INSERT INTO meddra_terms (dictionary_id, level, code, language, name, norm) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const t of terms) insert.run(dictionaryId, t.level, t.code, language, t.name, t.norm);
}

export function insertMeddraStructure(
  database: StudyDatabase,
  dictionaryId: number,
  llts: Iterable<{ code: number; pt: number; current: boolean }>,
  paths: Iterable<{ pt: number; hlt: number; hlgt: number; soc: number; primary: boolean }>,
): void {
  const llt = connectionOf(database).prepare(
    'INSERT INTO meddra_llts (dictionary_id, llt_code, pt_code, current) VALUES (?, ?, ?, ?)',
  );
  for (const l of llts) llt.run(dictionaryId, l.code, l.pt, l.current ? 1 : 0);
  const path = connectionOf(database).prepare(
    'INSERT INTO meddra_paths (dictionary_id, pt_code, hlt_code, hlgt_code, soc_code, primary_soc) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const p of paths) path.run(dictionaryId, p.pt, p.hlt, p.hlgt, p.soc, p.primary ? 1 : 0);
}

/** A stored version's structure, to compare a translation with: LLT code -> PT code, and the codes of each level. */
export function meddraStructure(
  database: StudyDatabase,
  dictionaryId: number,
): { llts: Map<number, number>; levels: Map<string, number> } {
  const c = connectionOf(database);
  const llts = new Map(
    c
      .prepare('SELECT llt_code, pt_code FROM meddra_llts WHERE dictionary_id = ?')
      .raw()
      .all(dictionaryId) as [number, number][],
  );
  const levels = new Map(
    c
      .prepare('SELECT level, count(DISTINCT code) FROM meddra_terms WHERE dictionary_id = ? GROUP BY level')
      .raw()
      .all(dictionaryId) as [string, number][],
  );
  return { llts, levels };
}

export function insertWhodrug(
  database: StudyDatabase,
  dictionaryId: number,
  rows: {
    drugs: Iterable<{ code: string; name: string; norm: string }>;
    atc: Iterable<{ drug: string; atc: string; official: boolean }>;
    atcText: Iterable<{ atc: string; level: number; text: string }>;
    ingredients: Iterable<{ drug: string; position: number; substance: string }>;
  },
): void {
  const c = connectionOf(database);
  const drug = c.prepare(
    'INSERT INTO whodrug_drugs (dictionary_id, drug_code, name, norm) VALUES (?, ?, ?, ?)',
  );
  for (const d of rows.drugs) drug.run(dictionaryId, d.code, d.name, d.norm);
  const atc = c.prepare(
    'INSERT INTO whodrug_atc (dictionary_id, drug_code, atc_code, official) VALUES (?, ?, ?, ?)',
  );
  for (const a of rows.atc) atc.run(dictionaryId, a.drug, a.atc, a.official ? 1 : 0);
  const text = c.prepare(
    'INSERT INTO whodrug_atc_text (dictionary_id, atc_code, level, text) VALUES (?, ?, ?, ?)',
  );
  for (const t of rows.atcText) text.run(dictionaryId, t.atc, t.level, t.text);
  const ingredient = c.prepare(
    'INSERT INTO whodrug_ingredients (dictionary_id, drug_code, position, substance) VALUES (?, ?, ?, ?)',
  );
  for (const i of rows.ingredients) ingredient.run(dictionaryId, i.drug, i.position, i.substance);
}
