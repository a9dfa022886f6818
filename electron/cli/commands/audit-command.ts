import type { Command } from 'commander';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { auditEntitySchema } from '../../../shared/api/audit';
import { withStudy } from '../common/cli-context';
import { CliUsageError, listOption } from '../common/usage';

interface AuditOptions {
  format: string;
  since?: string;
  until?: string;
  entity?: string[];
  by?: string;
  search?: string;
  out?: string;
}

/** The whole trail in time order, as JSON or formula-safe CSV, to a file or stdout. */
export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'the audit trail: every change of data (by import) and every status, query, list and lock event, in time order',
    )
    .argument('<DB>', 'study database')
    .option('--format <json|csv>', 'output format', 'json')
    .option(
      '--since <ISO>',
      'entries at or after this date or time (a date alone: from the start of that day)',
    )
    .option('--until <ISO>', 'entries up to this date or time (a date alone: to the end of that day)')
    .option('--entity <E,...>', auditEntitySchema.options.join(', '), listOption)
    .option('--by <NAME>', 'entries of this user only')
    .option('--search <TEXT>', 'entries mentioning this text')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .action(async (file: string, options: AuditOptions) => {
      if (options.format !== 'json' && options.format !== 'csv')
        throw new CliUsageError(`--format ${options.format}: use json or csv`);
      for (const e of options.entity ?? []) {
        if (!auditEntitySchema.safeParse(e).success)
          throw new CliUsageError(`--entity ${e}: use ${auditEntitySchema.options.join(', ')}`);
      }
      await withStudy(file, {}, async (study) => {
        const request = {
          since: options.since,
          until: options.until,
          entity: options.entity,
          user: options.by,
          search: options.search,
          format: options.format as 'csv' | 'json',
        };
        if (options.out !== undefined) {
          await study.call('audit.export', { ...request, out: options.out });
          return;
        }
        // To stdout: the core writes the file (one pass over the trail), which is then streamed out.
        const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-audit-'));
        try {
          const written = await study.call('audit.export', { ...request, out: path.join(folder, 'audit') });
          // With its byte-order mark, like every CSV the workstation writes: `> audit.csv` opens in Excel.
          await pipeline(fs.createReadStream(written.path), process.stdout, { end: false });
        } finally {
          fs.rmSync(folder, { recursive: true, force: true });
        }
      });
    });
}
