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

/** A check's query as the engine spells it. */
export function checkSql(check: Pick<CatalogCheck, 'sql'>, model: StudyModel, dialect: SqlDialect): string {
  return typeof check.sql === 'function' ? check.sql(model, dialect) : check.sql;
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
