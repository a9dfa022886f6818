import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { checkParams, commonParams } from '../../electron/core/checks/check-params';
import { derivedFactsSql } from '../../electron/core/checks/derived-facts';
import { checkSql } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { runStatements } from '../../electron/core/db/check-runs-repo';
import { connectionOf } from '../../electron/core/db/connection';
import { aeRow, dsRow, lbRow } from '../helpers/dose-rows';
import { cleanSubject, S1 } from '../helpers/dose-subjects';
import { findings, studyWith } from '../helpers/dose-fixtures';

/**
 * The dose checks (DOSE-01..10, edit-checks.md) all at once: a subject dosed as the label says
 * raises none of them, and none scans a table per row (each scans only its driving table; every
 * join and correlated subquery searches an index).
 */
describe('a clean subject', () => {
  it('raises no dose deviation', async () => {
    const api = studyWith({
      ...cleanSubject(S1, { cycles: 3 }),
      LB: [lbRow(S1, 'ANC', '2018-01-15', '1.8'), lbRow(S1, 'PLAT', '2018-01-15', '150')],
      AE: [aeRow(S1, 1, { AEACN: 'DOSE NOT CHANGED' })],
    });
    const ids = [
      'DOSE-01',
      'DOSE-02',
      'DOSE-03',
      'DOSE-04',
      'DOSE-05',
      'DOSE-06',
      'DOSE-07',
      'DOSE-08',
      'DOSE-09',
      'DOSE-10',
    ];
    expect([...(await findings(api, ids)).values()]).toEqual([]);
  });
});

describe('dose checks: query plans', () => {
  it('scan only their driving table; every join and correlated subquery searches an index', () => {
    const api = studyWith({
      ...cleanSubject(S1),
      AE: [aeRow(S1, 1)],
      LB: [lbRow(S1, 'ANC', '2018-01-15', '0.3')],
      DS: [dsRow(S1)],
    });
    const database = api.database;
    const model = database.model;
    const common = {
      ...commonParams(model),
      ...checkParams(model, { id: 'RESP-05', params: ['spepTest', 'baselineMaxAgeDays'] }),
    };
    runStatements(database, derivedFactsSql(SQLITE_DIALECT), common);
    const pomStep = derivedFactsSql(SQLITE_DIALECT)
      .find((sql) => sql.includes('CREATE TEMP TABLE pom_step'))!
      .replace(/^\s*CREATE TEMP TABLE \w+ AS/, '');
    const queries = [
      { id: 'pom_step', sql: pomStep, params: {} },
      ...CATALOG.filter((c) => c.id.startsWith('DOSE-')).map((check) => ({
        id: check.id,
        sql: checkSql(check, model, SQLITE_DIALECT),
        params: { ...common, ...checkParams(model, check) },
      })),
    ];
    for (const { id, sql, params } of queries) {
      const statement = connectionOf(database).prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (sql.includes('@') ? statement.all(params) : statement.all()) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const text = plan.map((p) => p.detail).join('; ');
      const scans = plan.filter(
        (p) => p.detail.startsWith('SCAN ') && !/VIRTUAL TABLE|SCAN w$/.test(p.detail),
      );
      // One scan (the driving table, at the top level); everything else is a SEARCH.
      expect(scans.length, `${id}: ${text}`).toBe(1);
      expect(scans[0]!.parent, `${id}: ${text}`).toBe(0);
    }
  });
});
