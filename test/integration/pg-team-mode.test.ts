import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { copyStudy, createStudy, openStudy } from '../../electron/core/api/open-study';
import type { StudyApi } from '../../electron/core/api/study-api';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { generateStudy, type GeneratedStudyManifest } from '../../tools/generator/compose/generate-study';
import { newStudy, tempDir, testContext } from '../helpers/study-builder';
import { newPgUrl, pgMissing, rawSql } from '../helpers/postgres-test';
import { runCli } from '../helpers/run-cli';
import { startBrowserMode } from '../../electron/server/browser-mode';
import { apiRequest } from '../helpers/http-request';
import { EVENTS_PATH } from '../../shared/api/transport';
import { SUPERUSER_PASSWORD } from '../helpers/postgres-server';

/**
 * Team mode on a real PostgreSQL server: a study moved there and back is identical (copy), the
 * lock is enforced by the database (a raw UPDATE in psql is refused), the roles are the database's
 * (a viewer's and a monitor's writes are refused by it, not only by the window), and the audit
 * trail takes its user from the session, not from a flag.
 */
const ctx = testContext('flag-user');
const dir = tempDir('cdm-pg-team-');
const gen = path.join(dir, 'gen');
let manifest: GeneratedStudyManifest;

async function loadedSqliteStudy(): Promise<{ api: StudyApi; file: string }> {
  const { api, file } = newStudy({ dir: fs.mkdtempSync(path.join(dir, 's-')) });
  // Coded (a dictionary and the coding of every AE), reviewed and signed: every kind of table.
  const meddra = manifest.dictionaries!.meddra[0]!;
  await api.call('dictionaries.load', { path: path.join(gen, meddra.path), type: 'meddra' }, ctx);
  for (const round of ['round-1', 'round-2']) {
    const items = await api.call('imports.batch', { dir: path.join(gen, round), dryRun: false }, ctx);
    for (const item of items) expect('error' in item ? item.error : null).toBeNull();
  }
  await api.call('checks.run', {}, ctx);
  const open = await api.call('discrepancies.list', { status: ['OPEN'], limit: 5 }, ctx);
  await api.call(
    'discrepancies.setStatus',
    { ids: [open.rows[0]!.id], status: 'ACCEPTED', reason: 'not an error' },
    ctx,
  );
  await api.call('queries.export', { outDir: path.join(dir, 'lists'), format: 'xlsx' }, ctx);
  await api.call('review.mark', { form: 'AE' }, ctx);
  await api.call(
    'cuts.lock',
    {
      name: 'IA1',
      reason: 'interim',
      snapshotDir: path.join(dir, 'snap-ia1'),
      force: true,
      signature: { meaning: 'approved for analysis' },
    },
    ctx,
  );
  await api.call('cuts.unlock', { reason: 'go on' }, ctx);
  return { api, file };
}

describe.skipIf(pgMissing)('team mode on PostgreSQL', () => {
  beforeAll(async () => {
    manifest = await generateStudy({
      outDir: gen,
      seed: 11,
      subjects: 40,
      sites: 4,
      rounds: 2,
      definition: loadStudyDefinition(),
      inject: { checks: 'all', perCheck: 1 },
    });
  }, 120_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('copy SOURCE TARGET', () => {
    it('moves a whole study (data, history, discrepancies, queries, cuts, audit) to the server and back, identical', async () => {
      const { api, file } = await loadedSqliteStudy();
      api.close();
      const url = newPgUrl('copy');
      const there = copyStudy(file, url);
      expect(there.tables.filter((t) => !t.identical)).toEqual([]);
      expect(there.tables.find((t) => t.table === 'audit_events')!.sourceRows).toBeGreaterThan(10);
      expect(there.tables.find((t) => t.table === 'data_cuts')!.targetRows).toBe(1);
      for (const table of ['coding', 'meddra_terms', 'review_marks', 'review_mark_history', 'signatures'])
        expect(there.tables.find((t) => t.table === table)!.targetRows, table).toBeGreaterThan(0);
      const back = path.join(dir, 'back.db');
      const run = await runCli(['copy', url, back]);
      expect(run.stderr).toMatch(/every table identical/);
      expect(run.code).toBe(0);
      expect(run.stderr).not.toMatch(/cdm-test-superuser/); // no password in what is printed
      expect(copyStudy(back, path.join(dir, 'back-again.db')).identical).toBe(true);
      // The copy on the server works on: the same discrepancies, and new ids follow the copied ones.
      const pg = openStudy(url);
      const local = openStudy(file);
      try {
        const list = async (s: StudyApi) => (await s.call('discrepancies.list', { limit: 10_000 }, ctx)).rows;
        expect(await list(pg)).toEqual(await list(local));
        // new rows take ids after the copied ones (the identity sequences follow the copy)
        const run = await pg.call('checks.run', { full: true }, ctx);
        expect(run.checks.every((c) => c.error === null)).toBe(true);
      } finally {
        pg.close();
        local.close();
      }
    });
  });

  describe('the lock, the audit trail and the roles, by the database', () => {
    let url: string;
    let owner: StudyApi;

    beforeAll(async () => {
      url = newPgUrl('roles');
      owner = createStudy(url, loadStudyDefinition(), 'owner', new Date('2026-01-01T00:00:00Z'));
      const items = await owner.call('imports.batch', { dir: path.join(gen, 'round-1'), dryRun: false }, ctx);
      for (const item of items) expect('error' in item ? item.error : null).toBeNull();
      await owner.call('checks.run', {}, ctx);
      const db = new URL(url).pathname.slice(1);
      await rawSql(
        url,
        `CREATE ROLE ${db}_alice LOGIN PASSWORD 'alice-pw' IN ROLE ${db}_data_manager;
        CREATE ROLE ${db}_mona LOGIN PASSWORD 'mona-pw' IN ROLE ${db}_monitor;
        CREATE ROLE ${db}_vic LOGIN PASSWORD 'vic-pw' IN ROLE ${db}_viewer;
        CREATE ROLE ${db}_eve LOGIN PASSWORD 'eve-pw';`,
      );
    }, 120_000);
    afterAll(() => owner?.close());

    const as = (person: string, password: string) => {
      const u = new URL(url);
      u.username = `${u.pathname.slice(1)}_${person}`;
      u.password = password;
      return u.toString();
    };

    it('refuses, by the database, what a viewer and a monitor may not do; a data manager may', async () => {
      const viewer = openStudy(as('vic', 'vic-pw'));
      const monitor = openStudy(as('mona', 'mona-pw'));
      const manager = openStudy(as('alice', 'alice-pw'));
      try {
        expect((await viewer.call('imports.list', {}, ctx)).length).toBeGreaterThan(0);
        const batch = { dir: path.join(gen, 'round-2'), dryRun: false };
        for (const who of [viewer, monitor]) {
          await expect(who.call('imports.batch', batch, ctx)).rejects.toMatchObject({
            code: 'FORBIDDEN',
            message: expect.stringMatching(/refused this to your role/),
          });
          await expect(who.call('checks.run', {}, ctx)).rejects.toMatchObject({ code: 'FORBIDDEN' });
        }
        const items = await manager.call('imports.batch', batch, ctx);
        expect(items.every((i) => !('error' in i))).toBe(true);
        await manager.call('checks.run', {}, ctx);
        const open = (await viewer.call('discrepancies.list', { status: ['OPEN'], limit: 2 }, ctx)).rows;
        expect(open).toHaveLength(2);
        await expect(
          viewer.call(
            'discrepancies.setStatus',
            {
              ids: [open[0]!.id],
              status: 'ACCEPTED',
              reason: 'x',
              signature: { meaning: 'not an error', password: 'vic-pw' },
            },
            ctx,
          ),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' });
        await manager.call(
          'discrepancies.setStatus',
          {
            ids: [open[0]!.id],
            status: 'ACCEPTED',
            reason: 'checked with the site',
            signature: { meaning: 'not an error', password: 'alice-pw' },
          },
          ctx,
        );
        // psql, as the viewer and the monitor: refused by the server itself
        await expect(
          rawSql(as('vic', 'vic-pw'), "UPDATE discrepancies SET status = 'CLOSED'"),
        ).rejects.toThrow(/permission denied/);
        await expect(rawSql(as('mona', 'mona-pw'), 'UPDATE form_dm SET age = 1')).rejects.toThrow(
          /permission denied/,
        );
        await expect(rawSql(as('mona', 'mona-pw'), 'INSERT INTO imports DEFAULT VALUES')).rejects.toThrow(
          /permission denied/,
        );
        // someone with a login but no role of this study cannot even connect
        expect(() => openStudy(as('eve', 'eve-pw'))).toThrow(/permission denied|cannot connect/);
      } finally {
        viewer.close();
        monitor.close();
        manager.close();
      }
    });

    it('takes the audit trail user from the database session, not from the flag', async () => {
      const db = new URL(url).pathname.slice(1);
      const events = await rawSql(
        url,
        `SELECT DISTINCT user_name FROM audit_events WHERE action <> 'init' ORDER BY 1`,
      );
      expect(events.map((e) => e.user_name)).toContain(`${db}_alice`);
      expect(events.map((e) => e.user_name)).not.toContain('flag-user');
      await rawSql(
        as('alice', 'alice-pw'),
        `INSERT INTO audit_events (at, user_name, action, entity) VALUES ('2026-01-02', 'somebody else', 'note', 'study')`,
      );
      const [last] = await rawSql(url, 'SELECT user_name FROM audit_events ORDER BY id DESC LIMIT 1');
      expect(last!.user_name).toBe(`${db}_alice`);
      await expect(rawSql(url, 'DELETE FROM audit_events')).rejects.toThrow(/append-only/);
      await expect(rawSql(url, "UPDATE record_changes SET new_value = 'x'")).rejects.toThrow(/append-only/);
    });

    it('two people moving the same discrepancy: the second waits, then gets a conflict naming the first, never a silent overwrite', async () => {
      const db = new URL(url).pathname.slice(1);
      const [target] = await rawSql(
        url,
        "SELECT id FROM discrepancies WHERE status = 'OPEN' ORDER BY id LIMIT 1",
      );
      const id = Number(target!.id);
      // Alice accepts it in a transaction she has not committed yet...
      const alice = new pg.Client({ connectionString: as('alice', 'alice-pw') });
      await alice.connect();
      await alice.query('SET search_path = cdm, pg_catalog; BEGIN');
      await alice.query(`SELECT id FROM discrepancies WHERE id = $1 FOR UPDATE`, [id]);
      await alice.query(
        `UPDATE discrepancies SET status = 'ACCEPTED', status_changed_at = '2026-01-03T00:00:00.000Z' WHERE id = $1`,
        [id],
      );
      await alice.query(
        `INSERT INTO audit_events (at, user_name, action, entity, entity_id, field, old_value, new_value, reason)
         VALUES ('2026-01-03T00:00:00.000Z', '-', 'STATUS', 'discrepancy', $1, 'status', 'OPEN', 'ACCEPTED', 'not an error')`,
        [String(id)],
      );
      // ...while the owner accepts it from the command line: it waits for Alice's transaction.
      const second = runCli([
        'discrepancy',
        'set',
        url,
        String(id),
        '--status',
        'ACCEPTED',
        '--reason',
        'me too',
      ]);
      // The command line starts, connects and waits on Alice's row lock (polled: a loaded machine starts it slowly).
      let waiting = 0;
      for (let tries = 0; tries < 120 && waiting === 0; tries++) {
        await new Promise((r) => setTimeout(r, 250));
        const [row] = await rawSql(url, `SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted`);
        waiting = Number(row!.n);
      }
      expect(waiting).toBeGreaterThan(0);
      await alice.query('COMMIT');
      await alice.end();
      const run = await second;
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`discrepancy ${id} is ACCEPTED: .*moved to ACCEPTED by ${db}_alice`),
      );
      const moves = await rawSql(
        url,
        `SELECT user_name, new_value, reason FROM audit_events WHERE entity = 'discrepancy' AND entity_id = $1 AND field = 'status' ORDER BY id DESC`,
        [String(id)],
      );
      expect(moves[0]).toEqual({ user_name: `${db}_alice`, new_value: 'ACCEPTED', reason: 'not an error' });
      expect(moves.filter((m) => m.reason === 'me too')).toEqual([]);
    });

    it('refuses a raw UPDATE while the study is locked, even from psql as the owner; unlocks', async () => {
      await owner.call(
        'cuts.lock',
        {
          name: 'DB-LOCK',
          reason: 'final analysis',
          snapshotDir: path.join(dir, 'snap-pg'),
          force: true,
          signature: { meaning: 'approved for analysis', password: SUPERUSER_PASSWORD },
        },
        ctx,
      );
      expect(fs.existsSync(path.join(dir, 'snap-pg', 'study.db'))).toBe(true);
      await expect(rawSql(url, 'UPDATE form_dm SET age = age + 1')).rejects.toThrow(/locked for a data cut/);
      await expect(rawSql(url, "UPDATE discrepancies SET status = 'CLOSED'")).rejects.toThrow(
        /locked for a data cut/,
      );
      await expect(owner.call('checks.run', {}, ctx)).rejects.toMatchObject({ code: 'LOCKED' });
      const cuts = await owner.call('cuts.list', {}, ctx);
      expect(cuts[0]!.lockedBy).toBe('postgres'); // the session's user, not the flag's
      // The snapshot of a server study is the same study as one SQLite file.
      const snapshot = copyStudy(path.join(dir, 'snap-pg', 'study.db'), path.join(dir, 'snap-copy.db'));
      expect(snapshot.identical).toBe(true);
      await owner.call(
        'cuts.unlock',
        {
          reason: 'corrections',
          signature: { meaning: 'reopened for corrections', password: SUPERUSER_PASSWORD },
        },
        ctx,
      );
      await rawSql(url, 'UPDATE form_dm SET age = age WHERE false');
    });
  });

  it('serves a study on the server in browser mode: the worker holds the connection, the server never waits on it', async () => {
    const url = newPgUrl('browser');
    createStudy(url, loadStudyDefinition(), 'owner', new Date('2026-01-01T00:00:00Z')).close();
    const rendererDir = fs.mkdtempSync(path.join(dir, 'renderer-'));
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><div id="root"></div>');
    const mode = await startBrowserMode({ studyFile: url, user: 'flag-user', rendererDir });
    try {
      const auth = { authorization: `Bearer ${mode.server.token}` };
      const imported = await apiRequest(
        mode.server.port,
        'imports.batch',
        { dir: path.join(gen, 'round-1') },
        auth,
      );
      expect(imported.status, imported.text).toBe(200);
      const info = await apiRequest(mode.server.port, 'study.info', {}, auth);
      expect(info.status, info.text).toBe(200);
      expect(info.text).not.toMatch(/cdm-test-superuser/);
      const state = mode.workspace.state();
      expect(state.file).toBe(url.replace(/:[^:@/]*@/, '@'));
      const history = await apiRequest(mode.server.port, 'imports.list', {}, auth);
      expect(history.json<{ importedBy: string }[]>()[0]!.importedBy).toBe('postgres');

      // Someone else changes the study (their own session): the window hears of it (LISTEN/NOTIFY ->
      // the server's event stream), so it reloads what it shows; its own changes are not echoed.
      const events = await eventStream(mode.server.port, auth);
      try {
        await apiRequest(mode.server.port, 'checks.run', {}, auth);
        await new Promise((r) => setTimeout(r, 1500));
        expect(events.text()).not.toMatch(/event: changed/);
        const other = openStudy(url);
        try {
          await other.call('checks.run', { full: true }, ctx);
        } finally {
          other.close();
        }
        const deadline = Date.now() + 15_000;
        while (!/event: changed/.test(events.text()) && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 100));
        expect(events.text()).toMatch(/event: changed\ndata: \{"by":"postgres"\}/);
      } finally {
        events.close();
      }
    } finally {
      await mode.close();
    }
  });
});

/** The browser-mode server's event stream, as the window reads it: what arrived so far. */
async function eventStream(port: number, auth: Record<string, string>) {
  let received = '';
  const request = http.get({
    host: '127.0.0.1',
    port,
    path: EVENTS_PATH,
    headers: { host: `127.0.0.1:${port}`, ...auth },
  });
  await new Promise<void>((resolve, reject) => {
    request.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (received += chunk));
      resolve();
    });
    request.on('error', reject);
  });
  return { text: () => received, close: () => request.destroy() };
}
