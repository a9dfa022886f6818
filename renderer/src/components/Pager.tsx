import { useTranslation } from 'react-i18next';
import { useFormat } from '../hooks/useFormat';

/** Previous / next through a paged list, saying which rows are shown of how many. */
export function Pager({
  offset,
  limit,
  total,
  onOffset,
}: {
  offset: number;
  limit: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (total <= limit && offset === 0) return null;
  const last = Math.min(total, offset + limit);
  return (
    <div className="pager">
      <span className="muted small">
        {t('pager.showing', {
          from: fmt.number(total ? offset + 1 : 0),
          to: fmt.number(last),
          total: fmt.number(total),
        })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={offset === 0}
        onClick={() => onOffset(Math.max(0, offset - limit))}
      >
        {t('pager.previous')}
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={last >= total}
        onClick={() => onOffset(offset + limit)}
      >
        {t('pager.next')}
      </button>
    </div>
  );
}
