import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { TextAreaField } from '../../components/TextAreaField';
import { useFormat } from '../../hooks/useFormat';
import type { SignatureRequest } from '../../../../shared/api/signatures';
import { SignatureFields, useSignature } from '../../components/SignatureFields';
import { REASON_REQUIRED, type BulkAction } from './bulk-selection';

/**
 * Confirms a move of the selection. Accept asks for the one reason that documents why these are not
 * errors, Reopen for why a decision is undone; Send and Close come with a reason already written (it
 * goes into the audit trail) that the user may change. Send also takes the new message a re-query of
 * answered items needs.
 */
export function BulkDialog({
  action,
  count,
  busy,
  error,
  onClose,
  onConfirm,
}: {
  action: BulkAction;
  count: number;
  busy: boolean;
  error: ApiError | null;
  onClose: () => void;
  onConfirm: (reason: string, message: string | undefined, signature: SignatureRequest | undefined) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [reason, setReason] = useState(
    REASON_REQUIRED.includes(action) ? '' : t(`bulk.${action}ReasonDefault`),
  );
  const [message, setMessage] = useState('');
  // Accepting and closing are signed decisions (a password too on a team study).
  const signed = action === 'accept' || action === 'close';
  const signature = useSignature();
  return (
    <Dialog
      open
      title={t(`bulk.${action}Title`, { count, n: fmt.number(count) })}
      submitLabel={t(`bulk.${action}Confirm`, { count, n: fmt.number(count) })}
      submitDisabled={!reason.trim() || (signed && !signature.ready)}
      busy={busy}
      danger={action === 'accept'}
      onClose={onClose}
      onSubmit={() =>
        onConfirm(reason.trim(), message.trim() || undefined, signed ? signature.request() : undefined)
      }
    >
      <p>{t(`bulk.${action}Explain`)}</p>
      <TextAreaField
        label={t('bulk.reason')}
        value={reason}
        onChange={setReason}
        placeholder={t(`bulk.${action}ReasonPlaceholder`)}
        mark
        required
        autoFocus
      />
      {action === 'send' && (
        <TextAreaField
          label={t('bulk.message')}
          value={message}
          onChange={setMessage}
          placeholder={t('bulk.messagePlaceholder')}
          rows={2}
        />
      )}
      {signed && <SignatureFields {...signature.fields} />}
      <p className="hint">{t('dialog.submitHint')}</p>
      <ErrorNote error={error} compact />
    </Dialog>
  );
}
