import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../lib/format';

/** The chosen language, for Intl formatting. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lang) ? lang : 'en';
}
