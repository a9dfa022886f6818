import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import type { StudyApi } from '../../electron/core/api/study-api';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import { generateStudy } from '../../tools/generator/compose/generate-study';
import { tempDir, testContext } from '../helpers/study-builder';
import { newPgUrl, pgMissing, rawSql } from '../helpers/postgres-test';
import { REPOSITORY } from '../helpers/run-cli';

/**
 * Ten people on one study on PostgreSQL, each in a process of their own, reviewing, moving
 * discrepancies and raising queries while an import of a site runs: no lost update (every move a
 * person was told succeeded is in the audit trail, and each discrepancy ends in the status of its
 * last recorded move), no deadlock, every process ends cleanly; the p95 of a move is reported.
 */
const ctx = testContext();
const dir = tempDir('cdm-pg-load-');
const gen = path.join(dir, 'gen');
const PEOPLE = 10;
const MOVES = 10;
const TSX = path.join(REPOSITORY, 'node_modules', '.bin', 'tsx');
const PERSON = path.join(REPOSITORY, 'test', 'helpers', 'pg-load-person.ts');

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, args, { cwd: REPOSITORY, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(pgMissing)('ten people at once on PostgreSQL, while an import runs', () => {
  let url: string;
  let api: StudyApi;
  const lateSite = path.join(dir, 'late');

  beforeAll(async () => {
    await generateStudy({
      outDir: gen,
      seed: 5,
      subjects: 80,
      sites: 4,
      rounds: 2,
      definition: loadStudyDefinition(),
      inject: { checks: 'all', perCheck: 2 },
    });
    // The last export of one site is held back: it is imported while the people work.
    const late = fs.readdirSync(path.join(gen, 'round-2')).sort().at(-1)!;
    fs.mkdirSync(lateSite);
    fs.renameSync(path.join(gen, 'round-2', late), path.join(lateSite, late));
    url = newPgUrl('load');
    api = createStudy(url, loadStudyDefinition(), 'owner', new Date('2026-01-01T00:00:00Z'));
    for (const round of ['round-1', 'round-2'])
      for (const item of await api.call('imports.batch', { dir: path.join(gen, round), dryRun: false }, ctx))
        expect('error' in item ? item.error : null).toBeNull();
    await api.call('checks.run', {}, ctx);
  }, 300_000);

  afterAll(() => {
    api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loses no update, deadlocks nowhere, and reports the p95 of a move', async () => {
    const people = Array.from({ length: PEOPLE }, (_, i) =>
      run([PERSON, url, `person${i + 1}`, String(MOVES), String(i + 7)]),
    );
    const importing = run([path.join(REPOSITORY, 'bin', 'cdm.js'), 'import', url, '--batch', lateSite]).catch(
      (e: Error) => e,
    );
    const results = await Promise.all(people);
    const imported = await importing;
    expect(imported).toMatchObject({ code: 0 });
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const reports = results.map(
      (r) =>
        JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
          latencies: number[];
          done: { id: number; to: string; reason: string }[];
          conflicts: number;
          raised: number;
        },
    );
    const latencies = reports.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const p95 = latencies[Math.floor(latencies.length * 0.95)]!;
    console.log(
      `${PEOPLE} people, ${latencies.length} moves (${reports.reduce((n, r) => n + r.conflicts, 0)} conflicts, ${reports.reduce((n, r) => n + r.raised, 0)} queries raised) during an import: ` +
        `move p50 ${latencies[Math.floor(latencies.length / 2)]!.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms`,
    );
    const done = reports.flatMap((r) => r.done);
    expect(done.length).toBeGreaterThanOrEqual(PEOPLE);
    // Every move someone was told was made is in the audit trail, once...
    const events = await rawSql(
      url,
      `SELECT entity_id, new_value, reason FROM audit_events WHERE field = 'status' AND reason LIKE 'person%' ORDER BY id`,
    );
    expect(events.map((e) => e.reason).sort()).toEqual(done.map((d) => d.reason).sort());
    // ...and each discrepancy is in the status of its last recorded move (nothing overwritten silently).
    const last = new Map(events.map((e) => [Number(e.entity_id), e.new_value]));
    const statuses = await rawSql(url, `SELECT id, status FROM discrepancies WHERE id = ANY($1::bigint[])`, [
      [...last.keys()],
    ]);
    for (const s of statuses) expect(s.status, `discrepancy ${s.id}`).toBe(last.get(Number(s.id)));
  }, 300_000);
});
