import type { Command } from 'commander';
import type { Site } from '../../../shared/api/sites';
import type { Language } from '../../../shared/messages/language';
import { withStudy } from '../common/cli-context';
import { formatTable, printJson } from '../common/output';
import { languageOption } from '../common/usage';

function siteTable(sites: Site[]): string {
  if (sites.length === 0) return 'No site yet: import a site export first.';
  return formatTable(
    ['site', 'language', 'set by', 'set at'],
    sites.map((s) => [
      s.siteId,
      s.language,
      s.languageSet ? (s.changedBy ?? '') : '(study default)',
      s.changedAt ?? '',
    ]),
  );
}

export function registerSites(program: Command): void {
  const sites = program
    .command('sites')
    .description("the study's sites and the language of their query lists");
  sites
    .command('list')
    .description(
      "every site of the study and the language of its query lists (the study's siteLanguage unless set)",
    )
    .argument('<DB>', 'study database')
    .option('--json', 'print the sites as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      await withStudy(file, {}, async (study) => {
        const result = await study.call('sites.list', {});
        if (options.json) printJson(result);
        else process.stdout.write(`${siteTable(result)}\n`);
      });
    });
  sites
    .command('set')
    .description(
      'set the language of the query lists of one or many sites (kept through re-imports; audited)',
    )
    .argument('<DB>', 'study database')
    .argument('<SITE...>', 'site IDs, e.g. S01 S02')
    .requiredOption('--language <en|ko>', 'en (English) or ko (Korean)', languageOption)
    .option('--json', 'print the sites as JSON')
    .option('--user <NAME>', 'who sets it (goes into the audit trail)')
    .action(
      async (
        file: string,
        siteIds: string[],
        options: { language: Language; json?: boolean; user?: string },
      ) => {
        await withStudy(file, { user: options.user }, async (study) => {
          const result = await study.call('sites.setLanguage', {
            sites: siteIds,
            language: options.language,
          });
          if (options.json) printJson(result);
          else process.stdout.write(`${siteTable(result)}\n`);
        });
      },
    );
}
