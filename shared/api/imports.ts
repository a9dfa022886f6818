import { z } from 'zod';
import { languageSchema } from '../messages/language';
import { lazySchema } from './lazy-schema';

export const isoDate = lazySchema(() => z.iso.date());

export const importRequestSchema = lazySchema(() =>
  z
    .object({
      /** A folder, a list of files, one .xlsx workbook or one .zip: one site export. */
      paths: z.array(z.string().min(1)).min(1),
      site: z.string().min(1).optional(),
      exportDate: isoDate.optional(),
      /** The form of files whose name names none. */
      form: z.string().min(1).optional(),
      /** Load with `exportDate` even though the names carry another export date. */
      confirmExportDate: z.boolean().optional(),
      /** The password of a zip or workbook given as the export: used to read it, never stored or reported. */
      filePassword: z.string().min(1).max(1024).optional(),
    })
    .strict(),
);
export type ImportRequest = z.infer<typeof importRequestSchema>;

/** The language of a report's warnings (the import's notes about its files, and its values' problems). */
export const warningsLanguage = { language: languageSchema.default('en') };

export const formCountsSchema = lazySchema(() =>
  z.object({
    rows: z.number().int(),
    new: z.number().int(),
    changed: z.number().int(),
    deleted: z.number().int(),
  }),
);
export type FormCounts = z.infer<typeof formCountsSchema>;

export const importIssueSchema = lazySchema(() =>
  z.object({
    level: z.enum(['warning', 'error']),
    code: z.string(),
    file: z.string().nullable(),
    sheet: z.string().nullable(),
    form: z.string().nullable(),
    line: z.number().int().nullable(),
    column: z.string().nullable(),
    message: z.string(),
  }),
);
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const changedValueSchema = lazySchema(() =>
  z.object({
    form: z.string(),
    subjectId: z.string(),
    recordKey: z.string(),
    field: z.string(),
    old: z.string().nullable(),
    new: z.string().nullable(),
  }),
);
export type ChangedValue = z.infer<typeof changedValueSchema>;

export const unknownColumnSchema = lazySchema(() =>
  z.object({ form: z.string(), column: z.string(), file: z.string() }),
);

/**
 * Date cells of a file read from a bare number (site-exports.md, Values): Excel serial days, years
 * typed into the cell, yyyymmdd numbers. Of text cells (CSV) only serial days count: a year or a
 * yyyymmdd written as text is one of the spec's date formats.
 */
export const numberDatesSchema = lazySchema(() =>
  z.object({
    serial: z.number().int(),
    year: z.number().int(),
    yyyymmdd: z.number().int(),
  }),
);
export type NumberDates = z.infer<typeof numberDatesSchema>;

export const importFileSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    sheet: z.string().nullable(),
    form: z.string(),
    encoding: z.string().nullable(),
    rows: z.number().int(),
    sha256: z.string(),
    numberDates: numberDatesSchema,
  }),
);

/** What an import did, or (dryRun) would do. Lists are capped; the counts are always whole. */
export const importReportSchema = lazySchema(() =>
  z.object({
    importId: z.number().int().nullable(),
    siteId: z.string(),
    exportDate: isoDate,
    exportDateSource: z.enum(['user', 'file name', 'folder name']),
    dryRun: z.boolean(),
    forms: z.record(z.string(), formCountsSchema),
    files: z.array(importFileSchema),
    unknownColumns: z.array(unknownColumnSchema),
    warnings: z.array(importIssueSchema),
    warningCount: z.number().int(),
    changedValues: z.array(changedValueSchema),
    changedValueCount: z.number().int(),
    /** Medical coding of the records this import brought a verbatim to (absent from a preview). */
    coding: z
      .array(
        z.object({
          form: z.string(),
          autoCoded: z.number().int(),
          waiting: z.number().int(),
          uncoded: z.number().int(),
        }),
      )
      .optional(),
  }),
);
export type ImportReport = z.infer<typeof importReportSchema>;

export const importPreviewSchema = lazySchema(() =>
  importReportSchema.extend({
    /** Hand back to imports.commit to apply exactly this preview. */
    previewId: z.string(),
  }),
);
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** The export date the names of a site export carry (imports.namedDate), or null when they carry none. */
export const namedDateSchema = lazySchema(() =>
  z
    .object({
      date: isoDate,
      source: z.enum(['file name', 'folder name']),
      name: z.string(),
      dates: z.array(isoDate),
    })
    .nullable(),
);
export type NamedDate = z.infer<typeof namedDateSchema>;

export const batchRequestSchema = lazySchema(() =>
  z
    .object({
      dir: z.string().min(1),
      dryRun: z.boolean().default(false),
      language: languageSchema.default('en'),
      /** One password for the delivery's zips and workbooks that have one (a study's convention). */
      filePassword: z.string().min(1).max(1024).optional(),
    })
    .strict(),
);

/** The site exports of a delivery folder (imports.delivery); null when the paths are one site export. */
export const deliverySchema = lazySchema(() =>
  z
    .object({
      dir: z.string(),
      exports: z.array(z.object({ path: z.string(), name: z.string(), exportDate: isoDate.nullable() })),
    })
    .nullable(),
);
export type Delivery = z.infer<typeof deliverySchema>;

export const batchItemSchema = lazySchema(() =>
  z.union([
    importReportSchema.extend({ path: z.string() }),
    /** An export that failed: why, and the error's kind (FILE_PASSWORD_NEEDED ...) when it has one. */
    z.object({ path: z.string(), error: z.string(), kind: z.string().optional() }),
  ]),
);
export type BatchItem = z.infer<typeof batchItemSchema>;

export const importHistoryItemSchema = lazySchema(() =>
  z.object({
    importId: z.number().int(),
    siteId: z.string(),
    exportDate: isoDate,
    source: z.string(),
    importedBy: z.string(),
    importedAt: z.string(),
    files: z.array(importFileSchema),
    forms: z.record(z.string(), formCountsSchema),
    warningCount: z.number().int(),
    errorCount: z.number().int(),
    warnings: z.array(importIssueSchema),
  }),
);
export type ImportHistoryItem = z.infer<typeof importHistoryItemSchema>;
