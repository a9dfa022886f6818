import { InvalidArgumentError } from 'commander';
import { parseDate } from '../core/standardise/dates';

/** Wrong usage of the command line: exit 2. */
export class CliUsageError extends Error {}

export function isoDateOption(value: string): string {
  const parsed = parseDate(value);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || parsed.kind !== 'date')
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
