import type { ErrorFacts, ErrorKind } from '../../../shared/api/errors';
import { StudyError } from '../common/errors';
import type { ImportRequest } from '../../../shared/api/imports';
import type { PreparedSiteExport } from './prepare-site-export';

/**
 * An export to prepare, as sent to every preparing thread: the first to claim it (an Int32 in
 * shared memory, 0 while unclaimed) prepares it.
 */
export interface PrepareTask {
  id: number;
  request: ImportRequest;
  claim: Int32Array;
}

export function newClaim(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Claims a task for `by` (not 0); false if another thread has it already. */
export function claimTask(claim: Int32Array, by: number): boolean {
  return Atomics.compareExchange(claim, 0, 0, by) === 0;
}

/** What a prepare worker answers: the prepared export, or why it could not be prepared. */
export type PrepareReply =
  | { id: number; prepared: PreparedSiteExport; failure?: undefined }
  | { id: number; failure: PrepareFailure; prepared?: undefined };

/** An error as it crosses the thread: a StudyError keeps its code, words, kind and facts. */
export interface PrepareFailure {
  message: string;
  study?: { code: StudyError['code']; kind?: ErrorKind; facts: ErrorFacts };
  stack?: string;
}

export function failureOf(error: unknown): PrepareFailure {
  if (error instanceof StudyError) {
    return {
      message: error.message,
      study: { code: error.code, ...(error.kind ? { kind: error.kind } : {}), facts: error.facts },
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  return { message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
}

export function errorOf(failure: PrepareFailure): Error {
  if (failure.study)
    return new StudyError(failure.study.code, failure.message, {
      kind: failure.study.kind,
      facts: failure.study.facts,
    });
  const error = new Error(failure.message);
  if (failure.stack) error.stack = failure.stack;
  return error;
}
