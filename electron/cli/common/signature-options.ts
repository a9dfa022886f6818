import type { Command } from 'commander';
import type { SignatureRequest } from '../../../shared/api/signatures';
import { readStdin } from './read-stdin';

/**
 * A signed decision's options (lock, unlock, close, accept): what the signature means and, on a
 * team study, the person's password, read from standard input so that it never appears in the
 * command line or the shell's history (`read -s PW; printf '%s' "$PW" | cdm lock ... --password-stdin`).
 */
export function signatureOptions(command: Command): Command {
  return command
    .option(
      '--meaning <TEXT>',
      'what your signature means, e.g. "approved for analysis" (required on a team study)',
    )
    .option('--password-stdin', 'read your password from standard input, to sign on a team study');
}

export interface SignatureOptionValues {
  meaning?: string;
  passwordStdin?: boolean;
}

export async function signatureOf(o: SignatureOptionValues): Promise<SignatureRequest | undefined> {
  const password = o.passwordStdin ? await readStdin() : undefined;
  if (o.meaning === undefined && password === undefined) return undefined;
  return { meaning: o.meaning ?? '', ...(password ? { password } : {}) };
}
