import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStudy } from '../../electron/core/api/open-study';
import { loadStudyDefinition } from '../../electron/core/study/load-definition';
import type { AuditEntry } from '../../shared/api/audit';
import type { Cut } from '../../shared/api/cuts';
import { newStudy, tempDir } from '../helpers/study-builder';
import { newPgUrl, pgMissing, rawSql } from '../helpers/postgres-test';
import { runCli } from '../helpers/run-cli';

/**
 * Signed decisions (21 CFR Part 11): on a team study a lock, an unlock, a close and an accept need
 * the person's password (checked by the server) and the meaning of the signature; the signature
 * (who, when, meaning) is bound to the audit event and shown by `audit` and `cuts`; the database
 * keeps it append-only and refuses a signature on someone else's action. On a study file the
 * meaning is recorded when given, with --user, and never required.
 */
const dir = tempDir('cdm-signatures-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cuts = async (study: string) => JSON.parse((await runCli(['cuts', study, '--json'])).stdout) as Cut[];
async function auditOf(study: string): Promise<AuditEntry[]> {
  const run = await runCli(['audit', study, '--format', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as AuditEntry[];
}

describe.skipIf(pgMissing)('signatures on a team study', () => {
  let url: string;
  let alice: string;
  let role: string;

  beforeAll(async () => {
    url = newPgUrl('signatures');
    createStudy(url, loadStudyDefinition(), 'owner', new Date('2026-01-01T00:00:00Z')).close();
    const db = new URL(url).pathname.slice(1);
    role = `${db}_alice`;
    await rawSql(url, `CREATE ROLE ${role} LOGIN PASSWORD 'alice-pw' IN ROLE ${db}_data_manager`);
    const u = new URL(url);
    u.username = role;
    u.password = 'alice-pw';
    alice = u.toString();
  }, 120_000);

  const lock = (cut: string, extra: string[], input?: string) =>
    runCli(
      [
        'lock',
        alice,
        '--cut',
        cut,
        '--reason',
        'interim analysis',
        '--snapshot',
        path.join(dir, cut),
        '--force',
        ...extra,
      ],
      { timeoutMs: 120_000, ...(input === undefined ? {} : { input }) },
    );

  it('refuses an unsigned lock and a wrong password, changing nothing', async () => {
    const unsigned = await lock('IA0', []);
    expect(unsigned.code).not.toBe(0);
    expect(unsigned.stderr).toMatch(/lock is a signed decision in team mode.*--meaning/);
    const wrong = await lock(
      'IA0',
      ['--meaning', 'approved for analysis', '--password-stdin'],
      'not-her-password\n',
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(new RegExp(`the password is not ${role}'s: lock was not signed`));
    expect(await cuts(alice)).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'IA0'))).toBe(false);
  });

  it('binds a signed lock and unlock to their audit events, shown by audit and cuts', async () => {
    const signed = await lock(
      'IA1',
      ['--meaning', 'approved for analysis', '--password-stdin'],
      'alice-pw\n',
    );
    expect(signed.code, signed.stderr).toBe(0);
    const unlock = await runCli(
      [
        'unlock',
        alice,
        '--reason',
        'corrections',
        '--meaning',
        'reopened for corrections',
        '--password-stdin',
      ],
      { input: 'alice-pw' },
    );
    expect(unlock.code, unlock.stderr).toBe(0);
    const [cut] = await cuts(alice);
    expect(cut!.lockSignature).toMatchObject({ by: role, meaning: 'approved for analysis' });
    expect(cut!.unlockSignature).toMatchObject({ by: role, meaning: 'reopened for corrections' });
    const table = await runCli(['cuts', alice]);
    expect(table.stdout).toMatch(
      new RegExp(`${role} \\S+: approved for analysis; ${role} \\S+: reopened for corrections`),
    );
    const events = (await auditOf(alice)).filter((e) => e.entity === 'cut');
    expect(events.map((e) => [e.action, e.user, e.signedBy, e.signatureMeaning])).toEqual([
      ['LOCK', role, role, 'approved for analysis'],
      ['UNLOCK', role, role, 'reopened for corrections'],
    ]);
  });

  it("keeps signatures append-only and refuses one on another person's action, in the database", async () => {
    await expect(rawSql(url, "UPDATE signatures SET meaning = 'something else'")).rejects.toThrow(
      /append-only/,
    );
    await expect(rawSql(url, 'DELETE FROM signatures')).rejects.toThrow(/append-only/);
    // The owner's action (as psql would write it), which Alice tries to sign.
    const [owners] = await rawSql(
      url,
      `INSERT INTO audit_events (at, user_name, action, entity, entity_id, reason)
       VALUES ('2026-01-02T00:00:00.000Z', 'postgres', 'STATUS', 'discrepancy', '1', 'x') RETURNING id`,
    );
    await expect(
      rawSql(
        alice,
        "INSERT INTO signatures (event_id, signed_by, signed_at, meaning, method) VALUES ($1, 'x', 'now', 'mine', 'password')",
        [owners!.id],
      ),
    ).rejects.toThrow(/a signature is made by the person whose action it signs/);
  });
});

describe('signatures on a study file', () => {
  it('records a stated meaning with --user, and locks unsigned when none is given', async () => {
    const { api, file } = newStudy({ dir: fs.mkdtempSync(path.join(dir, 'file-')) });
    api.close();
    const lock = await runCli(
      [
        'lock',
        file,
        '--cut',
        'C1',
        '--reason',
        'r',
        '--snapshot',
        path.join(dir, 'file-c1'),
        '--force',
        '--user',
        'kim',
        '--meaning',
        'approved for analysis',
      ],
      { timeoutMs: 120_000 },
    );
    expect(lock.code, lock.stderr).toBe(0);
    const unlock = await runCli(['unlock', file, '--reason', 'go on', '--user', 'kim']);
    expect(unlock.code, unlock.stderr).toBe(0);
    const [cut] = await cuts(file);
    expect(cut!.lockSignature).toMatchObject({ by: 'kim', meaning: 'approved for analysis' });
    expect(cut!.unlockSignature).toBeNull();
    const signed = (await auditOf(file)).filter((e) => e.signedBy !== null);
    expect(signed.map((e) => [e.action, e.signedBy, e.signatureMeaning])).toEqual([
      ['LOCK', 'kim', 'approved for analysis'],
    ]);
  });
});
