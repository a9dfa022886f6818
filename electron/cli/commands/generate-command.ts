import type { Command } from 'commander';
import { generateStudy } from '../../core/generator/generate-study';
import { DEFAULT_STUDY_FILE, loadStudyDefinition } from '../../core/study/load-definition';
import { printJson } from '../output';
import { positiveIntOption } from '../usage';

interface GenerateOptions {
  out: string;
  seed: number;
  subjects: number;
  sites: number;
  rounds: number;
  study?: string;
  json?: boolean;
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
    .option('--json', 'print the manifest as JSON')
    .action(async (options: GenerateOptions) => {
      const manifest = await generateStudy({
        outDir: options.out,
        seed: options.seed,
        subjects: options.subjects,
        sites: options.sites,
        rounds: options.rounds,
        definition: loadStudyDefinition(options.study ?? DEFAULT_STUDY_FILE),
        onProgress: process.stderr.isTTY ? (m) => process.stderr.write(`\r\x1b[K${m}`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      if (options.json) printJson(manifest);
      else process.stderr.write(`generated ${options.subjects} subjects over ${options.sites} sites in ${options.out}\n`);
    });
}
