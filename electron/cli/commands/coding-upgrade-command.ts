import type { Command } from 'commander';
import { describeCoding } from '../../../shared/api/coding';
import { dictionaryTypeSchema } from '../../../shared/study/definition-schema';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson } from '../common/output';
import { CliUsageError } from '../common/usage';

interface UpgradeOptions {
  to: string;
  type?: string;
  dryRun?: boolean;
  json?: boolean;
  user?: string;
}

export function registerCodingUpgrade(coding: Command): void {
  coding
    .command('upgrade')
    .description(
      'code with another loaded version: lists the coded terms it moves (LLT non-current, PT or primary SOC moved, renamed) and the waiting ones it codes; applies in one audited step',
    )
    .argument('<DB>', 'study database')
    .requiredOption('--to <VERSION>', 'a loaded version (dictionary list)')
    .option('--type <meddra|whodrug>', 'when both dictionaries have that version')
    .option('--dry-run', 'show the impact, change nothing')
    .option('--json', 'print the impact as JSON')
    .option('--user <NAME>', 'who upgrades (goes into the audit trail)')
    .action(async (file: string, options: UpgradeOptions) => {
      const type =
        options.type === undefined ? undefined : dictionaryTypeSchema.safeParse(options.type.toLowerCase());
      if (type && !type.success) throw new CliUsageError(`--type ${options.type}: use meddra or whodrug`);
      await withStudy(file, { user: options.user }, async (study) => {
        const result = await study.call('coding.upgrade', {
          to: options.to,
          type: type?.data,
          dryRun: options.dryRun ?? false,
        });
        if (options.json) return printJson(result);
        const name = result.type === 'meddra' ? 'MedDRA' : 'WHODrug';
        const rows = result.changes.map((c) => [
          c.form,
          c.recordKey,
          c.verbatim.replace(/\s+/g, ' '),
          c.kinds.join(', '),
          describeCoding(c.before),
          c.after ? describeCoding(c.after) : '(back to the queue)',
        ]);
        const n = result.counts;
        process.stdout.write(
          `${name} ${result.from ?? '(none)'} -> ${result.to}${result.dryRun ? ' (dry run: nothing changed)' : ''}\n` +
            (rows.length
              ? `${formatTable(['form', 'record', 'verbatim', 'change', 'before', 'after'], rows)}\n`
              : '') +
            `${n.coded} coded records: ${n.unchanged} unchanged, ${n.recoded} ${result.dryRun ? 'to recode' : 'recoded'}, ${n.uncoded} ${result.dryRun ? 'would go' : 'went'} back to the queue; ${plural(n.newlyCoded, 'waiting verbatim')} ${result.dryRun ? 'would be' : 'were'} coded\n`,
        );
      });
    });
}
