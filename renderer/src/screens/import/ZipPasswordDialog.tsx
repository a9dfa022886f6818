import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';

/**
 * Sites password-protect the zips they mail; the password comes another way (a call, a message).
 * It is asked for here, sent once with the preview and kept nowhere: the field empties itself.
 */
export interface ZipPasswordAsk {
  paths: string[];
  label: string;
  exportDate: string;
  confirmExportDate: boolean;
  /** The zip's name. */
  zip: string;
  /** The last password tried did not open it. */
  wrong: boolean;
}

export function ZipPasswordDialog({
  ask,
  busy,
  onAnswer,
  onClose,
}: {
  ask: ZipPasswordAsk | null;
  busy: boolean;
  onAnswer: (password: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  return (
    <Dialog
      open={ask !== null}
      title={t('import.zipPassword.title')}
      submitLabel={t('import.zipPassword.preview')}
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
          <p>{t('import.zipPassword.explain', { zip: ask.zip })}</p>
          {ask.wrong && (
            <p className="error-text" role="alert" data-testid="zip-password-wrong">
              {t('import.zipPassword.wrong')}
            </p>
          )}
          <label className="field">
            <span>{t('import.zipPassword.label')}</span>
            <input
              type="password"
              value={password}
              autoComplete="off"
              required
              data-testid="zip-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <p className="hint">{t('import.zipPassword.kept')}</p>
        </>
      )}
    </Dialog>
  );
}
