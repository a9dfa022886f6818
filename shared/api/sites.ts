import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { languageSchema } from '../messages/language';

/** A site of the study (known from its exports) and the language of its query lists. */
export const siteSchema = lazySchema(() =>
  z.object({
    siteId: z.string(),
    language: languageSchema,
    /** false: the study definition's siteLanguage; true: set by a data manager (who and when). */
    languageSet: z.boolean(),
    changedBy: z.string().nullable(),
    changedAt: z.string().nullable(),
  }),
);
export type Site = z.infer<typeof siteSchema>;

export const setSiteLanguageRequestSchema = lazySchema(() =>
  z
    .object({
      sites: z.array(z.string().min(1)).min(1).max(1000),
      language: languageSchema,
    })
    .strict(),
);
export type SetSiteLanguageRequest = z.infer<typeof setSiteLanguageRequestSchema>;
