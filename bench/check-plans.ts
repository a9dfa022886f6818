/**
 * Every check's query plan (EXPLAIN QUERY PLAN, after the derived facts are built), written to a
 * file, and the checks whose plan reads a whole table inside a correlated subquery (a scan a row).
 * A virtual table is not one: json_each over a parameter list of the study definition (a few
 * values, e.g. the label's start doses) shows as `SCAN <alias> VIRTUAL TABLE`, under any alias.
 */
import fs from 'node:fs';
import { openStudy } from '../electron/core/api/open-study';
import { CATALOG } from '../electron/core/checks/catalog';
import { checkParams, commonParams } from '../electron/core/checks/check-params';
import { buildFactsFor } from '../electron/core/checks/collect-catalog-hits';
import { checkSql } from '../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../electron/core/db/sql-dialect';
import { connectionOf } from '../electron/core/db/connection';

interface PlanRow {
  id: number;
  parent: number;
  detail: string;
}

export async function checkPlans(file: string, outFile: string) {
  const api = openStudy(file);
  const c = connectionOf(api.database);
  const model = api.database.model;
  const common = commonParams(model);
  buildFactsFor(api.database, CATALOG);
  const text: string[] = ['# Query plans of the checks', ''];
  const scansInSubqueries: string[] = [];
  for (const check of CATALOG) {
    const sql = checkSql(check, model, SQLITE_DIALECT);
    const rows = c
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ ...common, ...checkParams(model, check) }) as PlanRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const insideCorrelated = (row: PlanRow): boolean => {
      for (let p = byId.get(row.parent); p; p = byId.get(p.parent))
        if (p.detail.startsWith('CORRELATED')) return true;
      return false;
    };
    const bad = rows.filter(
      (r) =>
        /^SCAN (?!json_each|CONSTANT|\(subquery)/.test(r.detail) &&
        !/USING (COVERING )?INDEX|VIRTUAL TABLE/.test(r.detail) &&
        insideCorrelated(r),
    );
    if (bad.length) scansInSubqueries.push(check.id);
    text.push(`## ${check.id}${bad.length ? ' (scans a table inside a correlated subquery)' : ''}`, '```');
    const depth = (r: PlanRow): number => (byId.has(r.parent) ? 1 + depth(byId.get(r.parent)!) : 0);
    for (const r of rows) text.push(`${'  '.repeat(depth(r))}${r.detail}`);
    text.push('```', '');
  }
  api.close();
  fs.writeFileSync(outFile, `${text.join('\n')}\n`);
  return { checks: CATALOG.length, scansInSubqueries };
}
