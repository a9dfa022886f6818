import { z } from 'zod';

/** The languages the workstation speaks: every check message, every screen, the query lists. */
export const LANGUAGES = ['en', 'ko'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어' };
