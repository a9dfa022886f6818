import { useTranslation } from 'react-i18next';
import type { CodingQueuePage, CodingQueueRow } from '../../../../shared/api/coding';
import { describeCoding } from '../../../../shared/api/coding';
import { Loading } from '../../components/Loading';
import { Pager } from '../../components/Pager';
import { useFormat } from '../../hooks/useFormat';

export const rowKey = (r: CodingQueueRow) => `${r.form}:${r.recordId}`;

/** The queue's records, repeats of a verbatim side by side; a checkbox a row to code many at once. */
export function CodingQueue({
  page,
  loading,
  offset,
  limit,
  onOffset,
  selected,
  onSelect,
  onQuery,
  overdueDays,
}: {
  page: CodingQueuePage | undefined;
  loading: boolean;
  offset: number;
  limit: number;
  onOffset: (offset: number) => void;
  selected: Map<string, CodingQueueRow>;
  onSelect: (next: Map<string, CodingQueueRow>) => void;
  onQuery: (row: CodingQueueRow) => void;
  overdueDays: number;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!page) return loading ? <Loading /> : null;
  if (page.total === 0) return <p className="muted">{t('coding.queueEmpty')}</p>;
  const toggle = (rows: CodingQueueRow[], on: boolean) => {
    const next = new Map(selected);
    for (const r of rows) {
      if (on) next.set(rowKey(r), r);
      else next.delete(rowKey(r));
    }
    onSelect(next);
  };
  const allOn = page.rows.every((r) => selected.has(rowKey(r)));
  return (
    <>
      <table className="table table-compact table-hover coding-queue" data-testid="coding-queue">
        <thead>
          <tr>
            <th>
              <input
                type="checkbox"
                checked={allOn}
                onChange={(e) => toggle(page.rows, e.target.checked)}
                aria-label={t('coding.selectPage')}
              />
            </th>
            <th>{t('coding.verbatim')}</th>
            <th>{t('record.subject')}</th>
            <th>{t('record.key')}</th>
            <th>{t('coding.siteTerm')}</th>
            <th>{page.rows[0]?.status === 'CODED' ? t('coding.codedAs') : t('coding.waitingDays')}</th>
            <th className="num">{t('coding.same')}</th>
            <th>{t('coding.note')}</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((r) => {
            const on = selected.has(rowKey(r));
            return (
              <tr key={rowKey(r)} className={on ? 'row-highlight' : undefined} data-testid="coding-row">
                <td>
                  <input
                    type="checkbox"
                    checked={on}
                    onChange={(e) => toggle([r], e.target.checked)}
                    aria-label={t('coding.selectRow', { verbatim: r.verbatim, record: r.recordKey })}
                  />
                </td>
                <td className="coding-verbatim" onClick={() => toggle([r], !on)}>
                  <span className="tag">{r.form}</span> {r.verbatim}
                </td>
                <td>{r.subjectId}</td>
                <td className="mono small">{r.recordKey}</td>
                <td className="muted">{r.siteTerm ?? ''}</td>
                <td>
                  {r.coded ? (
                    <span className="small">
                      {describeCoding(r.coded)}{' '}
                      <span className="muted">({t(`coding.method_${r.method}`)})</span>
                    </span>
                  ) : (
                    <span className={r.waitingDays > overdueDays ? 'coding-overdue' : undefined}>
                      {fmt.number(r.waitingDays)}
                    </span>
                  )}
                </td>
                <td className="num">{r.status === 'WAITING' ? fmt.number(r.sameVerbatim) : ''}</td>
                <td className="small">
                  {r.reason && (
                    <span className="muted">
                      {t(`coding.reason_${r.reason.kind}`, {
                        terms: r.reason.terms,
                        version: r.reason.version ?? '',
                      })}{' '}
                    </span>
                  )}
                  {r.queryStatus ? (
                    <span className="tag">
                      {t('coding.queryStatus', { status: t(`status.${r.queryStatus}`) })}
                    </span>
                  ) : (
                    r.status === 'WAITING' && (
                      <button type="button" className="btn btn-tiny" onClick={() => onQuery(r)}>
                        {t('coding.askSite')}
                      </button>
                    )
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <Pager offset={offset} limit={limit} total={page.total} onOffset={onOffset} />
    </>
  );
}
