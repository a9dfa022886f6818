import type { Command } from 'commander';
import type { DataRecord } from '../../../shared/api/data';
import { REVIEW_STATES, type ReviewChange } from '../../../shared/api/review';
import { withStudy } from '../common/cli-context';
import { openPagedOutput } from '../common/output';
import { CliUsageError } from '../common/usage';
import { toCsv, UTF8_BOM } from '../../core/api';

interface DataOptions {
  form: string;
  subject?: string;
  site?: string;
  raw?: boolean;
  deleted?: boolean;
  format: string;
  out?: string;
  review?: string;
  user?: string;
}

/** A CSV cell for what changed since the review: `FIELD: old -> new; ...`. */
function changedCell(value: DataRecord[string] | undefined) {
  if (!Array.isArray(value)) return value;
  const text = (v: ReviewChange['old']) => (v === null ? '(empty)' : String(v));
  return (value as ReviewChange[]).map((c) => `${c.field}: ${text(c.old)} -> ${text(c.new)}`).join('; ');
}

const PAGE = 10_000;

/** Streams every page, so a form of a million records never sits in memory as one string. */
export function registerData(program: Command): void {
  program
    .command('data')
    .description(
      'the current standardised records of one form (--raw: as the site wrote them, with file and line)',
    )
    .argument('<DB>', 'study database')
    .requiredOption('--form <F>', 'form code (DM, EX, AE, RS, LB, DS, CM)')
    .option('--subject <S>', 'one subject')
    .option('--site <S>', 'one site')
    .option('--raw', 'values as the site wrote them, plus _file, _sheet and _line')
    .option('--deleted', 'include records deleted at the source (with _deleted)')
    .option(
      '--review <STATE>',
      `only the live records in that state of --user's review (${REVIEW_STATES.join(' | ')}); with changed, _changed lists {field, old, new} against the version reviewed`,
    )
    .option('--user <NAME>', 'whose review --review reads (default: the operating-system user)')
    .option('--format <json|csv>', 'output format', 'json')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .action(async (file: string, options: DataOptions) => {
      if (options.format !== 'json' && options.format !== 'csv')
        throw new CliUsageError(`--format ${options.format}: use json or csv`);
      const review = options.review?.toLowerCase();
      if (review !== undefined && !(REVIEW_STATES as readonly string[]).includes(review))
        throw new CliUsageError(`--review ${options.review}: use ${REVIEW_STATES.join(', ')}`);
      if (review !== undefined && options.deleted)
        throw new CliUsageError(
          '--review lists live records: a record deleted at the source has no review state',
        );
      await withStudy(file, { user: options.user }, async (study) => {
        const output = openPagedOutput(options.out);
        const write = (text: string) => output.write(text);
        let complete = false;
        try {
          let offset = 0;
          let first = true;
          let columns: string[] = [];
          for (;;) {
            const page = await study.call('data.list', {
              form: options.form,
              subject: options.subject,
              site: options.site,
              raw: options.raw ?? false,
              deleted: options.deleted ?? false,
              review,
              offset,
              limit: PAGE,
            });
            if (first) {
              columns = [
                ...page.columns,
                ...(options.raw ? ['_file', '_sheet', '_line'] : []),
                ...(options.deleted ? ['_deleted'] : []),
                ...(review ? ['_review'] : []),
                ...(review === 'changed' ? ['_changed'] : []),
              ];
              await write(options.format === 'json' ? '[' : `${UTF8_BOM}${toCsv(columns, [])}\r\n`);
            }
            if (options.format === 'json') {
              await write(
                page.records.map((r, i) => `${first && i === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`).join(''),
              );
            } else if (page.records.length > 0) {
              await write(
                `${toCsv(
                  columns,
                  page.records.map((r: DataRecord) => columns.map((c) => changedCell(r[c]))),
                  { header: false },
                )}\r\n`,
              );
            }
            first = false;
            offset += page.records.length;
            if (!page.truncated || page.records.length === 0) break;
          }
          if (options.format === 'json') await write(offset === 0 ? ']\n' : '\n]\n');
          complete = true;
        } finally {
          output.close(complete);
        }
      });
    });
}
