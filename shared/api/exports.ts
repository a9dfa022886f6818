import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** The formats of a form's data: CDISC Dataset-JSON 1.1, SAS V5 transport, CSV, xlsx. */
export const DATA_FILE_FORMATS = ['dataset-json', 'xpt', 'csv', 'xlsx'] as const;
export const dataFileFormatSchema = lazySchema(() => z.enum(DATA_FILE_FORMATS));
export type DataFileFormat = z.infer<typeof dataFileFormatSchema>;

/** What a snapshot or an export holds, by kind (define.xml comes with Dataset-JSON and XPT). */
export const FILE_FORMATS = ['database', 'dataset-json', 'xpt', 'define-xml', 'csv', 'xlsx'] as const;
export const fileFormatSchema = lazySchema(() => z.enum(FILE_FORMATS));
export type FileFormat = z.infer<typeof fileFormatSchema>;

export const writtenFileSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    sha256: z.string(),
    bytes: z.number().int(),
    format: fileFormatSchema,
  }),
);
export type WrittenFile = z.infer<typeof writtenFileSchema>;

export const exportRequestSchema = lazySchema(() =>
  z
    .object({
      /** A new or empty folder. */
      outDir: z.string().min(1),
      formats: z
        .array(dataFileFormatSchema)
        .min(1)
        .default([...DATA_FILE_FORMATS]),
      /** Form codes; all forms when left out. */
      forms: z.array(z.string().min(1)).min(1).optional(),
    })
    .strict(),
);
export type ExportRequest = z.input<typeof exportRequestSchema>;

export const exportResultSchema = lazySchema(() =>
  z.object({
    dir: z.string(),
    files: z.array(writtenFileSchema),
    rowCounts: z.record(z.string(), z.number().int()),
    /** Values cut to fit a format's limits, and the like: one plain line each. */
    warnings: z.array(z.string()),
  }),
);
export type ExportResult = z.infer<typeof exportResultSchema>;

export const cutFilesRequestSchema = lazySchema(() => z.object({ name: z.string().min(1) }).strict());
export const cutFilesSchema = lazySchema(() =>
  z.object({
    cut: z.string(),
    dir: z.string(),
    /** False when the snapshot folder or its manifest cannot be read (moved, deleted): `problem` says why. */
    available: z.boolean(),
    problem: z.string().nullable(),
    files: z.array(writtenFileSchema),
  }),
);
export type CutFiles = z.infer<typeof cutFilesSchema>;
