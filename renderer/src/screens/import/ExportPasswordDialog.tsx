import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog } from '../../components/Dialog';

/**
 * Sites password-protect the zips and workbooks they mail; the password comes another way (a call,
 * a message).
 * It is asked for here, sent once with the preview and kept nowhere: the field empties itself.
 */
export interface ExportPasswordAsk {
  paths: string[];
  label: string;
  exportDate: string;
  confirmExportDate: boolean;
  /** The zip's or workbook's name. */
  file: string;
  /** The last password tried did not open it. */
  wrong: boolean;
}

export function ExportPasswordDialog({
  ask,
  busy,
  onAnswer,
  onClose,
}: {
  ask: ExportPasswordAsk | null;
  busy: boolean;
  onAnswer: (password: string) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  return (
    <Dialog
      open={ask !== null}
      title={t('import.exportPassword.title')}
      submitLabel={t('import.exportPassword.preview')}
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
          <p>{t('import.exportPassword.explain', { file: ask.file })}</p>
          {ask.wrong && (
            <p className="error-text" role="alert" data-testid="export-password-wrong">
              {t('import.exportPassword.wrong')}
            </p>
          )}
          <label className="field">
            <span>{t('import.exportPassword.label')}</span>
            <input
              type="password"
              value={password}
              autoComplete="off"
              required
              data-testid="export-password"
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
          <p className="hint">{t('import.exportPassword.kept')}</p>
        </>
      )}
    </Dialog>
  );
}
