import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/** What an audit entry is about: a record's values (by import), an import, a discrepancy's status, a query, a query list, a data cut, a site's settings, a coding decision, the synonym list, a dictionary, review marks. */
export const auditEntitySchema = lazySchema(() =>
  z.enum([
    'record',
    'import',
    'discrepancy',
    'query',
    'query_list',
    'cut',
    'study',
    'site',
    'coding',
    'synonym',
    'dictionary',
    'review',
  ]),
);

export const auditRequestSchema = lazySchema(() =>
  z
    .object({
      since: z.string().optional(),
      until: z.string().optional(),
      entity: z.array(auditEntitySchema).optional(),
      user: z.string().optional(),
      search: z.string().max(200).optional(),
      /** Chronological (asc, the default) or newest first (desc). */
      order: z.enum(['asc', 'desc']).default('asc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(50_000).default(500),
    })
    .strict(),
);

export const auditEntrySchema = lazySchema(() =>
  z.object({
    id: z.string(),
    at: z.string(),
    user: z.string(),
    action: z.string(),
    entity: z.string(),
    entityId: z.string().nullable(),
    siteId: z.string().nullable(),
    subjectId: z.string().nullable(),
    form: z.string().nullable(),
    recordKey: z.string().nullable(),
    field: z.string().nullable(),
    oldValue: z.string().nullable(),
    newValue: z.string().nullable(),
    reason: z.string().nullable(),
    importId: z.number().int().nullable(),
    /** A signed decision (lock, unlock, close, accept): who signed, when, and what it means. */
    signedBy: z.string().nullable().default(null),
    signedAt: z.string().nullable().default(null),
    signatureMeaning: z.string().nullable().default(null),
  }),
);
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export type AuditRequest = z.infer<typeof auditRequestSchema>;

export const auditPageSchema = lazySchema(() =>
  z.object({
    rows: z.array(auditEntrySchema),
    total: z.number().int(),
    offset: z.number().int(),
    truncated: z.boolean(),
  }),
);

/** The columns of the audit trail written out (CSV header = JSON keys), in this order: CLI and window. */
export const AUDIT_EXPORT_FIELDS = [
  'id',
  'at',
  'user',
  'action',
  'entity',
  'entityId',
  'siteId',
  'subjectId',
  'form',
  'recordKey',
  'field',
  'oldValue',
  'newValue',
  'reason',
  'importId',
  'signedBy',
  'signedAt',
  'signatureMeaning',
] as const satisfies readonly (keyof AuditEntry)[];

/** The whole trail under a filter, in time order, written to one file by the core. */
export const auditExportRequestSchema = lazySchema(() =>
  auditRequestSchema
    .omit({ order: true, offset: true, limit: true })
    .extend({
      /** The file to write (replaced when it exists; written whole or not at all). */
      out: z.string().min(1),
      format: z.enum(['csv', 'json']).default('csv'),
    })
    .strict(),
);
export type AuditExportRequest = z.infer<typeof auditExportRequestSchema>;

export const auditExportResultSchema = lazySchema(() =>
  z.object({
    path: z.string(),
    rows: z.number().int(),
    bytes: z.number().int(),
  }),
);
export type AuditExportResult = z.infer<typeof auditExportResultSchema>;
