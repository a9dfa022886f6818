import { useTranslation } from 'react-i18next';
import type { ReviewRecord } from '../../../../shared/api/review';
import { call } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { ReviewBadge } from '../../components/ReviewBadge';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';

/** One record's review: the reader's state, mark or unmark it, and who else reviewed it. */
export function ReviewPanel({
  form,
  recordId,
  review,
  deleted,
  lockedTitle,
  onChanged,
}: {
  form: string;
  recordId: number;
  review: ReviewRecord;
  deleted: boolean;
  lockedTitle: string | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const mark = useAction(async (marked: boolean) => {
    await call(marked ? 'review.mark' : 'review.unmark', { form, recordIds: [recordId] });
    onChanged();
  });
  const mine = review.marks.find((m) => m.user === review.user);
  const others = review.marks.filter((m) => m.user !== review.user);
  const explain = deleted ? t('review.deletedExplain') : t(`review.${review.state}Explain`);

  return (
    <section className="review-panel" aria-label={t('review.yours')} data-testid="review-panel">
      <div className="review-panel-head">
        <strong>{t('review.yours')}</strong>
        {!deleted && <ReviewBadge state={review.state} />}
        <span className="spacer" />
        {!deleted && review.state !== 'reviewed' && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={!!lockedTitle || mark.running}
            title={lockedTitle}
            onClick={() => void mark.run(true)}
          >
            <Icon name="check" size={14} /> {t('review.markRecord')}
          </button>
        )}
        {mine && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={!!lockedTitle || mark.running}
            title={lockedTitle}
            onClick={() => void mark.run(false)}
          >
            {t('review.unmarkRecord')}
          </button>
        )}
      </div>
      <span className="small muted">{explain}</span>
      {review.changed.length > 0 && (
        <span className="small">{t('review.changedFields', { count: review.changed.length })}</span>
      )}
      <ErrorNote error={mark.error} compact />
      <div className="small">
        <span className="muted">{t('review.marks')}: </span>
        {review.marks.length === 0 ? (
          <span className="muted">{t('review.noMarks')}</span>
        ) : (
          [...(mine ? [mine] : []), ...others].map((m, i) => (
            <span key={m.user} className={m.current ? undefined : 'muted'} data-mark={m.user}>
              {i > 0 ? '; ' : ''}
              {t(m.current ? 'review.markCurrent' : 'review.markStale', {
                user: m.user,
                date: fmt.dateTime(m.at),
              })}
            </span>
          ))
        )}
      </div>
    </section>
  );
}
