import { describe, expect, it } from 'vitest';
import type { CustomCheckDefinition } from '../../shared/study/definition-schema';
import { runCustomChecks } from '../../electron/core/checks/custom-checks';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { databaseHash } from '../helpers/database-hash';
import { brokenChecks, oldAge, oldAgeDiscrepancy, writingChecks } from '../helpers/custom-check-fixtures';
import { dmRow, loadRows, newStudy, testContext } from '../helpers/study-builder';

const ctx = testContext();

function studyWith(customChecks: CustomCheckDefinition[]) {
  const definition = { ...loadStudyDefinition(), customChecks };
  const study = newStudy({ definition });
  loadRows(study.api, {
    site: 'S01',
    exportDate: '2018-06-30',
    forms: { DM: [dmRow('S01-001', 'S01', { AGE: '91' }), dmRow('S01-002', 'S01')] },
  });
  return study;
}

describe('custom checks', () => {
  it('run with the catalog and join the same discrepancy list and workflow', async () => {
    const { api } = studyWith([oldAge]);
    const run = await api.call('checks.run', { checkIds: ['CUST-01', 'ELIG-01'] }, ctx);
    expect(run.errors).toEqual([]);
    expect(run.checks.find((c) => c.checkId === 'CUST-01')).toMatchObject({ found: 1, new: 1 });
    const [d] = (await api.call('discrepancies.list', { checkId: ['CUST-01'] }, ctx)).rows;
    expect(d).toMatchObject({
      ...oldAgeDiscrepancy,
      severity: 'minor',
      status: 'OPEN',
    });
    expect(d!.recordId).not.toBeNull();
    const catalog = await api.call('checks.catalog', {}, ctx);
    expect(catalog.find((c) => c.id === 'CUST-01')).toMatchObject({ custom: true });
  });

  it('can never change anything: a write is refused and reported with its ID, the others still run', async () => {
    const writers: CustomCheckDefinition[] = [
      ...writingChecks,
      {
        ...oldAge,
        id: 'CUST-W3',
        sql: `WITH x AS (SELECT 1) INSERT INTO audit_events (at, user_name, action, entity) VALUES ('a','b','c','d') RETURNING 1`,
      },
      { ...oldAge, id: 'CUST-W5', sql: `ATTACH DATABASE '/tmp/evil.db' AS evil` },
      { ...oldAge, id: 'CUST-W6', sql: `PRAGMA writable_schema = ON` },
      ...brokenChecks,
      oldAge,
    ];
    const { api, file } = studyWith(writers);
    const before = databaseHash(file, { exclude: ['check_runs', 'discrepancies', 'audit_events'] });
    const run = await api.call('checks.run', {}, ctx);
    const errorOf = (id: string) => run.errors.find((e) => e.checkId === id)?.message;
    for (const id of ['CUST-W1', 'CUST-W2', 'CUST-W3', 'CUST-W4', 'CUST-W5', 'CUST-W6'])
      expect(errorOf(id), id).toBeDefined();
    expect(errorOf('CUST-BROKEN')).toMatch(/no such table/);
    expect(errorOf('CUST-COLUMNS')).toMatch(/must return the columns/);
    expect(run.checks.find((c) => c.checkId === 'CUST-01')).toMatchObject({ found: 1, error: null });
    expect(run.checks.find((c) => c.checkId === 'ELIG-01')?.error).toBeNull();
    expect(databaseHash(file, { exclude: ['check_runs', 'discrepancies', 'audit_events'] })).toBe(before);
  });

  it('stops a query that runs past its time limit and reports it', async () => {
    const slow: CustomCheckDefinition = {
      ...oldAge,
      id: 'CUST-SLOW',
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT 'x' AS subject_id, 'DM' AS form, 'x' AS record_key, 'AGE' AS field, 'x' AS message FROM n WHERE i < 0`,
    };
    const { api } = studyWith([slow, oldAge]);
    const results = await runCustomChecks(api.database, [slow, oldAge], ctx, 1500);
    expect(results.find((r) => r.check.id === 'CUST-SLOW')?.error).toMatch(/time limit/);
    expect(results.find((r) => r.check.id === 'CUST-01')).toMatchObject({ error: null });
    expect(results.find((r) => r.check.id === 'CUST-01')!.hits).toHaveLength(1);
  });
});
