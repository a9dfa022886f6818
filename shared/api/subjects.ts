import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { reviewChangeSchema, reviewCountsSchema, reviewStateSchema } from './review';

export const subjectListRequestSchema = lazySchema(() =>
  z
    .object({
      site: z.string().optional(),
      search: z.string().max(100).optional(),
      /**
       * Subjects by the caller's review of their records (all forms): changed / new / unreviewed:
       * with at least one record in that state; reviewed: every record reviewed as it is now.
       */
      review: reviewStateSchema.optional(),
      /** Add each subject's review counts (`review`). */
      withReview: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(10_000).default(500),
    })
    .strict(),
);

export const subjectSummarySchema = lazySchema(() =>
  z.object({
    subjectId: z.string(),
    siteId: z.string(),
    age: z.number().nullable(),
    sex: z.string().nullable(),
    enrolled: z.string().nullable(),
    firstDose: z.string().nullable(),
    lastDose: z.string().nullable(),
    death: z.string().nullable(),
    openDiscrepancies: z.number().int(),
    review: reviewCountsSchema.optional(),
  }),
);
export const subjectPageSchema = lazySchema(() =>
  z.object({
    rows: z.array(subjectSummarySchema),
    total: z.number().int(),
    offset: z.number().int(),
    truncated: z.boolean(),
  }),
);

const point = lazySchema(() => z.object({ date: z.string(), value: z.number(), recordId: z.number().int() }));
export const subjectProfileSchema = lazySchema(() =>
  z.object({
    subject: subjectSummarySchema,
    dosing: z.array(
      z.object({
        recordId: z.number().int(),
        treatment: z.string(),
        cycle: z.number().nullable(),
        start: z.string().nullable(),
        end: z.string().nullable(),
        dose: z.number().nullable(),
      }),
    ),
    labs: z.record(z.string(), z.array(point)),
    responses: z.array(
      z.object({ recordId: z.number().int(), date: z.string().nullable(), response: z.string().nullable() }),
    ),
    adverseEvents: z.array(
      z.object({
        recordId: z.number().int(),
        term: z.string().nullable(),
        decod: z.string().nullable(),
        start: z.string().nullable(),
        end: z.string().nullable(),
        grade: z.number().nullable(),
        serious: z.string().nullable(),
      }),
    ),
    endOfTreatment: z.string().nullable(),
    death: z.string().nullable(),
    /** The caller's review: counts, and each record changed or new since their review (for the timeline). */
    review: z.object({
      counts: reviewCountsSchema,
      records: z.array(
        z.object({
          form: z.string(),
          recordId: z.number().int(),
          recordKey: z.string(),
          state: reviewStateSchema,
          date: z.string().nullable(),
          changed: z.array(reviewChangeSchema),
        }),
      ),
    }),
    discrepancies: z.array(
      z.object({
        id: z.number().int(),
        checkId: z.string(),
        form: z.string(),
        recordId: z.number().int().nullable(),
        field: z.string(),
        date: z.string().nullable(),
        message: z.string(),
        status: z.string(),
      }),
    ),
  }),
);
export type SubjectProfile = z.infer<typeof subjectProfileSchema>;
