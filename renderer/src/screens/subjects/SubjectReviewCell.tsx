import { Link } from 'react-router';
import type { ReviewCounts } from '../../../../shared/api/review';
import { ReviewBadge } from '../../components/ReviewBadge';
import { useFormat } from '../../hooks/useFormat';

/**
 * A subject's review at a glance: how many records changed, are new or were never reviewed (each a
 * link to the subject's profile), or "reviewed" when everything is.
 */
export function SubjectReviewCell({ subjectId, counts }: { subjectId: string; counts: ReviewCounts }) {
  const fmt = useFormat();
  const to = `/subjects/${encodeURIComponent(subjectId)}`;
  if (counts.records > 0 && counts.reviewed === counts.records) return <ReviewBadge state="reviewed" />;
  const parts = (['changed', 'new', 'unreviewed'] as const).filter((s) => counts[s] > 0);
  return (
    <Link to={to} className="review-counts" data-testid={`review-${subjectId}`}>
      {parts.map((s) => (
        <span key={s} className="review-count">
          <ReviewBadge state={s} /> {fmt.number(counts[s])}
        </span>
      ))}
    </Link>
  );
}
