/**
 * The body of the thread that owns a PostgreSQL connection (node-postgres is asynchronous; the core
 * is synchronous). It is started from its source text (pg-sync-client.ts), so it must use nothing
 * but its arguments: `requirePg` loads node-postgres, `port` carries requests and answers, and
 * `signal` wakes the calling thread (Atomics) when an answer has been posted.
 *
 * Types come back as the core expects them from SQLite: 64-bit integers and numerics as numbers,
 * booleans as 1 and 0, JSON as its text (the core parses what it stores as JSON itself).
 */
import type pg from 'pg';
import type { MessagePort } from 'node:worker_threads';

export interface PgRequest {
  op: 'query' | 'exec' | 'close';
  text?: string;
  values?: unknown[];
  rowMode?: 'array';
}

export interface PgAnswer {
  rows?: unknown[];
  fields?: string[];
  rowCount?: number | null;
  error?: {
    message: string;
    code?: string;
    detail?: string;
    hint?: string;
    where?: string;
    position?: string;
  };
}

export function pgWorkerMain(
  requirePg: () => typeof pg,
  port: MessagePort,
  signal: Int32Array,
  url: string,
  sessionSetup: string,
): void {
  const driver = requirePg();
  const types = driver.types;
  const toNumber = (value: string) => Number(value);
  types.setTypeParser(20, toNumber); // int8
  types.setTypeParser(1700, toNumber); // numeric
  types.setTypeParser(16, (value: string) => (value === 't' ? 1 : 0)); // bool
  types.setTypeParser(114, (value: string) => value); // json as its text
  types.setTypeParser(3802, (value: string) => JSON.parse(value) as unknown); // jsonb: lab results

  const client = new driver.Client({ connectionString: url });
  client.on('error', () => undefined); // a lost connection is reported by the next query
  let ready: Promise<unknown> = client.connect().then(() => client.query(sessionSetup));

  const answer = (message: PgAnswer) => {
    port.postMessage(message);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const failure = (error: unknown): PgAnswer => {
    const e = error as {
      message?: string;
      code?: string;
      detail?: string;
      hint?: string;
      where?: string;
      position?: string;
    };
    return {
      error: {
        message: String(e.message ?? error),
        code: e.code,
        detail: e.detail,
        hint: e.hint,
        where: e.where,
        position: e.position,
      },
    };
  };

  port.on('message', (request: PgRequest) => {
    if (request.op === 'close') {
      void client.end().finally(() => {
        answer({});
        port.close();
      });
      return;
    }
    ready = ready
      .then(async () => {
        if (request.op === 'exec') {
          await client.query(request.text!);
          answer({});
          return;
        }
        const result = await client.query({
          text: request.text!,
          values: request.values,
          ...(request.rowMode ? { rowMode: request.rowMode } : {}),
        });
        answer({
          rows: result.rows as unknown[],
          fields: result.fields.map((f) => f.name),
          rowCount: result.rowCount,
        });
      })
      .catch((error: unknown) => answer(failure(error)));
  });
}
