import { useTranslation } from 'react-i18next';
import type { ReviewState } from '../../../shared/api/review';
import { Icon, type IconName } from './Icon';

const ICONS: Readonly<Record<ReviewState, IconName>> = {
  reviewed: 'check',
  changed: 'refresh',
  new: 'dot',
  unreviewed: 'info',
};

/** A record's state in the reader's review: its own shape and colour, and always its word. */
export function ReviewBadge({ state }: { state: ReviewState }) {
  const { t } = useTranslation();
  return (
    <span className={`review review-${state}`} data-review={state}>
      <Icon name={ICONS[state]} size={11} />
      <span>{t(`review.short.${state}`)}</span>
    </span>
  );
}
