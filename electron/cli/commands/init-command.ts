import type { Command } from 'commander';
import { defaultUser } from '../common/cli-context';
import { DEFAULT_STUDY_FILE, loadStudyDefinition } from '../../core/api';
import { createStudy } from '../../core/api/open-study';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('create a study database')
    .argument('<DB>', 'path of the new study database file, or postgres://user@host/database (team mode)')
    .option('--study <FILE>', 'study definition (JSON); default: this study, from resources/')
    .option('--user <NAME>', 'who does it (goes into the audit trail)')
    .action((file: string, options: { study?: string; user?: string }) => {
      const definition = loadStudyDefinition(options.study ?? DEFAULT_STUDY_FILE);
      const api = createStudy(file, definition, options.user ?? defaultUser(), new Date());
      const where = api.database.file;
      api.close();
      process.stderr.write(`created ${where}: ${definition.study.code} (${definition.forms.length} forms)\n`);
    });
}
