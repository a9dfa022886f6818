import type { StudyModel } from '../study/study-model';
import { badInput } from '../common/errors';
import type { SqlParams } from '../db/check-runs-repo';
import type { CatalogCheck } from './catalog/check-definition';

/** Whole numbers bind as SQLite integers (a plain JS number binds as REAL: "28.0 days" in a message). */
function bindable(value: number | string): number | bigint | string {
  return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
}

/** Parameters every check may use, from the treatment part of the study definition. */
export function commonParams(model: StudyModel): SqlParams {
  const t = model.definition.treatment;
  const params: SqlParams = {
    studyDrug: t.studyDrug,
    comedication: t.comedication,
    cycleLengthDays: t.cycleLengthDays,
    dosingDays: t.dosingDays,
    doseLevels: JSON.stringify(t.doseLevels),
    startDose: t.startDose,
    labelStartDoses: JSON.stringify(t.labelStartDoses),
    comedicationDose: t.comedicationDose,
    comedicationDoseElderly: t.comedicationDoseElderly,
    elderlyAgeAbove: t.elderlyAgeAbove,
  };
  for (const [k, v] of Object.entries(params)) params[k] = v === null ? null : bindable(v as number | string);
  return params;
}

/** A check's own parameters (checks.<ID>.params); lists are bound as JSON text, for json_each(). */
export function checkParams(model: StudyModel, check: Pick<CatalogCheck, 'id' | 'params'>): SqlParams {
  const given = model.definition.checks[check.id]?.params ?? {};
  const params: SqlParams = {};
  for (const name of check.params ?? []) {
    const value = given[name];
    if (value === undefined) throw badInput(`study definition: checks.${check.id}.params.${name} is missing`);
    params[name] = Array.isArray(value)
      ? JSON.stringify(value)
      : typeof value === 'boolean'
        ? BigInt(Number(value))
        : bindable(value);
  }
  return params;
}
