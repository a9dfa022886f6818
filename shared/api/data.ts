import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { languageSchema } from '../messages/language';
import { reviewChangeSchema, reviewStateSchema } from './review';

export const pageSchema = lazySchema(() =>
  z.object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(50_000).default(1000),
  }),
);

export const dataRequestSchema = lazySchema(() =>
  z
    .object({
      form: z.string().min(1),
      subject: z.string().min(1).optional(),
      site: z.string().min(1).optional(),
      /** The text as the site wrote it, with _file, _sheet and _line. */
      raw: z.boolean().default(false),
      /** Include records deleted at the source (then `_deleted` tells which). */
      deleted: z.boolean().default(false),
      /** Add `_recordId` to each record (what the window needs to open one). */
      withIds: z.boolean().default(false),
      /**
       * Only the live records in this state of the caller's review (review.ts); each record then has
       * `_review`, and one changed since the review `_changed`: [{field, old, new}].
       */
      review: reviewStateSchema.optional(),
      /** Add `_review` (and `_changed`) to every record without filtering on it. */
      withReview: z.boolean().default(false),
    })
    .extend(pageSchema.shape)
    .strict(),
);
export type DataRequest = z.input<typeof dataRequestSchema>;

export const dataRecordSchema = lazySchema(() =>
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(reviewChangeSchema)])),
);
export type DataRecord = z.infer<typeof dataRecordSchema>;

export const dataPageSchema = lazySchema(() =>
  z.object({
    form: z.string(),
    columns: z.array(z.string()),
    records: z.array(dataRecordSchema),
    total: z.number().int(),
    offset: z.number().int(),
    truncated: z.boolean(),
  }),
);
export type DataPage = z.infer<typeof dataPageSchema>;

export const recordRequestSchema = lazySchema(() =>
  z
    .object({
      form: z.string().min(1),
      recordId: z.number().int(),
      /** The language of what the import found wrong with a value. */
      language: languageSchema.default('en'),
    })
    .strict(),
);

/** Which stored record: its form and id, and the site, subject and key it stands under. */
export const storedRecordShape = {
  form: z.string(),
  recordId: z.number().int(),
  siteId: z.string(),
  subjectId: z.string(),
  recordKey: z.string(),
};

export const recordDetailSchema = lazySchema(() =>
  z.object({
    ...storedRecordShape,
    deleted: z.boolean(),
    file: z.string(),
    sheet: z.string().nullable(),
    line: z.number().int(),
    importId: z.number().int(),
    fields: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        raw: z.string().nullable(),
        value: z.union([z.string(), z.number(), z.null()]),
        issue: z.string().nullable(),
        /** Filled by the workstation (medical coding), not a column of the site's export: no query on it. */
        derived: z.boolean(),
      }),
    ),
    extra: z.array(z.tuple([z.string(), z.string()])),
    history: z.array(
      z.object({
        importId: z.number().int(),
        exportDate: z.string(),
        importedAt: z.string(),
        change: z.string(),
        field: z.string().nullable(),
        oldRaw: z.string().nullable(),
        newRaw: z.string().nullable(),
      }),
    ),
  }),
);
export type RecordDetail = z.infer<typeof recordDetailSchema>;
