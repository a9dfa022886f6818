import { createRequire } from 'node:module';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { pgWorkerMain, type PgAnswer, type PgRequest } from './pg-worker-main';

/**
 * A synchronous PostgreSQL client: node-postgres runs in a thread of its own, and the calling
 * thread (the study worker, never the window's or the server's) blocks on Atomics.wait until the
 * answer is posted, then takes it with receiveMessageOnPort. The core's repositories stay
 * synchronous, like better-sqlite3's, and one code path serves both engines.
 */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail: string | undefined,
    /** Where in the statement's text PostgreSQL found the error (1-based), when it says. */
    readonly position?: number,
  ) {
    super(message);
    this.name = 'PgError';
  }
}

/** Long enough for the longest statement (a full check run on a big study); a dead worker must not hang us forever. */
const ANSWER_TIMEOUT_MS = 30 * 60_000;

export class PgSyncClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private closed = false;
  private firstError = '';

  constructor(url: string, sessionSetup: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // The worker runs the function's own text (so it works from sources and from bundles alike);
    // __name is what esbuild's keepNames (tsx) wraps functions in. A worker that cannot start answers
    // with its error rather than leaving the caller waiting.
    const source = `const { workerData } = require('node:worker_threads');
const __name = (f) => f;
try {
  (${pgWorkerMain.toString()})(() => require(workerData.pgPath), workerData.port, workerData.signal, workerData.url, workerData.sessionSetup);
} catch (error) {
  workerData.port.postMessage({ error: { message: 'the PostgreSQL thread could not start: ' + error.message } });
  Atomics.store(workerData.signal, 0, 1);
  Atomics.notify(workerData.signal, 0);
}`;
    // Resolved here, not when this module loads: every command imports it, few open a server study.
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(source, {
      eval: true,
      workerData: { port: port2, signal: this.signal, url, sessionSetup, pgPath },
      transferList: [port2],
    });
    this.worker.unref();
    // The first answer says whether the connection could be made.
    this.call({ op: 'exec', text: 'SELECT 1' });
  }

  query(
    text: string,
    values: unknown[],
    rowMode?: 'array',
  ): Required<Pick<PgAnswer, 'rows' | 'fields'>> & { rowCount: number } {
    const answer = this.call({ op: 'query', text, values, rowMode });
    return { rows: answer.rows ?? [], fields: answer.fields ?? [], rowCount: answer.rowCount ?? 0 };
  }

  exec(text: string): void {
    this.call({ op: 'exec', text });
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ op: 'close' });
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  private call(request: PgRequest): PgAnswer {
    if (this.closed) throw new Error('the PostgreSQL connection is closed');
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage(request);
    const waited = Atomics.wait(this.signal, 0, 0, ANSWER_TIMEOUT_MS);
    let message = receiveMessageOnPort(this.port);
    // The thread stores the signal right after posting its answer; on a busy machine the answer
    // may reach this port a moment after the signal does.
    for (let tries = 0; message === undefined && waited === 'ok' && tries < 5_000; tries++) {
      Atomics.wait(this.signal, 1, 0, 1);
      message = receiveMessageOnPort(this.port);
    }
    if (message === undefined)
      throw new Error(`the PostgreSQL connection did not answer (${waited}); its thread may have stopped`);
    const answer = message.message as PgAnswer;
    if (answer.error) {
      const { message: text, code, detail, position } = answer.error;
      // An error aborts PostgreSQL's transaction: what is refused next names the first error.
      if (code === '25P02') throw new PgError(`${text} (after: ${this.firstError})`, code, detail);
      this.firstError = text;
      throw new PgError(text, code, detail, position === undefined ? undefined : Number(position));
    }
    return answer;
  }
}
