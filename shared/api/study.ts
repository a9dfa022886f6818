import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const studyInfoSchema = lazySchema(() =>
  z.object({
    file: z.string(),
    code: z.string(),
    name: z.string(),
    registry: z.string().nullable(),
    forms: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        key: z.array(z.string()),
        columns: z.array(
          z.object({ name: z.string(), label: z.string(), type: z.string(), required: z.boolean() }),
        ),
      }),
    ),
    sites: z.array(
      z.object({ siteId: z.string(), subjects: z.number().int(), latestExportDate: z.string().nullable() }),
    ),
    subjects: z.number().int(),
    imports: z.number().int(),
    locked: z.boolean(),
    lockedCut: z.string().nullable(),
  }),
);
export type StudyInfo = z.infer<typeof studyInfoSchema>;
