import { InvalidArgumentError } from 'commander';
import { isoDate } from '../../../shared/api/imports';
import { LANGUAGES, languageSchema, type Language } from '../../../shared/messages/language';

/** Wrong usage of the command line: exit 2. */
export class CliUsageError extends Error {}

export function isoDateOption(value: string): string {
  const year = Number(value.slice(0, 4));
  if (!isoDate.safeParse(value).success || year < 1900 || year > 2100)
    throw new InvalidArgumentError(`${value} is not a date (YYYY-MM-DD)`);
  return value;
}

/** `--lang en|ko`: the language of the messages a command prints. */
export function languageOption(value: string): Language {
  const parsed = languageSchema.safeParse(value.trim().toLowerCase());
  if (!parsed.success) throw new InvalidArgumentError(`${value}: use ${LANGUAGES.join(' or ')}`);
  return parsed.data;
}

export const LANGUAGE_HELP = 'language of the messages: en (English, the default) or ko (Korean)';

export function positiveIntOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new InvalidArgumentError(`${value} is not a positive whole number`);
  return Number(value);
}

export function listOption(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}
