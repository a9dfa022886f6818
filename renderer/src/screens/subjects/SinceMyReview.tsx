import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { SubjectProfile } from '../../../../shared/api/subjects';
import { Section } from '../../components/PageHeader';
import { ReviewBadge } from '../../components/ReviewBadge';
import { useFormat } from '../../hooks/useFormat';
import { shownValue } from '../../lib/review';

/** A subject's records changed (with each value: before -> now) or new since the reader's review. */
export function SinceMyReview({
  subjectId,
  review,
}: {
  subjectId: string;
  review: SubjectProfile['review'];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const c = review.counts;
  return (
    <Section
      title={t('review.sinceMine')}
      actions={
        <span className="small muted">
          {t('review.sinceMineCount', {
            changed: fmt.number(c.changed),
            new: fmt.number(c.new),
            unreviewed: fmt.number(c.unreviewed),
          })}
        </span>
      }
    >
      {review.records.length === 0 ? (
        <p className="muted">{t('review.nothingSince')}</p>
      ) : (
        <table className="table table-compact" data-testid="since-my-review">
          <thead>
            <tr>
              <th>{t('columns.form')}</th>
              <th>{t('record.key')}</th>
              <th>{t('review.column')}</th>
              <th>{t('profile.date')}</th>
              <th>{t('record.change.changed')}</th>
            </tr>
          </thead>
          <tbody>
            {review.records.map((r) => (
              <tr key={`${r.form}|${r.recordId}`}>
                <td>{r.form}</td>
                <td className="mono">
                  <Link
                    to={`/data?form=${encodeURIComponent(r.form)}&subject=${encodeURIComponent(subjectId)}&record=${r.recordId}`}
                  >
                    {r.recordKey}
                  </Link>
                </td>
                <td>
                  <ReviewBadge state={r.state} />
                </td>
                <td>{fmt.date(r.date)}</td>
                <td className="mono small">
                  {r.changed.map((ch) => (
                    <div key={ch.field}>
                      {ch.field}: <del>{shownValue(ch.old)}</del> → <ins>{shownValue(ch.new)}</ins>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
