import type { DataRecord } from '../../../shared/api/data';
import { MEDDRA_FIELDS } from '../../../shared/study/definition-schema';
import type { ColumnModel, DataColumnModel, FormModel, StudyModel } from '../study/study-model';

/**
 * A form as an analysis dataset: its variables (names, labels, types, keys, code lists and the date
 * format all from the study definition) and how one standardised record becomes one row. The
 * writers (SAS transport, Dataset-JSON, Define-XML) take this and know nothing of forms.
 *
 * A date column gives two variables: the column's own name holds complete dates as dates (SAS
 * dates in transport files), and its companion the ISO 8601 text, partial dates included. A lab
 * result gives the result as text (numbers and codes alike) and its companion the numeric value.
 * Coded columns (AEDECOD, AEPTCD, ..., CMATC) are variables of their own, assigned by the sponsor's
 * coding rather than collected; MedDRA's codes are integers.
 */

export type VariableType = 'text' | 'integer' | 'float' | 'date';
export type Cell = string | number | null;

export interface AnalysisVariable {
  name: string;
  label: string;
  type: VariableType;
  /** The form column the variable is made from. */
  column: string;
  /** A code list of analysisCodeLists. */
  codeList?: string;
  keySequence?: number;
  mandatory: boolean;
  /** SAS display format (dates). */
  displayFormat?: string;
  /** Assigned by medical coding (define.xml's origin), not collected from the site. */
  coded?: boolean;
  /** Text holding an ISO 8601 date that may be partial (a date's companion). */
  partialDate?: boolean;
  /** The variable's value from the record's standardised values (in the order of `dataColumns`). */
  value: (values: readonly unknown[]) => Cell;
}

export interface AnalysisDataset {
  name: string;
  label: string;
  structure: string;
  observationClass?: string;
  variables: AnalysisVariable[];
}

export interface AnalysisCodeList {
  name: string;
  dataType: 'text' | 'integer';
  values: { code: string; label?: string }[];
}

const COMPLETE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The Y/N answers of yes/no columns, as a code list named after CDISC's No Yes Response list. */
export const YES_NO_CODE_LIST = 'NY';

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const number = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Names a study definition of an earlier version left out: LBDAT -> LBDTC, LBORRES -> LBORRESN. */
function companionOf(column: ColumnModel): { name: string; label: string } {
  if (column.companion) return column.companion;
  const name =
    column.type !== 'date'
      ? `${column.name.slice(0, 7)}N`
      : column.name.endsWith('DAT')
        ? `${column.name.slice(0, -3)}DTC`
        : `${column.name.slice(0, 7)}C`;
  return { name, label: column.label };
}

function variablesOf(model: StudyModel, form: FormModel, column: ColumnModel): AnalysisVariable[] {
  const keyIndex = form.key.indexOf(column.name);
  const base = {
    name: column.name,
    label: column.label,
    column: column.name,
    mandatory: column.required,
    keySequence: keyIndex >= 0 ? keyIndex + 1 : undefined,
  };
  const read = (values: readonly unknown[]) => values[column.index];
  switch (column.type) {
    case 'date': {
      const companion = companionOf(column);
      return [
        {
          ...base,
          // Partial dates leave the date itself empty, whatever the form requires.
          mandatory: false,
          type: 'date',
          displayFormat: model.definition.analysisFiles.dateFormat,
          value: (r) => {
            const v = read(r);
            return typeof v === 'string' && COMPLETE_DATE.test(v) ? v : null;
          },
        },
        {
          ...base,
          ...companion,
          keySequence: undefined,
          type: 'text',
          partialDate: true,
          value: (r) => text(read(r)),
        },
      ];
    }
    case 'labresult': {
      const companion = companionOf(column);
      return [
        { ...base, type: 'text', value: (r) => text(read(r)) },
        { ...base, ...companion, mandatory: false, type: 'float', value: (r) => number(read(r)) },
      ];
    }
    case 'integer':
      return [{ ...base, type: 'integer', codeList: column.codeList, value: (r) => number(read(r)) }];
    case 'number':
      return [{ ...base, type: 'float', value: (r) => number(read(r)) }];
    case 'yesno':
      return [{ ...base, type: 'text', codeList: YES_NO_CODE_LIST, value: (r) => text(read(r)) }];
    case 'code':
      return [{ ...base, type: 'text', codeList: column.codeList, value: (r) => text(read(r)) }];
    case 'text':
    case 'labunit':
      return [{ ...base, type: 'text', value: (r) => text(read(r)) }];
  }
}

/** A column of the standardised data as variables: a form column's (labelled as coded where coding takes its place), or a coded one's. */
function dataVariablesOf(
  model: StudyModel,
  form: FormModel,
  column: DataColumnModel,
  index: number,
): AnalysisVariable[] {
  if (column.form) {
    const own = variablesOf(model, form, column.form);
    return column.coded ? own.map((v) => ({ ...v, label: column.label, coded: true })) : own;
  }
  const field = column.coded!.field;
  const integer = MEDDRA_FIELDS.includes(field) && field.endsWith('Code');
  const read = (values: readonly unknown[]) => values[index];
  return [
    {
      name: column.name,
      label: column.label,
      column: column.name,
      mandatory: false,
      coded: true,
      type: integer ? 'integer' : 'text',
      value: integer ? (r) => number(read(r)) : (r) => text(read(r)),
    },
  ];
}

export function analysisDataset(model: StudyModel, form: FormModel): AnalysisDataset {
  return {
    name: form.code,
    label: form.name,
    structure: form.structure ?? `One record per ${form.key.join(', ')}`,
    observationClass: form.observationClass,
    variables: form.dataColumns.flatMap((c, i) => dataVariablesOf(model, form, c, i)),
  };
}

/** One row of the dataset from a record's standardised values, in the order of `dataColumns`. */
export function analysisRow(dataset: AnalysisDataset, values: readonly unknown[]): Cell[] {
  return dataset.variables.map((v) => v.value(values));
}

/** The same from a record of `data` (keyed by column name). */
export function analysisRowOf(dataset: AnalysisDataset, form: FormModel, record: DataRecord): Cell[] {
  return analysisRow(
    dataset,
    form.dataColumns.map((c) => record[c.name] ?? null),
  );
}

/** The code lists the datasets use, with the canonical codes of the study definition. */
export function analysisCodeLists(
  model: StudyModel,
  datasets: readonly AnalysisDataset[],
): AnalysisCodeList[] {
  const used = new Map<string, 'text' | 'integer'>();
  for (const d of datasets)
    for (const v of d.variables)
      if (v.codeList) used.set(v.codeList, v.type === 'integer' ? 'integer' : 'text');
  return [...used].map(([name, dataType]) => ({
    name,
    dataType,
    values:
      name === YES_NO_CODE_LIST
        ? Object.keys(model.definition.yesNo).map((code) => ({ code }))
        : model.definition.codeLists[name]!.values.map((v) => ({ code: v.code, label: v.label })),
  }));
}

/** Days since 1960-01-01, SAS's date origin, of an ISO date. */
export function sasDate(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / 86_400_000 + SAS_EPOCH_OFFSET_DAYS;
}

/** 1960-01-01 is 3653 days before 1970-01-01. */
export const SAS_EPOCH_OFFSET_DAYS = 3653;
