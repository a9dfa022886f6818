/** Dates and numbers for the chosen language (ko-KR or en-GB), with Intl. */
export type Language = 'en' | 'ko';

export const LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', ko: 'ko-KR' };

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key);
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f as T;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const PARTIAL = /^\d{4}(-\d{2})?$/;

/**
 * A study date. Full ISO dates are shown in the language's style (2018. 3. 5. / 05 Mar 2018);
 * partial dates (2018-03, 2018) and unreadable text are shown as they are: never guess a day.
 */
export function formatDate(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  if (DATE_ONLY.test(value)) {
    const f = cached(
      `d:${language}`,
      () =>
        new Intl.DateTimeFormat(LOCALES[language], {
          year: 'numeric',
          month: 'short',
          day: '2-digit',
          timeZone: 'UTC',
        }),
    );
    return f.format(new Date(`${value}T00:00:00Z`));
  }
  if (PARTIAL.test(value)) return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return formatDateTime(value, language);
}

/** A moment (an ISO timestamp) in local time, to the minute. */
export function formatDateTime(value: string | null | undefined, language: Language): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const f = cached(
    `dt:${language}`,
    () =>
      new Intl.DateTimeFormat(LOCALES[language], {
        year: 'numeric',
        month: 'short',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  );
  return f.format(date);
}

export function formatNumber(value: number | null | undefined, language: Language, digits?: number): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const f = cached(
    `n:${language}:${digits ?? ''}`,
    () =>
      new Intl.NumberFormat(LOCALES[language], digits === undefined ? {} : { maximumFractionDigits: digits }),
  );
  return f.format(value);
}

export function formatBytes(bytes: number, language: Language): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, language, unit === 0 ? 0 : 1)} ${units[unit]}`;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ko';
}

/**
 * A time-axis tick in the chosen language: the year on 1 January, the month on the first of a
 * month, else day and month (2018 · Apr / 4월 · 5 Apr / 4월 5일).
 */
export function axisDateLabel(ms: number, language: Language): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '';
  const utc = { timeZone: 'UTC' } as const;
  if (d.getUTCMonth() === 0 && d.getUTCDate() === 1) return String(d.getUTCFullYear());
  if (d.getUTCDate() === 1)
    return cached(
      `m:${language}`,
      () => new Intl.DateTimeFormat(LOCALES[language], { month: 'short', ...utc }),
    ).format(d);
  return cached(
    `md:${language}`,
    () => new Intl.DateTimeFormat(LOCALES[language], { month: 'short', day: 'numeric', ...utc }),
  ).format(d);
}
