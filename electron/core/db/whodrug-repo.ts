import { connectionOf } from './connection';
import { prepared } from './statement-cache';
import type { StudyDatabase } from './study-database';

/** WHODrug lookups: drugs by normalised name, a drug's preferred name, ATC classes and ingredients, search. */

export interface WhodrugEntry {
  drugCode: string;
  name: string;
  /** The name of the same record number and Seq1 with Seq2 001. */
  drugName: string;
  atc: { code: string; text: string; official: boolean }[];
  ingredients: string[];
}

export function drugsNamed(database: StudyDatabase, dictionaryId: number, norm: string): string[] {
  return (
    prepared(
      connectionOf(database),
      'SELECT drug_code FROM whodrug_drugs WHERE dictionary_id = ? AND norm = ? ORDER BY drug_code',
    )
      .raw()
      .all(dictionaryId, norm) as [string][]
  ).map((r) => r[0]);
}

/** ATC classes and ingredients are given for a drug code, else for its preferred name's. */
export function whodrugEntry(
  database: StudyDatabase,
  dictionaryId: number,
  drugCode: string,
): WhodrugEntry | undefined {
  const c = connectionOf(database);
  const own = prepared(c, 'SELECT name FROM whodrug_drugs WHERE dictionary_id = ? AND drug_code = ?').get(
    dictionaryId,
    drugCode,
  ) as { name: string } | undefined;
  if (!own) return undefined;
  const preferredCode = `${drugCode.slice(0, 8)}001`;
  const preferred = prepared(
    c,
    'SELECT name FROM whodrug_drugs WHERE dictionary_id = ? AND drug_code = ?',
  ).get(dictionaryId, preferredCode) as { name: string } | undefined;
  const atcOf = (code: string) =>
    (
      prepared(
        c,
        `SELECT a.atc_code AS code, coalesce(t.text, '') AS text, a.official FROM whodrug_atc a
         LEFT JOIN whodrug_atc_text t ON t.dictionary_id = a.dictionary_id AND t.atc_code = a.atc_code
         WHERE a.dictionary_id = ? AND a.drug_code = ? ORDER BY a.official DESC, a.atc_code`,
      ).all(dictionaryId, code) as { code: string; text: string; official: number }[]
    ).map((a) => ({ ...a, official: a.official === 1 }));
  const ingredientsOf = (code: string) =>
    (
      prepared(
        c,
        'SELECT substance FROM whodrug_ingredients WHERE dictionary_id = ? AND drug_code = ? ORDER BY position',
      )
        .raw()
        .all(dictionaryId, code) as [string][]
    ).map((r) => r[0]);
  const atc = atcOf(drugCode);
  const ingredients = ingredientsOf(drugCode);
  return {
    drugCode,
    name: own.name,
    drugName: preferred?.name ?? own.name,
    atc: atc.length ? atc : atcOf(preferredCode),
    ingredients: ingredients.length ? ingredients : ingredientsOf(preferredCode),
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export function searchWhodrug(
  database: StudyDatabase,
  dictionaryId: number,
  norm: string,
  page: { offset: number; limit: number },
): { codes: string[]; total: number } {
  const params = {
    dictionary: dictionaryId,
    exact: norm,
    prefix: `${escapeLike(norm)}%`,
    pattern: `%${escapeLike(norm)}%`,
  };
  const where = `dictionary_id = @dictionary AND norm LIKE @pattern ESCAPE '\\'`;
  const rows = connectionOf(database)
    .prepare(
      `SELECT drug_code AS code, count(*) OVER () AS total FROM whodrug_drugs WHERE ${where}
       ORDER BY norm = @exact DESC, norm LIKE @prefix ESCAPE '\\' DESC, length(norm), drug_code LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: page.limit, offset: page.offset }) as { code: string; total: number }[];
  const codes = rows.map((r) => r.code);
  const total =
    rows[0]?.total ??
    (page.offset === 0
      ? 0
      : (
          connectionOf(database)
            .prepare(`SELECT count(*) AS n FROM whodrug_drugs WHERE ${where}`)
            .get(params) as { n: number }
        ).n);
  return { codes, total };
}
