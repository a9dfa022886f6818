import type { Command } from 'commander';
import {
  codingStatusValueSchema,
  describeCoding,
  waitingReasonText,
  type CodingQueueRow,
} from '../../../shared/api/coding';
import { toCsv, type CsvValue } from '../../core/api';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson, writeOutput } from '../common/output';
import { CliUsageError, positiveIntOption } from '../common/usage';
import { registerCodingUpgrade } from './coding-upgrade-command';

const QUEUE_FIELDS = [
  'form',
  'recordId',
  'siteId',
  'subjectId',
  'recordKey',
  'verbatim',
  'siteTerm',
  'status',
  'since',
  'waitingDays',
  'sameVerbatim',
  'reason',
  'queryStatus',
  'method',
] as const satisfies readonly (keyof CodingQueueRow)[];

const collect = (value: string, previous: string[] = []) => [...previous, value];

const queueCell = (r: CodingQueueRow, f: (typeof QUEUE_FIELDS)[number]): CsvValue =>
  f === 'reason' ? r.reason && waitingReasonText(r.reason) : r[f];

interface QueueOptions {
  form?: string;
  status: string;
  format: string;
  search?: string;
  out?: string;
}

interface SetOptions {
  form: string;
  record: string[];
  llt?: number;
  drug?: string;
  atc?: string;
  reason?: string;
  only?: boolean;
  json?: boolean;
  user?: string;
}

function registerStatus(coding: Command): void {
  coding
    .command('status')
    .description(
      'per coded form: records, coded (auto, synonym list, by hand), waiting, overdue, queried; the dictionaries',
    )
    .argument('<DB>', 'study database')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      await withStudy(file, {}, async (study) => {
        const status = await study.call('coding.status', {});
        if (options.json) return printJson(status);
        const rows = status.forms.map((f) => [
          f.form,
          `${f.dictionary === 'meddra' ? 'MedDRA' : 'WHODrug'} ${f.version ?? '(none loaded)'}`,
          f.records,
          f.coded,
          f.auto,
          f.synonym,
          f.manual,
          f.waiting,
          f.overdue,
          f.queried,
        ]);
        process.stdout.write(
          `${formatTable(['form', 'dictionary', 'verbatims', 'coded', 'auto', 'synonym', 'by hand', 'waiting', `> ${status.blockerDays} days`, 'queried'], rows)}\n` +
            `${plural(status.synonyms, 'verbatim')} in the study's synonym list\n`,
        );
      });
    });
}

async function allQueueRows(
  call: (offset: number) => Promise<{ rows: CodingQueueRow[]; truncated: boolean }>,
): Promise<CodingQueueRow[]> {
  const rows: CodingQueueRow[] = [];
  for (let offset = 0; ;) {
    const page = await call(offset);
    rows.push(...page.rows);
    offset += page.rows.length;
    if (!page.truncated || page.rows.length === 0) return rows;
  }
}

function registerQueue(coding: Command): void {
  coding
    .command('queue')
    .description('the verbatims waiting for a coder (or the coded ones), repeats side by side')
    .argument('<DB>', 'study database')
    .option('--form <F>', 'one coded form (AE, CM)')
    .option('--status <WAITING|CODED>', 'which records', 'WAITING')
    .option('--search <TEXT>', 'part of the verbatim, subject or record key')
    .option('--format <table|json|csv>', 'output format', 'table')
    .option('--out <FILE>', 'write to FILE instead of stdout')
    .action(async (file: string, options: QueueOptions) => {
      if (!['table', 'json', 'csv'].includes(options.format))
        throw new CliUsageError(`--format ${options.format}: use table, json or csv`);
      const status = codingStatusValueSchema.safeParse(options.status.toUpperCase());
      if (!status.success) throw new CliUsageError(`--status ${options.status}: use WAITING or CODED`);
      await withStudy(file, {}, async (study) => {
        const rows = await allQueueRows((offset) =>
          study.call('coding.queue', {
            form: options.form,
            status: status.data,
            search: options.search,
            offset,
            limit: 5_000,
          }),
        );
        let text: string;
        if (options.format === 'json') text = `${JSON.stringify(rows, null, 2)}\n`;
        else if (options.format === 'csv')
          text = `${toCsv(
            [...QUEUE_FIELDS, 'coded'],
            rows.map((r) => [
              ...QUEUE_FIELDS.map((f) => queueCell(r, f)),
              r.coded ? describeCoding(r.coded) : null,
            ]),
          )}\r\n`;
        else if (rows.length === 0)
          text = `nothing ${status.data === 'WAITING' ? 'waits for coding' : 'is coded yet'}\n`;
        else
          text = `${formatTable(
            [
              'form',
              'record',
              'verbatim',
              status.data === 'WAITING' ? 'waiting (days)' : 'coded as',
              'same verbatim',
              'why / query',
            ],
            rows.map((r) => [
              r.form,
              r.recordKey,
              r.verbatim.replace(/\s+/g, ' '),
              r.coded ? describeCoding(r.coded) : r.waitingDays,
              r.sameVerbatim,
              [r.reason && waitingReasonText(r.reason), r.queryStatus && `query ${r.queryStatus}`]
                .filter(Boolean)
                .join('; '),
            ]),
          )}\n${plural(rows.length, 'record')}\n`;
        writeOutput(text, options.out);
      });
    });
}

function registerSet(coding: Command): void {
  coding
    .command('set')
    .description(
      "code records by hand: AE with an LLT code, CM with a drug code (and ATC class); the verbatim joins the study's synonym list and codes the other waiting records with the same verbatim",
    )
    .argument('<DB>', 'study database')
    .requiredOption('--form <F>', 'coded form (AE, CM)')
    .requiredOption(
      '--record <KEY>',
      'record key, e.g. S01-001|3 (#n for duplicates); repeat for several',
      collect,
    )
    .option('--llt <CODE>', 'MedDRA lowest level term code (a current LLT)', positiveIntOption)
    .option('--drug <CODE>', 'WHODrug drug code (11 characters)')
    .option('--atc <CODE>', 'the ATC class, when the drug has several')
    .option('--reason <R>', 'why (needed to change a record already coded)')
    .option('--only', 'code only the named records, not the others with the same verbatim')
    .option('--json', 'print the result as JSON')
    .option('--user <NAME>', 'who codes (goes into the audit trail)')
    .action(async (file: string, options: SetOptions) => {
      if ((options.llt === undefined) === (options.drug === undefined))
        throw new CliUsageError('give --llt CODE (MedDRA) or --drug CODE (WHODrug)');
      await withStudy(file, { user: options.user }, async (study) => {
        const result = await study.call('coding.set', {
          form: options.form,
          recordKeys: options.record,
          llt: options.llt,
          drug: options.drug,
          atc: options.atc,
          reason: options.reason,
          sameVerbatim: !options.only,
        });
        if (options.json) return printJson(result);
        const records = result.records.map((r) => `${r.recordKey} ("${r.verbatim}")`).join(', ');
        process.stdout.write(
          `Coded ${options.form.toUpperCase()} ${records} as ${describeCoding(result.coding)}` +
            (result.bySynonym
              ? `; ${plural(result.bySynonym, 'other waiting record')} with the same verbatim coded by the synonym list`
              : '') +
            '\n',
        );
      });
    });
}

function registerSearch(coding: Command): void {
  coding
    .command('search')
    .description(
      'search the dictionary a form is coded with: MedDRA LLTs and PTs (any loaded language) with their hierarchy, WHODrug names',
    )
    .argument('<DB>', 'study database')
    .argument('<TEXT>', 'part of a term')
    .requiredOption('--form <F>', 'coded form (AE, CM)')
    .option('--limit <N>', 'how many', positiveIntOption, 20)
    .option('--json', 'print JSON')
    .action(async (file: string, text: string, options: { form: string; limit: number; json?: boolean }) => {
      await withStudy(file, {}, async (study) => {
        const found = await study.call('coding.search', {
          form: options.form,
          text,
          limit: Math.min(options.limit, 200),
        });
        if (options.json) return printJson(found);
        const rows = found.hits.map((h) =>
          h.kind === 'meddra'
            ? [
                `LLT ${h.llt.code}${h.current ? '' : ' (non-current)'}`,
                h.matched.map((m) => m.name).join(' / '),
                `${h.llt.name} > ${h.pt.name} > ${h.hlt.name} > ${h.hlgt.name} > ${h.soc.name}`,
              ]
            : [
                h.drugCode,
                h.name,
                `${h.drugName}; ATC ${h.atc.map((a) => `${a.code}${a.official ? '' : '*'}`).join(', ') || '-'}`,
              ],
        );
        process.stdout.write(
          `${formatTable(['code', 'name', 'coded as'], rows)}\n${found.total} found in ${found.dictionary.type === 'meddra' ? 'MedDRA' : 'WHODrug'} ${found.dictionary.version}\n`,
        );
      });
    });
}

export function registerCoding(program: Command): void {
  const coding = program
    .command('coding')
    .description('medical coding: status, the queue, coding by hand, version upgrades');
  registerStatus(coding);
  registerQueue(coding);
  registerSet(coding);
  registerSearch(coding);
  registerCodingUpgrade(coding);
}
