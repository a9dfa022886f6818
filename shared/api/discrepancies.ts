import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { languageSchema } from '../messages/language';
import { recordDetailSchema } from './data';
import { signatureRequestSchema } from './signatures';

export const discrepancyStatusSchema = lazySchema(() =>
  z.enum(['OPEN', 'QUERIED', 'ANSWERED', 'CLOSED', 'ACCEPTED', 'RESOLVED']),
);
export type DiscrepancyStatus = z.infer<typeof discrepancyStatusSchema>;
/** Statuses in which a discrepancy still needs work (and blocks a lock). */
export const OPEN_STATUSES: readonly DiscrepancyStatus[] = ['OPEN', 'QUERIED', 'ANSWERED'];

export const severitySchema = lazySchema(() => z.enum(['critical', 'major', 'minor']));

export const discrepancySchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    checkId: z.string(),
    category: z.string(),
    severity: severitySchema,
    subjectId: z.string(),
    siteId: z.string(),
    form: z.string(),
    recordKey: z.string(),
    recordId: z.number().int().nullable(),
    field: z.string(),
    /** The value as the site wrote it, when the discrepancy was last found. */
    value: z.string().nullable(),
    /** What the check found, in the language asked for (English unless said otherwise). */
    message: z.string(),
    status: discrepancyStatusSchema,
    manual: z.boolean(),
    firstFound: z.string(),
    lastFound: z.string(),
    statusChangedAt: z.string(),
    queryId: z.string().nullable(),
  }),
);
export type Discrepancy = z.infer<typeof discrepancySchema>;

/** The columns of a discrepancy list written out (cli.md's list, in its order): CLI, snapshots. */
export const DISCREPANCY_EXPORT_FIELDS = [
  'id',
  'checkId',
  'category',
  'severity',
  'subjectId',
  'siteId',
  'form',
  'recordKey',
  'field',
  'value',
  'message',
  'status',
  'firstFound',
  'lastFound',
  'queryId',
] as const satisfies readonly (keyof Discrepancy)[];

export const sortableDiscrepancyFields = [...DISCREPANCY_EXPORT_FIELDS, 'statusChangedAt'] as const;

export const discrepancyFilterSchema = lazySchema(() =>
  z
    .object({
      status: z.array(discrepancyStatusSchema).optional(),
      checkId: z.array(z.string()).optional(),
      category: z.array(z.string()).optional(),
      severity: z.array(severitySchema).optional(),
      site: z.array(z.string()).optional(),
      subject: z.array(z.string()).optional(),
      form: z.array(z.string()).optional(),
      /** Quick search over subject, record, field, value, message and query ID. */
      search: z.string().max(200).optional(),
      ids: z.array(z.number().int()).max(100_000).optional(),
    })
    .strict(),
);
export type DiscrepancyFilter = z.infer<typeof discrepancyFilterSchema>;

export const discrepancyListRequestSchema = lazySchema(() =>
  discrepancyFilterSchema
    .extend({
      sort: z
        .array(z.object({ field: z.enum(sortableDiscrepancyFields), dir: z.enum(['asc', 'desc']) }))
        .max(5)
        .optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(50_000).default(500),
      /** The language of the messages (a check's message is rendered from its named values). */
      language: languageSchema.default('en'),
    })
    .strict(),
);
export type DiscrepancyListRequest = z.input<typeof discrepancyListRequestSchema>;

export const discrepancyPageSchema = lazySchema(() =>
  z.object({
    rows: z.array(discrepancySchema),
    total: z.number().int(),
    offset: z.number().int(),
    truncated: z.boolean(),
  }),
);
export type DiscrepancyPage = z.infer<typeof discrepancyPageSchema>;

const countSchema = lazySchema(() => z.object({ key: z.string(), count: z.number().int() }));
export const discrepancyFacetsSchema = lazySchema(() =>
  z.object({
    status: z.array(countSchema),
    checkId: z.array(countSchema),
    category: z.array(countSchema),
    severity: z.array(countSchema),
    site: z.array(countSchema),
    form: z.array(countSchema),
  }),
);
export type DiscrepancyFacets = z.infer<typeof discrepancyFacetsSchema>;

export const discrepancyEventSchema = lazySchema(() =>
  z.object({
    at: z.string(),
    user: z.string(),
    action: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    reason: z.string().nullable(),
    message: z.string().nullable(),
    value: z.string().nullable(),
  }),
);

export const querySchema = lazySchema(() =>
  z.object({
    queryId: z.string(),
    discrepancyId: z.number().int(),
    round: z.number().int(),
    message: z.string(),
    createdAt: z.string(),
    createdBy: z.string(),
    sentAt: z.string().nullable(),
    sentFile: z.string().nullable(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answerFile: z.string().nullable(),
  }),
);
export type Query = z.infer<typeof querySchema>;

export const discrepancyDetailSchema = lazySchema(() =>
  z.object({
    discrepancy: discrepancySchema,
    record: recordDetailSchema.nullable(),
    /** The other records the check looked at. */
    related: z.array(
      z.object({ form: z.string(), recordId: z.number().int(), recordKey: z.string(), summary: z.string() }),
    ),
    history: z.array(discrepancyEventSchema),
    queries: z.array(querySchema),
    /** The statuses a person may move it to now (the workflow's table of moves). */
    moves: z.array(discrepancyStatusSchema),
  }),
);
export type DiscrepancyDetail = z.infer<typeof discrepancyDetailSchema>;

export const setStatusRequestSchema = lazySchema(() =>
  z
    .object({
      ids: z.array(z.number().int()).min(1).max(100_000),
      /** OPEN: a CLOSED or ACCEPTED discrepancy reopened by hand (a decision undone). */
      status: z.enum(['ACCEPTED', 'CLOSED', 'QUERIED', 'OPEN']),
      reason: z.string().trim().min(1, 'a reason is required'),
      /** QUERIED again (re-query): the new message to the site. */
      message: z.string().trim().min(1).optional(),
      /** The language of the messages of the rows returned. */
      language: languageSchema.default('en'),
      /** Closing and accepting are signed decisions (required in team mode). */
      signature: signatureRequestSchema.optional(),
    })
    .strict(),
);
export type SetStatusRequest = z.infer<typeof setStatusRequestSchema>;

export const setStatusResultSchema = lazySchema(() =>
  z.object({
    updated: z.number().int(),
    rows: z.array(discrepancySchema),
  }),
);
