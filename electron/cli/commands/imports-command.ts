import type { Command } from 'commander';
import { withStudy } from '../common/cli-context';
import { formatTable, printJson } from '../common/output';
import { LANGUAGE_HELP, languageOption } from '../common/usage';
import type { Language } from '../../../shared/messages/language';

export function registerImports(program: Command): void {
  program
    .command('imports')
    .description('the import history: id, site, export date, files, rows per form, warnings, who, when')
    .argument('<DB>', 'study database')
    .option('--json', 'print JSON')
    .option('--lang <en|ko>', LANGUAGE_HELP, languageOption, 'en')
    .action(async (file: string, options: { json?: boolean; lang: Language }) => {
      await withStudy(file, {}, async (study) => {
        const history = await study.call('imports.list', { language: options.lang });
        if (options.json) return printJson(history);
        if (history.length === 0) return void process.stdout.write('no imports yet\n');
        const rows = history.map((h) => [
          h.importId,
          h.siteId,
          h.exportDate,
          Object.entries(h.forms)
            .map(([f, c]) => `${f} ${c.rows}`)
            .join(', '),
          h.files.length,
          h.warningCount,
          h.importedBy,
          h.importedAt.replace('T', ' ').slice(0, 19),
        ]);
        process.stdout.write(
          `${formatTable(['id', 'site', 'export', 'rows per form', 'files', 'warnings', 'who', 'when (UTC)'], rows)}\n`,
        );
      });
    });
}
