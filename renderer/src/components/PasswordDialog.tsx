import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { Dialog } from './Dialog';

/**
 * Sites password-protect the zips and workbooks they mail (exports, answered query lists); the
 * password comes another way (a call, a message). It is asked for here, sent once with the call
 * that reads the file and kept nowhere: the field empties itself.
 */
export interface PasswordAsk {
  /** The zip's or workbook's name. */
  file: string;
  /** The last password tried did not open it. */
  wrong: boolean;
}

export function PasswordDialog({
  ask,
  submitLabel,
  busy,
  onAnswer,
  onClose,
}: {
  ask: PasswordAsk | null;
  submitLabel: string;
  busy: boolean;
  onAnswer: (password: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  return (
    <Dialog
      open={ask !== null}
      title={t('password.title')}
      submitLabel={submitLabel}
      submitDisabled={password === ''}
      busy={busy}
      onClose={() => {
        setPassword('');
        onClose();
      }}
      onSubmit={() => {
        onAnswer(password);
        setPassword('');
      }}
    >
      {ask && (
        <>
          <p>{t('password.explain', { file: ask.file })}</p>
          {ask.wrong && (
            <p className="error-text" role="alert" data-testid="password-wrong">
              {t('password.wrong')}
            </p>
          )}
          <label className="field">
            <span>{t('password.label')}</span>
            <input
              type="password"
              value={password}
              autoComplete="off"
              required
              data-testid="password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <p className="hint">{t('password.kept')}</p>
        </>
      )}
    </Dialog>
  );
}

/** The file a FILE_PASSWORD_NEEDED or FILE_PASSWORD_WRONG error names, as its base name. */
export function passwordAskOf(error: unknown, fallback: string): PasswordAsk | null {
  if (!(error instanceof ApiError)) return null;
  if (error.kind !== 'FILE_PASSWORD_NEEDED' && error.kind !== 'FILE_PASSWORD_WRONG') return null;
  const file = String(error.facts.file ?? fallback)
    .split(/[\\/]/)
    .pop()!;
  return { file, wrong: error.kind === 'FILE_PASSWORD_WRONG' };
}
