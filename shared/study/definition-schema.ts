import { z } from 'zod';
import { languageSchema } from '../messages/language';
import { placeholders } from '../messages/render-message';

/**
 * The study definition: everything the workstation knows about one study (forms, code lists,
 * lab units, treatment rules, check parameters). Stored in the study database at `init`, so a
 * database always carries the definition it was checked against.
 */

const upperCode = z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'an upper-case code such as AE or AESTDAT');

export const columnTypeSchema = z.enum([
  'text',
  'integer',
  'number',
  'date',
  'yesno',
  'code',
  'labresult',
  'labunit',
]);
export type ColumnType = z.infer<typeof columnTypeSchema>;

/**
 * A second variable in the analysis files (SAS transport, Dataset-JSON) for what one type cannot
 * hold: beside a date (a SAS date, complete dates only), its ISO 8601 text with partial dates; beside
 * a lab result (text: numbers and codes), its numeric value.
 */
export const companionSchema = z.object({ name: upperCode, label: z.string() }).strict();

export const columnSchema = z
  .object({
    name: upperCode,
    /** English label: the variable label in the analysis files (SAS allows 40 characters). */
    label: z.string(),
    /** The label in Korean, for messages in Korean (the English label stands in when none is given). */
    labelKo: z.string().min(1).optional(),
    type: columnTypeSchema,
    required: z.boolean().default(false),
    /** The code list whose values (and synonyms) are accepted; for `integer` columns, codes are numbers. */
    codeList: z.string().optional(),
    /** Check that reports a value outside the code list (DATA-05 unless said otherwise). */
    unknownCodeCheck: z.string().default('DATA-05'),
    companion: companionSchema.optional(),
  })
  .strict()
  .refine((c) => c.type !== 'code' || c.codeList !== undefined, { message: 'a code column needs a codeList' })
  .refine((c) => c.codeList === undefined || c.type === 'code' || c.type === 'integer', {
    message: 'only code and integer columns take a codeList',
  })
  .refine((c) => c.companion === undefined || c.type === 'date' || c.type === 'labresult', {
    message: 'only date and lab result columns take a companion variable',
  });
export type ColumnDefinition = z.infer<typeof columnSchema>;

const MEDDRA_FIELD_NAMES = [
  'lltCode',
  'lltName',
  'ptCode',
  'ptName',
  'hltCode',
  'hltName',
  'hlgtCode',
  'hlgtName',
  'socCode',
  'socName',
] as const;
const WHODRUG_FIELD_NAMES = ['drugCode', 'drugName', 'atcCode', 'atcText', 'ingredients'] as const;

/** What a coded column holds: a level of the MedDRA hierarchy, or a part of a WHODrug entry. */
export const codedFieldSchema = z.enum([...MEDDRA_FIELD_NAMES, ...WHODRUG_FIELD_NAMES]);
export type CodedField = z.infer<typeof codedFieldSchema>;

export const MEDDRA_FIELDS: readonly CodedField[] = MEDDRA_FIELD_NAMES;
export const WHODRUG_FIELDS: readonly CodedField[] = WHODRUG_FIELD_NAMES;

export const dictionaryTypeSchema = z.enum(['meddra', 'whodrug']);
export type DictionaryType = z.infer<typeof dictionaryTypeSchema>;

/**
 * Medical coding of a form (issue 14): its verbatim column is coded with a dictionary, and the
 * coded values are columns of the standardised data. A coded column named like a column of the
 * form (AEDECOD) takes its place there: the site's own value stays in the raw record.
 */
export const formCodingSchema = z
  .object({
    dictionary: dictionaryTypeSchema,
    verbatim: upperCode,
    columns: z
      .array(
        z
          .object({
            name: upperCode,
            label: z.string(),
            /** The label in Korean (the English label stands in when none is given). */
            labelKo: z.string().min(1).optional(),
            field: codedFieldSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((coding, ctx) => {
    const allowed = coding.dictionary === 'meddra' ? MEDDRA_FIELDS : WHODRUG_FIELDS;
    for (const c of coding.columns) {
      if (!allowed.includes(c.field))
        ctx.addIssue({
          code: 'custom',
          message: `coded column ${c.name}: ${c.field} is not a ${coding.dictionary} field`,
        });
    }
    if (new Set(coding.columns.map((c) => c.name)).size !== coding.columns.length)
      ctx.addIssue({ code: 'custom', message: 'coded column named twice' });
  });
export type FormCodingDefinition = z.infer<typeof formCodingSchema>;

export const formSchema = z
  .object({
    code: upperCode,
    /** English name of the form: the dataset label in the analysis files (SAS allows 40 characters). */
    name: z.string(),
    /** What one record is ("One record per adverse event"), for Define-XML. */
    structure: z.string().optional(),
    /** The CDISC observation class that fits the form best (EVENTS, FINDINGS, ...), for Define-XML. */
    observationClass: z.string().optional(),
    /** Columns that identify a record within a site's export of this form. */
    key: z.array(upperCode).min(1),
    columns: z.array(columnSchema).min(1),
    /** DM only: the column naming the site. */
    siteColumn: upperCode.optional(),
    /** At most one row a subject (DM, DS). */
    onePerSubject: z.boolean().default(false),
    /** Lab forms: which columns hold the test code, the result and its unit (results are read per test). */
    lab: z.object({ test: upperCode, result: upperCode, unit: upperCode }).strict().optional(),
    /** Groups of columns of which at least one must hold a value (RS: RSORRES or RSNDREAS). */
    requiredOneOf: z.array(z.array(upperCode).min(2)).default([]),
    /** Medical coding of the form's verbatim column (AE: MedDRA, CM: WHODrug). */
    coding: formCodingSchema.optional(),
  })
  .strict()
  .superRefine((form, ctx) => {
    const names = new Set(form.columns.map((c) => c.name));
    if (form.coding) {
      const verbatim = form.columns.find((c) => c.name === form.coding!.verbatim);
      if (!verbatim || verbatim.type !== 'text')
        ctx.addIssue({
          code: 'custom',
          message: `form ${form.code}: the coded verbatim ${form.coding.verbatim} is not a text column`,
        });
      for (const c of form.coding.columns) {
        const replaced = form.columns.find((f) => f.name === c.name);
        if (replaced && replaced.type !== 'text')
          ctx.addIssue({
            code: 'custom',
            message: `form ${form.code}: coded column ${c.name} would replace a ${replaced.type} column`,
          });
      }
    }
    const named = [
      ...form.key,
      ...(form.siteColumn ? [form.siteColumn] : []),
      ...form.requiredOneOf.flat(),
      ...(form.lab ? [form.lab.test, form.lab.result, form.lab.unit] : []),
    ];
    for (const k of named) {
      if (!names.has(k))
        ctx.addIssue({ code: 'custom', message: `form ${form.code}: ${k} is not one of its columns` });
    }
    if (names.size !== form.columns.length)
      ctx.addIssue({ code: 'custom', message: `form ${form.code}: duplicate column` });
    if (!names.has('SUBJID'))
      ctx.addIssue({ code: 'custom', message: `form ${form.code}: needs a SUBJID column` });
    const hasLabColumns = form.columns.some((c) => c.type === 'labresult' || c.type === 'labunit');
    if (hasLabColumns !== (form.lab !== undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: `form ${form.code}: labresult/labunit columns go with a lab mapping`,
      });
    }
  });
export type FormDefinition = z.infer<typeof formSchema>;

export const codeValueSchema = z
  .object({
    code: z.string().min(1),
    label: z.string().optional(),
    synonyms: z.array(z.string()).default([]),
  })
  .strict();

export const codeListSchema = z.object({ values: z.array(codeValueSchema).min(1) }).strict();

export const labUnitSchema = z
  .object({
    unit: z.string().min(1),
    /** How a result in this unit becomes the test's first unit (as site-exports.md says it). */
    divideBy: z.number().positive().optional(),
    multiplyBy: z.number().positive().optional(),
    synonyms: z.array(z.string()).default([]),
  })
  .strict()
  .refine((u) => u.divideBy === undefined || u.multiplyBy === undefined, {
    message: 'divideBy or multiplyBy, not both',
  });
export type LabUnitDefinition = z.infer<typeof labUnitSchema>;

export const labTestSchema = z
  .object({
    code: upperCode,
    name: z.string(),
    /** numeric: a number in one of `units` (the first is the standard); coded: a value of `codeList`. */
    kind: z.enum(['numeric', 'coded']),
    units: z.array(labUnitSchema).default([]),
    codeList: z.string().optional(),
  })
  .strict()
  .refine((t) => (t.kind === 'numeric' ? t.units.length > 0 : t.codeList !== undefined), {
    message: 'a numeric test needs units, a coded test a codeList',
  });
export type LabTestDefinition = z.infer<typeof labTestSchema>;

export const treatmentSchema = z
  .object({
    studyDrug: z.string(),
    comedication: z.string(),
    cycleLengthDays: z.number().int().positive(),
    dosingDays: z.number().int().positive(),
    doseLevels: z.array(z.number().positive()).min(1),
    startDose: z.number().positive(),
    /** Lower starting doses the label allows, each with the DM values that justify it. */
    labelStartDoses: z.array(
      z
        .object({
          dose: z.number().positive(),
          when: z.record(upperCode, z.array(z.string()).min(1)),
          reason: z.string(),
          reasonKo: z.string().min(1).optional(),
        })
        .strict(),
    ),
    comedicationDose: z.number().positive(),
    comedicationDoseElderly: z.number().positive(),
    elderlyAgeAbove: z.number().int().positive(),
    comedicationDays: z.array(z.number().int().positive()),
  })
  .strict();

/**
 * A message in English and Korean: the same named values (`{name}`, `{name|separator}` for a
 * list) in both, so that either language can be rendered from what a check found.
 */
export const messageTemplateSchema = z
  .object({ en: z.string().min(1), ko: z.string().min(1) })
  .strict()
  .superRefine((t, ctx) => {
    const en = placeholders(t.en).sort().join(', ');
    const ko = placeholders(t.ko).sort().join(', ');
    if (en !== ko)
      ctx.addIssue({ code: 'custom', message: `the English template names {${en}}, the Korean one {${ko}}` });
  });

/** Templates by key (a check with one message calls it `default`). */
export const messageTemplatesSchema = z.record(
  z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'a key such as default or endsAfterDeath'),
  messageTemplateSchema,
);

export const severitySchema = z.enum(['critical', 'major', 'minor']);
export type Severity = z.infer<typeof severitySchema>;

/** Per-check settings; `params` are the numbers of edit-checks.md, named. */
export const checkSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    severity: severitySchema.optional(),
    params: z
      .record(
        z.string(),
        z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), z.array(z.number())]),
      )
      .default({}),
    /** The check's messages in both languages, by key (the check's query says which, with its values). */
    messages: messageTemplatesSchema.default({}),
  })
  .strict();

export const customCheckSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9]*-[A-Z0-9-]+$/, 'an ID such as CUST-01'),
    category: z.string().min(1),
    severity: severitySchema,
    title: z.string().min(1),
    /** Read-only SQL over the documented views, returning subject_id, form, record_key, field, message. */
    sql: z.string().min(1),
  })
  .strict();
export type CustomCheckDefinition = z.infer<typeof customCheckSchema>;

/** How the analysis files (SAS transport, Dataset-JSON, Define-XML) present the study's values. */
export const analysisFilesSchema = z
  .object({
    /** SAS display format of complete dates (the numeric date variables). */
    dateFormat: z
      .string()
      .regex(/^[A-Z][A-Z0-9]*\d+\.\d*$/, 'a SAS format such as DATE9.')
      .default('DATE9.'),
    /** Define-XML: who collected the values (def:Origin Source of every collected variable). */
    originSource: z.enum(['Investigator', 'Sponsor', 'Subject', 'Vendor']).default('Investigator'),
  })
  .strict();
export type AnalysisFilesSettings = z.infer<typeof analysisFilesSchema>;

export const studyDefinitionSchema = z
  .object({
    formatVersion: z.literal(1),
    study: z
      .object({
        code: z.string().min(1),
        name: z.string().min(1),
        registry: z.string().optional(),
        sponsor: z.string().optional(),
        targetSubjects: z.number().int().positive().optional(),
        surveillanceStart: z.iso.date().optional(),
        surveillanceEnd: z.iso.date().optional(),
      })
      .strict(),
    missingMarkers: z.array(z.string()),
    yesNo: z.object({ Y: z.array(z.string()).min(1), N: z.array(z.string()).min(1) }).strict(),
    codeLists: z.record(z.string(), codeListSchema),
    forms: z.array(formSchema).min(1),
    labTests: z.array(labTestSchema),
    treatment: treatmentSchema,
    checks: z.record(z.string(), checkSettingsSchema).default({}),
    /** Phrases the messages of several checks share (a dosing period, an AE, a value the import could not read). */
    messages: messageTemplatesSchema.default({}),
    /** The language of a site's query lists until the data manager sets another for that site. */
    siteLanguage: languageSchema.default('en'),
    customChecks: z.array(customCheckSchema).default([]),
    /** Medical coding rules: a verbatim waiting longer than this before a lock is a blocker. */
    codingRules: z
      .object({ uncodedBlockerDays: z.number().int().positive().default(30) })
      .strict()
      .default({ uncodedBlockerDays: 30 }),
    analysisFiles: analysisFilesSchema.prefault({}),
  })
  .strict()
  .superRefine((def, ctx) => {
    const forms = new Set<string>();
    for (const f of def.forms) {
      if (forms.has(f.code)) ctx.addIssue({ code: 'custom', message: `form ${f.code} defined twice` });
      forms.add(f.code);
      for (const c of f.columns) {
        if (c.codeList && !def.codeLists[c.codeList]) {
          ctx.addIssue({ code: 'custom', message: `${f.code}.${c.name}: unknown code list ${c.codeList}` });
        }
      }
    }
    if (!def.forms.some((f) => f.siteColumn))
      ctx.addIssue({ code: 'custom', message: 'one form must name the site (siteColumn)' });
    for (const t of def.labTests) {
      if (t.codeList && !def.codeLists[t.codeList]) {
        ctx.addIssue({ code: 'custom', message: `lab test ${t.code}: unknown code list ${t.codeList}` });
      }
    }
    const ids = new Set<string>();
    for (const c of def.customChecks) {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', message: `custom check ${c.id} defined twice` });
      ids.add(c.id);
    }
  });

export type StudyDefinition = z.infer<typeof studyDefinitionSchema>;
export type StudyDefinitionInput = z.input<typeof studyDefinitionSchema>;
