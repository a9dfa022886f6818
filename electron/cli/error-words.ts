import type { ErrorKind } from '../../shared/api/errors';
import type { StudyError } from '../core/api';

type Words = (message: string, facts: StudyError['facts']) => string;

/**
 * The command line's own words for some errors of the core: where the window has a field or a
 * button, the command line names its option. The core's line is kept; this adds the way out.
 */
export const CLI_WORDS: Partial<Record<ErrorKind, Words>> = {
  FORM_NOT_NAMED: (message) => `${message} or give its form with --form`,
  FORM_UNKNOWN: (_message, facts) => `--form ${facts.form}: not a form of this study (${facts.expected})`,
  SITE_NOT_NAMED: (message) => `${message}; give it with --site`,
  SITE_CONTRADICTED: (message) => `${message} with --site`,
  EXPORT_DATE_MISSING: (message) => `${message}; give it with --export-date YYYY-MM-DD`,
  EXPORT_DATE_CONTRADICTED: (message, facts) =>
    `${message}; give --confirm-export-date to load it as an export of ${facts.exportDate}`,
  DELIVERY_NOT_EXPORT: (message) => `${message} (import --batch)`,
  BLOCKERS_REMAIN: (message) => `${message} (see blockers; --force locks anyway and records them)`,
  REQUERY_NEEDS_MESSAGE: (message) => `${message} (give it with --message)`,
  NO_STUDY_DATABASE: (message) => `${message}; create one with init`,
  VERSION_NOT_STATED: (message) => `${message}: give it with --version`,
  DICTIONARY_NOT_LOADED: (message) => `${message}: load it with dictionary load`,
  DICTIONARY_AMBIGUOUS: (message) => `${message} with --type meddra or --type whodrug`,
  SIGNATURE_REQUIRED: (message) =>
    `${message}: give --meaning "..." and your password on standard input (--password-stdin)`,
  SIGNATURE_REFUSED: (message) => `${message}; nothing was changed`,
  FILE_PASSWORD_NEEDED: (message) => `${message} (the password on standard input: --file-password-stdin)`,
};

/** The one line the command line prints for an error of the core (after `error: `). */
export function cliErrorLine(error: StudyError): string {
  const words = error.kind ? CLI_WORDS[error.kind] : undefined;
  return words ? words(error.message, error.facts) : error.message;
}
