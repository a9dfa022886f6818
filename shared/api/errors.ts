import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * How a failed call is reported across every boundary (IPC, HTTP, command line).
 * BAD_INPUT: the request or a file it names is wrong; LOCKED: the study is locked for a data cut;
 * BLOCKED: blockers stand in the way of a lock; NOT_FOUND / CONFLICT: the thing named does not exist
 * or is in a state that forbids the move; NEWER_DATABASE: written by a newer version of the app;
 * FORBIDDEN: in team mode, the database refused it to this person's role.
 */
export const apiErrorCodeSchema = lazySchema(() =>
  z.enum([
    'BAD_INPUT',
    'LOCKED',
    'BLOCKED',
    'NOT_FOUND',
    'CONFLICT',
    'NEWER_DATABASE',
    'FORBIDDEN',
    'INTERNAL',
  ]),
);
export type ApiErrorCode = z.infer<typeof apiErrorCodeSchema>;

/**
 * What exactly went wrong, where a door has its own way out to offer: the command line names its
 * option (`--form`), the window its field or button. The message itself names no door's controls.
 */
export const errorKindSchema = lazySchema(() =>
  z.enum([
    /** A file (or a workbook and its sheets) whose name names no form of the study. */
    'FORM_NOT_NAMED',
    /** A form code given by the user that the study does not have (facts: form, expected). */
    'FORM_UNKNOWN',
    /** The site of an export cannot be told from its data. */
    'SITE_NOT_NAMED',
    /** The export's DM rows name another site than the one given (facts: site, given, file, line). */
    'SITE_CONTRADICTED',
    /** Neither the names of an export nor their folder carry its export date, and none was given. */
    'EXPORT_DATE_MISSING',
    /** The export date given is none the names carry (facts: exportDate, namedDate, name, source). */
    'EXPORT_DATE_CONTRADICTED',
    /** Many site exports given where one was expected (facts: file, exports). */
    'DELIVERY_NOT_EXPORT',
    /** Blockers remain and the lock was not forced (facts: discrepancies, staleSites, importsWithErrors). */
    'BLOCKERS_REMAIN',
    /** A manual status move the workflow does not allow (facts: to, expected, refused). */
    'MOVE_NOT_ALLOWED',
    /** A re-query of an answered discrepancy without a new message. */
    'REQUERY_NEEDS_MESSAGE',
    /** Discrepancy IDs that do not exist (facts: ids). */
    'DISCREPANCY_UNKNOWN',
    /** No study database at the path given (facts: file). */
    'NO_STUDY_DATABASE',
    /** A file that cannot be read as what it should be (facts: file, and sheet, line, column where known). */
    'FILE_UNREADABLE',
    /** A required column missing from a form's table (facts: file, sheet, column). */
    'COLUMN_MISSING',
    /** A title above the column names, which must come first (facts: file, sheet, line of the title or of the names). */
    'HEADER_NOT_FIRST',
    /** A zip given as the export is encrypted and no password was given (facts: file, the zip). */
    'FILE_PASSWORD_NEEDED',
    /** The password given does not open the zip (facts: file, the zip). */
    'FILE_PASSWORD_WRONG',
    /** A dictionary release that does not say its version, and none was given (facts: file). */
    'VERSION_NOT_STATED',
    /** No dictionary (of a type, or of a version) is loaded (facts: dictionary or version). */
    'DICTIONARY_NOT_LOADED',
    /** A version that both MedDRA and WHODrug have, without saying which (facts: version). */
    'DICTIONARY_AMBIGUOUS',
    /** Team mode: a decision that is signed (lock, unlock, close, accept) without its meaning or password. */
    'SIGNATURE_REQUIRED',
    /** Team mode: the password re-entered for a signature is not the person's (the server said so). */
    'SIGNATURE_REFUSED',
  ]),
);
export type ErrorKind = z.infer<typeof errorKindSchema>;

/** The facts of a failure, for each door to word: file, sheet, line, column, what was expected, ... */
export const errorFactsSchema = lazySchema(() =>
  z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
);
export type ErrorFacts = z.infer<typeof errorFactsSchema>;

export const apiErrorSchema = lazySchema(() =>
  z.object({
    code: apiErrorCodeSchema,
    message: z.string(),
    kind: errorKindSchema.optional(),
    facts: errorFactsSchema.optional(),
  }),
);
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;
