import { useTranslation } from 'react-i18next';
import type { ReviewScope, ReviewState } from '../../../../shared/api/review';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';

/**
 * Bulk "mark reviewed" on the Data screen: the rows ticked in the grid, or every record the
 * screen shows (its form, site, subject and review state: one request, one statement in the core).
 */
export function ReviewBar({
  scope,
  state,
  selected,
  total,
  lockedTitle,
  onClear,
  onMarked,
}: {
  scope: Omit<ReviewScope, 'recordIds' | 'state'>;
  state: ReviewState | null;
  selected: readonly number[];
  total: number | null;
  lockedTitle: string | undefined;
  onClear: () => void;
  onMarked: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const mark = useAction(async (which: 'selected' | 'shown') => {
    const result = await call('review.mark', {
      ...scope,
      ...(which === 'selected' ? { recordIds: [...selected] } : state ? { state } : {}),
    });
    onMarked();
    return result;
  });
  const canMarkShown = total !== null && total > 0 && state !== 'reviewed';

  return (
    <div className="review-bar" aria-live="polite" data-testid="review-bar">
      <span className="bulk-count">
        {selected.length === 0 ? (
          <span className="muted">{t('review.hint')}</span>
        ) : (
          <strong>{t('review.selected', { count: selected.length, n: fmt.number(selected.length) })}</strong>
        )}
      </span>
      {selected.length > 0 && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
          {t('review.clear')}
        </button>
      )}
      {mark.result && !mark.running && (
        <span className="small" role="status">
          {mark.result.marked === 0
            ? t('review.nothingToMark')
            : t('review.marked', { count: mark.result.marked, n: fmt.number(mark.result.marked) })}
        </span>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="btn btn-primary"
        disabled={selected.length === 0 || !!lockedTitle || mark.running}
        title={lockedTitle}
        onClick={() => void mark.run('selected')}
      >
        <Icon name="check" size={14} /> {t('review.markSelected')}
      </button>
      {canMarkShown && (
        <button
          type="button"
          className="btn"
          disabled={!!lockedTitle || mark.running}
          title={lockedTitle}
          onClick={() => void mark.run('shown')}
        >
          {t('review.markAllShown', { n: fmt.number(total) })}
        </button>
      )}
      {mark.error && (
        <div className="review-bar-error">
          <ErrorNote error={mark.error} compact />
        </div>
      )}
    </div>
  );
}
