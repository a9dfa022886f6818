import type { Command } from 'commander';
import type { Dictionary } from '../../../shared/api/coding';
import { dictionaryTypeSchema } from '../../../shared/study/definition-schema';
import { withStudy } from '../common/cli-context';
import { formatTable, plural, printJson } from '../common/output';
import { CliUsageError } from '../common/usage';

const NAME = { meddra: 'MedDRA', whodrug: 'WHODrug' } as const;

export function dictionarySize(d: Dictionary): string {
  const c = d.counts;
  return d.type === 'meddra'
    ? `${plural(c.LLT ?? 0, 'LLT')} (${(c.currentLLT ?? 0).toLocaleString('en-US')} current), ${plural(c.PT ?? 0, 'PT')}, ${plural(c.HLT ?? 0, 'HLT')}, ${plural(c.HLGT ?? 0, 'HLGT')}, ${plural(c.SOC ?? 0, 'SOC')}`
    : `${plural(c.drugs ?? 0, 'drug name')}, ${plural(c.atcClasses ?? 0, 'ATC class', 'ATC classes')}`;
}

interface LoadOptions {
  type: string;
  version?: string;
  json?: boolean;
  user?: string;
}

export function registerDictionary(program: Command): void {
  const dictionary = program
    .command('dictionary')
    .description('medical coding dictionaries: MedDRA and WHODrug releases');
  dictionary
    .command('load')
    .description(
      "load a release the organisation subscribes to: MedDRA's ASCII files (llt.asc, pt.asc, ... in DIR or DIR/MedAscii; a translation such as Korean is loaded the same way, after its version) or WHODrug's B3 text files (DD.txt, DDA.txt, INA.txt, ING.txt, BNA.txt); a broken release is refused",
    )
    .argument('<DB>', 'study database')
    .argument('<DIR>', 'folder of the release')
    .requiredOption('--type <meddra|whodrug>', 'which dictionary')
    .option(
      '--version <V>',
      "the release's version (MedDRA says it in meddra_release.asc; WHODrug in version.txt, if there)",
    )
    .option('--json', 'print the result as JSON')
    .option('--user <NAME>', 'who loads it (goes into the audit trail)')
    .action(async (file: string, dir: string, options: LoadOptions) => {
      const type = dictionaryTypeSchema.safeParse(options.type.toLowerCase());
      if (!type.success) throw new CliUsageError(`--type ${options.type}: use meddra or whodrug`);
      await withStudy(file, { user: options.user }, async (study) => {
        const result = await study.call('dictionaries.load', {
          path: dir,
          type: type.data,
          version: options.version,
        });
        if (options.json) return printJson(result);
        const d = result.dictionary;
        const what =
          result.added === 'language'
            ? `${result.language} names for ${NAME[d.type]} ${d.version} (now in ${d.languages.join(', ')})`
            : `${NAME[d.type]} ${d.version} (${result.language}): ${dictionarySize(d)}`;
        const use = d.active
          ? `the study codes with it; ${plural(result.autoCoded, 'waiting verbatim')} auto-coded`
          : `the study still codes with another version: see its impact with coding upgrade --to ${d.version} --dry-run`;
        process.stdout.write(`Loaded ${what}; ${use}\n`);
      });
    });
  dictionary
    .command('list')
    .description(
      'the loaded dictionaries: type, version, languages, size, which version the study codes with',
    )
    .argument('<DB>', 'study database')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      await withStudy(file, {}, async (study) => {
        const list = await study.call('dictionaries.list', {});
        if (options.json) return printJson(list);
        if (list.length === 0)
          return void process.stdout.write('no dictionary loaded yet (dictionary load)\n');
        const rows = list.map((d) => [
          NAME[d.type],
          d.version,
          d.active ? 'yes' : '',
          d.languages.join(', '),
          dictionarySize(d),
          d.loadedBy,
          d.loadedAt.replace('T', ' ').slice(0, 19),
        ]);
        process.stdout.write(
          `${formatTable(['dictionary', 'version', 'in use', 'languages', 'size', 'loaded by', 'when (UTC)'], rows)}\n`,
        );
      });
    });
}
