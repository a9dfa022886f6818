import { CommanderError } from 'commander';
import { cliErrorLine } from './error-words';
import { buildProgram } from './program';
import { CliUsageError } from './common/usage';
import { StudyError } from '../core/api';

/** Exit 0: done; 1: could not do what was asked (one `error:` line says why); 2: wrong usage. */
async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof CliUsageError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof StudyError) {
      process.stderr.write(`error: ${cliErrorLine(error)}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: internal error: ${message.split('\n')[0]}\n`);
    if (process.env.CDM_DEBUG) console.error(error);
    return 1;
  }
}

// A reader that stops early (`| head`) is not an error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

void main(process.argv).then((code) => {
  process.exitCode = code;
});
