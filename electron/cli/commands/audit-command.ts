import type { Command } from 'commander';
import { auditEntitySchema, type AuditEntry } from '../../../shared/api/audit';
import { UTF8_BOM, toCsv } from '../../core/export/csv-writer';
import { withStudy } from '../cli-context';
import { openPagedOutput } from '../output';
import { CliUsageError, listOption } from '../usage';

const COLUMNS = [
  'id',
  'at',
  'user',
  'action',
  'entity',
  'entityId',
  'siteId',
  'subjectId',
  'form',
  'recordKey',
  'field',
  'oldValue',
  'newValue',
  'reason',
  'importId',
] as const satisfies readonly (keyof AuditEntry)[];

const PAGE = 50_000;

interface AuditOptions {
  format: string;
  since?: string;
  until?: string;
  entity?: string[];
  by?: string;
  search?: string;
  out?: string;
}

/** Streams the whole trail page by page (chronological), as JSON or formula-safe CSV. */
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
        const output = openPagedOutput(options.out);
        const write = (text: string) => output.write(text);
        let complete = false;
        try {
          // A CSV file gets the byte-order mark Excel needs to show Korean text.
          if (options.format === 'csv')
            await write(`${options.out ? UTF8_BOM : ''}${toCsv(COLUMNS, [])}\r\n`);
          else await write('[');
          let offset = 0;
          for (;;) {
            const page = await study.call('audit.list', {
              since: options.since,
              until: options.until,
              entity: options.entity,
              user: options.by,
              search: options.search,
              offset,
              limit: PAGE,
            });
            if (options.format === 'json')
              await write(
                page.rows
                  .map((r, i) => `${offset === 0 && i === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`)
                  .join(''),
              );
            else if (page.rows.length)
              await write(
                `${toCsv(
                  COLUMNS,
                  page.rows.map((r) => COLUMNS.map((c) => r[c])),
                  { header: false },
                )}\r\n`,
              );
            offset += page.rows.length;
            if (!page.truncated || page.rows.length === 0) break;
          }
          if (options.format === 'json') await write(offset === 0 ? ']\n' : '\n]\n');
          complete = true;
        } finally {
          output.close(complete);
        }
      });
    });
}
