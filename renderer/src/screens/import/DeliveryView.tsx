import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchItem } from '../../../../shared/api/imports';
import { useFormat } from '../../hooks/useFormat';
import { baseName } from '../../lib/paths';
import { PreviewView } from './PreviewView';

type Counts = { new: number; changed: number; deleted: number };

function countsOf(item: BatchItem): Counts | null {
  if ('error' in item) return null;
  const total = { new: 0, changed: 0, deleted: 0 };
  for (const c of Object.values(item.forms)) {
    total.new += c.new;
    total.changed += c.changed;
    total.deleted += c.deleted;
  }
  return total;
}

/**
 * A delivery of many site exports, one row each in the order they load: what each would change
 * (or changed), its warnings, and the reason one cannot load. `committed` once saved. A row opens
 * on the export's whole preview (rows per form, changed values, warnings, files), as one export's.
 */
export function DeliveryView({ items, committed }: { items: readonly BatchItem[]; committed: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [open, setOpen] = useState<string | null>(null);
  const delta = (n: number, kind: 'new' | 'changed' | 'deleted', sign: string) =>
    n ? (
      <span className={`delta delta-${kind}`}>{`${sign}${fmt.number(n)}`}</span>
    ) : (
      <span className="muted">0</span>
    );

  return (
    <table className="table table-compact delivery" data-testid="delivery">
      <thead>
        <tr>
          <th>{t('import.siteExport')}</th>
          <th>{t('columns.siteId')}</th>
          <th>{t('import.exportDate')}</th>
          {committed && <th className="num">{t('import.importId')}</th>}
          <th className="num">{t('import.new')}</th>
          <th className="num">{t('import.changed')}</th>
          <th className="num">{t('import.deleted')}</th>
          <th className="num">{t('import.warningsColumn')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const counts = countsOf(item);
          const name = <span className="mono">{baseName(item.path)}</span>;
          if ('error' in item || counts === null)
            return (
              <tr key={item.path} className="delivery-failed">
                <th scope="row" title={item.path}>
                  {name}
                </th>
                <td colSpan={committed ? 7 : 6} className="error-text">
                  {t(committed ? 'import.notLoaded' : 'import.cannotLoad')}:{' '}
                  {'error' in item ? item.error : ''}
                </td>
              </tr>
            );
          const isOpen = open === item.path;
          return (
            <Fragment key={item.path}>
              <tr className={isOpen ? 'row-open' : undefined}>
                <th scope="row" title={item.path}>
                  <button
                    type="button"
                    className="btn btn-ghost btn-tiny"
                    aria-expanded={isOpen}
                    title={t('import.deliveryDetails')}
                    onClick={() => setOpen(isOpen ? null : item.path)}
                  >
                    {isOpen ? '▾' : '▸'} {name}
                  </button>
                </th>
                <td>
                  <strong>{item.siteId}</strong>
                </td>
                <td>{fmt.date(item.exportDate)}</td>
                {committed && <td className="num">#{item.importId}</td>}
                <td className="num">{delta(counts.new, 'new', '+')}</td>
                <td className="num">{delta(counts.changed, 'changed', '~')}</td>
                <td className="num">{delta(counts.deleted, 'deleted', '−')}</td>
                <td className="num">
                  {item.warningCount ? fmt.number(item.warningCount) : <span className="muted">0</span>}
                </td>
              </tr>
              {isOpen && (
                <tr className="row-detail">
                  <td colSpan={committed ? 8 : 7}>
                    <PreviewView report={item} />
                  </td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
}
