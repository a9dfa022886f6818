import { useTranslation } from 'react-i18next';
import type {
  ImportHistoryItem,
  ImportIssue,
  ImportPreview,
  ImportReport,
} from '../../../../shared/api/imports';
import { useFormat } from '../../hooks/useFormat';
import { baseName } from '../../lib/paths';
import { NumberDatesNote, useNumberDatesText } from './NumberDates';
import { TableHead } from '../../components/TableHead';

/** What an import would do (or did): per form new / changed / deleted, the changed values, warnings, unknown columns. */
export function PreviewView({ report }: { report: ImportPreview | ImportReport }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const numberDatesText = useNumberDatesText();
  const forms = Object.entries(report.forms);
  const totals = forms.reduce(
    (s, [, c]) => ({
      rows: s.rows + c.rows,
      new: s.new + c.new,
      changed: s.changed + c.changed,
      deleted: s.deleted + c.deleted,
    }),
    {
      rows: 0,
      new: 0,
      changed: 0,
      deleted: 0,
    },
  );

  return (
    <div className="preview" data-testid="import-preview">
      <dl className="kv kv-inline">
        <dt>{t('columns.siteId')}</dt>
        <dd>
          <strong>{report.siteId}</strong>
        </dd>
        <dt>{t('import.exportDate')}</dt>
        <dd>
          <strong>{fmt.date(report.exportDate)}</strong>{' '}
          <span className="muted">({t(`import.dateSource.${report.exportDateSource}`)})</span>
        </dd>
        <dt>{t('import.files')}</dt>
        <dd>{fmt.number(report.files.length)}</dd>
      </dl>

      <table className="table table-compact">
        <TableHead
          columns={[
            t('columns.form'),
            `#${t('import.rows')}`,
            `#${t('import.new')}`,
            `#${t('import.changed')}`,
            `#${t('import.deleted')}`,
          ]}
        />
        <tbody>
          {forms.map(([form, c]) => (
            <tr key={form}>
              <th scope="row">{form}</th>
              <td className="num">{fmt.number(c.rows)}</td>
              <td className="num">
                {c.new ? (
                  <span className="delta delta-new">+{fmt.number(c.new)}</span>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td className="num">
                {c.changed ? (
                  <span className="delta delta-changed">~{fmt.number(c.changed)}</span>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td className="num">
                {c.deleted ? (
                  <span className="delta delta-deleted">−{fmt.number(c.deleted)}</span>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('import.total')}</th>
            <td className="num">{fmt.number(totals.rows)}</td>
            <td className="num">{fmt.number(totals.new)}</td>
            <td className="num">{fmt.number(totals.changed)}</td>
            <td className="num">{fmt.number(totals.deleted)}</td>
          </tr>
        </tfoot>
      </table>

      {report.changedValues.length > 0 && (
        <details className="disclosure" open={report.changedValues.length <= 50}>
          <summary>
            {t('import.changedValues', {
              count: report.changedValueCount,
              n: fmt.number(report.changedValueCount),
            })}
            {report.changedValueCount > report.changedValues.length && (
              <span className="muted">
                {' '}
                · {t('import.capped', { n: fmt.number(report.changedValues.length) })}
              </span>
            )}
          </summary>
          <div className="scroll-box">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>{t('columns.form')}</th>
                  <th>{t('columns.subjectId')}</th>
                  <th>{t('columns.recordKey')}</th>
                  <th>{t('columns.field')}</th>
                  <th>{t('import.oldValue')}</th>
                  <th>{t('import.newValue')}</th>
                </tr>
              </thead>
              <tbody>
                {report.changedValues.map((c, i) => (
                  <tr key={i}>
                    <td>{c.form}</td>
                    <td className="mono">{c.subjectId}</td>
                    <td className="mono">{c.recordKey}</td>
                    <td className="mono">{c.field}</td>
                    <td className="mono">
                      {c.old === null ? <span className="muted">—</span> : <del>{c.old}</del>}
                    </td>
                    <td className="mono">
                      {c.new === null ? <span className="muted">—</span> : <ins>{c.new}</ins>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}

      <NumberDatesNote files={report.files} />

      {report.unknownColumns.length > 0 && (
        <details className="disclosure">
          <summary>{t('import.unknownColumns', { count: report.unknownColumns.length })}</summary>
          <ul className="plain-list">
            {report.unknownColumns.map((u, i) => (
              <li key={i}>
                <span className="mono">{u.column}</span> · {u.form} ·{' '}
                <span className="muted mono">{u.file}</span>
              </li>
            ))}
          </ul>
        </details>
      )}

      <IssueList issues={report.warnings} count={report.warningCount} />

      <details className="disclosure">
        <summary>{t('import.fileList', { count: report.files.length })}</summary>
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('import.file')}</th>
              <th>{t('columns.form')}</th>
              <th>{t('import.encoding')}</th>
              <th className="num">{t('import.rows')}</th>
              <th>{t('import.numberDates.column')}</th>
            </tr>
          </thead>
          <tbody>
            {report.files.map((f, i) => (
              <tr key={i}>
                <td className="mono" title={f.sha256}>
                  {f.path}
                  {f.sheet ? ` [${f.sheet}]` : ''}
                </td>
                <td>{f.form}</td>
                <td>{f.encoding ?? '—'}</td>
                <td className="num">{fmt.number(f.rows)}</td>
                <td className="small">{numberDatesText(f.numberDates) || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}

export function IssueList({ issues, count }: { issues: readonly ImportIssue[]; count: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (count === 0) return <p className="muted small">{t('import.noWarnings')}</p>;
  return (
    <details className="disclosure" open={count <= 20}>
      <summary>
        {t('import.warnings', { count, n: fmt.number(count) })}
        {count > issues.length && (
          <span className="muted"> · {t('import.capped', { n: fmt.number(issues.length) })}</span>
        )}
      </summary>
      <ul className="issues">
        {issues.map((w, i) => (
          <li key={i} className={`issue issue-${w.level}`}>
            <span className="issue-level">{t(`import.level.${w.level}`)}</span>
            <span className="issue-where mono" title={w.file ?? undefined}>
              {[
                w.file ? baseName(w.file) : null,
                w.sheet,
                w.form,
                w.line !== null ? `${t('record.line')} ${w.line}` : null,
                w.column,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
            <span>{w.message}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

export function historyRows(item: ImportHistoryItem): number {
  return Object.values(item.forms).reduce((n, c) => n + c.rows, 0);
}
