import { type StudyError, badInput } from '../common/errors';
import type { FormModel, StudyModel } from './study-model';

/** A form the user named that the study does not have. */
export function unknownForm(form: string, forms: readonly string[]): StudyError {
  return badInput(`form ${form}: not a form of this study (${forms.join(', ')})`, {
    kind: 'FORM_UNKNOWN',
    facts: { form, expected: forms.join(', ') },
  });
}

/** The form a request names (in any case), or a refusal that lists the study's forms. */
export function requireForm(model: StudyModel, code: string): FormModel {
  const form = model.formByCode.get(code.trim().toUpperCase());
  if (form) return form;
  throw unknownForm(
    code,
    model.forms.map((f) => f.code),
  );
}
