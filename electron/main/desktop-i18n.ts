import i18next, { type TFunction } from 'i18next';
import en from './locales/en.json';
import ko from './locales/ko.json';

/** The languages of the window; the menus and dialogs follow the one chosen there. */
export const DESKTOP_LANGUAGES = ['en', 'ko'] as const;
export type DesktopLanguage = (typeof DESKTOP_LANGUAGES)[number];

export function isDesktopLanguage(value: unknown): value is DesktopLanguage {
  return DESKTOP_LANGUAGES.includes(value as DesktopLanguage);
}

/** The system's language when it is Korean, else English (until the window says otherwise). */
export function systemLanguage(locale: string): DesktopLanguage {
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** Labels of the native menus and dialogs, in one language. */
export function desktopTranslator(language: DesktopLanguage): TFunction {
  const instance = i18next.createInstance();
  void instance.init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: language,
    fallbackLng: 'en',
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}
