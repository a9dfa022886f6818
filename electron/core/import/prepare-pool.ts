import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ImportRequest } from '../../../shared/api/imports';
import { startWorkerThread } from '../common/worker-thread';
import { removeStagesAtExit } from '../db/staged-records-repo';
import type { StudyModel } from '../study/study-model';
import { claimTask, errorOf, newClaim, type PrepareReply, type PrepareTask } from './prepare-protocol';
import { prepareSiteExport, type PreparedSiteExport } from './prepare-site-export';

/**
 * Threads that prepare site exports (read, standardise, stage) while the thread that owns the
 * study writes the previous ones: a delivery's exports are independent until they are written, and
 * writing (SQLite) and preparing (JavaScript) each take about half the time. What comes back is a
 * few strings and typed arrays a table (prepared-table.ts), not millions of objects to clone.
 *
 * Every export asked for is sent at once to every thread, each with a claim in shared memory:
 * whichever thread claims it first prepares it, the others pass. So a thread goes on to the next
 * export by itself, without waiting for the writing thread (busy in SQLite, deaf to messages) to
 * hand it over: handed over one at a time, the preparing thread stood idle a fifth of the time.
 */
export interface PreparePool {
  prepare(request: ImportRequest): Promise<PreparedSiteExport>;
  close(): Promise<void>;
}

/**
 * Threads beside the one that writes: one a spare core, at least one, at most two. (On two cores,
 * one: a second would share the cores with the first and the writer, and hold a third export in
 * memory.)
 */
export function preparePoolSize(): number {
  return Math.max(1, Math.min(2, os.availableParallelism() - 1));
}

function workerFile(): string {
  const sources = import.meta.url.endsWith('.ts');
  // In a build the worker is its own bundle beside the one running this code (scripts/build-*.mjs).
  return fileURLToPath(new URL(sources ? './prepare-worker.ts' : './import-worker.js', import.meta.url));
}

interface Task extends PrepareTask {
  resolve: (prepared: PreparedSiteExport) => void;
  reject: (error: Error) => void;
}

/** Who holds a claim: a thread of the pool by its number (from 1), or the writing thread. */
const HERE = -1;

export function createPreparePool(model: StudyModel, size = preparePoolSize()): PreparePool {
  // The threads are terminated when done, before their own exit could remove their stage folders.
  removeStagesAtExit();
  /** Asked for and not answered yet, in the order asked. */
  const pending = new Map<number, Task>();
  const workers = new Map<number, Worker>();
  let lastId = 0;

  const settle = (task: Task, outcome: () => Promise<PreparedSiteExport>) => {
    pending.delete(task.id);
    outcome().then(task.resolve, task.reject);
  };
  const prepareHere = (task: Task) => settle(task, () => prepareSiteExport(model, task.request));

  const lose = (number: number, error: Error) => {
    if (!workers.delete(number)) return;
    for (const task of [...pending.values()]) {
      if (Atomics.load(task.claim, 0) === number) settle(task, () => Promise.reject(error));
    }
    // Every thread has failed: what nobody has claimed is prepared here.
    if (workers.size === 0) {
      for (const task of [...pending.values()]) if (claimTask(task.claim, HERE)) prepareHere(task);
    }
  };

  for (let number = 1; number <= size; number++) {
    const worker = startWorkerThread(workerFile(), { workerData: { definition: model.definition, number } });
    workers.set(number, worker);
    worker.on('message', (reply: PrepareReply) => {
      const task = pending.get(reply.id);
      if (task === undefined) return;
      settle(task, () =>
        reply.failure ? Promise.reject(errorOf(reply.failure)) : Promise.resolve(reply.prepared),
      );
    });
    worker.on('error', (error) => lose(number, error));
    worker.on('exit', (code) => lose(number, new Error(`the import thread stopped (exit code ${code})`)));
  }

  return {
    prepare: (request) =>
      new Promise<PreparedSiteExport>((resolve, reject) => {
        const task: Task = { id: ++lastId, request, claim: newClaim(), resolve, reject };
        pending.set(task.id, task);
        if (workers.size === 0 && claimTask(task.claim, HERE)) return prepareHere(task);
        for (const worker of workers.values())
          worker.postMessage({ id: task.id, request, claim: task.claim } satisfies PrepareTask);
      }),
    close: async () => {
      const all = [...workers.values()];
      workers.clear();
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
