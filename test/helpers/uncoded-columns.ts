import type { StudyDefinition } from '../../shared/study/definition-schema';

/**
 * A generator's expected record as the standardised data shows it before any dictionary is loaded:
 * the coded columns a form adds (AEPTCD, AESOC, ... CMATC) are there, empty; a coded column that
 * takes a form column's place (AEDECOD) still holds what the site wrote.
 */
export function withUncodedColumns(
  definition: StudyDefinition,
  form: string,
  record: Record<string, unknown>,
): Record<string, unknown> {
  const f = definition.forms.find((x) => x.code === form);
  const own = new Set(f?.columns.map((c) => c.name));
  const added = (f?.coding?.columns ?? []).filter((c) => !own.has(c.name)).map((c) => [c.name, null]);
  return { ...record, ...Object.fromEntries(added) };
}
