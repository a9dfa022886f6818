import { Command } from 'commander';
import { registerData } from './commands/data-command';
import { registerGenerate } from './commands/generate-command';
import { registerImport } from './commands/import-command';
import { registerImports } from './commands/imports-command';
import { registerInit } from './commands/init-command';

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
  registerGenerate(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') });
  return program;
}
