import { z } from 'zod';
import { discrepancySchema } from './discrepancies';

export const raiseQueryRequestSchema = z
  .object({
    subjectId: z.string().min(1),
    form: z.string().min(1),
    recordKey: z.string().min(1),
    field: z.string().min(1),
    message: z.string().trim().min(1),
  })
  .strict();

export const exportQueriesRequestSchema = z
  .object({
    outDir: z.string().min(1),
    site: z.string().min(1).optional(),
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
  })
  .strict();

export const exportQueriesResultSchema = z.object({
  files: z.array(z.object({ siteId: z.string(), path: z.string(), queries: z.number().int() })),
  /** OPEN items that became QUERIED with this export. */
  newlyQueried: z.number().int(),
});
export type ExportQueriesResult = z.infer<typeof exportQueriesResultSchema>;

export const importAnswersRequestSchema = z.object({ files: z.array(z.string().min(1)).min(1) }).strict();

export const importAnswersResultSchema = z.object({
  applied: z.array(z.object({ file: z.string(), row: z.number().int(), queryId: z.string(), answer: z.string() })),
  rejected: z.array(z.object({ file: z.string(), row: z.number().int().nullable(), queryId: z.string().nullable(), reason: z.string() })),
  /** Rows already applied from an earlier import of the same answers. */
  unchanged: z.number().int(),
});
export type ImportAnswersResult = z.infer<typeof importAnswersResultSchema>;

export const queryListEventSchema = z.object({
  kind: z.enum(['export', 'import']),
  at: z.string(),
  user: z.string(),
  siteId: z.string().nullable(),
  file: z.string(),
  queries: z.number().int(),
  applied: z.number().int(),
  rejected: z.number().int(),
});
export type QueryListEvent = z.infer<typeof queryListEventSchema>;

export { discrepancySchema };
