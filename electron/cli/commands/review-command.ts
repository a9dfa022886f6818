import type { Command } from 'commander';
import type { ReviewScope } from '../../../shared/api/review';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson } from '../common/output';
import { listOption } from '../common/usage';

interface ScopeOptions {
  form: string;
  subject?: string;
  site?: string;
  record?: string[];
  json?: boolean;
  user?: string;
}

const scopeOf = (o: ScopeOptions): ReviewScope => ({
  form: o.form,
  ...(o.site ? { site: o.site } : {}),
  ...(o.subject ? { subject: o.subject } : {}),
  ...(o.record ? { recordKeys: o.record } : {}),
});

function withScopeOptions(command: Command): Command {
  return command
    .argument('<DB>', 'study database')
    .requiredOption('--form <F>', 'form code (DM, EX, AE, RS, LB, DS, CM)')
    .option('--subject <S>', 'the records of one subject')
    .option('--site <S>', 'the records of one site')
    .option(
      '--record <KEY,...>',
      'these records (keys as listed, e.g. S01-001|3; #n for the n-th of duplicates)',
      listOption,
    )
    .option('--json', 'print the result as JSON')
    .option('--user <NAME>', 'whose review (default: the operating-system user; goes into the audit trail)');
}

export function registerReview(program: Command): void {
  const review = program
    .command('review')
    .description('review marks: what you reviewed, what changed or is new since');
  withScopeOptions(
    review
      .command('mark')
      .description(
        'mark the current version of the matching live records reviewed by --user; prints how many',
      ),
  ).action(async (file: string, options: ScopeOptions) => {
    await withStudy(file, { user: options.user }, async (study) => {
      const result = await study.call('review.mark', scopeOf(options));
      if (options.json) return printJson(result);
      process.stdout.write(
        `Marked ${plural(result.marked, `${result.form} record`)} reviewed for ${result.user}` +
          (result.alreadyReviewed
            ? ` (${plural(result.alreadyReviewed, 'other was', 'others were')} already reviewed as they are)`
            : '') +
          '\n',
      );
    });
  });
  withScopeOptions(
    review
      .command('unmark')
      .description(
        "remove --user's review marks on the matching records (the removal goes into the audit trail)",
      ),
  ).action(async (file: string, options: ScopeOptions) => {
    await withStudy(file, { user: options.user }, async (study) => {
      const result = await study.call('review.unmark', scopeOf(options));
      if (options.json) return printJson(result);
      process.stdout.write(
        `Removed ${plural(result.removed, 'review mark')} of ${result.user} on ${result.form}\n`,
      );
    });
  });
  review
    .command('status')
    .description(
      'per site and form: records, reviewed, changed since review, new since review, never reviewed (for --user)',
    )
    .argument('<DB>', 'study database')
    .option('--site <S>', 'one site')
    .option('--form <F>', 'one form')
    .option('--json', 'print JSON')
    .option('--user <NAME>', 'whose review (default: the operating-system user)')
    .action(
      async (file: string, options: { site?: string; form?: string; json?: boolean; user?: string }) => {
        await withStudy(file, { user: options.user }, async (study) => {
          const status = await study.call('review.status', {
            ...(options.site ? { site: options.site } : {}),
            ...(options.form ? { form: options.form } : {}),
          });
          if (options.json) return printJson(status);
          const header = ['site', 'form', 'records', 'reviewed', 'changed', 'new', 'never reviewed'];
          const rows = status.rows.map((r) => [
            r.siteId,
            r.form,
            r.records,
            r.reviewed,
            r.changed,
            r.new,
            r.unreviewed,
          ]);
          const t = status.totals;
          rows.push(['all', '', t.records, t.reviewed, t.changed, t.new, t.unreviewed]);
          process.stdout.write(`Review of ${status.user}\n${formatTable(header, rows)}\n`);
        });
      },
    );
}
