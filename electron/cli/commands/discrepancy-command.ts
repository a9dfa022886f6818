import type { Command } from 'commander';
import type { Discrepancy } from '../../../shared/api/discrepancies';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson } from '../common/output';
import type { Language } from '../../../shared/messages/language';
import { CliUsageError, LANGUAGE_HELP, languageOption } from '../common/usage';
import { signatureOf, signatureOptions, type SignatureOptionValues } from '../common/signature-options';

const TARGETS = ['ACCEPTED', 'CLOSED', 'QUERIED', 'OPEN'] as const;

interface SetOptions extends SignatureOptionValues {
  status: string;
  reason: string;
  message?: string;
  json?: boolean;
  user?: string;
  lang: Language;
}

export function discrepancyTable(rows: Discrepancy[]): string {
  return formatTable(
    ['id', 'check', 'site', 'subject', 'form', 'record', 'field', 'status', 'query'],
    rows.map((d) => [
      d.id,
      d.checkId,
      d.siteId,
      d.subjectId,
      d.form,
      d.recordKey,
      d.field,
      d.status,
      d.queryId ?? '',
    ]),
  );
}

function ids(values: string[]): number[] {
  return values.map((v) => {
    if (!/^\d+$/.test(v))
      throw new CliUsageError(`${v} is not a discrepancy ID (a whole number, as listed by discrepancies)`);
    return Number(v);
  });
}

export function registerDiscrepancy(program: Command): void {
  const discrepancy = program.command('discrepancy').description('act on discrepancies');
  signatureOptions(
    discrepancy
      .command('set')
      .description(
        'move one or many discrepancies (QUERIED again = re-query with a new message; OPEN = reopen a CLOSED or ACCEPTED one); if any move is not allowed, none is made',
      )
      .argument('<DB>', 'study database')
      .argument('<ID...>', 'discrepancy IDs')
      .requiredOption('--status <S>', TARGETS.join(' | '))
      .requiredOption('--reason <R>', 'why (goes into the audit trail)')
      .option(
        '--message <M>',
        'the new message to the site (a re-query of an answered discrepancy needs one)',
      )
      .option('--json', 'print the moved discrepancies as JSON')
      .option('--lang <en|ko>', LANGUAGE_HELP, languageOption, 'en')
      .option('--user <NAME>', 'who does it (goes into the audit trail)'),
  ).action(async (file: string, idTexts: string[], options: SetOptions) => {
    const status = options.status.toUpperCase();
    if (!(TARGETS as readonly string[]).includes(status))
      throw new CliUsageError(`--status ${options.status}: use ${TARGETS.join(', ')}`);
    if (!options.reason.trim()) throw new CliUsageError('--reason: say why');
    if (options.message !== undefined && status !== 'QUERIED')
      throw new CliUsageError('--message goes with --status QUERIED (a re-query)');
    const request = {
      ids: ids(idTexts),
      status,
      reason: options.reason,
      message: options.message,
      language: options.lang,
      signature: await signatureOf(options),
    };
    await withStudy(file, { user: options.user }, async (study) => {
      const result = await study.call('discrepancies.setStatus', request);
      if (options.json) return printJson(result);
      process.stdout.write(
        `Moved ${plural(result.updated, 'discrepancy', 'discrepancies')} to ${status}\n${discrepancyTable(result.rows)}\n`,
      );
    });
  });
}
