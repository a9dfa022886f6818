import { InvalidArgumentError } from 'commander';
import { isoDate } from '../../shared/api/imports';

/** Wrong usage of the command line: exit 2. */
export class CliUsageError extends Error {}

export function isoDateOption(value: string): string {
  const year = Number(value.slice(0, 4));
  if (!isoDate.safeParse(value).success || year < 1900 || year > 2100)
    throw new InvalidArgumentError(`${value} is not a date (YYYY-MM-DD)`);
  return value;
}

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
