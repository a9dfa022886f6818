import { Command } from 'commander';
import { registerAudit } from './commands/audit-command';
import { registerCheck } from './commands/check-command';
import { registerCopy } from './commands/copy-command';
import { registerCoding } from './commands/coding-command';
import { registerCutCommands } from './commands/cut-commands';
import { registerData } from './commands/data-command';
import { registerDiscrepancies } from './commands/discrepancies-command';
import { registerDictionary } from './commands/dictionary-command';
import { registerDiscrepancy } from './commands/discrepancy-command';
import { registerExport } from './commands/export-command';
import { registerGenerate } from './commands/generate-command';
import { registerImport } from './commands/import-command';
import { registerImports } from './commands/imports-command';
import { registerInit } from './commands/init-command';
import { registerMetrics } from './commands/metrics-command';
import { registerQueries } from './commands/queries-command';
import { registerQuery } from './commands/query-command';
import { registerReview } from './commands/review-command';
import { registerServe } from './commands/serve-command';
import { registerSites } from './commands/sites-command';

export function buildProgram(): Command {
  const program = new Command('cdm')
    .description('Clinical data management workstation: site exports, edit checks, queries and data cuts')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      // Commander prints "error: ..." itself for usage errors; keep it to that one line.
      outputError: (text, write) => write(text.split('\n')[0] + '\n'),
    });
  registerInit(program);
  registerImport(program);
  registerImports(program);
  registerData(program);
  registerCheck(program);
  registerDiscrepancies(program);
  registerQuery(program);
  registerDiscrepancy(program);
  registerQueries(program);
  registerSites(program);
  registerDictionary(program);
  registerCoding(program);
  registerReview(program);
  registerMetrics(program);
  registerCutCommands(program);
  registerExport(program);
  registerAudit(program);
  registerCopy(program);
  registerServe(program);
  registerGenerate(program);
  for (const command of program.commands)
    command
      .exitOverride()
      .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  return program;
}
