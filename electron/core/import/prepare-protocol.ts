import type { ErrorFacts, ErrorKind } from '../../../shared/api/errors';
import { StudyError } from '../common/errors';
import type { PreparedSiteExport } from './prepare-site-export';

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
