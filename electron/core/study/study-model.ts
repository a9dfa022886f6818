import type {
  CodedField,
  ColumnDefinition,
  DictionaryType,
  FormDefinition,
  LabTestDefinition,
  LabUnitDefinition,
  StudyDefinition,
} from '../../../shared/study/definition-schema';
import type { MessageTemplates } from '../../../shared/messages/render-message';

/** Case, surrounding and repeated spaces do not matter when matching codes, units and headers. */
export function normaliseToken(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toUpperCase();
}

const SUPERSCRIPT_DIGITS = /[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g;
const SUPERSCRIPT_VALUE: Record<string, string> = Object.fromEntries(
  [...'⁰¹²³⁴⁵⁶⁷⁸⁹'].map((digit, value) => [digit, String(value)]),
);

/**
 * Units also ignore spaces and spell micro as u. Korean laboratory systems print units with the
 * compatibility symbols of Korean fonts (`㎕`, `㎗`, `㎎`, `ℓ`, full-width `％`) and exponents as
 * superscripts (`×10⁹/L`, `/mm³`): NFKC folds the symbols into their letters, after the
 * superscripts are written as powers (`10^9`; after a letter, `mm3`).
 */
export function normaliseUnit(text: string): string {
  let normalised = normalisedUnits.get(text);
  if (normalised === undefined) {
    if (normalisedUnits.size >= 1_000) normalisedUnits.clear();
    normalisedUnits.set(text, (normalised = foldUnit(text)));
  }
  return normalised;
}

/** A laboratory writes a few units over and over (each lab result looks its unit up). */
const normalisedUnits = new Map<string, string>();

function foldUnit(text: string): string {
  return text
    .replace(SUPERSCRIPT_DIGITS, (digits) => `^${[...digits].map((d) => SUPERSCRIPT_VALUE[d]).join('')}`)
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/×/g, 'x')
    .toUpperCase()
    .replace(/(?<=[A-Z])\^/g, '');
}

export interface ColumnModel extends ColumnDefinition {
  index: number;
  /** Normalised spelling or synonym -> canonical code, for columns with a code list. */
  codes?: Map<string, string>;
}

/** A column of the form's standardised data filled by medical coding. */
export interface CodedColumnModel {
  name: string;
  label: string;
  labelKo?: string;
  field: CodedField;
  /** The form column whose place it takes in the standardised data (AEDECOD). */
  replaces?: ColumnModel;
}

export interface CodingModel {
  dictionary: DictionaryType;
  verbatim: ColumnModel;
  columns: CodedColumnModel[];
}

/** A column of the standardised data (`data`, views, snapshots, exports): a form column or a coded one. */
export interface DataColumnModel {
  name: string;
  label: string;
  /** The label in Korean, when the definition gives one. */
  labelKo?: string;
  form?: ColumnModel;
  coded?: CodedColumnModel;
}

export interface FormModel extends Omit<FormDefinition, 'columns' | 'coding'> {
  columns: ColumnModel[];
  /** The form's standardised data: its columns (a coded one in place of the column it replaces), then the other coded columns. */
  dataColumns: DataColumnModel[];
  coding?: CodingModel;
  columnByName: Map<string, ColumnModel>;
  keyIndexes: number[];
  subjectIndex: number;
  siteIndex: number | undefined;
  dateColumns: ColumnModel[];
}

export interface LabUnitModel extends LabUnitDefinition {
  toStandard: (value: number) => number;
}

export interface LabTestModel extends LabTestDefinition {
  standardUnit: string | undefined;
  unitsByName: Map<string, LabUnitModel>;
  codes?: Map<string, string>;
}

export interface StudyModel {
  definition: StudyDefinition;
  forms: FormModel[];
  formByCode: Map<string, FormModel>;
  siteForm: FormModel;
  missingMarkers: Set<string>;
  longestMissingMarker: number;
  yesNo: Map<string, 'Y' | 'N'>;
  codeLists: Map<string, Map<string, string>>;
  labTests: Map<string, LabTestModel>;
  /** Every check's message templates (checks.<ID>.messages) and the shared phrases (messages). */
  messages: MessageTemplates;
}

/** Rounds away binary noise from unit conversion (1500 /uL -> 1.5, not 1.5000000000000002). */
function roundSignificant(value: number): number {
  return Number(value.toPrecision(12));
}

export function labUnitConverter(unit: LabUnitDefinition): (value: number) => number {
  const { divideBy, multiplyBy } = unit;
  if (divideBy !== undefined) return (v) => roundSignificant(v / divideBy);
  if (multiplyBy !== undefined) return (v) => roundSignificant(v * multiplyBy);
  return (v) => v;
}

function codeMap(definition: StudyDefinition, name: string): Map<string, string> {
  const list = definition.codeLists[name];
  if (!list) throw new Error(`unknown code list ${name}`);
  const map = new Map<string, string>();
  for (const value of list.values) {
    for (const spelling of [value.code, ...value.synonyms]) map.set(normaliseToken(spelling), value.code);
  }
  return map;
}

function buildForm(form: FormDefinition, codeLists: Map<string, Map<string, string>>): FormModel {
  const columns: ColumnModel[] = form.columns.map((c, index) => ({
    ...c,
    index,
    codes: c.codeList ? codeLists.get(c.codeList) : undefined,
  }));
  const columnByName = new Map(columns.map((c) => [c.name, c]));
  const indexOf = (name: string): number => {
    const column = columnByName.get(name);
    if (!column) throw new Error(`form ${form.code} has no column ${name}`);
    return column.index;
  };
  const coding = form.coding ? buildCoding(form.coding, columnByName) : undefined;
  return {
    ...form,
    columns,
    coding,
    dataColumns: dataColumnsOf(columns, coding),
    columnByName,
    keyIndexes: form.key.map(indexOf),
    subjectIndex: indexOf('SUBJID'),
    siteIndex: form.siteColumn ? indexOf(form.siteColumn) : undefined,
    dateColumns: columns.filter((c) => c.type === 'date'),
  };
}

function buildCoding(
  coding: NonNullable<FormDefinition['coding']>,
  columnByName: Map<string, ColumnModel>,
): CodingModel {
  const verbatim = columnByName.get(coding.verbatim);
  if (!verbatim) throw new Error(`the coded verbatim ${coding.verbatim} is not a column`);
  return {
    dictionary: coding.dictionary,
    verbatim,
    columns: coding.columns.map((c) => ({ ...c, replaces: columnByName.get(c.name) })),
  };
}

function dataColumnsOf(columns: ColumnModel[], coding: CodingModel | undefined): DataColumnModel[] {
  const coded = new Map((coding?.columns ?? []).map((c) => [c.name, c]));
  const own: DataColumnModel[] = columns.map((c) => {
    const replacement = coded.get(c.name);
    return replacement
      ? {
          name: c.name,
          label: replacement.label,
          labelKo: replacement.labelKo ?? c.labelKo,
          form: c,
          coded: replacement,
        }
      : { name: c.name, label: c.label, labelKo: c.labelKo, form: c };
  });
  const added = (coding?.columns ?? [])
    .filter((c) => !c.replaces)
    .map((c): DataColumnModel => ({ name: c.name, label: c.label, labelKo: c.labelKo, coded: c }));
  return [...own, ...added];
}

const SPREADSHEET_BOOLEANS = [
  ['TRUE', 'Y'],
  ['FALSE', 'N'],
] as const;

export function buildStudyModel(definition: StudyDefinition): StudyModel {
  const codeLists = new Map(
    Object.keys(definition.codeLists).map((name) => [name, codeMap(definition, name)]),
  );
  const forms = definition.forms.map((f) => buildForm(f, codeLists));
  const siteForm = forms.find((f) => f.siteColumn !== undefined);
  if (!siteForm) throw new Error('the study definition names no site column');
  const yesNo = new Map<string, 'Y' | 'N'>();
  for (const s of definition.yesNo.Y) yesNo.set(normaliseToken(s), 'Y');
  for (const s of definition.yesNo.N) yesNo.set(normaliseToken(s), 'N');
  // A checkbox column of a spreadsheet holds Excel's booleans, which xlsx and CSV write as TRUE and FALSE.
  for (const [s, yn] of SPREADSHEET_BOOLEANS) if (!yesNo.has(s)) yesNo.set(s, yn);
  const labTests = new Map<string, LabTestModel>();
  for (const test of definition.labTests) {
    const unitsByName = new Map<string, LabUnitModel>();
    for (const unit of test.units) {
      const model = { ...unit, toStandard: labUnitConverter(unit) };
      for (const spelling of [unit.unit, ...unit.synonyms]) unitsByName.set(normaliseUnit(spelling), model);
    }
    labTests.set(test.code, {
      ...test,
      standardUnit: test.units[0]?.unit,
      unitsByName,
      codes: test.codeList ? codeLists.get(test.codeList) : undefined,
    });
  }
  return {
    definition,
    forms,
    formByCode: new Map(forms.map((f) => [f.code, f])),
    siteForm,
    missingMarkers: new Set(definition.missingMarkers.map(normaliseToken)),
    longestMissingMarker: Math.max(0, ...definition.missingMarkers.map((m) => m.trim().length)),
    yesNo,
    codeLists,
    labTests,
    messages: {
      common: definition.messages,
      checks: Object.fromEntries(Object.entries(definition.checks).map(([id, c]) => [id, c.messages])),
    },
  };
}
