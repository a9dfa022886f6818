import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { discrepancySchema } from './discrepancies';

export const raiseQueryRequestSchema = lazySchema(() =>
  z
    .object({
      subjectId: z.string().min(1),
      form: z.string().min(1),
      recordKey: z.string().min(1),
      field: z.string().min(1),
      message: z.string().trim().min(1),
    })
    .strict(),
);
export type RaiseQueryRequest = z.infer<typeof raiseQueryRequestSchema>;

export const exportQueriesRequestSchema = lazySchema(() =>
  z
    .object({
      outDir: z.string().min(1),
      site: z.string().min(1).optional(),
      format: z.enum(['xlsx', 'csv']).default('xlsx'),
    })
    .strict(),
);
export type ExportQueriesRequest = z.infer<typeof exportQueriesRequestSchema>;

export const exportQueriesResultSchema = lazySchema(() =>
  z.object({
    /** One file a site with outstanding queries; listId names the list (L0001, ...) inside the file too. */
    files: z.array(
      z.object({ siteId: z.string(), path: z.string(), queries: z.number().int(), listId: z.string() }),
    ),
    /** OPEN items that became QUERIED with this export. */
    newlyQueried: z.number().int(),
    /** Outstanding items whose subject has no known site (not in any list). */
    withoutSite: z.number().int(),
  }),
);
export type ExportQueriesResult = z.infer<typeof exportQueriesResultSchema>;

export const importAnswersRequestSchema = lazySchema(() =>
  z
    .object({
      files: z.array(z.string().min(1)).min(1),
      /** The password of zipped or encrypted lists (used to read them, kept nowhere). */
      filePassword: z.string().min(1).max(1024).optional(),
    })
    .strict(),
);
export type ImportAnswersRequest = z.infer<typeof importAnswersRequestSchema>;

export const importAnswersResultSchema = lazySchema(() =>
  z.object({
    applied: z.array(
      z.object({ file: z.string(), row: z.number().int(), queryId: z.string(), answer: z.string() }),
    ),
    /** Rows not applied: why, in one sentence, and what exactly differed where that helps. */
    rejected: z.array(
      z.object({
        file: z.string(),
        row: z.number().int(),
        queryId: z.string().nullable(),
        reason: z.string(),
        detail: z.string().nullable(),
      }),
    ),
    /** Files refused as a whole (not a query list, another study's or site's): nothing of them is recorded. */
    refused: z.array(z.object({ file: z.string(), reason: z.string() })),
    /** Rows already applied from an earlier import of the same answers. */
    unchanged: z.number().int(),
    /** Rows with a blank answer: skipped, not an error. */
    blank: z.number().int(),
  }),
);
export type ImportAnswersResult = z.infer<typeof importAnswersResultSchema>;

export const queryListEventSchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    kind: z.enum(['export', 'import']),
    /** The list written (export) or answered (import; null when the file named none of this study). */
    listId: z.string().nullable(),
    at: z.string(),
    user: z.string(),
    siteId: z.string().nullable(),
    file: z.string(),
    queries: z.number().int(),
    applied: z.number().int(),
    rejected: z.number().int(),
    unchanged: z.number().int(),
  }),
);
export type QueryListEvent = z.infer<typeof queryListEventSchema>;

export { discrepancySchema };
