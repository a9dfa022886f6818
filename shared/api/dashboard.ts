import { z } from 'zod';
import { lazySchema } from './lazy-schema';

const countSchema = lazySchema(() => z.object({ key: z.string(), count: z.number().int() }));
export const dashboardSchema = lazySchema(() =>
  z.object({
    byStatus: z.array(countSchema),
    byCheck: z.array(
      z.object({ key: z.string(), category: z.string(), open: z.number().int(), count: z.number().int() }),
    ),
    bySite: z.array(z.object({ key: z.string(), open: z.number().int(), count: z.number().int() })),
    /** Open queries (QUERIED) by days since they were sent. */
    queryAging: z.array(countSchema),
    imports: z.array(
      z.object({
        siteId: z.string(),
        exportDate: z.string(),
        importId: z.number().int(),
        importedAt: z.string(),
      }),
    ),
    totals: z.object({
      subjects: z.number().int(),
      sites: z.number().int(),
      records: z.number().int(),
      discrepancies: z.number().int(),
      open: z.number().int(),
    }),
    lastCheckRun: z.string().nullable(),
  }),
);
export type Dashboard = z.infer<typeof dashboardSchema>;
