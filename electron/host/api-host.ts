import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { isServerLocation } from '../../shared/study-location';
import type { ApiOutput, StudyMethod } from '../../shared/api/contract';
import type { ApiErrorBody } from '../../shared/api/errors';
import type { ProgressEvent, ProgressNote } from '../../shared/api/workspace';
import { toStudyError } from './error-body';
import type { HostToWorker, WorkerStart, WorkerToHost } from './worker-protocol';
import { StudyError, startWorkerThread } from '../core/api';

/**
 * The study API off the main event loop: a worker thread opens the study and serves calls by
 * message, so a big import or check run never freezes the window or the HTTP server. Used by the
 * browser-mode server and by Electron main alike.
 */
export interface ApiHost {
  readonly file: string;
  /** Settles when the study is open; rejects (StudyError) when it cannot be opened or created. */
  readonly ready: Promise<void>;
  call<M extends StudyMethod>(method: M, input: unknown): Promise<ApiOutput<M>>;
  /** Progress messages of running calls; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Team mode: another person changed the study (who); returns the unsubscribe function. */
  onStudyChanged(listener: (by: string) => void): () => void;
  /** Waits for calls that change the study, then closes it and ends the worker. */
  close(): Promise<void>;
}

export interface ApiHostOptions {
  /** Create the study database first, from this study definition (JSON). */
  create?: { definitionFile: string };
  /** Check every response against the contract (tests, development). */
  validateOutputs?: boolean;
  /** The worker script; default: beside this module (study-worker.js in a build, .ts from sources). */
  workerFile?: string;
}

const CLOSE_TIMEOUT_MS = 30_000;

let lastCallId = 0;

interface Pending {
  method: string;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** `[3/12] site-04 ...` -> 3 of 12, for a progress bar. */
export function progressEvent(
  callId: number,
  method: string,
  message: string,
  note?: ProgressNote,
): ProgressEvent {
  const match = /^\[(\d+)\/(\d+)\]/.exec(message);
  const event: ProgressEvent = match
    ? { callId, method, message, done: Number(match[1]), total: Number(match[2]) }
    : { callId, method, message };
  return note ? { ...event, note } : event;
}

function startWorker(workerFile: string | undefined, data: WorkerStart & { user: string }): Worker {
  const here = fileURLToPath(import.meta.url);
  const sources = here.endsWith('.ts');
  const file = workerFile ?? path.join(path.dirname(here), sources ? 'study-worker.ts' : 'study-worker.js');
  return startWorkerThread(file, { workerData: data });
}

export function createApiHost(dbFile: string, user: string, options: ApiHostOptions = {}): ApiHost {
  const file = isServerLocation(dbFile) ? dbFile : path.resolve(dbFile);
  const listeners = new Set<(event: ProgressEvent) => void>();
  const changeListeners = new Set<(by: string) => void>();
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let ready: Promise<void> = Promise.resolve();
  let closing: Promise<void> | undefined;
  /** Only the first start may create the database; a restart after a crash opens it. */
  let create = options.create;

  const failAll = (error: ApiErrorBody) => {
    for (const [id, call] of pending) {
      pending.delete(id);
      call.reject(toStudyError(error));
    }
  };

  const spawn = () => {
    const started = startWorker(options.workerFile, {
      file,
      user,
      create,
      validateOutputs: options.validateOutputs,
    });
    create = undefined;
    worker = started;
    let settle!: { resolve: () => void; reject: (error: Error) => void };
    ready = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    // A caller who only awaits call() still sees the failure; keep Node from reporting it twice.
    ready.catch(() => undefined);
    started.on('message', (message: WorkerToHost) => {
      switch (message.type) {
        case 'ready':
          settle.resolve();
          break;
        case 'failed':
          settle.reject(toStudyError(message.error));
          break;
        case 'result':
        case 'error': {
          const call = pending.get(message.callId);
          if (!call) break;
          pending.delete(message.callId);
          if (message.type === 'result') call.resolve(message.output);
          else call.reject(toStudyError(message.error));
          break;
        }
        case 'progress': {
          const event = progressEvent(message.callId, message.method, message.message, message.note);
          for (const listener of listeners) listener(event);
          break;
        }
        case 'changed':
          for (const listener of changeListeners) listener(message.by);
          break;
        case 'closed':
          break;
      }
    });
    started.on('error', (error) => {
      // An exception the worker did not catch: it is gone; say so to every waiting call.
      if (process.env.CDM_DEBUG) console.error('study worker failed:', error);
      settle.reject(new StudyError('INTERNAL', `the study worker failed: ${error.message.split('\n')[0]}`));
      failAll({
        code: 'INTERNAL',
        message: `internal error: the study worker failed (${error.message.split('\n')[0]})`,
      });
    });
    started.on('exit', (code) => {
      if (worker === started) worker = undefined;
      settle.reject(new StudyError('INTERNAL', `the study worker stopped (exit code ${code})`));
      failAll({
        code: 'INTERNAL',
        message: `internal error: the study worker stopped (exit code ${code}); try again`,
      });
    });
  };

  spawn();

  return {
    file,
    get ready() {
      return ready;
    },
    async call(method, input) {
      if (closing) throw new StudyError('CONFLICT', 'this study is being closed');
      if (!worker) spawn();
      await ready;
      const running = worker;
      if (!running) throw new StudyError('INTERNAL', 'internal error: the study worker is not running');
      const callId = ++lastCallId;
      return new Promise((resolve, reject) => {
        pending.set(callId, { method, resolve: resolve as (value: unknown) => void, reject });
        const message: HostToWorker = { type: 'call', callId, method, input, user };
        try {
          running.postMessage(message);
        } catch (error) {
          pending.delete(callId);
          // Only plain data crosses: a request that cannot be cloned is a bad request.
          reject(
            new StudyError(
              'BAD_INPUT',
              `${method}: invalid request: ${(error as Error).message.split('\n')[0]}`,
            ),
          );
        }
      });
    },
    onProgress(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStudyChanged(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    close() {
      closing ??= (async () => {
        const running = worker;
        if (!running) return;
        const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
        running.postMessage({ type: 'close' } satisfies HostToWorker);
        const timer = setTimeout(() => void running.terminate(), CLOSE_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
        listeners.clear();
        changeListeners.clear();
      })();
      return closing;
    },
  };
}
