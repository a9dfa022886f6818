import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CustomCheckDefinition } from '../../../shared/study/definition-schema';
import type { ExternalHit } from '../db/check-runs-repo';
import { runCustomCheckOnServer } from '../db/server-custom-checks-repo';
import { sqlDialectOf, type StudyDatabase } from '../db/study-database';
import type { CallContext } from '../common/call-context';

export const CUSTOM_CHECK_TIME_LIMIT_MS = 10_000;
export const CUSTOM_CHECK_MAX_ROWS = 100_000;
const STARTUP_LIMIT_MS = 30_000;

export interface CustomCheckResult {
  check: { id: string; category: string; severity: string };
  hits: ExternalHit[];
  error: string | null;
  durationMs: number;
}

interface WorkerResult {
  id: string;
  hits: ExternalHit[];
  error: string | null;
  durationMs: number;
}

function workerEntry(): { file: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  // From sources (tsx, vitest) the worker is TypeScript; in a build it sits beside this file as .js.
  if (here.endsWith('.ts'))
    return {
      file: fileURLToPath(new URL('../db/custom-check-worker.ts', import.meta.url)),
      execArgv: ['--import', 'tsx'],
    };
  return { file: fileURLToPath(new URL('./custom-check-worker.js', import.meta.url)), execArgv: [] };
}

function runBatch(
  file: string,
  checks: CustomCheckDefinition[],
  timeLimitMs: number,
  onResult: (r: WorkerResult) => void,
): Promise<{ timedOut: string | null }> {
  const entry = workerEntry();
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(entry.file, [], {
      execArgv: entry.execArgv,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let current = 0;
    let timer: NodeJS.Timeout | undefined;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve({ timedOut: checks[current]!.id });
      }, timeLimitMs);
    };
    // A check's time starts when the process is ready to run it: starting the process (slow on a
    // busy machine, or from sources) is not the check's time.
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the custom-check process did not start within ${STARTUP_LIMIT_MS / 1000} s`));
    }, STARTUP_LIMIT_MS);
    child.on('message', (message: { type: string; result?: WorkerResult }) => {
      if (message.type === 'started') arm();
      else if (message.type === 'result' && message.result) {
        onResult(message.result);
        current++;
        if (current < checks.length) arm();
      } else if (message.type === 'done') {
        clearTimeout(timer);
        resolve({ timedOut: null });
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && current < checks.length) {
        reject(
          new Error(
            `custom-check process ended early (${code ?? signal}): ${stderr.trim().split('\n').pop() ?? ''}`,
          ),
        );
      }
    });
    child.send({
      file,
      checks: checks.map((c) => ({ id: c.id, sql: c.sql })),
      maxRows: CUSTOM_CHECK_MAX_ROWS,
    });
  });
}

/**
 * Runs custom checks, each within a time limit: on a study file on a read-only connection in a
 * child process; on a server in read-only transactions as the study's viewer. A check that fails
 * or times out is reported with its ID and the others still run.
 */
export async function runCustomChecks(
  database: StudyDatabase,
  checks: CustomCheckDefinition[],
  context: CallContext,
  timeLimitMs = CUSTOM_CHECK_TIME_LIMIT_MS,
): Promise<CustomCheckResult[]> {
  const results: CustomCheckResult[] = [];
  const meta = (c: CustomCheckDefinition) => ({ id: c.id, category: c.category, severity: c.severity });
  // On a server, the server enforces read-only, the viewer's rights and the time limit.
  if (sqlDialectOf(database).engine !== 'sqlite')
    return checks.map((c) => {
      context.progress?.(`custom check ${c.id}`);
      const limits = { timeLimitMs, maxRows: CUSTOM_CHECK_MAX_ROWS };
      return { check: meta(c), ...runCustomCheckOnServer(database, c.sql, limits) };
    });
  let remaining = [...checks];
  while (remaining.length > 0) {
    context.progress?.(`custom checks: ${remaining.map((c) => c.id).join(', ')}`);
    const done = new Set<string>();
    const { timedOut } = await runBatch(database.file, remaining, timeLimitMs, (r) => {
      const check = remaining.find((c) => c.id === r.id)!;
      done.add(r.id);
      results.push({ check: meta(check), hits: r.hits, error: r.error, durationMs: r.durationMs });
    });
    if (timedOut !== null) {
      const check = remaining.find((c) => c.id === timedOut)!;
      done.add(timedOut);
      results.push({
        check: meta(check),
        hits: [],
        error: `stopped after ${timeLimitMs / 1000} s (time limit)`,
        durationMs: timeLimitMs,
      });
    }
    remaining = remaining.filter((c) => !done.has(c.id));
  }
  return results;
}
