import type { ApiErrorCode } from '../../../shared/api/errors';

/** An error the user can act on: its message is one plain line, shown as is. */
export class StudyError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StudyError';
  }
}

export const badInput = (message: string) => new StudyError('BAD_INPUT', message);
export const notFound = (message: string) => new StudyError('NOT_FOUND', message);
export const conflict = (message: string) => new StudyError('CONFLICT', message);
