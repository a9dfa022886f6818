import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { severitySchema } from './discrepancies';

export const checkInfoSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    category: z.string(),
    severity: severitySchema,
    title: z.string(),
    custom: z.boolean(),
    enabled: z.boolean(),
  }),
);
export type CheckInfo = z.infer<typeof checkInfoSchema>;

export const checkRunRequestSchema = lazySchema(() =>
  z
    .object({
      checkIds: z.array(z.string().min(1)).optional(),
      /** Check every subject even when only some sites were imported since the last complete run. */
      full: z.boolean().default(false),
    })
    .strict(),
);

export const checkRunCountsSchema = lazySchema(() =>
  z.object({
    found: z.number().int(),
    new: z.number().int(),
    stillOpen: z.number().int(),
    resolved: z.number().int(),
    reopened: z.number().int(),
  }),
);
export type CheckRunCounts = z.infer<typeof checkRunCountsSchema>;

export const checkRunResultSchema = lazySchema(() =>
  z.object({
    runId: z.number().int(),
    /** full: every subject; sites: the subjects changed since the last complete run, of `sites` (imported or coded since). */
    scope: z.object({
      kind: z.enum(['full', 'sites']),
      sites: z.array(z.string()),
      subjects: z.number().int(),
    }),
    startedAt: z.string(),
    durationMs: z.number(),
    checks: z.array(
      checkRunCountsSchema.extend({
        checkId: z.string(),
        durationMs: z.number(),
        error: z.string().nullable(),
      }),
    ),
    totals: checkRunCountsSchema,
    errors: z.array(z.object({ checkId: z.string(), message: z.string() })),
  }),
);
export type CheckRunResult = z.infer<typeof checkRunResultSchema>;
