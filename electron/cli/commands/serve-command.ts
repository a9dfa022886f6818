import { InvalidArgumentError, type Command } from 'commander';
import { startBrowserMode } from '../../server/browser-mode';
import { defaultUser } from '../common/cli-context';
import { displayLocation } from '../../../shared/study-location';

interface ServeOptions {
  port?: number;
  user?: string;
  switch: boolean;
}

function portOption(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535)
    throw new InvalidArgumentError(`${value} is not a port (1-65535)`);
  return Number(value);
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('the browser mode: serves the app on 127.0.0.1 and prints its URL (with its token)')
    .argument('<DB>', 'study database file, or postgres://user@host/database (team mode)')
    .option('--port <N>', 'port on 127.0.0.1 (default: a free one)', portOption)
    .option('--no-switch', 'keep the page on this study: no opening or creating another by path')
    .option('--user <NAME>', 'who works in the page (goes into the audit trail)')
    .action(async (file: string, options: ServeOptions) => {
      const mode = await startBrowserMode({
        studyFile: file,
        user: options.user ?? defaultUser(),
        port: options.port,
        allowSwitch: options.switch,
      });
      const study = mode.workspace.state().study;
      process.stdout.write(`${mode.server.url}\n`);
      process.stderr.write(
        `serving ${study ? `${study.code} (${displayLocation(file)})` : displayLocation(file)} on 127.0.0.1 only; open the URL above in a browser (it holds this run's token). Ctrl+C stops.\n`,
      );
      if (mode.server.rendererDir === null)
        process.stderr.write(
          'note: the window is not built (dist/renderer missing): run `npm run build:renderer`; the API is served.\n',
        );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          process.stderr.write('stopping\n');
          void mode.close().then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
}
