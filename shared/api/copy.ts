import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** One table of a study compared after `copy`: rows on each side and whether every row is the same. */
export const CopyTableResultSchema = lazySchema(() =>
  z.object({
    table: z.string(),
    sourceRows: z.number().int(),
    targetRows: z.number().int(),
    identical: z.boolean(),
  }),
);
export type CopyTableResult = z.infer<typeof CopyTableResultSchema>;

export const CopyResultSchema = lazySchema(() =>
  z.object({
    source: z.string(),
    target: z.string(),
    tables: z.array(CopyTableResultSchema),
    identical: z.boolean(),
  }),
);
export type CopyResult = z.infer<typeof CopyResultSchema>;
