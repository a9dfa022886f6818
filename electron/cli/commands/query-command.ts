import type { Command } from 'commander';
import { withStudy } from '../common/cli-context';
import { printJson } from '../common/output';
import { CliUsageError } from '../common/usage';
import { discrepancyTable } from './discrepancy-command';

interface RaiseOptions {
  subject: string;
  form: string;
  record: string;
  field: string;
  message: string;
  json?: boolean;
  user?: string;
}

export function registerQuery(program: Command): void {
  const query = program.command('query').description('manual queries');
  query
    .command('raise')
    .description(
      'a manual query on any record and field: a discrepancy MANUAL, OPEN, sent with the next query list of its site',
    )
    .argument('<DB>', 'study database')
    .requiredOption('--subject <S>', 'subject ID, e.g. S01-001')
    .requiredOption('--form <F>', 'form code (DM, EX, AE, RS, LB, DS, CM)')
    .requiredOption(
      '--record <KEY>',
      'record key as shown in discrepancies, e.g. S01-001|3 or S01-001|POMALIDOMIDE|2 (#n for duplicates)',
    )
    .requiredOption('--field <X>', 'field (column) of the form, e.g. AETERM')
    .requiredOption('--message <M>', 'the question to the site')
    .option('--json', 'print the discrepancy as JSON')
    .option('--user <NAME>', 'who raises it (goes into the audit trail)')
    .action(async (file: string, options: RaiseOptions) => {
      if (!options.message.trim()) throw new CliUsageError('--message: write the question to the site');
      await withStudy(file, { user: options.user }, async (study) => {
        const d = await study.call('queries.raise', {
          subjectId: options.subject,
          form: options.form,
          recordKey: options.record,
          field: options.field,
          message: options.message,
        });
        if (options.json) return printJson(d);
        process.stdout.write(
          `Raised discrepancy #${d.id} (${d.status}); it goes out with the next query list of site ${d.siteId}\n${discrepancyTable([d])}\n`,
        );
      });
    });
}
