import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { TextAreaField } from '../../components/TextAreaField';
import { Icon } from '../../components/Icon';
import { useAction } from '../../hooks/useAction';
import { SignatureFields, useSignature } from '../../components/SignatureFields';

/** Unlock with a reason; the lock history stays and the next lock is a new data cut. */
export function UnlockPanel({ cut, onUnlocked }: { cut: string | null; onUnlocked: () => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const signature = useSignature();
  const unlock = useAction(() =>
    call('cuts.unlock', { reason: reason.trim(), signature: signature.request() }),
  );
  return (
    <div className="stack">
      <p>{t('cuts.lockedNow', { cut: cut ?? '' })}</p>
      <div className="actions-row">
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          <Icon name="unlock" size={14} /> {t('cuts.unlock')}
        </button>
      </div>
      <Dialog
        open={open}
        title={t('cuts.unlockTitle', { cut: cut ?? '' })}
        submitLabel={t('cuts.unlock')}
        submitDisabled={!reason.trim() || !signature.ready}
        busy={unlock.running}
        onClose={() => setOpen(false)}
        onSubmit={async () => {
          if (await unlock.run()) {
            setOpen(false);
            setReason('');
            signature.reset();
            onUnlocked();
          }
        }}
      >
        <p>{t('cuts.unlockExplain')}</p>
        <TextAreaField
          label={t('cuts.reason')}
          value={reason}
          onChange={setReason}
          placeholder={t('cuts.unlockPlaceholder')}
          mark
          autoFocus
        />
        <SignatureFields {...signature.fields} />
        <ErrorNote error={unlock.error} compact />
      </Dialog>
    </div>
  );
}
