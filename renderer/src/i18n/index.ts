import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { desktopBridge } from '../api/client';
import { isLanguage, type Language } from '../lib/format';
import en from './en.json';
import ko from './ko.json';

export const LANGUAGE_KEY = 'cdm.language';

/** The remembered language, else the system's (Korean if it prefers Korean), else English. */
export function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(LANGUAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // no storage: fall through
  }
  return navigator.languages?.some((l) => l.toLowerCase().startsWith('ko')) ? 'ko' : 'en';
}

export function setupI18n(language: Language = initialLanguage()) {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  void desktopBridge()?.setLanguage(language);
  return i18next;
}

export function changeLanguage(language: Language): void {
  void i18next.changeLanguage(language);
  document.documentElement.lang = language;
  void desktopBridge()?.setLanguage(language);
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // not remembered, still switched
  }
}
