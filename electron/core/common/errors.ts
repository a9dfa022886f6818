import type { ApiErrorCode, ErrorFacts, ErrorKind } from '../../../shared/api/errors';

/** What a door needs to word an error its own way: its kind and its facts (file, sheet, line, column, ...). */
export interface ErrorDetail {
  kind?: ErrorKind;
  facts?: ErrorFacts;
}

/**
 * An error the user can act on: a code (how the doors report it), one plain line naming what is at
 * fault and where, in words of no particular door, and the facts a door may word in its own terms
 * (the command line adds its option, the window its field or button).
 */
export class StudyError extends Error {
  readonly kind: ErrorKind | undefined;
  readonly facts: ErrorFacts;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    detail: ErrorDetail = {},
  ) {
    super(message);
    this.name = 'StudyError';
    this.kind = detail.kind;
    this.facts = detail.facts ?? {};
  }
}

export const badInput = (message: string, detail?: ErrorDetail) =>
  new StudyError('BAD_INPUT', message, detail);
export const notFound = (message: string, detail?: ErrorDetail) =>
  new StudyError('NOT_FOUND', message, detail);
export const conflict = (message: string, detail?: ErrorDetail) =>
  new StudyError('CONFLICT', message, detail);

/** Where in a file something is at fault, as error facts (only what is known). */
export function placeFacts(place: {
  file?: string | null;
  sheet?: string | null;
  line?: number | null;
  column?: string | null;
}): ErrorFacts {
  const facts: ErrorFacts = {};
  if (place.file) facts.file = place.file;
  if (place.sheet) facts.sheet = place.sheet;
  if (place.line !== undefined && place.line !== null) facts.line = place.line;
  if (place.column) facts.column = place.column;
  return facts;
}
