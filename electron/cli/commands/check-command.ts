import type { Command } from 'commander';
import type { CheckRunResult } from '../../../shared/api/checks';
import { withStudy } from '../common/cli-context';
import { formatTable, printJson } from '../common/output';
import { listOption } from '../common/usage';

function describeRun(r: CheckRunResult): string {
  const rows = r.checks.map((c) => [
    c.checkId,
    c.found,
    c.new,
    c.stillOpen,
    c.resolved,
    c.reopened,
    c.error ? `error: ${c.error}` : '',
  ]);
  const t = r.totals;
  rows.push(['total', t.found, t.new, t.stillOpen, t.resolved, t.reopened, '']);
  const scope =
    r.scope.kind === 'full'
      ? `all ${r.scope.subjects} subjects`
      : r.scope.sites.length
        ? `${r.scope.subjects} subjects of ${r.scope.sites.join(', ')} (changed since the last complete run; the others are unchanged)`
        : 'nothing imported since the last complete run';
  return [
    `Check run #${r.runId}: ${r.checks.length} checks over ${scope} in ${(r.durationMs / 1000).toFixed(1)} s`,
    formatTable(['check', 'found', 'new', 'still open', 'resolved', 'reopened', ''], rows),
  ].join('\n');
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description(
      'run the edit checks (catalog and custom); summary: found per check, new, still open, resolved, reopened',
    )
    .argument('<DB>', 'study database')
    .option('--check <ID,...>', 'only these checks', listOption)
    .option(
      '--full',
      'check every subject (by default, after a complete run only the sites imported since are checked again)',
    )
    .option('--json', 'print the summary as JSON')
    .option('--user <NAME>', 'who runs them (goes into the audit trail)')
    .action(
      async (file: string, options: { check?: string[]; full?: boolean; json?: boolean; user?: string }) => {
        await withStudy(file, { user: options.user }, async (study) => {
          const result = await study.call('checks.run', {
            checkIds: options.check,
            full: options.full ?? false,
          });
          if (options.json) printJson(result);
          else process.stdout.write(`${describeRun(result)}\n`);
          if (result.errors.length > 0) {
            process.exitCode = 1;
            process.stderr.write(
              `error: ${result.errors.map((e) => `${e.checkId}: ${e.message}`).join('; ')}\n`,
            );
          }
        });
      },
    );
}
