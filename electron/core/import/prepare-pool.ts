import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import type { ImportRequest } from '../../../shared/api/imports';
import { startWorkerThread } from '../common/worker-thread';
import type { StudyModel } from '../study/study-model';
import { errorOf, type PrepareReply } from './prepare-protocol';
import { prepareSiteExport, type PreparedSiteExport } from './prepare-site-export';

/**
 * Threads that prepare site exports (read, standardise, stage) while the thread that owns the
 * study writes the previous ones: a delivery's exports are independent until they are written, and
 * writing (SQLite) and preparing (JavaScript) each take about half the time. What comes back is a
 * few strings and typed arrays a table (prepared-table.ts), not millions of objects to clone.
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

interface Task {
  id: number;
  request: ImportRequest;
  resolve: (prepared: PreparedSiteExport) => void;
  reject: (error: Error) => void;
}

export function createPreparePool(model: StudyModel, size = preparePoolSize()): PreparePool {
  const queue: Task[] = [];
  const running = new Map<Worker, Task | undefined>();
  let lastId = 0;

  const dispatch = () => {
    for (const [worker, task] of running) {
      if (task !== undefined) continue;
      const next = queue.shift();
      if (next === undefined) return;
      running.set(worker, next);
      worker.postMessage({ id: next.id, request: next.request });
    }
    // Every thread has failed: what is left is prepared here.
    if (running.size === 0) {
      for (const task of queue.splice(0))
        prepareSiteExport(model, task.request).then(task.resolve, task.reject);
    }
  };

  const lose = (worker: Worker, error: Error) => {
    const task = running.get(worker);
    running.delete(worker);
    task?.reject(error);
    dispatch();
  };

  for (let i = 0; i < size; i++) {
    const worker = startWorkerThread(workerFile(), { workerData: { definition: model.definition } });
    running.set(worker, undefined);
    worker.on('message', (reply: PrepareReply) => {
      const task = running.get(worker);
      if (task === undefined || task.id !== reply.id) return;
      running.set(worker, undefined);
      if (reply.failure) task.reject(errorOf(reply.failure));
      else task.resolve(reply.prepared);
      dispatch();
    });
    worker.on('error', (error) => lose(worker, error));
    worker.on('exit', (code) => {
      if (running.has(worker)) lose(worker, new Error(`the import thread stopped (exit code ${code})`));
    });
  }

  return {
    prepare: (request) =>
      new Promise<PreparedSiteExport>((resolve, reject) => {
        queue.push({ id: ++lastId, request, resolve, reject });
        dispatch();
      }),
    close: async () => {
      const workers = [...running.keys()];
      running.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
