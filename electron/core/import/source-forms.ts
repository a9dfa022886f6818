import { basename, extname } from 'node:path';
import { badInput } from '../common/errors';
import { unknownForm } from '../study/require-form';
import type { WorkbookSheet } from './read-xlsx';
import type { SourceKind, SourceWarning } from './source-paths';
import { importNote, type ImportNote } from './import-notes';

/**
 * Which form each file or sheet of a site export holds: the forms its name names (a form code
 * among its tokens), the --form given for the rest, the sheets of a workbook to read, and one
 * table a form.
 */

/** The form given for files whose names name none, as the study spells it, or an error listing the forms. */
export function canonicalForm(form: string, forms: readonly string[]): string {
  const match = forms.find((f) => f.toUpperCase() === form.trim().toUpperCase());
  if (match === undefined) throw unknownForm(form, forms);
  return match;
}

/** The forms a name names: its tokens (split on anything not a letter or digit) equal to a form code. */
export function formsNamedBy(name: string, forms: readonly string[]): string[] {
  const tokens = new Set(name.toUpperCase().split(/[^A-Z0-9]+/));
  return forms.filter((form) => tokens.has(form.toUpperCase()));
}

/** The form a data file holds: the one its name names, else --form; null for a workbook whose sheets name theirs. */
export function formOfFile(
  file: { fileName: string; displayPath: string; kind: SourceKind },
  forms: readonly string[],
  formOverride: string | undefined,
): string | null {
  const stem = basename(file.fileName, extname(file.fileName));
  const named = formsNamedBy(stem, forms);
  if (named.length > 1)
    throw badInput(
      `${file.displayPath}: the name names ${named.length} forms (${named.join(', ')}); rename the file so that it names one`,
    );
  if (named.length === 1) return named[0]!;
  if (formOverride !== undefined) return formOverride;
  if (file.kind === 'workbook') return null;
  throw badInput(`${file.displayPath}: the file name names no form (${forms.join(', ')}); rename it`, {
    kind: 'FORM_NOT_NAMED',
    facts: { file: file.displayPath, expected: forms.join(', ') },
  });
}

export interface SheetChoice {
  sheet: string;
  form: string;
}

/**
 * The sheets of a workbook to read: the visible worksheets named by a form; or, when none is,
 * the one sheet that holds data, as the workbook's own form (file name or --form).
 */
export function chooseWorkbookSheets(
  file: string,
  sheets: readonly WorkbookSheet[],
  fileForm: string | null,
  forms: readonly string[],
): { chosen: SheetChoice[]; warnings: SourceWarning[] } {
  const warnings: SourceWarning[] = [];
  const chosen: SheetChoice[] = [];
  const skipped: ({ sheet: string } & ImportNote)[] = [];
  for (const sheet of sheets) {
    const named = formsNamedBy(sheet.name, forms);
    if (!sheet.isWorksheet) skipped.push({ sheet: sheet.name, ...importNote('chartSheet') });
    else if (sheet.hidden) skipped.push({ sheet: sheet.name, ...importNote('hiddenSheet') });
    else if (named.length > 1)
      throw badInput(
        `${file}: sheet ${sheet.name}: the name names ${named.length} forms (${named.join(', ')}); rename the sheet`,
      );
    else if (named.length === 1) chosen.push({ sheet: sheet.name, form: named[0]! });
    else skipped.push({ sheet: sheet.name, ...importNote('sheetNotAForm', { forms: [...forms] }) });
  }

  if (chosen.length === 0) {
    const withData = sheets.filter((s) => s.isWorksheet && !s.hidden && s.hasCells);
    if (fileForm === null) {
      throw badInput(
        `${file}: no sheet is named by a form (${forms.join(', ')}) and neither is the file; name the sheets by form`,
        { kind: 'FORM_NOT_NAMED', facts: { file, expected: forms.join(', ') } },
      );
    }
    if (withData.length === 0) throw badInput(`${file}: no visible sheet holds data`);
    if (withData.length > 1) {
      throw badInput(
        `${file}: sheets ${withData.map((s) => s.name).join(', ')} all hold data and none is named by a form; name each sheet by its form`,
      );
    }
    chosen.push({ sheet: withData[0]!.name, form: fileForm });
  }
  for (const s of skipped) {
    const taken = chosen.some((c) => c.sheet === s.sheet);
    const blank = sheets.find((x) => x.name === s.sheet)?.hasCells === false;
    if (!taken && !blank) warnings.push({ file, sheet: s.sheet, message: s.message, args: s.args });
  }
  return { chosen, warnings };
}

/** Two files or sheets for one form: an error naming both. */
export function requireOneSourcePerForm(
  sources: readonly { form: string; file: string; sheet?: string | null }[],
): void {
  const byForm = new Map<string, string>();
  for (const source of sources) {
    const where = source.sheet ? `${source.file}, sheet ${source.sheet}` : source.file;
    const earlier = byForm.get(source.form);
    if (earlier !== undefined)
      throw badInput(`${where}: a second table for form ${source.form}, after ${earlier}; keep one`);
    byForm.set(source.form, where);
  }
}
