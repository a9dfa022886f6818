import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { writtenFileSchema } from './exports';
import { signatureRequestSchema, signatureSchema } from './signatures';

export const blockersRequestSchema = lazySchema(() => z.object({ cutoff: z.iso.date().optional() }).strict());

const countSchema = lazySchema(() => z.object({ key: z.string(), count: z.number().int() }));
export const blockersSchema = lazySchema(() =>
  z.object({
    canLock: z.boolean(),
    cutoff: z.string().nullable(),
    openDiscrepancies: z.object({
      total: z.number().int(),
      byCheck: z.array(countSchema),
      bySite: z.array(countSchema),
    }),
    staleSites: z.array(z.object({ siteId: z.string(), latestExportDate: z.string() })),
    importsWithErrors: z.array(
      z.object({
        importId: z.number().int(),
        siteId: z.string(),
        exportDate: z.string(),
        errors: z.number().int(),
      }),
    ),
    /** Verbatims waiting for coding longer than the study's limit (codingRules.uncodedBlockerDays). */
    uncodedVerbatims: z.object({
      days: z.number().int(),
      total: z.number().int(),
      byForm: z.array(countSchema),
      bySite: z.array(countSchema),
    }),
    locked: z.boolean(),
    cuts: z.array(z.lazy(() => cutSchema)),
  }),
);
export type Blockers = z.infer<typeof blockersSchema>;

export const cutSchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    name: z.string(),
    reason: z.string(),
    lockedBy: z.string(),
    lockedAt: z.string(),
    forced: z.boolean(),
    blockers: z.string().nullable(),
    snapshotDir: z.string(),
    manifestSha256: z.string().nullable(),
    unlockedBy: z.string().nullable(),
    unlockedAt: z.string().nullable(),
    unlockReason: z.string().nullable(),
    /** Who signed the lock and the unlock, when, and what each signature means (null: not signed). */
    lockSignature: signatureSchema.nullable(),
    unlockSignature: signatureSchema.nullable(),
  }),
);
export type Cut = z.infer<typeof cutSchema>;

export const lockRequestSchema = lazySchema(() =>
  z
    .object({
      name: z.string().trim().min(1),
      reason: z.string().trim().min(1),
      snapshotDir: z.string().min(1),
      force: z.boolean().default(false),
      cutoff: z.iso.date().optional(),
      signature: signatureRequestSchema.optional(),
    })
    .strict(),
);

export const lockResultSchema = lazySchema(() =>
  z.object({
    cut: cutSchema,
    snapshot: z.object({ dir: z.string(), files: z.array(writtenFileSchema), warnings: z.array(z.string()) }),
  }),
);

export const unlockRequestSchema = lazySchema(() =>
  z.object({ reason: z.string().trim().min(1), signature: signatureRequestSchema.optional() }).strict(),
);

export const verifyRequestSchema = lazySchema(() => z.object({ dir: z.string().min(1) }).strict());
export const verifyResultSchema = lazySchema(() =>
  z.object({
    ok: z.boolean(),
    cut: z.string().nullable(),
    changed: z.array(z.string()),
    missing: z.array(z.string()),
    added: z.array(z.string()),
    checked: z.number().int(),
  }),
);
export type VerifyResult = z.infer<typeof verifyResultSchema>;

export const cutDiffRequestSchema = lazySchema(() =>
  z.object({ from: z.string().min(1), to: z.string().min(1) }).strict(),
);

const recordRefSchema = lazySchema(() =>
  z.object({ siteId: z.string(), subjectId: z.string(), recordKey: z.string() }),
);
/** A discrepancy as a cut's difference lists it (opened since the earlier cut, or closed). */
const cutDiscrepancySchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    checkId: z.string(),
    subjectId: z.string(),
    recordKey: z.string(),
    field: z.string(),
  }),
);

export const cutDiffSchema = lazySchema(() =>
  z.object({
    from: z.string(),
    to: z.string(),
    forms: z.record(
      z.string(),
      z.object({
        new: z.array(recordRefSchema),
        changed: z.array(
          recordRefSchema.extend({
            changes: z.array(
              z.object({ field: z.string(), old: z.string().nullable(), new: z.string().nullable() }),
            ),
          }),
        ),
        deleted: z.array(recordRefSchema),
      }),
    ),
    discrepancies: z.object({
      opened: z.array(cutDiscrepancySchema),
      closed: z.array(cutDiscrepancySchema.extend({ status: z.string() })),
    }),
  }),
);
export type CutDiff = z.infer<typeof cutDiffSchema>;
