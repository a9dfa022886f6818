import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportHistoryItem } from '../../../../shared/api/imports';
import { EmptyState } from '../../components/EmptyState';
import { useFormat } from '../../hooks/useFormat';
import { NumberDatesNote } from './NumberDates';
import { IssueList, historyRows } from './PreviewView';

const hasNumberDates = (item: ImportHistoryItem) =>
  item.files.some((f) => f.numberDates.serial + f.numberDates.year + f.numberDates.yyyymmdd > 0);

/** Every import so far, newest first: site, export date, files, rows per form, warnings, who, when. */
export function ImportHistory({ items }: { items: readonly ImportHistoryItem[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState<number | null>(null);
  if (items.length === 0) return <EmptyState icon="import" title={t('import.noHistory')} />;
  const sorted = [...items].sort((a, b) => b.importId - a.importId);
  return (
    <table className="table" data-testid="import-history">
      <thead>
        <tr>
          <th className="num">#</th>
          <th>{t('columns.siteId')}</th>
          <th>{t('import.exportDate')}</th>
          <th>{t('import.formsRows')}</th>
          <th className="num">{t('import.files')}</th>
          <th className="num">{t('import.warningsCol')}</th>
          <th>{t('import.by')}</th>
          <th>{t('import.at')}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((item) => (
          <Fragment key={item.importId}>
            <tr className={open === item.importId ? 'row-open' : undefined}>
              <td className="num">{item.importId}</td>
              <td>{item.siteId}</td>
              <td>{fmt.date(item.exportDate)}</td>
              <td className="small">
                {Object.entries(item.forms)
                  .map(([f, c]) => `${f} ${fmt.number(c.rows)}`)
                  .join(' · ')}{' '}
                <span className="muted">({fmt.number(historyRows(item))})</span>
              </td>
              <td className="num">{fmt.number(item.files.length)}</td>
              <td className="num">
                {item.warningCount + item.errorCount > 0 || hasNumberDates(item) ? (
                  <button
                    type="button"
                    className="btn btn-ghost btn-tiny"
                    aria-expanded={open === item.importId}
                    onClick={() => setOpen(open === item.importId ? null : item.importId)}
                  >
                    {item.errorCount > 0 && (
                      <span className="tag tag-error">{t('import.nErrors', { count: item.errorCount })}</span>
                    )}{' '}
                    {fmt.number(item.warningCount)} ▾
                  </button>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td>{item.importedBy}</td>
              <td>{fmt.dateTime(item.importedAt)}</td>
            </tr>
            {open === item.importId && (
              <tr className="row-detail">
                <td colSpan={8}>
                  <NumberDatesNote files={item.files} />
                  <IssueList issues={item.warnings} count={item.warningCount + item.errorCount} />
                  <p className="small muted mono">{item.source}</p>
                </td>
              </tr>
            )}
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
