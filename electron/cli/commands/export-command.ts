import type { Command } from 'commander';
import { DATA_FILE_FORMATS, dataFileFormatSchema, type DataFileFormat } from '../../../shared/api/exports';
import { withStudy } from '../common/cli-context';
import { formatTable, printJson } from '../common/output';
import { CliUsageError, listOption } from '../common/usage';

interface ExportOptions {
  out: string;
  format?: string[];
  form?: string[];
  json?: boolean;
  user?: string;
}

/** The current data as a data cut's snapshot holds it (Dataset-JSON, SAS transport, define.xml, CSV, xlsx), without a lock. */
export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write the current data of every form (or of --form) as Dataset-JSON, SAS transport (XPT) with define.xml, CSV and xlsx, without a lock',
    )
    .argument('<DB>', 'study database')
    .requiredOption('--out <DIR>', 'new or empty folder')
    .option('--format <F,...>', `formats (default all): ${DATA_FILE_FORMATS.join(', ')}`, listOption)
    .option('--form <F,...>', 'forms (default all)', listOption)
    .option('--json', 'print JSON')
    .option('--user <NAME>', 'who exports (goes into the manifest)')
    .action(async (file: string, o: ExportOptions) => {
      const formats = (o.format ?? [...DATA_FILE_FORMATS]).map((f) => {
        const parsed = dataFileFormatSchema.safeParse(f.toLowerCase());
        if (!parsed.success) throw new CliUsageError(`--format ${f}: use ${DATA_FILE_FORMATS.join(', ')}`);
        return parsed.data;
      }) as DataFileFormat[];
      await withStudy(file, { user: o.user }, async (study) => {
        const result = await study.call('data.export', { outDir: o.out, formats, forms: o.form });
        if (o.json) return printJson(result);
        const byFormat = new Map<string, { files: number; bytes: number }>();
        for (const f of result.files) {
          const entry = byFormat.get(f.format) ?? { files: 0, bytes: 0 };
          byFormat.set(f.format, { files: entry.files + 1, bytes: entry.bytes + f.bytes });
        }
        process.stdout.write(
          `Exported ${Object.values(result.rowCounts).reduce((a, b) => a + b, 0)} records of ${Object.keys(result.rowCounts).join(', ')} to ${result.dir}\n${formatTable(
            ['format', 'files', 'bytes'],
            [...byFormat].map(([format, s]) => [format, String(s.files), String(s.bytes)]),
          )}\n`,
        );
        for (const warning of result.warnings) process.stderr.write(`warning: ${warning}\n`);
      });
    });
}
