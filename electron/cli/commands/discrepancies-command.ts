import fs from 'node:fs';
import type { Command } from 'commander';
import {
  DISCREPANCY_EXPORT_FIELDS,
  discrepancyStatusSchema,
  type Discrepancy,
} from '../../../shared/api/discrepancies';
import { withStudy } from '../common/cli-context';
import type { Language } from '../../../shared/messages/language';
import { CliUsageError, LANGUAGE_HELP, languageOption, listOption } from '../common/usage';
import { toCsv, UTF8_BOM } from '../../core/api';

const DISCREPANCY_FIELDS = DISCREPANCY_EXPORT_FIELDS;

const PAGE = 20_000;

interface Options {
  format: string;
  status?: string[];
  check?: string[];
  site?: string;
  subject?: string;
  out?: string;
  lang: Language;
}

export function registerDiscrepancies(program: Command): void {
  program
    .command('discrepancies')
    .description('list discrepancies (default: all statuses, JSON to stdout)')
    .argument('<DB>', 'study database')
    .option('--format <json|csv>', 'output format', 'json')
    .option('--status <S,...>', 'OPEN, QUERIED, ANSWERED, CLOSED, ACCEPTED, RESOLVED', listOption)
    .option('--check <ID,...>', 'check IDs', listOption)
    .option('--site <S>', 'one site')
    .option('--subject <S>', 'one subject')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .option('--lang <en|ko>', LANGUAGE_HELP, languageOption, 'en')
    .action(async (file: string, options: Options) => {
      if (options.format !== 'json' && options.format !== 'csv')
        throw new CliUsageError(`--format ${options.format}: use json or csv`);
      const statuses = options.status?.map((s) => s.toUpperCase());
      for (const s of statuses ?? []) {
        if (!discrepancyStatusSchema.safeParse(s).success)
          throw new CliUsageError(`--status ${s}: use ${discrepancyStatusSchema.options.join(', ')}`);
      }
      await withStudy(file, {}, async (study) => {
        const rows: Discrepancy[] = [];
        for (let offset = 0; ;) {
          const page = await study.call('discrepancies.list', {
            status: statuses as Discrepancy['status'][] | undefined,
            checkId: options.check?.map((c) => c.toUpperCase()),
            site: options.site ? [options.site] : undefined,
            subject: options.subject ? [options.subject] : undefined,
            offset,
            limit: PAGE,
            language: options.lang,
          });
          rows.push(...page.rows);
          offset += page.rows.length;
          if (!page.truncated || page.rows.length === 0) break;
        }
        const output =
          options.format === 'json'
            ? `${JSON.stringify(
                rows.map((d) => Object.fromEntries(DISCREPANCY_FIELDS.map((f) => [f, d[f]]))),
                null,
                2,
              )}\n`
            : `${UTF8_BOM}${toCsv(
                DISCREPANCY_FIELDS,
                rows.map((d) => DISCREPANCY_FIELDS.map((f) => d[f])),
              )}\r\n`;
        if (options.out) {
          const temporary = `${options.out}.writing-${process.pid}`;
          fs.writeFileSync(temporary, output);
          fs.renameSync(temporary, options.out);
        } else process.stdout.write(output);
      });
    });
}
