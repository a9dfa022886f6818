import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../electron/core/checks/catalog';
import { checkParams, commonParams } from '../../electron/core/checks/check-params';
import { derivedFactsSql } from '../../electron/core/checks/derived-facts';
import { checkSql } from '../../electron/core/checks/catalog/check-definition';
import { SQLITE_DIALECT } from '../../electron/core/db/sql-dialect';
import { runStatements } from '../../electron/core/db/check-runs-repo';
import { connectionOf } from '../../electron/core/db/connection';
import { loadRows, newStudy } from '../helpers/study-builder';
import { formsOf, site } from '../helpers/response-fixtures';

/**
 * The query plans of the response checks (RESP-01..08): each scans only its driving table, and
 * every correlated subquery searches an index (no table scanned once per row).
 */
describe('response checks: query plans', () => {
  it('scan only their driving table; every correlated subquery searches an index', () => {
    const { api } = newStudy();
    loadRows(api, {
      site,
      exportDate: '2018-12-31',
      forms: formsOf([{ n: 1, cycles: 2, rs: [['2018-02-07', 'PR']], lb: [['SPEP', '2018-01-05', '2']] }]),
    });
    const database = api.database;
    const model = database.model;
    runStatements(database, derivedFactsSql(SQLITE_DIALECT), {
      ...commonParams(model),
      ...checkParams(model, { id: 'RESP-05', params: ['spepTest', 'baselineMaxAgeDays'] }),
    });
    for (const check of CATALOG.filter((c) => c.id.startsWith('RESP-'))) {
      const sql = checkSql(check, model, SQLITE_DIALECT);
      const params = { ...commonParams(model), ...checkParams(model, check) };
      const statement = connectionOf(database).prepare(`EXPLAIN QUERY PLAN ${sql}`);
      const plan = (sql.includes('@') ? statement.all(params) : statement.all()) as {
        id: number;
        parent: number;
        detail: string;
      }[];
      const byId = new Map(plan.map((p) => [p.id, p]));
      const underCorrelated = (p: { parent: number }): boolean => {
        for (let up = byId.get(p.parent); up; up = byId.get(up.parent))
          if (up.detail.startsWith('CORRELATED')) return true;
        return false;
      };
      const scans = plan.filter(
        (p) => p.detail.startsWith('SCAN ') && !/json_each|VIRTUAL TABLE/.test(p.detail),
      );
      const text = plan.map((p) => p.detail).join('; ');
      expect(scans.filter(underCorrelated), `${check.id}: ${text}`).toEqual([]);
      const formScans = scans.filter((p) => /form_/.test(p.detail));
      if (check.id === 'RESP-08') {
        // One branch a form, each reading only the records with issues (a partial index).
        expect(
          formScans.every((p) => /USING INDEX form_\w+_with_issues/.test(p.detail)),
          `${check.id}: ${text}`,
        ).toBe(true);
      } else {
        expect(formScans.length, `${check.id}: ${text}`).toBeLessThanOrEqual(1);
      }
    }
  });
});
