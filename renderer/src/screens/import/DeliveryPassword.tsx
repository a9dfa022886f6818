import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchItem } from '../../../../shared/api/imports';
import type { Language } from '../../../../shared/messages/language';
import { call } from '../../api/client';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { PasswordDialog } from '../../components/PasswordDialog';
import { useAction } from '../../hooks/useAction';
import { baseName } from '../../lib/paths';

const LOCKED = new Set(['FILE_PASSWORD_NEEDED', 'FILE_PASSWORD_WRONG']);

/**
 * A delivery whose zips or workbooks have a password: one password for the delivery (the sites of
 * a study often share one) opens those it fits, previewed again; an export it does not open stays
 * out, to be loaded by itself with its own.
 */
export function DeliveryPassword({
  dir,
  items,
  tried,
  language,
  onUnlocked,
}: {
  dir: string;
  items: BatchItem[];
  /** A password was given already (a locked export left is one it did not open). */
  tried: boolean;
  language: Language;
  onUnlocked: (items: BatchItem[], password: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [wrong, setWrong] = useState(false);
  const unlock = useAction(async (password: string) => ({
    password,
    items: await call('imports.batch', { dir, dryRun: true, language, filePassword: password }),
  }));
  const locked = items.filter((i) => 'error' in i && i.kind !== undefined && LOCKED.has(i.kind));
  if (locked.length === 0) return null;
  const files = locked.map((i) => baseName(i.path));
  return (
    <>
      <Note kind="warning">
        <span data-testid="delivery-locked">
          {tried
            ? t('import.deliveryStillLocked', { count: locked.length, files: files.join(', ') })
            : t('import.deliveryLocked', { count: locked.length, files: files.join(', ') })}
        </span>{' '}
        {!tried && (
          <button
            type="button"
            className="btn btn-small"
            data-testid="delivery-password"
            onClick={() => {
              setWrong(false);
              setOpen(true);
            }}
          >
            {t('import.deliveryPassword')}
          </button>
        )}
      </Note>
      <ErrorNote error={unlock.error} />
      <PasswordDialog
        ask={open ? { file: files.join(', '), wrong } : null}
        submitLabel={t('password.preview')}
        busy={unlock.running}
        onAnswer={async (password) => {
          const unlocked = await unlock.run(password);
          if (!unlocked) return;
          const stillLocked = unlocked.items.filter(
            (i) => 'error' in i && i.kind !== undefined && LOCKED.has(i.kind),
          ).length;
          // A password that opened none of them is wrong; one that opened some is the delivery's.
          if (stillLocked === locked.length) setWrong(true);
          else {
            setOpen(false);
            onUnlocked(unlocked.items, password);
          }
        }}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
