import type { Command } from 'commander';
import type { Metrics } from '../../../shared/api/metrics';
import { withStudy } from '../common/cli-context';
import { formatTable, printJson } from '../common/output';
import { CliUsageError, isoDateOption } from '../common/usage';

interface MetricsOptions {
  json?: boolean;
  format?: string;
  out?: string;
  today?: string;
}

const figure = (v: number | null, digits = 1) => (v === null ? '-' : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? '-' : `${(v * 100).toFixed(0)}%`);

function metricsText(m: Metrics): string {
  const sites = formatTable(
    [
      'site',
      'subjects',
      'sent',
      'answered',
      'median days',
      'p90 days',
      'open >30 d',
      're-queried',
      'discr./subject',
    ],
    m.sites.map((s) => [
      s.siteId,
      s.subjects,
      s.queriesSent,
      s.queriesAnswered,
      figure(s.medianDaysToAnswer),
      figure(s.p90DaysToAnswer),
      s.openOver30Days,
      percent(s.requeryRate),
      figure(s.discrepanciesPerSubject, 2),
    ]),
  );
  const checks = formatTable(
    [
      'check',
      'hits',
      'queried',
      'resolved by data',
      'accepted',
      'closed on answer',
      'open',
      'yield',
      'accept rate',
    ],
    m.checks
      .filter((c) => c.hits > 0)
      .map((c) => [
        c.checkId,
        c.hits,
        c.queried,
        c.resolvedByData,
        c.accepted,
        c.closedOnAnswer,
        c.open,
        percent(c.yield),
        percent(c.acceptRate),
      ]),
  );
  const silent = m.checks.filter((c) => c.hits === 0).map((c) => c.checkId);
  return `Sites (open queries counted at ${m.today.replace('T', ' ').slice(0, 19)} UTC)\n${sites}\n\nChecks\n${checks}\n${
    silent.length ? `no hits: ${silent.join(', ')}\n` : ''
  }`;
}

export function registerMetrics(program: Command): void {
  program
    .command('metrics')
    .description(
      'cleaning metrics: per site (queries sent and answered, days to answer, open over 30 days, re-queries, discrepancies per subject) and per check (hits, outcomes, yield, accept rate)',
    )
    .argument('<DB>', 'study database')
    .option('--json', 'print JSON')
    .option('--format <csv>', 'csv: metrics-sites.csv and metrics-checks.csv in --out')
    .option('--out <DIR>', 'folder for the CSV files')
    .option(
      '--today <YYYY-MM-DD>',
      'count open queries as at the start of this day (UTC; default: now)',
      isoDateOption,
    )
    .action(async (file: string, options: MetricsOptions) => {
      if (options.format !== undefined && options.format !== 'csv')
        throw new CliUsageError(`--format ${options.format}: use csv (or --json)`);
      if (options.format === 'csv' && !options.out) throw new CliUsageError('--format csv needs --out DIR');
      if (options.out && options.format !== 'csv') throw new CliUsageError('--out goes with --format csv');
      const today = options.today ? { today: options.today } : {};
      await withStudy(file, {}, async (study) => {
        if (options.format === 'csv') {
          const written = await study.call('metrics.export', { out: options.out!, ...today });
          process.stdout.write(`${written.files.join('\n')}\n`);
          return;
        }
        const metrics = await study.call('metrics.summary', today);
        if (options.json) return printJson(metrics);
        process.stdout.write(metricsText(metrics));
      });
    });
}
