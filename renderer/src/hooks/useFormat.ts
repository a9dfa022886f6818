import { useMemo } from 'react';
import { formatBytes, formatDate, formatDateTime, formatNumber } from '../lib/format';
import { useLanguage } from './useLanguage';

/** Date, time and number formatters bound to the chosen language. */
export function useFormat() {
  const language = useLanguage();
  return useMemo(
    () => ({
      language,
      date: (v: string | null | undefined) => formatDate(v, language),
      dateTime: (v: string | null | undefined) => formatDateTime(v, language),
      number: (v: number | null | undefined, digits?: number) => formatNumber(v, language, digits),
      bytes: (v: number) => formatBytes(v, language),
    }),
    [language],
  );
}
