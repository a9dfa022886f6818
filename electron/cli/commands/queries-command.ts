import path from 'node:path';
import type { Command } from 'commander';
import { readStdin } from '../common/read-stdin';
import type { ExportQueriesResult, ImportAnswersResult } from '../../../shared/api/queries';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson } from '../common/output';
import { CliUsageError } from '../common/usage';

const clip = (text: string, width: number) => {
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
};

function describeExport(r: ExportQueriesResult): string {
  if (r.files.length === 0) return 'Nothing to send: no OPEN or unanswered QUERIED discrepancies.';
  const total = r.files.reduce((n, f) => n + f.queries, 0);
  const lines = [
    `Wrote ${plural(r.files.length, 'query list')} with ${plural(total, 'query', 'queries')} (${r.newlyQueried} newly QUERIED)`,
    formatTable(
      ['site', 'list', 'queries', 'file'],
      r.files.map((f) => [f.siteId, f.listId, f.queries, f.path]),
    ),
  ];
  if (r.withoutSite > 0)
    lines.push(
      `${plural(r.withoutSite, 'discrepancy', 'discrepancies')} of subjects without a known site were not sent`,
    );
  return lines.join('\n');
}

function describeImport(r: ImportAnswersResult): string {
  const lines = [
    `Applied ${plural(r.applied.length, 'answer')}; rejected ${plural(r.rejected.length, 'row')}; ${r.unchanged} unchanged (loaded before); ${r.blank} without an answer${r.refused.length ? `; ${plural(r.refused.length, 'file')} refused` : ''}`,
  ];
  for (const f of r.refused) lines.push(`File refused: ${path.basename(f.file)}: ${f.reason}`);
  if (r.applied.length) {
    lines.push(
      'Applied:',
      formatTable(
        ['file', 'row', 'query', 'answer'],
        r.applied.map((a) => [path.basename(a.file), a.row, a.queryId, clip(a.answer, 60)]),
      ),
    );
  }
  // One line a rejected row: its reason is a sentence, not a table cell; the details follow it.
  if (r.rejected.length) lines.push('Rejected:');
  for (const x of r.rejected) {
    lines.push(`  ${path.basename(x.file)}, row ${x.row}${x.queryId ? `, ${x.queryId}` : ''}: ${x.reason}`);
    if (x.detail) lines.push(`    ${x.detail}`);
  }
  return lines.join('\n');
}

export function registerQueries(program: Command): void {
  const queries = program.command('queries').description('query lists to sites and their answers');
  queries
    .command('export')
    .description('one query list per site with its outstanding queries; exported OPEN items become QUERIED')
    .argument('<DB>', 'study database')
    .requiredOption('--out <DIR>', 'folder for the lists (made if missing)')
    .option('--site <S>', 'only this site')
    .option('--format <xlsx|csv>', 'file format', 'xlsx')
    .option('--json', 'print the result as JSON')
    .option('--user <NAME>', 'who sends them (goes into the audit trail)')
    .action(
      async (
        file: string,
        options: { out: string; site?: string; format: string; json?: boolean; user?: string },
      ) => {
        const format = options.format.toLowerCase();
        if (format !== 'xlsx' && format !== 'csv')
          throw new CliUsageError(`--format ${options.format}: use xlsx or csv`);
        await withStudy(file, { user: options.user }, async (study) => {
          const result = await study.call('queries.export', {
            outDir: options.out,
            site: options.site,
            format,
          });
          if (options.json) printJson(result);
          else process.stdout.write(`${describeExport(result)}\n`);
        });
      },
    );
  queries
    .command('import')
    .description(
      'load answered query lists (xlsx or CSV, or a zip of them); prints applied and rejected rows with reasons',
    )
    .argument('<DB>', 'study database')
    .argument('<FILE...>', 'answered query lists')
    .option('--json', 'print the result as JSON')
    .option('--user <NAME>', 'who loads them (goes into the audit trail)')
    .option(
      '--file-password-stdin',
      'read the password of zipped or encrypted lists from standard input (read -s PW; printf \'%s\' "$PW" | cdm queries import ...)',
    )
    .action(
      async (
        file: string,
        files: string[],
        options: { json?: boolean; user?: string; filePasswordStdin?: boolean },
      ) => {
        const filePassword = options.filePasswordStdin ? await readStdin() : '';
        await withStudy(file, { user: options.user }, async (study) => {
          const result = await study.call('queries.import', {
            files,
            ...(filePassword ? { filePassword } : {}),
          });
          if (options.json) printJson(result);
          else process.stdout.write(`${describeImport(result)}\n`);
          if (result.refused.length > 0) {
            process.exitCode = 1;
            process.stderr.write(
              `error: file refused: ${result.refused.map((r) => `${r.file}: ${r.reason}`).join('; ')}\n`,
            );
          }
        });
      },
    );
}
