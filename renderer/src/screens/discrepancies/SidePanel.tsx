import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Discrepancy, DiscrepancyDetail } from '../../../../shared/api/discrepancies';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { Loading } from '../../components/Loading';
import { useLockedTitle } from '../../components/LockedNote';
import { RaiseQueryDialog, type QueryTarget } from '../../components/RaiseQueryDialog';
import { RecordView } from '../../components/RecordView';
import { SeverityBadge, StatusBadge } from '../../components/StatusBadge';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { useLanguage } from '../../hooks/useLanguage';
import { BULK_TARGET, type BulkAction } from './bulk-selection';

/** The focused discrepancy: its record with raw and standardised values and provenance, what the check looked at, its history and queries. */
export function SidePanel({
  id,
  refreshKey,
  onClose,
  onAction,
  onRaised,
}: {
  id: number;
  refreshKey: number;
  onClose: () => void;
  onAction: (action: BulkAction, ids: number[]) => void;
  onRaised: (d: Discrepancy) => void;
}) {
  const { t } = useTranslation();
  const language = useLanguage();
  const detail = useApi('discrepancies.get', { id, language }, { refreshKey });
  const lockedTitle = useLockedTitle();
  const [queryTarget, setQueryTarget] = useState<QueryTarget | null>(null);
  const data = detail.data?.discrepancy.id === id ? detail.data : undefined;

  return (
    <aside className="side-panel" aria-label={t('panel.label')} data-testid="side-panel">
      <div className="side-panel-header">
        <h2>
          {t('panel.title', { id })} {data && <StatusBadge status={data.discrepancy.status} />}
        </h2>
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={onClose}
          title={t('panel.closePanelHint')}
        >
          <Icon name="close" size={14} />
          <span className="visually-hidden">{t('panel.close')}</span> <Kbd>Esc</Kbd>
        </button>
      </div>
      <ErrorNote error={detail.error} onRetry={detail.reload} />
      {!data && detail.loading && <Loading />}
      {data && (
        <PanelBody
          detail={data}
          lockedTitle={lockedTitle}
          onAction={onAction}
          onRaise={(field) =>
            data.record &&
            setQueryTarget({
              subjectId: data.record.subjectId,
              form: data.record.form,
              recordKey: data.record.recordKey,
              field,
              fields: data.record.fields.filter((f) => !f.derived).map((f) => f.name),
            })
          }
          onRaiseDiscrepancy={() =>
            setQueryTarget({
              subjectId: data.discrepancy.subjectId,
              form: data.discrepancy.form,
              recordKey: data.discrepancy.recordKey,
              field: data.discrepancy.field,
              fields: data.record?.fields.filter((f) => !f.derived).map((f) => f.name),
            })
          }
        />
      )}
      <RaiseQueryDialog
        target={queryTarget}
        onClose={() => setQueryTarget(null)}
        onRaised={(d) => {
          setQueryTarget(null);
          onRaised(d);
        }}
      />
    </aside>
  );
}

function PanelBody({
  detail,
  lockedTitle,
  onAction,
  onRaise,
  onRaiseDiscrepancy,
}: {
  detail: DiscrepancyDetail;
  lockedTitle: string | undefined;
  onAction: (action: BulkAction, ids: number[]) => void;
  onRaise: (field: string) => void;
  onRaiseDiscrepancy: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const d = detail.discrepancy;

  return (
    <div className="side-panel-body">
      <section className="panel-section">
        <p className="panel-message">{d.message}</p>
        <dl className="kv">
          <dt>{t('columns.checkId')}</dt>
          <dd className="mono">
            {d.checkId} {d.manual && <span className="tag">{t('panel.manual')}</span>}
          </dd>
          <dt>{t('columns.severity')}</dt>
          <dd>
            <SeverityBadge severity={d.severity} />
          </dd>
          <dt>{t('columns.subjectId')}</dt>
          <dd>
            <Link to={`/subjects/${encodeURIComponent(d.subjectId)}`}>{d.subjectId}</Link> · {d.siteId}
          </dd>
          <dt>{t('columns.field')}</dt>
          <dd className="mono">
            {d.form}.{d.field}
          </dd>
          <dt>{t('columns.value')}</dt>
          <dd className="mono">{d.value ?? <span className="muted">—</span>}</dd>
          <dt>{t('columns.firstFound')}</dt>
          <dd>
            {fmt.dateTime(d.firstFound)} · {t('panel.lastFound', { date: fmt.dateTime(d.lastFound) })}
          </dd>
          {d.queryId && (
            <>
              <dt>{t('columns.queryId')}</dt>
              <dd className="mono">{d.queryId}</dd>
            </>
          )}
        </dl>
        <div className="panel-actions">
          {(['send', 'accept', 'close', 'reopen'] as const).map((a) => (
            <button
              key={a}
              type="button"
              className="btn btn-small"
              data-testid={`panel-${a}`}
              disabled={!!lockedTitle || !detail.moves.includes(BULK_TARGET[a])}
              title={lockedTitle ?? t(`panel.${a}Hint`)}
              onClick={() => onAction(a, [d.id])}
            >
              {t(`bulk.${a}`)}
            </button>
          ))}
          <button
            type="button"
            className="btn btn-small"
            disabled={!!lockedTitle}
            title={lockedTitle}
            onClick={onRaiseDiscrepancy}
          >
            <Icon name="queries" size={14} /> {t('query.raise')}
          </button>
        </div>
      </section>

      <section className="panel-section">
        <h3>{t('panel.record')}</h3>
        {detail.record ? (
          <RecordView
            record={detail.record}
            highlightField={d.field}
            onRaise={onRaise}
            raiseDisabledTitle={lockedTitle}
          />
        ) : (
          <p className="muted">{t('panel.noRecord')}</p>
        )}
      </section>

      <section className="panel-section">
        <h3>{t('panel.related', { count: detail.related.length })}</h3>
        {detail.related.length === 0 ? (
          <p className="muted">{t('panel.noRelated')}</p>
        ) : (
          <ul className="related-list">
            {detail.related.map((r) => (
              <li key={`${r.form}-${r.recordId}`}>
                <Link
                  to={`/data?form=${encodeURIComponent(r.form)}&subject=${encodeURIComponent(d.subjectId)}&record=${r.recordId}`}
                >
                  <span className="tag">{r.form}</span> <span className="mono">{r.recordKey}</span>
                </Link>
                <div className="muted small mono">{r.summary}</div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel-section">
        <h3>{t('panel.queries', { count: detail.queries.length })}</h3>
        {detail.queries.length === 0 ? (
          <p className="muted">{t('panel.noQueries')}</p>
        ) : (
          <ol className="timeline-list">
            {detail.queries.map((q) => (
              <li key={q.queryId}>
                <div>
                  <strong className="mono">{q.queryId}</strong> · {t('panel.round', { n: q.round })} ·{' '}
                  <span className="muted">{fmt.dateTime(q.createdAt)}</span>{' '}
                  <span className="muted">({q.createdBy})</span>
                </div>
                <blockquote>{q.message}</blockquote>
                <div className="small muted">
                  {q.sentAt
                    ? t('panel.sentOn', { date: fmt.dateTime(q.sentAt), file: q.sentFile ?? '' })
                    : t('panel.notSent')}
                </div>
                {q.answer !== null && (
                  <div className="answer">
                    <Icon name="reply" size={12} /> <strong>{t('panel.answer')}</strong> {q.answer}{' '}
                    <span className="small muted">{fmt.dateTime(q.answeredAt)}</span>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="panel-section">
        <h3>{t('panel.history', { count: detail.history.length })}</h3>
        <ol className="timeline-list">
          {detail.history.map((h, i) => (
            <li key={i}>
              <span className="muted">{fmt.dateTime(h.at)}</span> <strong>{h.user}</strong> ·{' '}
              {t(`panel.action.${h.action}`, { defaultValue: h.action })}
              {h.from !== h.to && (h.from || h.to) && (
                <span>
                  {' '}
                  {h.from ? <StatusBadge status={h.from} /> : null} →{' '}
                  {h.to ? <StatusBadge status={h.to} /> : null}
                </span>
              )}
              {h.reason && <div className="small">{t('panel.reason', { reason: h.reason })}</div>}
              {h.message && <blockquote>{h.message}</blockquote>}
              {h.value !== null && (
                <div className="small muted">
                  {t('panel.valueThen')} <span className="mono">{h.value}</span>
                </div>
              )}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
