import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { Loading } from '../../components/Loading';
import { useLockedTitle } from '../../components/LockedNote';
import { RaiseQueryDialog, type QueryTarget } from '../../components/RaiseQueryDialog';
import { RecordView } from '../../components/RecordView';
import { useApi } from '../../hooks/useApi';
import { useLanguage } from '../../hooks/useLanguage';
import { discrepanciesHref } from '../../lib/discrepancy-filters';
import { ReviewPanel } from './ReviewPanel';

/** One record (data.record): raw and standardised values, file and line, history; a query on any field. */
export function RecordPanel({
  form,
  recordId,
  onClose,
  onReviewed,
}: {
  form: string;
  recordId: number;
  onClose: () => void;
  /** The reader marked or unmarked the record: the grid shows its new state. */
  onReviewed?: () => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const record = useApi('data.record', { form, recordId, language });
  const review = useApi('review.record', { form, recordId });
  const lockedTitle = useLockedTitle();
  const [target, setTarget] = useState<QueryTarget | null>(null);
  const [raised, setRaised] = useState<{ id: number; queryId: string | null; subjectId: string } | null>(
    null,
  );
  const r = record.data?.recordId === recordId && record.data.form === form ? record.data : undefined;
  const reviewed =
    review.data?.recordId === recordId && review.data.form === form && r ? review.data : undefined;

  return (
    <aside className="side-panel" aria-label={t('data.recordPanel')} data-testid="record-panel">
      <div className="side-panel-header">
        <h2>
          {form} · <span className="mono">{r?.recordKey ?? recordId}</span>
        </h2>
        <button type="button" className="btn btn-ghost btn-small" onClick={onClose}>
          <Icon name="close" size={14} />
          <span className="visually-hidden">{t('panel.close')}</span> <Kbd>Esc</Kbd>
        </button>
      </div>
      <ErrorNote error={record.error} onRetry={record.reload} />
      {!r && record.loading && <Loading />}
      {raised && (
        <Note kind="success">
          {t('query.raised', { id: raised.queryId ?? raised.id })}{' '}
          <a href={discrepanciesHref({ subject: [raised.subjectId] }, raised.id)}>
            {t('data.openDiscrepancy')}
          </a>
        </Note>
      )}
      {r && (
        <div className="side-panel-body">
          <div className="panel-actions">
            <button
              type="button"
              className="btn btn-small"
              disabled={!!lockedTitle}
              title={lockedTitle}
              onClick={() =>
                setTarget({
                  subjectId: r.subjectId,
                  form: r.form,
                  recordKey: r.recordKey,
                  field: r.fields[0]?.name ?? '',
                  fields: r.fields.filter((f) => !f.derived).map((f) => f.name),
                })
              }
            >
              <Icon name="queries" size={14} /> {t('query.raise')}
            </button>
            <a className="btn btn-small" href={discrepanciesHref({ subject: [r.subjectId], form: [r.form] })}>
              {t('data.discrepanciesOfSubject')}
            </a>
          </div>
          {reviewed && (
            <ReviewPanel
              form={r.form}
              recordId={r.recordId}
              review={reviewed}
              deleted={r.deleted}
              lockedTitle={lockedTitle}
              onChanged={() => {
                review.reload();
                onReviewed?.();
              }}
            />
          )}
          <ErrorNote error={review.error} onRetry={review.reload} compact />
          <RecordView
            record={r}
            changes={reviewed?.changed}
            raiseDisabledTitle={lockedTitle}
            onRaise={(field) =>
              setTarget({
                subjectId: r.subjectId,
                form: r.form,
                recordKey: r.recordKey,
                field,
                fields: r.fields.filter((f) => !f.derived).map((f) => f.name),
              })
            }
          />
        </div>
      )}
      <RaiseQueryDialog
        target={target}
        onClose={() => setTarget(null)}
        onRaised={(d) => {
          setTarget(null);
          setRaised({ id: d.id, queryId: d.queryId, subjectId: d.subjectId });
        }}
      />
    </aside>
  );
}
