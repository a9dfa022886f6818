import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { CollectedHit } from '../db/check-hits-repo';
import { startWorkerThread } from '../common/worker-thread';
import type { CheckOutcome } from './collect-catalog-hits';

export interface HelperRequest {
  checkIds: string[];
  /** The sites of a scoped run (null: every subject). */
  scopeSites: string[] | null;
}

export type HelperReply =
  | { outcomes: CheckOutcome[]; hits: CollectedHit[]; failure?: undefined }
  | { failure: string; outcomes?: undefined; hits?: undefined };

/**
 * A second thread for a check run (the second core): it runs the checks that read no derived
 * fact on its own read-only connection while this thread builds the facts and runs the others.
 * A check run is one synchronous write transaction (nothing else may run on the study's
 * connection meanwhile, nor may anything commit), so this thread waits for the helper's answer
 * synchronously (Atomics.wait), never yielding to the event loop.
 */
export interface CheckHelper {
  /** Starts the checks; call it holding the write lock. */
  start(request: HelperRequest): void;
  /**
   * The helper's checks and hits; undefined when it failed, or did not start within a minute
   * (its checks are then run here).
   */
  finish(): Extract<HelperReply, { outcomes: CheckOutcome[] }> | undefined;
}

function workerFile(): string {
  const sources = import.meta.url.endsWith('.ts');
  // In a build the worker is its own bundle beside the one running this code (scripts/build-*.mjs).
  return fileURLToPath(new URL(sources ? './check-helper-worker.ts' : './check-worker.js', import.meta.url));
}

/** A helper that has not opened the study by then is not waited for. */
const START_LIMIT_MS = 60_000;

export function startCheckHelper(file: string): CheckHelper {
  // [0]: answered; [1]: the study is open (set by the helper).
  const flags = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = startWorkerThread(workerFile(), {
    workerData: { file, port: port2, flags },
    transferList: [port2],
  });
  worker.unref();
  return {
    start: (request) => port1.postMessage(request),
    finish() {
      const startBy = Date.now() + START_LIMIT_MS;
      while (Atomics.load(flags, 0) === 0 && (Atomics.load(flags, 1) === 1 || Date.now() < startBy))
        Atomics.wait(flags, 0, 0, 50);
      const reply = receiveMessageOnPort(port1)?.message as HelperReply | undefined;
      port1.close();
      void worker.terminate();
      return reply?.outcomes ? reply : undefined;
    },
  };
}
