import { z } from 'zod';

export const subjectListRequestSchema = z
  .object({
    site: z.string().optional(),
    search: z.string().max(100).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();

export const subjectSummarySchema = z.object({
  subjectId: z.string(),
  siteId: z.string(),
  age: z.number().nullable(),
  sex: z.string().nullable(),
  enrolled: z.string().nullable(),
  firstDose: z.string().nullable(),
  lastDose: z.string().nullable(),
  death: z.string().nullable(),
  openDiscrepancies: z.number().int(),
});
export const subjectPageSchema = z.object({
  rows: z.array(subjectSummarySchema),
  total: z.number().int(),
  offset: z.number().int(),
  truncated: z.boolean(),
});

const point = z.object({ date: z.string(), value: z.number(), recordId: z.number().int() });
export const subjectProfileSchema = z.object({
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
});
export type SubjectProfile = z.infer<typeof subjectProfileSchema>;
