import { z } from 'zod';

/**
 * How a failed call is reported across every boundary (IPC, HTTP, command line).
 * BAD_INPUT: the request or a file it names is wrong; LOCKED: the study is locked for a data cut;
 * BLOCKED: blockers stand in the way of a lock; NOT_FOUND / CONFLICT: the thing named does not exist
 * or is in a state that forbids the move; NEWER_DATABASE: written by a newer version of the app.
 */
export const apiErrorCodeSchema = z.enum([
  'BAD_INPUT',
  'LOCKED',
  'BLOCKED',
  'NOT_FOUND',
  'CONFLICT',
  'NEWER_DATABASE',
  'INTERNAL',
]);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

export const apiErrorSchema = z.object({ code: apiErrorCodeSchema, message: z.string() });
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
