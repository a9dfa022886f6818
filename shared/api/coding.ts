import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { storedRecordShape } from './data';
import { dictionaryTypeSchema } from '../study/definition-schema';

/** Medical coding (issue 14): dictionaries, the coding queue, coding decisions and version upgrades. */

const page = {
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(5_000).default(100),
};

/** Coded values by field of the study definition (lltCode, ptName, drugCode, atcCode, ...). */
export const codedValuesSchema = lazySchema(() =>
  z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
);
export type CodedValues = z.infer<typeof codedValuesSchema>;

export const dictionarySchema = lazySchema(() =>
  z.object({
    id: z.number().int(),
    type: dictionaryTypeSchema,
    version: z.string(),
    active: z.boolean(),
    languages: z.array(z.string()),
    counts: z.record(z.string(), z.number().int()),
    loadedAt: z.string(),
    loadedBy: z.string(),
  }),
);
export type Dictionary = z.infer<typeof dictionarySchema>;

export const dictionaryLoadRequestSchema = lazySchema(() =>
  z
    .object({
      path: z.string().min(1),
      type: dictionaryTypeSchema,
      /** Needed where the release does not say it (WHODrug without version.txt); else must agree with it. */
      version: z.string().trim().min(1).optional(),
    })
    .strict(),
);

export const dictionaryLoadResultSchema = lazySchema(() =>
  z.object({
    dictionary: dictionarySchema,
    /** A new version, or a translation added to a loaded one. */
    added: z.enum(['version', 'language']),
    language: z.string(),
    /** Waiting verbatims the load coded (the first version of a type, or a translation of the active one). */
    autoCoded: z.number().int(),
  }),
);
export type DictionaryLoadResult = z.infer<typeof dictionaryLoadResultSchema>;

export const codingFormStatusSchema = lazySchema(() =>
  z.object({
    form: z.string(),
    verbatim: z.string(),
    dictionary: dictionaryTypeSchema,
    version: z.string().nullable(),
    /** Live records that hold a verbatim. */
    records: z.number().int(),
    coded: z.number().int(),
    auto: z.number().int(),
    synonym: z.number().int(),
    manual: z.number().int(),
    waiting: z.number().int(),
    /** Waiting longer than the study's limit (a lock blocker). */
    overdue: z.number().int(),
    /** Waiting with an open query to the site. */
    queried: z.number().int(),
  }),
);
export type CodingFormStatus = z.infer<typeof codingFormStatusSchema>;

export const codingStatusSchema = lazySchema(() =>
  z.object({
    forms: z.array(codingFormStatusSchema),
    dictionaries: z.array(dictionarySchema),
    blockerDays: z.number().int(),
    synonyms: z.number().int(),
  }),
);
export type CodingStatus = z.infer<typeof codingStatusSchema>;

export const codingStatusValueSchema = lazySchema(() => z.enum(['WAITING', 'CODED']));

/** Why auto-coding left a verbatim waiting (besides matching nothing): each door words it in its language. */
export const waitingReasonSchema = lazySchema(() =>
  z.object({
    kind: z.enum([
      'several-llts',
      'non-current-llt',
      'several-drugs',
      'several-atc',
      'synonym-unusable',
      'upgrade',
    ]),
    /** The codes concerned (LLTs, drugs, ATC classes, change kinds), comma-separated. */
    terms: z.string(),
    version: z.string().optional(),
  }),
);
export type WaitingReason = z.infer<typeof waitingReasonSchema>;

/** A waiting reason in English (the command line; the window translates by kind). */
export function waitingReasonText(reason: WaitingReason): string {
  switch (reason.kind) {
    case 'several-llts':
      return `equals several LLTs (${reason.terms})`;
    case 'non-current-llt':
      return `equals a non-current LLT (${reason.terms})`;
    case 'several-drugs':
      return `equals several drug names (${reason.terms})`;
    case 'several-atc':
      return `the drug has several ATC classes (${reason.terms}): choose one`;
    case 'synonym-unusable':
      return `the synonym list codes it as ${reason.terms}, which the dictionary in use cannot code`;
    case 'upgrade':
      return `not codable in ${reason.version ?? 'the new version'} as before (${reason.terms})`;
  }
}

export const codingQueueRequestSchema = lazySchema(() =>
  z
    .object({
      form: z.string().min(1).optional(),
      status: codingStatusValueSchema.default('WAITING'),
      /** Part of the verbatim, subject or record key. */
      search: z.string().trim().min(1).optional(),
      ...page,
    })
    .strict(),
);
export type CodingQueueRequest = z.input<typeof codingQueueRequestSchema>;

export const codingQueueRowSchema = lazySchema(() =>
  z.object({
    ...storedRecordShape,
    verbatim: z.string(),
    /** What the site wrote in the column a coded value replaces (AEDECOD): a hint, never used to code. */
    siteTerm: z.string().nullable(),
    status: codingStatusValueSchema,
    /** When the verbatim arrived (the import that brought it). */
    since: z.string(),
    waitingDays: z.number().int(),
    /** Waiting records of the form with the same verbatim (this one included). */
    sameVerbatim: z.number().int(),
    reason: waitingReasonSchema.nullable(),
    queryDiscrepancyId: z.number().int().nullable(),
    queryStatus: z.string().nullable(),
    method: z.string().nullable(),
    coded: codedValuesSchema.nullable(),
    codedBy: z.string().nullable(),
    codedAt: z.string().nullable(),
  }),
);
export type CodingQueueRow = z.infer<typeof codingQueueRowSchema>;

export const codingQueuePageSchema = lazySchema(() =>
  z.object({
    rows: z.array(codingQueueRowSchema),
    total: z.number().int(),
    offset: z.number().int(),
    truncated: z.boolean(),
  }),
);
export type CodingQueuePage = z.infer<typeof codingQueuePageSchema>;

export const codingSearchRequestSchema = lazySchema(() =>
  z
    .object({
      form: z.string().min(1),
      text: z.string().trim().min(1).max(200),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(200).default(50),
    })
    .strict(),
);

const termSchema = lazySchema(() => z.object({ code: z.number().int(), name: z.string() }));

export const meddraHitSchema = lazySchema(() =>
  z.object({
    kind: z.literal('meddra'),
    /** The level whose name matched; a PT is coded with its own LLT (same code). */
    level: z.enum(['LLT', 'PT']),
    matched: z.array(z.object({ language: z.string(), name: z.string() })),
    current: z.boolean(),
    llt: termSchema,
    pt: termSchema,
    hlt: termSchema,
    hlgt: termSchema,
    soc: termSchema,
  }),
);
export type MeddraHit = z.infer<typeof meddraHitSchema>;

export const whodrugHitSchema = lazySchema(() =>
  z.object({
    kind: z.literal('whodrug'),
    drugCode: z.string(),
    name: z.string(),
    drugName: z.string(),
    atc: z.array(z.object({ code: z.string(), text: z.string(), official: z.boolean() })),
    ingredients: z.array(z.string()),
  }),
);
export type WhodrugHit = z.infer<typeof whodrugHitSchema>;

export const codingSearchResultSchema = lazySchema(() =>
  z.object({
    dictionary: z.object({ type: dictionaryTypeSchema, version: z.string() }),
    total: z.number().int(),
    hits: z.array(z.union([meddraHitSchema, whodrugHitSchema])),
  }),
);
export type CodingSearchResult = z.infer<typeof codingSearchResultSchema>;

export const codingSetRequestSchema = lazySchema(() =>
  z
    .object({
      form: z.string().min(1),
      recordIds: z.array(z.number().int()).optional(),
      /** Record keys as shown everywhere (S01-001|3, #n for duplicates). */
      recordKeys: z.array(z.string().min(1)).optional(),
      llt: z.number().int().positive().optional(),
      drug: z.string().trim().min(1).optional(),
      atc: z.string().trim().min(1).optional(),
      /** Required to change a record already coded. */
      reason: z.string().trim().min(1).optional(),
      /** Also code every waiting record of the form with the same verbatim (the synonym list). */
      sameVerbatim: z.boolean().default(true),
    })
    .strict()
    .refine((r) => (r.recordIds?.length ?? 0) + (r.recordKeys?.length ?? 0) > 0, {
      message: 'name the records to code (recordIds or recordKeys)',
    })
    .refine((r) => (r.llt === undefined) !== (r.drug === undefined), {
      message: 'give an LLT code (MedDRA) or a drug code (WHODrug)',
    }),
);
export type CodingSetRequest = z.input<typeof codingSetRequestSchema>;

export const codingSetResultSchema = lazySchema(() =>
  z.object({
    /** The records named. */
    coded: z.number().int(),
    /** Other waiting records with the same verbatim, coded by the synonym list. */
    bySynonym: z.number().int(),
    coding: codedValuesSchema,
    records: z.array(z.object({ recordId: z.number().int(), recordKey: z.string(), verbatim: z.string() })),
  }),
);
export type CodingSetResult = z.infer<typeof codingSetResultSchema>;

export const upgradeChangeKindSchema = lazySchema(() =>
  z.enum([
    'LLT_NON_CURRENT',
    'PT_CHANGED',
    'PRIMARY_SOC_CHANGED',
    'HIERARCHY_CHANGED',
    'RENAMED',
    'ATC_CHANGED',
    'NOT_IN_VERSION',
  ]),
);
export type UpgradeChangeKind = z.infer<typeof upgradeChangeKindSchema>;

const upgradeRecordSchema = lazySchema(() =>
  z.object({
    form: z.string(),
    recordId: z.number().int(),
    subjectId: z.string(),
    recordKey: z.string(),
    verbatim: z.string(),
  }),
);

export const codingUpgradeRequestSchema = lazySchema(() =>
  z
    .object({
      to: z.string().trim().min(1),
      /** Needed only when both dictionaries have a version of that name. */
      type: dictionaryTypeSchema.optional(),
      dryRun: z.boolean().default(false),
    })
    .strict(),
);

export const codingUpgradeResultSchema = lazySchema(() =>
  z.object({
    type: dictionaryTypeSchema,
    from: z.string().nullable(),
    to: z.string(),
    dryRun: z.boolean(),
    /** Coded records whose coding the new version moves: recoded on apply (back to the queue where it cannot be). */
    changes: z.array(
      upgradeRecordSchema.extend({
        kinds: z.array(upgradeChangeKindSchema),
        before: codedValuesSchema,
        after: codedValuesSchema.nullable(),
      }),
    ),
    /** Waiting records the new version codes. */
    newlyCoded: z.array(upgradeRecordSchema.extend({ after: codedValuesSchema })),
    counts: z.object({
      coded: z.number().int(),
      unchanged: z.number().int(),
      recoded: z.number().int(),
      uncoded: z.number().int(),
      newlyCoded: z.number().int(),
    }),
  }),
);
export type CodingUpgradeResult = z.infer<typeof codingUpgradeResultSchema>;

/** A coding in one line: LLT > PT > SOC (with every code for the audit trail), or drug and ATC class. */
export function describeCoding(values: CodedValues, options: { codes?: boolean } = {}): string {
  const code = (field: string) => (options.codes ? `${values[field]} ` : '');
  if (values.lltCode !== undefined)
    return `LLT ${values.lltCode} ${values.lltName} > PT ${code('ptCode')}${values.ptName} > SOC ${code('socCode')}${values.socName}`;
  return `${values.drugCode} ${values.drugName}${values.atcCode ? ` (ATC ${values.atcCode})` : ''}`;
}
