import type { Command } from 'commander';
import { DEFAULT_PLANTS_PER_CHECK, GeneratorRefusal, loadGenerator } from '../../../tools/generator/compose';
import { printJson } from '../common/output';
import { CliUsageError, listOption, positiveIntOption } from '../common/usage';
import { DEFAULT_STUDY_FILE, StudyError, loadStudyDefinition } from '../../core/api';

interface GenerateOptions {
  out: string;
  seed: number;
  subjects: number;
  sites: number;
  rounds: number;
  study?: string;
  inject?: string[];
  injectCount: number;
  meddraLlts?: number;
  json?: boolean;
}

/** `--inject all` or check IDs; an unknown one is wrong usage (exit 2), named with the checks that can be planted. */
function injectedChecks(
  values: string[] | undefined,
  plantable: readonly string[],
): string[] | 'all' | undefined {
  if (values === undefined) return undefined;
  if (values.some((v) => v.toLowerCase() === 'all')) return 'all';
  const checks = values.map((v) => v.toUpperCase());
  const unknown = checks.filter((c) => !plantable.includes(c));
  if (unknown.length)
    throw new CliUsageError(
      `--inject ${unknown.join(',')}: no such check; use all or some of ${plantable.join(', ')}`,
    );
  return checks;
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description("the project's own generator of realistic site exports (for tests, demos and benchmarks)")
    .requiredOption('--out <DIR>', 'folder to write (round-N/ deliveries, expected/, manifest.json)')
    .option('--seed <N>', 'random seed (same seed, same files)', positiveIntOption, 1)
    .option('--subjects <N>', 'number of subjects', positiveIntOption, 600)
    .option('--sites <N>', 'number of sites', positiveIntOption, 12)
    .option('--rounds <N>', 'number of cumulative export rounds', positiveIntOption, 3)
    .option('--study <FILE>', 'study definition (default: this study)')
    .option(
      '--inject <CHECKS>',
      'plant errors of these edit checks (CHECK,... or all) into the last round; writes answer-key.json',
      listOption,
    )
    .option('--inject-count <N>', 'planted errors per check', positiveIntOption, DEFAULT_PLANTS_PER_CHECK)
    .option(
      '--meddra-llts <N>',
      'fill the synthetic MedDRA (dictionaries/) with made-up terms up to N LLTs (MedDRA itself has about 80,000)',
      positiveIntOption,
    )
    .option('--json', 'print the manifest as JSON')
    .action(async (options: GenerateOptions) => {
      if (options.subjects < options.sites)
        throw new CliUsageError(
          `--subjects ${options.subjects} --sites ${options.sites}: every site needs a subject; give at least as many subjects as sites`,
        );
      const { PLANTABLE_CHECKS, generateStudy } = await loadGenerator();
      const checks = injectedChecks(options.inject, PLANTABLE_CHECKS);
      const manifest = await generateStudy({
        outDir: options.out,
        seed: options.seed,
        subjects: options.subjects,
        sites: options.sites,
        rounds: options.rounds,
        definition: loadStudyDefinition(options.study ?? DEFAULT_STUDY_FILE),
        inject: checks ? { checks, perCheck: options.injectCount } : undefined,
        meddraLlts: options.meddraLlts,
        onProgress: process.stderr.isTTY ? (m) => process.stderr.write(`\r\x1b[K${m}`) : undefined,
      }).catch((error: unknown) => {
        // Not wrong usage (exit 2) but a folder it cannot write into: exit 1, like any refused input.
        throw error instanceof GeneratorRefusal ? new StudyError('BAD_INPUT', error.message) : error;
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      if (options.json) printJson(manifest);
      else {
        const planted = manifest.inject
          ? `, ${Object.values(manifest.inject.planted).reduce((a, b) => a + b, 0)} planted errors (answer-key.json)`
          : '';
        process.stderr.write(
          `generated ${options.subjects} subjects over ${options.sites} sites in ${options.out}${planted}\n`,
        );
      }
    });
}
