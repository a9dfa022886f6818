import type { Severity } from '../../../../shared/study/definition-schema';
import type { SqlDialect } from '../../db/sql-dialect';
import type { StudyModel } from '../../study/study-model';

/**
 * A check of the catalog (edit-checks.md): its stable ID, category, severity, and one SQL query
 * over the live-record views and the derived facts (derived-facts.ts). Parameters are named
 * (`@windowDays`) and come from the study definition, never literals in the query.
 *
 * The query returns one row a hit, with exactly these columns:
 *   subject_id, form, record_id, record_key, field, message, related
 * form/record_id/field point at the record and field the discrepancy is about; record_key may be
 * NULL when record_id is given (the engine fills it in, and the site and the value as the site wrote
 * it); a hit about a record that does not exist (a missing assessment) gives record_id NULL and its
 * own record_key. message is JSON, `{"key": ..., "values": {...}}`: which of the check's templates
 * (checks.<ID>.messages of the study definition) and the named values it fills in (sql-fragments.ts
 * message()); the words are the templates', in English and Korean. related is a JSON array of
 * {form, recordId} of the other records the check looked at, or NULL.
 */
export interface CatalogCheck {
  id: string;
  category: string;
  severity: Severity;
  title: string;
  /** Names of the parameters this check reads from the study definition (checks.<ID>.params). */
  params?: readonly string[];
  /**
   * The query, or a function of the study model for checks that span every form or column (and of
   * the engine's dialect, for the few spellings no PostgreSQL function can mirror: lab results).
   */
  sql: string | ((model: StudyModel, dialect: SqlDialect) => string);
}

type MadeSql = { sql: string } | { error: unknown };

/** Queries made for a study model (which never changes once built), by dialect and query function. */
const made = new WeakMap<StudyModel, Map<SqlDialect, Map<CatalogCheck['sql'], MadeSql>>>();

/**
 * A check's query as the engine spells it. Made once for a model and dialect: a run asks for each
 * query three times (the catalog's hash, the facts it reads, the run itself), and the largest take
 * milliseconds to write. A query that cannot be made throws the same error every time.
 */
export function checkSql(check: Pick<CatalogCheck, 'sql'>, model: StudyModel, dialect: SqlDialect): string {
  if (typeof check.sql !== 'function') return check.sql;
  let byDialect = made.get(model);
  if (!byDialect) made.set(model, (byDialect = new Map()));
  let byCheck = byDialect.get(dialect);
  if (!byCheck) byDialect.set(dialect, (byCheck = new Map()));
  let query = byCheck.get(check.sql);
  if (!query) {
    try {
      query = { sql: check.sql(model, dialect) };
    } catch (error) {
      query = { error };
    }
    byCheck.set(check.sql, query);
  }
  if ('error' in query) throw query.error;
  return query.sql;
}

export const HIT_COLUMNS = [
  'subject_id',
  'form',
  'record_id',
  'record_key',
  'field',
  'message',
  'related',
] as const;
