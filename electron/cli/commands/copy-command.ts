import type { Command } from 'commander';
import { copyStudy } from '../../core/api/open-study';

/** `copy SOURCE TARGET`: a study moved between a file and a PostgreSQL server (either way), then compared. */
export function registerCopy(program: Command): void {
  program
    .command('copy')
    .description(
      'copy a whole study to a new study file or PostgreSQL database, then compare both table by table',
    )
    .argument('<SOURCE>', 'study database file, or postgres://user@host/database')
    .argument(
      '<TARGET>',
      'new study database file, or postgres://user@host/database (made if missing; must hold no study)',
    )
    .option('--format <FORMAT>', 'text or json', 'text')
    .action((source: string, target: string, options: { format: string }) => {
      const result = copyStudy(source, target);
      if (options.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        for (const t of result.tables)
          process.stdout.write(
            `${t.table.padEnd(24)} ${String(t.sourceRows).padStart(9)} ${String(t.targetRows).padStart(9)}  ${t.identical ? 'identical' : 'DIFFERENT'}\n`,
          );
      }
      process.stderr.write(
        result.identical
          ? `copied ${result.source} to ${result.target}: every table identical (${result.tables.length} tables)\n`
          : `copied ${result.source} to ${result.target}, but these tables differ: ${result.tables
              .filter((t) => !t.identical)
              .map((t) => t.table)
              .join(', ')}\n`,
      );
      if (!result.identical) process.exitCode = 1;
    });
}
