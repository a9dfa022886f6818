import { compactDate } from './study-timeline';

/**
 * Names of site exports as sites send them. A folder or workbook is `S01_YYYYMMDD` (the importer
 * reads the export date from the YYYYMMDD token); a form file names its form as exactly one token
 * (the name split on non-alphanumerics), in any case, among others that name no form.
 */

type Pattern = (site: string, form: string, date: string, extension: string) => string;

const FORM_FILE_PATTERNS: readonly Pattern[] = [
  (_site, form, _date, ext) => `${form}${ext}`,
  (site, form, date, ext) => `${site.toLowerCase()}_${form.toLowerCase()}_${date}${ext}`,
  (site, form, _date, ext) => `${site}-${form}${ext}`,
  (_site, form, _date, ext) => `${form.toLowerCase()}${ext}`,
  (site, form, date, ext) => `NIPMS_${site}_${form}_${date}${ext}`,
  (site, form, date, ext) => `${date} ${site} ${form[0]}${form.slice(1).toLowerCase()} export${ext}`,
];

export function formFileName(
  pattern: number,
  siteId: string,
  form: string,
  exportDateIso: string,
  extension: string,
): string {
  return FORM_FILE_PATTERNS[pattern % FORM_FILE_PATTERNS.length]!(
    siteId,
    form,
    compactDate(exportDateIso),
    extension,
  );
}

export function siteExportName(siteId: string, exportDateIso: string): string {
  return `${siteId}_${compactDate(exportDateIso)}`;
}

/** The form codes a file name names (the importer's rule): tokens equal to a form code, any case. */
export function formTokensOf(fileName: string, forms: readonly string[]): string[] {
  const stem = fileName.replace(/\.[^.]+$/, '');
  const codes = new Set(forms.map((f) => f.toUpperCase()));
  return stem.split(/[^A-Za-z0-9]+/).filter((t) => codes.has(t.toUpperCase()));
}
