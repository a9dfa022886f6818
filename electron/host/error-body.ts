import { apiErrorCodeSchema, type ApiErrorBody } from '../../shared/api/errors';
import { StudyError } from '../core/api';

/**
 * An error as it crosses a boundary (worker message, HTTP, IPC): its code, one plain line, and
 * what the doors word their own way (its kind and facts).
 * A StudyError keeps its words; anything else is INTERNAL with the first line of its message (the
 * stack goes to stderr with CDM_DEBUG set, never to the window or the browser).
 */
export function errorBody(error: unknown, where: string): ApiErrorBody {
  if (error instanceof StudyError) {
    const body: ApiErrorBody = { code: error.code, message: error.message };
    if (error.kind) body.kind = error.kind;
    if (Object.keys(error.facts).length) body.facts = error.facts;
    return body;
  }
  if (isErrorBody(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (process.env.CDM_DEBUG) console.error(`internal error in ${where}:`, error);
  return { code: 'INTERNAL', message: `internal error: ${text.split('\n')[0]}` };
}

export function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return apiErrorCodeSchema.safeParse(v.code).success && typeof v.message === 'string';
}

/** Back into an error the door can throw and map (StudyError: the doors know it). */
export function toStudyError(body: ApiErrorBody): StudyError {
  return new StudyError(body.code, body.message, { kind: body.kind, facts: body.facts });
}
