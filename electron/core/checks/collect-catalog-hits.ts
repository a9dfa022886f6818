import type { Severity } from '../../../shared/study/definition-schema';
import { collectHits, runStatements, type SqlParams } from '../db/check-runs-repo';
import { sqlDialectOf, type StudyDatabase } from '../db/study-database';
import { SQLITE_DIALECT } from '../db/sql-dialect';
import type { StudyModel } from '../study/study-model';
import { checkSql, type CatalogCheck } from './catalog/check-definition';
import { checkParams, commonParams } from './check-params';
import { factsNamedIn, factsSqlFor } from './fact-selection';

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

/** Derived facts read these parameters of RESP-05 (the baseline of serum M-protein). */
const FACT_PARAMS_OF = { id: 'RESP-05', params: ['spepTest', 'baselineMaxAgeDays'] } as const;

/** The derived facts a check's query reads (none when its query cannot be made: it fails when run). */
export function factsReadBy(model: StudyModel, check: CatalogCheck): string[] {
  try {
    return factsNamedIn(checkSql(check, model, SQLITE_DIALECT));
  } catch {
    return [];
  }
}

/** Builds, on this connection, the derived facts these checks read (edit-checks.md "Terms"). */
export function buildFactsFor(database: StudyDatabase, checks: readonly CatalogCheck[]): void {
  const model = database.model;
  const facts = new Set(checks.flatMap((check) => factsReadBy(model, check)));
  if (facts.size === 0) return;
  runStatements(database, factsSqlFor(sqlDialectOf(database), facts), {
    ...commonParams(model),
    ...checkParams(model, FACT_PARAMS_OF),
  });
}
