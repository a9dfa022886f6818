import { describe, expect, it } from 'vitest';
import { CLI_WORDS, cliErrorLine } from '../../electron/cli/error-words';
import { StudyError } from '../../electron/core/common/errors';
import en from '../../renderer/src/i18n/en.json';
import ko from '../../renderer/src/i18n/ko.json';
import { errorKindSchema } from '../../shared/api/errors';

describe('each door words the errors of the core', () => {
  it('the command line adds its option to the core line, and keeps the line of any other error', () => {
    const unnamed = new StudyError(
      'BAD_INPUT',
      '/in/patients.csv: the file name names no form (DM, AE); rename it',
      {
        kind: 'FORM_NOT_NAMED',
        facts: { file: '/in/patients.csv', expected: 'DM, AE' },
      },
    );
    expect(cliErrorLine(unnamed)).toBe(
      '/in/patients.csv: the file name names no form (DM, AE); rename it or give its form with --form',
    );
    const unknown = new StudyError('BAD_INPUT', 'form XX: not a form of this study (DM, AE)', {
      kind: 'FORM_UNKNOWN',
      facts: { form: 'XX', expected: 'DM, AE' },
    });
    expect(cliErrorLine(unknown)).toBe('--form XX: not a form of this study (DM, AE)');
    const noVersion = new StudyError('BAD_INPUT', '/in/MedDRA: the release does not say its version', {
      kind: 'VERSION_NOT_STATED',
      facts: { file: '/in/MedDRA' },
    });
    expect(cliErrorLine(noVersion)).toBe(
      '/in/MedDRA: the release does not say its version: give it with --version',
    );
    expect(cliErrorLine(new StudyError('BAD_INPUT', 'a.csv: line 2: bad', { kind: 'FILE_UNREADABLE' }))).toBe(
      'a.csv: line 2: bad',
    );
  });

  it('the window has its own way out, in English and Korean, wherever the command line names an option', () => {
    const hints = [en.errorHints, ko.errorHints] as Record<string, string>[];
    for (const kind of Object.keys(CLI_WORDS)) {
      expect(errorKindSchema.options).toContain(kind);
      for (const language of hints) expect(language[kind], kind).toMatch(/\S/);
    }
    // The window's words name no command-line option.
    for (const language of hints)
      for (const text of Object.values(language)) expect(text).not.toMatch(/--\w/);
  });
});
