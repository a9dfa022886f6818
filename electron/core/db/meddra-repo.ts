import { connectionOf } from './connection';
import { prepared } from './statement-cache';
import type { StudyDatabase } from './study-database';

/** MedDRA lookups: exact matches by normalised name, an LLT's place in the hierarchy, search. */

export interface MeddraCoding {
  lltCode: number;
  lltName: string;
  ptCode: number;
  ptName: string;
  hltCode: number;
  hltName: string;
  hlgtCode: number;
  hlgtName: string;
  socCode: number;
  socName: string;
  current: boolean;
}

/** Distinct LLTs whose name (in any loaded language) normalises to `norm`. */
export function lltsNamed(
  database: StudyDatabase,
  dictionaryId: number,
  norm: string,
): { code: number; current: boolean }[] {
  return (
    prepared(
      connectionOf(database),
      // CROSS JOIN keeps the name index outside: one seek, not a pass over every LLT.
      `SELECT DISTINCT l.llt_code AS code, l.current FROM meddra_terms t
       CROSS JOIN meddra_llts l ON l.dictionary_id = t.dictionary_id AND l.llt_code = t.code
       WHERE t.dictionary_id = ? AND t.level = 'LLT' AND t.norm = ? ORDER BY l.llt_code`,
    ).all(dictionaryId, norm) as { code: number; current: number }[]
  ).map((r) => ({ code: r.code, current: r.current === 1 }));
}

const name = (level: string, code: string) =>
  `(SELECT name FROM meddra_terms WHERE dictionary_id = l.dictionary_id AND level = '${level}' AND code = ${code} AND language = @language)`;

/** An LLT with its PT and the PT's primary path, named in one language. */
export function meddraCoding(
  database: StudyDatabase,
  dictionaryId: number,
  lltCode: number,
  language: string,
): MeddraCoding | undefined {
  const row = prepared(
    connectionOf(database),
    `SELECT l.llt_code AS lltCode, ${name('LLT', 'l.llt_code')} AS lltName, l.pt_code AS ptCode, ${name('PT', 'l.pt_code')} AS ptName,
            p.hlt_code AS hltCode, ${name('HLT', 'p.hlt_code')} AS hltName, p.hlgt_code AS hlgtCode, ${name('HLGT', 'p.hlgt_code')} AS hlgtName,
            p.soc_code AS socCode, ${name('SOC', 'p.soc_code')} AS socName, l.current
     FROM meddra_llts l JOIN meddra_paths p ON p.dictionary_id = l.dictionary_id AND p.pt_code = l.pt_code AND p.primary_soc = 1
     WHERE l.dictionary_id = @dictionary AND l.llt_code = @llt`,
  ).get({ dictionary: dictionaryId, llt: lltCode, language }) as
    (Omit<MeddraCoding, 'current'> & { current: number }) | undefined;
  return row && { ...row, current: row.current === 1 };
}

export interface MeddraSearchRow {
  level: 'LLT' | 'PT';
  code: number;
  /** JSON list of "language U+001F name" for every loaded language whose name matched. */
  names: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * LLTs and PTs whose name (any loaded language) contains the normalised text: exact names first,
 * then names that start with it, then the shortest; a PT and its own LLT (same code) are one hit. A scan of the names (a few tens of ms for a
 * release of 80,000 LLTs in two languages), paged.
 */
export function searchMeddra(
  database: StudyDatabase,
  dictionaryId: number,
  norm: string,
  page: { offset: number; limit: number },
): { rows: MeddraSearchRow[]; total: number } {
  const params = {
    dictionary: dictionaryId,
    exact: norm,
    prefix: `${escapeLike(norm)}%`,
    pattern: `%${escapeLike(norm)}%`,
  };
  const where = `t.dictionary_id = @dictionary AND t.level IN ('LLT', 'PT') AND t.norm LIKE @pattern ESCAPE '\\'`;
  // One pass: the page of hits, and how many there are (counted over the groups, before the page).
  const rows = connectionOf(database)
    .prepare(
      `SELECT max(t.level) AS level, t.code, json_group_array(DISTINCT t.language || char(31) || t.name) AS names,
              max(t.norm = @exact) AS exact, max(t.norm LIKE @prefix ESCAPE '\\') AS starts, min(length(t.norm)) AS size,
              count(*) OVER () AS total
       FROM meddra_terms t WHERE ${where}
       GROUP BY t.code ORDER BY exact DESC, starts DESC, size, level DESC, t.code LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: page.limit, offset: page.offset }) as (MeddraSearchRow & { total: number })[];
  const total =
    rows[0]?.total ??
    (page.offset === 0
      ? 0
      : (
          connectionOf(database)
            .prepare(
              `SELECT count(*) AS n FROM (SELECT 1 FROM meddra_terms t WHERE ${where} GROUP BY t.code) codes`,
            )
            .get(params) as { n: number }
        ).n);
  return { rows, total };
}

/** The names of a term in every loaded language. */
export function meddraNames(
  database: StudyDatabase,
  dictionaryId: number,
  level: string,
  code: number,
): Record<string, string> {
  const rows = prepared(
    connectionOf(database),
    'SELECT language, name FROM meddra_terms WHERE dictionary_id = ? AND level = ? AND code = ?',
  ).all(dictionaryId, level, code) as { language: string; name: string }[];
  return Object.fromEntries(rows.map((r) => [r.language, r.name]));
}
