import { SQLITE_DIALECT, type SqlDialect } from '../db/sql-dialect';
import { derivedFactsSql } from './derived-facts';

/**
 * Which derived facts a check run builds: only those its checks read, and what those are made
 * from, each fact's statements in the order derived-facts.ts gives them.
 */

/** The fact table a statement of derivedFactsSql makes, fills or indexes. */
function targetOf(sql: string): string {
  const target =
    /^DROP TABLE IF EXISTS temp\.(\w+)/.exec(sql) ??
    /^CREATE TEMP TABLE (\w+)/.exec(sql) ??
    /^CREATE (?:UNIQUE )?INDEX temp\.\w+ ON (\w+)/.exec(sql) ??
    /^INSERT INTO (\w+)/.exec(sql);
  if (!target) throw new Error(`derived facts: a statement of no fact table: ${sql.slice(0, 60)}`);
  return target[1]!;
}

export const FACT_TABLES: readonly string[] = [...new Set(derivedFactsSql(SQLITE_DIALECT).map(targetOf))];

/**
 * Facts cheap enough that a second thread builds them again for the checks it runs (one pass over
 * one form), rather than leave those checks to the thread that builds the rest.
 */
export const FACTS_BUILT_TWICE: ReadonlySet<string> = new Set(['site_cutoff', 'pom_period']);

/** The fact tables an SQL text names. */
export function factsNamedIn(sql: string): string[] {
  return FACT_TABLES.filter((table) => new RegExp(`\\b${table}\\b`).test(sql));
}

/** The statements that build `wanted` and the facts they are made from, in order. */
export function factsSqlFor(dialect: SqlDialect, wanted: Iterable<string>): string[] {
  const statements = derivedFactsSql(dialect);
  const needed = new Set(wanted);
  // Facts are made only from facts made before them: one pass from the last one back closes the set.
  for (let i = statements.length - 1; i >= 0; i--) {
    const target = targetOf(statements[i]!);
    if (!needed.has(target)) continue;
    for (const read of factsNamedIn(statements[i]!)) needed.add(read);
  }
  return statements.filter((sql) => needed.has(targetOf(sql)));
}
