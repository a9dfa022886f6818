import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * A throw-away PostgreSQL 15 server for tests and benchmarks: Debian's binaries, a data folder in a
 * temporary directory owned by `postgres` (the server refuses to run as root), listening on
 * 127.0.0.1 on a free port, password authentication over TCP (roles log in with passwords, as a
 * team's people do). Stopped and deleted by stop().
 */
export const PG_BIN = process.env.CDM_PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const SUPERUSER_PASSWORD = 'cdm-test-superuser';

export interface TestPostgres {
  /** The superuser's URL without a database: append `/<database>`. */
  baseUrl: string;
  port: number;
  stop(): void;
}

export function postgresBinariesPresent(): boolean {
  return fs.existsSync(path.join(PG_BIN, 'initdb')) && fs.existsSync(path.join(PG_BIN, 'pg_ctl'));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a PostgreSQL binary as the postgres user when we are root (as on CI), as ourselves otherwise. */
function runAsPostgres(binary: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const command = asRoot ? 'runuser' : path.join(PG_BIN, binary);
  const argv = asRoot ? ['-u', 'postgres', '--', path.join(PG_BIN, binary), ...args] : args;
  const result = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0)
    throw new Error(`${binary} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-pg-'));
  const data = path.join(root, 'data');
  const passwordFile = path.join(root, 'pw');
  fs.writeFileSync(passwordFile, SUPERUSER_PASSWORD);
  if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', root]);
  fs.chmodSync(root, 0o700);
  runAsPostgres('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--pwfile',
    passwordFile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    '-N',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-c listen_addresses=127.0.0.1',
    `-k ${root}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
    '-c shared_buffers=128MB',
  ].join(' ');
  runAsPostgres('pg_ctl', [
    '-D',
    data,
    '-o',
    options,
    '-l',
    path.join(root, 'log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  let stopped = false;
  return {
    baseUrl: `postgres://postgres:${SUPERUSER_PASSWORD}@127.0.0.1:${port}`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAsPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
