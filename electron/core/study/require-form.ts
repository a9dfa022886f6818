import { badInput } from '../errors';
import type { FormModel, StudyModel } from './study-model';

/** The form a request names (in any case), or a refusal that lists the study's forms. */
export function requireForm(model: StudyModel, code: string): FormModel {
  const form = model.formByCode.get(code.trim().toUpperCase());
  if (form) return form;
  throw badInput(`${code} is not a form of this study (${model.forms.map((f) => f.code).join(', ')})`);
}
