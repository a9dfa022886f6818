import type { Command } from 'commander';
import { readStdin } from '../common/read-stdin';
import type { BatchItem, ImportReport } from '../../../shared/api/imports';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson } from '../common/output';
import type { Language } from '../../../shared/messages/language';
import { CliUsageError, isoDateOption, LANGUAGE_HELP, languageOption } from '../common/usage';

interface ImportOptions {
  batch?: string;
  site?: string;
  exportDate?: string;
  confirmExportDate?: boolean;
  form?: string;
  filePasswordStdin?: boolean;
  dryRun?: boolean;
  json?: boolean;
  user?: string;
  lang: Language;
}

const LISTED = 20;

export function describeReport(r: ImportReport): string {
  const head = r.dryRun
    ? `Preview of site ${r.siteId}, export of ${r.exportDate} (${r.exportDateSource}): nothing written`
    : `Imported site ${r.siteId}, export of ${r.exportDate} (${r.exportDateSource}) as import #${r.importId}`;
  const table = formatTable(
    ['form', 'rows', 'new', 'changed', 'deleted'],
    Object.entries(r.forms).map(([form, c]) => [form, c.rows, c.new, c.changed, c.deleted]),
  );
  const parts = [head, table];
  if (r.changedValueCount > 0) {
    parts.push(`${plural(r.changedValueCount, 'changed value')}:`);
    for (const c of r.changedValues.slice(0, LISTED)) {
      parts.push(
        `  ${c.form} ${c.recordKey} ${c.field}: ${JSON.stringify(c.old)} -> ${JSON.stringify(c.new)}`,
      );
    }
    if (r.changedValueCount > LISTED)
      parts.push(
        `  ... and ${r.changedValueCount - LISTED} more (--json lists up to ${r.changedValues.length})`,
      );
  }
  const numberDates = numberDatesLines(r);
  if (numberDates.length > 0) parts.push('date cells read from bare numbers:', ...numberDates);
  if (r.unknownColumns.length > 0) {
    parts.push(
      `unknown columns, kept with the records: ${r.unknownColumns.map((u) => `${u.form}.${u.column}`).join(', ')}`,
    );
  }
  const valueWarnings = r.warnings.filter((w) => w.code !== 'UNKNOWN_COLUMN');
  if (valueWarnings.length > 0) {
    parts.push(`${plural(r.warningCount - r.unknownColumns.length, 'warning')}:`);
    for (const w of valueWarnings.slice(0, LISTED)) {
      const where = [w.file, w.sheet && `sheet ${w.sheet}`, w.line !== null && `line ${w.line}`]
        .filter(Boolean)
        .join(', ');
      parts.push(`  ${where}: ${w.message}`);
    }
    if (valueWarnings.length > LISTED || r.warningCount > r.warnings.length)
      parts.push('  ... (see --json, or imports)');
  }
  return parts.join('\n');
}

/** One line a file whose date cells held bare numbers: `  S02.xlsx [EX]: 120 Excel serial days, 2 years`. */
function numberDatesLines(r: ImportReport): string[] {
  return r.files.flatMap((f) => {
    const { serial, year, yyyymmdd } = f.numberDates;
    const kinds = [
      serial > 0 && plural(serial, 'Excel serial day'),
      year > 0 && plural(year, 'year'),
      yyyymmdd > 0 && `${yyyymmdd.toLocaleString('en-US')} yyyymmdd`,
    ].filter((k): k is string => typeof k === 'string');
    return kinds.length === 0 ? [] : [`  ${f.path}${f.sheet ? ` [${f.sheet}]` : ''}: ${kinds.join(', ')}`];
  });
}

function describeBatch(items: BatchItem[]): string {
  return items
    .map((item) =>
      'error' in item
        ? `FAILED ${item.path}\n  error: ${item.error}`
        : `${item.path}\n${describeReport(item)}`,
    )
    .join('\n\n');
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      'load one site export (a folder, a list of files, an .xlsx or a .zip), or with --batch a delivery of many',
    )
    .argument('<DB>', 'study database')
    .argument('[PATH...]', 'folder, files or workbook of one site export')
    .option(
      '--batch <DIR>',
      'every subfolder, workbook and zip of DIR is one site export, loaded in export-date order',
    )
    .option('--site <S>', 'the site of the export (default: SITEID of its DM rows)')
    .option(
      '--export-date <YYYY-MM-DD>',
      'export date (default: a YYYYMMDD token in the file names, else in their folder name)',
      isoDateOption,
    )
    .option('--confirm-export-date', 'load with --export-date even though the names carry another date')
    .option('--form <F>', 'form of files whose name names none')
    .option(
      '--file-password-stdin',
      'read the password of a zipped or encrypted export (with --batch: of every one that has one) from standard input (read -s PW; printf \'%s\' "$PW" | cdm import ...)',
    )
    .option('--dry-run', 'show what would change (new / changed / deleted per form) and write nothing')
    .option('--json', 'print the report as JSON')
    .option('--user <NAME>', 'who does it (goes into the audit trail)')
    .option('--lang <en|ko>', LANGUAGE_HELP, languageOption, 'en')
    .action(async (file: string, paths: string[], options: ImportOptions) => {
      if (options.batch !== undefined && paths.length > 0)
        throw new CliUsageError('give either PATH... or --batch DIR, not both');
      if (options.batch === undefined && paths.length === 0)
        throw new CliUsageError('nothing to import: give PATH... or --batch DIR');
      if (
        options.batch !== undefined &&
        (options.site || options.exportDate || options.form || options.confirmExportDate)
      ) {
        throw new CliUsageError('--site, --export-date and --form apply to one export, not to --batch');
      }
      if (options.confirmExportDate && !options.exportDate)
        throw new CliUsageError('--confirm-export-date goes with --export-date');
      const password = options.filePasswordStdin ? await readStdin() : '';
      await withStudy(file, { user: options.user }, async (study) => {
        if (options.batch !== undefined) {
          const items = await study.call('imports.batch', {
            dir: options.batch,
            dryRun: options.dryRun ?? false,
            language: options.lang,
            ...(password ? { filePassword: password } : {}),
          });
          if (options.json) printJson(items);
          else process.stdout.write(`${describeBatch(items)}\n`);
          const failed = items.filter((i) => 'error' in i);
          if (failed.length > 0) {
            process.exitCode = 1;
            process.stderr.write(
              `error: ${failed.length} of ${items.length} site exports failed: ${failed.map((f) => f.path).join(', ')}\n`,
            );
          }
          return;
        }
        const report = await study.call('imports.run', {
          paths,
          ...(password ? { filePassword: password } : {}),
          site: options.site,
          exportDate: options.exportDate,
          ...(options.confirmExportDate ? { confirmExportDate: true } : {}),
          form: options.form,
          dryRun: options.dryRun ?? false,
          language: options.lang,
        });
        if (options.json) printJson(report);
        else process.stdout.write(`${describeReport(report)}\n`);
      });
    });
}
