import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { ReviewState, ReviewStatus } from '../../../../shared/api/review';
import { EChart } from '../../components/EChart';
import { ErrorNote } from '../../components/ErrorNote';
import { Section } from '../../components/PageHeader';
import { useStudy } from '../../hooks/StudyContext';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { dataReviewPath, REVIEW_ORDER } from '../../lib/review';
import { reviewChart } from './review-metrics-charts';

type Row = ReviewStatus['rows'][number];

/** Per site, all forms together or one form: the sum of its rows. */
function bySite(rows: readonly Row[], form: string) {
  const sites = new Map<string, Row>();
  for (const r of rows) {
    if (form && r.form !== form) continue;
    const s = sites.get(r.siteId) ?? {
      ...r,
      form,
      records: 0,
      reviewed: 0,
      changed: 0,
      new: 0,
      unreviewed: 0,
    };
    for (const k of ['records', 'reviewed', 'changed', 'new', 'unreviewed'] as const) s[k] += r[k];
    sites.set(r.siteId, s);
  }
  return [...sites.values()];
}

/**
 * The reader's review progress per site and form (review.status): a chart whose segments open the
 * records behind them (Data screen for one form; Subjects screen for all), and the same as a table.
 */
export function ReviewProgress() {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { study } = useStudy();
  const [form, setForm] = useState('');
  const status = useApi('review.status', form ? { form } : {});
  const rows = useMemo(() => bySite(status.data?.rows ?? [], form), [status.data, form]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const option = useMemo(() => reviewChart(rows, t), [rows, t, i18n.language]);
  const pathOf = (site: string, state: ReviewState) =>
    form ? dataReviewPath(form, state, site) : `/subjects?site=${encodeURIComponent(site)}&review=${state}`;

  return (
    <Section
      title={t('metrics.reviewTitle')}
      className="card card-wide"
      actions={
        <label className="field field-inline small">
          <span>{t('metrics.reviewForm')}</span>
          <select value={form} onChange={(e) => setForm(e.target.value)} data-testid="review-form">
            <option value="">{t('metrics.allForms')}</option>
            {study?.forms.map((f) => (
              <option key={f.code} value={f.code}>
                {f.code}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <ErrorNote error={status.error} onRetry={status.reload} />
      {status.data && <p className="small muted">{t('review.as', { user: status.data.user })}</p>}
      {rows.length === 0 ? (
        <p className="muted chart-empty">{t('metrics.reviewEmpty')}</p>
      ) : (
        <>
          <EChart
            option={option}
            height={Math.max(120, rows.length * 24 + 50)}
            ariaLabel={t('metrics.reviewTitle')}
            className="chart-review"
            onClick={(e) => {
              const d = e.data as { key?: string; state?: ReviewState } | undefined;
              if (d?.key && d.state) navigate(pathOf(d.key, d.state));
            }}
          />
          <table className="table table-compact" data-testid="review-progress">
            <thead>
              <tr>
                <th>{t('columns.siteId')}</th>
                <th className="num">{t('dashboard.records')}</th>
                {REVIEW_ORDER.map((s) => (
                  <th key={s} className="num">
                    {t(`review.state.${s}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.siteId}>
                  <td>{r.siteId}</td>
                  <td className="num">{fmt.number(r.records)}</td>
                  {REVIEW_ORDER.map((s) => (
                    <td key={s} className="num">
                      {r[s] > 0 ? (
                        <Link to={pathOf(r.siteId, s)}>{fmt.number(r[s])}</Link>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  );
}
