import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordDetail } from '../../../shared/api/data';
import type { ReviewChange } from '../../../shared/api/review';
import { shownValue } from '../lib/review';
import { useFormat } from '../hooks/useFormat';
import { baseName } from '../lib/paths';
import { Icon } from './Icon';

/**
 * One record with its provenance: each field as the site wrote it beside its standardised value,
 * the file and line it came from, and its history across imports. `onRaise` offers a query on a
 * field; `changes` (since the reader's review) are highlighted with the value reviewed.
 */
export function RecordView({
  record,
  highlightField,
  onRaise,
  raiseDisabledTitle,
  changes,
}: {
  record: RecordDetail;
  highlightField?: string | null;
  onRaise?: (field: string) => void;
  raiseDisabledTitle?: string;
  changes?: readonly ReviewChange[];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [showHistory, setShowHistory] = useState(true);
  // The file name reads at a glance; the full path (a temporary upload folder in browser mode) is in the tooltip.
  const location = [
    baseName(record.file),
    record.sheet ? `${t('record.sheet')} ${record.sheet}` : null,
    `${t('record.line')} ${record.line}`,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <div className="record">
      <dl className="record-meta">
        <div>
          <dt>{t('record.form')}</dt>
          <dd>{record.form}</dd>
        </div>
        <div>
          <dt>{t('record.key')}</dt>
          <dd className="mono">{record.recordKey}</dd>
        </div>
        <div>
          <dt>{t('record.subject')}</dt>
          <dd>
            {record.subjectId} · {record.siteId}
          </dd>
        </div>
        <div className="record-source">
          <dt>{t('record.source')}</dt>
          <dd title={record.file}>
            <Icon name="file" size={12} /> <span className="mono">{location}</span> ·{' '}
            {t('record.import', { id: record.importId })}
          </dd>
        </div>
      </dl>
      {record.deleted && <p className="tag tag-deleted">{t('record.deleted')}</p>}
      <table className="table table-compact record-fields">
        <thead>
          <tr>
            <th>{t('record.field')}</th>
            <th>{t('record.raw')}</th>
            <th>{t('record.standardised')}</th>
            {onRaise && <th aria-label={t('query.raise')} />}
          </tr>
        </thead>
        <tbody>
          {record.fields.map((f) => {
            const change = changes?.find((c) => c.field === f.name);
            return (
              <tr
                key={f.name}
                className={f.name === highlightField ? 'row-highlight' : change ? 'row-changed' : undefined}
                data-changed={change ? 'true' : undefined}
              >
                <th scope="row" title={f.label}>
                  <span className="mono">{f.name}</span>
                  {f.issue && (
                    <span className="field-issue" title={f.issue}>
                      <Icon name="warning" size={12} />
                      <span className="visually-hidden">{f.issue}</span>
                    </span>
                  )}
                </th>
                <td className="mono raw">{f.raw ?? <span className="muted">—</span>}</td>
                <td className="mono">
                  {f.value === null ? <span className="muted">—</span> : String(f.value)}
                  {change && (
                    <span className="was" title={t('review.before', { value: shownValue(change.old) })}>
                      {t('review.previous')} <del>{shownValue(change.old)}</del>
                    </span>
                  )}
                </td>
                {onRaise && f.derived && <td />}
                {onRaise && !f.derived && (
                  <td className="cell-action">
                    <button
                      type="button"
                      className="btn btn-ghost btn-tiny"
                      onClick={() => onRaise(f.name)}
                      disabled={!!raiseDisabledTitle}
                      title={raiseDisabledTitle ?? t('query.raiseOn', { field: f.name })}
                    >
                      <Icon name="queries" size={12} />
                      <span className="visually-hidden">{t('query.raiseOn', { field: f.name })}</span>
                    </button>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
      {record.extra.length > 0 && (
        <details className="record-extra">
          <summary>{t('record.extraColumns', { count: record.extra.length })}</summary>
          <table className="table table-compact">
            <tbody>
              {record.extra.map(([name, value]) => (
                <tr key={name}>
                  <th scope="row" className="mono">
                    {name}
                  </th>
                  <td className="mono">{value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <div className="record-history">
        <button
          type="button"
          className="btn btn-ghost btn-small"
          onClick={() => setShowHistory((v) => !v)}
          aria-expanded={showHistory}
        >
          {t('record.history', { count: record.history.length })}
        </button>
        {showHistory && (
          <ol className="timeline-list">
            {record.history.map((h, i) => (
              <li key={i}>
                <span className="muted">{fmt.dateTime(h.importedAt)}</span>{' '}
                <strong>{t(`record.change.${h.change}`, { defaultValue: h.change })}</strong>{' '}
                <span className="muted">
                  {t('record.importOf', { id: h.importId, date: fmt.date(h.exportDate) })}
                </span>
                {h.field && (
                  <div className="change">
                    <span className="mono">{h.field}</span>: <del className="mono">{h.oldRaw ?? '—'}</del> →{' '}
                    <ins className="mono">{h.newRaw ?? '—'}</ins>
                  </div>
                )}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
