import os from 'node:os';
import type { ApiMethod, ApiOutput } from '../../../shared/api/contract';
import type { CallContext, StudyApi } from '../../core/api';
import { openStudy } from '../../core/api/open-study';

export function defaultUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Progress on stderr, only where a person watches (a terminal); scripts get clean stderr. */
export function progressReporter(enabled: boolean): ((message: string) => void) | undefined {
  if (!enabled) return undefined;
  if (process.stderr.isTTY) {
    return (message) => {
      const width = Math.max(20, (process.stderr.columns ?? 100) - 1);
      process.stderr.write(`\r\x1b[K${message.slice(0, width)}`);
    };
  }
  return (message) => process.stderr.write(`${message}\n`);
}

export function clearProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

export interface CliStudy {
  api: StudyApi;
  context: CallContext;
  call<M extends ApiMethod>(method: M, input: unknown): Promise<ApiOutput<M>>;
  close(): void;
}

export function openCliStudy(file: string, options: { user?: string; progress?: boolean } = {}): CliStudy {
  const api = openStudy(file);
  const context: CallContext = {
    user: options.user ?? defaultUser(),
    now: () => new Date(),
    progress: progressReporter(options.progress ?? process.stderr.isTTY === true),
  };
  return {
    api,
    context,
    call: (method, input) => api.call(method, input, context),
    close: () => {
      clearProgress();
      api.close();
    },
  };
}

export async function withStudy<T>(
  file: string,
  options: { user?: string; progress?: boolean },
  work: (study: CliStudy) => Promise<T>,
): Promise<T> {
  const study = openCliStudy(file, options);
  try {
    return await work(study);
  } finally {
    study.close();
  }
}
