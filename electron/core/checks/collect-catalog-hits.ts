import type { Severity } from '../../../shared/study/definition-schema';
import { collectHits, type SqlParams } from '../db/check-runs-repo';
import { sqlDialectOf, type StudyDatabase } from '../db/study-database';
import { SQLITE_DIALECT } from '../db/sql-dialect';
import type { StudyModel } from '../study/study-model';
import { checkSql, type CatalogCheck } from './catalog/check-definition';
import { checkParams, commonParams } from './check-params';
import { derivedFactsSql } from './derived-facts';

export function severityOf(model: StudyModel, check: CatalogCheck): Severity {
  return model.definition.checks[check.id]?.severity ?? check.severity;
}

/** How one check went: its time, and its error (null when it ran). */
export interface CheckOutcome {
  checkId: string;
  durationMs: number;
  error: string | null;
}

/**
 * Runs catalog checks one by one into this connection's hits (temp.check_hits). A check that
 * fails is reported with its error and does not stop the others.
 */
export function collectCatalogHits(
  database: StudyDatabase,
  checks: readonly CatalogCheck[],
  progress?: (message: string) => void,
): CheckOutcome[] {
  const model = database.model;
  const common = commonParams(model);
  const dialect = sqlDialectOf(database);
  return checks.map((check) => {
    const t0 = performance.now();
    progress?.(`check ${check.id}`);
    let error: string | null = null;
    try {
      const sql = checkSql(check, model, dialect);
      collectHits(
        database,
        { id: check.id, category: check.category, severity: severityOf(model, check) },
        sql,
        { ...common, ...checkParams(model, check) } satisfies SqlParams,
      );
    } catch (e) {
      error = (e as Error).message;
    }
    return { checkId: check.id, durationMs: performance.now() - t0, error };
  });
}

const FACT_TABLES = derivedFactsSql(SQLITE_DIALECT).flatMap(
  (sql) => /^CREATE TEMP TABLE (\w+)/.exec(sql)?.[1] ?? [],
);

/** A check that reads no derived fact (its query names none of their tables): it can run on any connection. */
export function readsNoDerivedFact(model: StudyModel, check: CatalogCheck): boolean {
  let sql: string;
  try {
    sql = checkSql(check, model, SQLITE_DIALECT);
  } catch {
    return false;
  }
  return !FACT_TABLES.some((table) => new RegExp(`\\b${table}\\b`).test(sql));
}
