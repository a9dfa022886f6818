import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy, openStudy } from '../../electron/core/api/open-study';
import type { StudyApi } from '../../electron/core/api/study-api';
import { runCustomChecks } from '../../electron/core/checks/custom-checks';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { CustomCheckDefinition } from '../../shared/study/definition-schema';
import { brokenChecks, oldAge, oldAgeDiscrepancy, writingChecks } from '../helpers/custom-check-fixtures';
import { newPgUrl, pgMissing, rawSql } from '../helpers/postgres-test';
import { dmRow, loadRows, testContext } from '../helpers/study-builder';

/**
 * Custom checks on a study on a PostgreSQL server: they run with the catalog and join the same
 * discrepancy list, whoever runs them (the owner, a superuser here, or a data manager); each in a
 * read-only transaction as the study's viewer, so no write, no server file and no right of the
 * person running it is within reach; stopped by the server at the time limit; a broken one is
 * reported with its ID while the others run.
 */
const ctx = testContext('postgres');

const hit = (sql: string) =>
  `SELECT subject_id, 'DM' AS form, record_key, 'AGE' AS field, ${sql} AS message FROM dm`;
const hostile: CustomCheckDefinition[] = [
  ...writingChecks,
  {
    ...oldAge,
    id: 'CUST-W3',
    sql: `WITH d AS (DELETE FROM form_dm RETURNING subject_id) SELECT subject_id, 'DM' AS form, 'x' AS record_key, 'AGE' AS field, 'x' AS message FROM d`,
  },
  { ...oldAge, id: 'CUST-W5', sql: hit(`pg_read_file('/etc/hostname')`) },
  { ...oldAge, id: 'CUST-W6', sql: hit(`(SELECT count(*) FROM pg_ls_dir('.'))::text`) },
  { ...oldAge, id: 'CUST-W7', sql: hit(`nextval('imports_id_seq')::text`) },
  { ...oldAge, id: 'CUST-W8', sql: hit(`(SELECT passwd FROM pg_shadow LIMIT 1)`) },
  ...brokenChecks,
  oldAge,
];

describe.skipIf(pgMissing)('custom checks on PostgreSQL', () => {
  let url: string;
  let owner: StudyApi;

  beforeAll(async () => {
    url = newPgUrl('custom');
    const definition = { ...loadStudyDefinition(), customChecks: hostile };
    owner = createStudy(url, definition, 'postgres', new Date('2026-01-01T00:00:00Z'));
    loadRows(owner, {
      site: 'S01',
      exportDate: '2018-06-30',
      forms: { DM: [dmRow('S01-001', 'S01', { AGE: '91' }), dmRow('S01-002', 'S01')] },
    });
    const db = new URL(url).pathname.slice(1);
    await rawSql(url, `CREATE ROLE ${db}_alice LOGIN PASSWORD 'alice-pw' IN ROLE ${db}_data_manager`);
  }, 120_000);
  afterAll(() => owner?.close());

  const counts = () =>
    rawSql(
      url,
      `SELECT (SELECT count(*) FROM form_dm) AS dm, (SELECT max(age) FROM form_dm) AS age,
              (SELECT count(*) FROM imports) AS imports`,
    );

  it('run as the owner: a write, a server file, a sequence, a password are out of reach; the others run', async () => {
    const before = await counts();
    const run = await owner.call('checks.run', {}, ctx);
    const errorOf = (id: string) => run.errors.find((e) => e.checkId === id)?.message;
    for (const id of ['CUST-W1', 'CUST-W2', 'CUST-W3', 'CUST-W4']) expect(errorOf(id), id).toBeDefined();
    for (const id of ['CUST-W5', 'CUST-W6', 'CUST-W8']) expect(errorOf(id), id).toMatch(/permission denied/);
    expect(errorOf('CUST-W7')).toMatch(/read-only transaction|permission denied/);
    expect(errorOf('CUST-BROKEN')).toMatch(/does not exist/);
    expect(errorOf('CUST-COLUMNS')).toMatch(/must return the columns/);
    expect(run.checks.find((c) => c.checkId === 'CUST-01')).toMatchObject({ found: 1, new: 1, error: null });
    expect(await counts()).toEqual(before);

    const [d] = (await owner.call('discrepancies.list', { checkId: ['CUST-01'] }, ctx)).rows;
    expect(d).toMatchObject({
      ...oldAgeDiscrepancy,
      message: 'Age 91 is over 90: please confirm',
      status: 'OPEN',
    });
    expect(d!.recordId).not.toBeNull();
  });

  it('run as a data manager (not a superuser): the same answers', async () => {
    const u = new URL(url);
    u.username = `${u.pathname.slice(1)}_alice`;
    u.password = 'alice-pw';
    const manager = openStudy(u.toString());
    try {
      const run = await manager.call('checks.run', { checkIds: ['CUST-01', 'CUST-W1', 'CUST-W5'] }, ctx);
      expect(run.checks.find((c) => c.checkId === 'CUST-01')).toMatchObject({
        found: 1,
        new: 0,
        error: null,
      });
      expect(run.errors.map((e) => e.checkId).sort()).toEqual(['CUST-W1', 'CUST-W5']);
    } finally {
      manager.close();
    }
  });

  it('is stopped by the server at the time limit; the next check still runs', async () => {
    const slow: CustomCheckDefinition = { ...oldAge, id: 'CUST-SLOW', sql: hit(`pg_sleep(30)::text`) };
    const started = Date.now();
    const results = await runCustomChecks(owner.database, [slow, oldAge], ctx, 1000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(results.find((r) => r.check.id === 'CUST-SLOW')?.error).toBe('stopped after 1 s (time limit)');
    expect(results.find((r) => r.check.id === 'CUST-01')).toMatchObject({ error: null });
    expect(results.find((r) => r.check.id === 'CUST-01')!.hits).toHaveLength(1);
  });
});
