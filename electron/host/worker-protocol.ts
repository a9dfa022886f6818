import type { ProgressNote } from '../../shared/api/workspace';
import type { ApiErrorBody } from '../../shared/api/errors';

/** The messages between the API host (main thread) and the study worker (worker_threads). */

export interface WorkerStart {
  file: string;
  /** Create the study database first, from this definition (JSON file). */
  create?: { definitionFile: string };
  /** Checks every response against the contract (tests, development). */
  validateOutputs?: boolean;
}

export type HostToWorker =
  { type: 'call'; callId: number; method: string; input: unknown; user: string } | { type: 'close' };

export type WorkerToHost =
  | { type: 'ready'; file: string }
  | { type: 'failed'; error: ApiErrorBody }
  | { type: 'result'; callId: number; output: unknown }
  | { type: 'error'; callId: number; error: ApiErrorBody }
  | { type: 'progress'; callId: number; method: string; message: string; note?: ProgressNote }
  /** Team mode: another person changed the study (committed). */
  | { type: 'changed'; by: string }
  | { type: 'closed' };
