import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * Review marks (issue 12). A person marks records reviewed; each mark keeps the version of the
 * record's standardised values it saw. For one person ("you": the caller), every live record is in
 * exactly one state:
 * - reviewed: marked by you, its standardised values unchanged since;
 * - changed: marked by you, and an import changed its standardised values since;
 * - new: not marked by you, and it arrived after your first mark on the same site's form;
 * - unreviewed: not marked by you, and there before you started on that site's form (or you never did).
 */
export const reviewStateSchema = lazySchema(() => z.enum(['reviewed', 'changed', 'new', 'unreviewed']));
export type ReviewState = z.infer<typeof reviewStateSchema>;
export const REVIEW_STATES = lazySchema(() => reviewStateSchema.options);

const value = lazySchema(() => z.union([z.string(), z.number(), z.null()]));

/** A standardised value that changed since the version you reviewed. */
export const reviewChangeSchema = lazySchema(() => z.object({ field: z.string(), old: value, new: value }));
export type ReviewChange = z.infer<typeof reviewChangeSchema>;

/** Which records of one form: all live ones, narrowed by site, subject, record keys or ids. */
export const reviewScopeSchema = lazySchema(() =>
  z
    .object({
      form: z.string().min(1),
      site: z.string().min(1).optional(),
      subject: z.string().min(1).optional(),
      /** Record keys as listed (`S01-001|3`, `#n` for the n-th of duplicates). */
      recordKeys: z.array(z.string().min(1)).max(100_000).optional(),
      /** Record ids (a grid selection). */
      recordIds: z.array(z.number().int()).max(100_000).optional(),
      /** Only the records in this state of the caller's review (the Data screen's "mark all shown"). */
      state: reviewStateSchema.optional(),
    })
    .strict(),
);
export type ReviewScope = z.input<typeof reviewScopeSchema>;

export const reviewMarkResultSchema = lazySchema(() =>
  z.object({
    user: z.string(),
    form: z.string(),
    /** Live records the scope matched. */
    matched: z.number().int(),
    /** Marked now (new marks, and marks moved on to the current version). */
    marked: z.number().int(),
    /** Already marked by you at their current version: left as they were. */
    alreadyReviewed: z.number().int(),
  }),
);
export type ReviewMarkResult = z.infer<typeof reviewMarkResultSchema>;

export const reviewUnmarkResultSchema = lazySchema(() =>
  z.object({
    user: z.string(),
    form: z.string(),
    matched: z.number().int(),
    /** Marks of yours removed. */
    removed: z.number().int(),
  }),
);

export const reviewStatusRequestSchema = lazySchema(() =>
  z.object({ site: z.string().min(1).optional(), form: z.string().min(1).optional() }).strict(),
);

const countsShape = {
  records: z.number().int(),
  reviewed: z.number().int(),
  changed: z.number().int(),
  new: z.number().int(),
  unreviewed: z.number().int(),
};
export const reviewCountsSchema = lazySchema(() => z.object(countsShape));
export type ReviewCounts = z.infer<typeof reviewCountsSchema>;

export const reviewStatusSchema = lazySchema(() =>
  z.object({
    user: z.string(),
    rows: z.array(z.object({ siteId: z.string(), form: z.string(), ...countsShape })),
    totals: reviewCountsSchema,
  }),
);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const reviewRecordRequestSchema = lazySchema(() =>
  z.object({ form: z.string().min(1), recordId: z.number().int() }).strict(),
);

/** One record's review: your state and what changed since your mark, and everyone's marks. */
export const reviewRecordSchema = lazySchema(() =>
  z.object({
    form: z.string(),
    recordId: z.number().int(),
    user: z.string(),
    state: reviewStateSchema,
    changed: z.array(reviewChangeSchema),
    marks: z.array(
      z.object({
        user: z.string(),
        at: z.string(),
        /** Still the record's current version (false: it changed since). */
        current: z.boolean(),
      }),
    ),
    history: z.array(z.object({ user: z.string(), at: z.string(), action: z.enum(['marked', 'unmarked']) })),
  }),
);
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;
