import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discrepancy } from '../../../shared/api/discrepancies';
import { call } from '../api/client';
import { useAction } from '../hooks/useAction';
import { Dialog } from './Dialog';
import { ErrorNote } from './ErrorNote';
import { TextAreaField } from './TextAreaField';

export interface QueryTarget {
  subjectId: string;
  form: string;
  recordKey: string;
  field: string;
  /** The fields of the record, to let the user change the field in the dialog. */
  fields?: readonly string[];
}

/** A manual query on any record and field (queries.raise). */
export function RaiseQueryDialog({
  target,
  onClose,
  onRaised,
}: {
  target: QueryTarget | null;
  onClose: () => void;
  onRaised: (d: Discrepancy) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {target && (
        <RaiseQueryForm
          key={`${target.form}|${target.recordKey}|${target.field}`}
          target={target}
          onClose={onClose}
          onRaised={onRaised}
          t={t}
        />
      )}
    </>
  );
}

function RaiseQueryForm({
  target,
  onClose,
  onRaised,
  t,
}: {
  target: QueryTarget;
  onClose: () => void;
  onRaised: (d: Discrepancy) => void;
  t: (key: string, options?: Record<string, unknown>) => string;
}) {
  const [field, setField] = useState(target.field);
  const [message, setMessage] = useState('');
  const raise = useAction(() =>
    call('queries.raise', {
      subjectId: target.subjectId,
      form: target.form,
      recordKey: target.recordKey,
      field,
      message: message.trim(),
    }),
  );

  return (
    <Dialog
      open
      title={t('query.raiseTitle')}
      onClose={onClose}
      submitLabel={t('query.raise')}
      submitDisabled={!message.trim() || !field}
      busy={raise.running}
      onSubmit={async () => {
        const created = await raise.run();
        if (created) onRaised(created);
      }}
    >
      <p className="dialog-context">
        <span>{t('record.subject')}</span> <strong>{target.subjectId}</strong> ·{' '}
        <span>{t('record.form')}</span> <strong>{target.form}</strong> · <span>{t('record.key')}</span>{' '}
        <strong className="mono">{target.recordKey}</strong>
      </p>
      <label className="field">
        <span>{t('record.field')}</span>
        {target.fields && target.fields.length > 0 ? (
          <select value={field} onChange={(e) => setField(e.target.value)}>
            {target.fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        ) : (
          <input value={field} onChange={(e) => setField(e.target.value)} />
        )}
      </label>
      <TextAreaField
        label={t('query.message')}
        value={message}
        onChange={setMessage}
        placeholder={t('query.messagePlaceholder')}
        rows={4}
        autoFocus
      />
      <p className="hint">{t('query.raiseHint')}</p>
      <ErrorNote error={raise.error} compact />
    </Dialog>
  );
}
