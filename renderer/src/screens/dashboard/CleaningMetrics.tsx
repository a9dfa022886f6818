import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Metrics } from '../../../../shared/api/metrics';
import { EChart } from '../../components/EChart';
import { ErrorNote } from '../../components/ErrorNote';
import { Section } from '../../components/PageHeader';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { discrepanciesPath } from '../../lib/discrepancy-filters';
import { CHECK_OUTCOMES, checkMetricsChart, siteMetricsChart } from './review-metrics-charts';

const OPEN = ['OPEN', 'QUERIED', 'ANSWERED'] as const;

/**
 * Cleaning metrics (metrics.summary): how fast each site answers queries, and what each check's
 * discrepancies became. Every bar and figure opens the discrepancies behind it.
 */
export function CleaningMetrics() {
  const { t, i18n } = useTranslation();
  const metrics = useApi('metrics.summary', {});
  const m = metrics.data;
  return (
    <>
      <ErrorNote error={metrics.error} onRetry={metrics.reload} />
      {m && <SiteMetrics m={m} language={i18n.language} />}
      {m && <ChecksMetrics m={m} language={i18n.language} title={t('metrics.checksTitle')} />}
    </>
  );
}

function SiteMetrics({ m, language }: { m: Metrics; language: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const option = useMemo(() => siteMetricsChart(m, t), [m, t, language]);
  const answered = m.sites.some((s) => s.queriesAnswered > 0);
  const days = (v: number | null) => (v === null ? '—' : t('metrics.days', { value: fmt.number(v, 1) }));
  const percent = (v: number | null) => (v === null ? '—' : `${fmt.number(v * 100, 0)}%`);
  return (
    <Section title={t('metrics.sitesTitle')} className="card card-wide">
      {answered ? (
        <EChart
          option={option}
          height={220}
          ariaLabel={t('metrics.sitesTitle')}
          className="chart-site-metrics"
          onClick={(e) => {
            const key = (e.data as { key?: string } | undefined)?.key;
            if (key) navigate(discrepanciesPath({ site: [key] }));
          }}
        />
      ) : (
        <p className="muted chart-empty">{t('metrics.sitesEmpty')}</p>
      )}
      <table className="table table-compact" data-testid="site-metrics">
        <thead>
          <tr>
            <th>{t('columns.siteId')}</th>
            <th className="num">{t('metrics.sent')}</th>
            <th className="num">{t('metrics.answered')}</th>
            <th className="num">{t('metrics.median')}</th>
            <th className="num">{t('metrics.p90')}</th>
            <th className="num">{t('metrics.openOver30')}</th>
            <th className="num">{t('metrics.requery')}</th>
            <th className="num">{t('metrics.perSubject')}</th>
          </tr>
        </thead>
        <tbody>
          {m.sites.map((s) => (
            <tr key={s.siteId}>
              <td>
                <Link to={discrepanciesPath({ site: [s.siteId] })}>{s.siteId}</Link>
              </td>
              <td className="num">{fmt.number(s.queriesSent)}</td>
              <td className="num">{fmt.number(s.queriesAnswered)}</td>
              <td className="num">{days(s.medianDaysToAnswer)}</td>
              <td className="num">{days(s.p90DaysToAnswer)}</td>
              <td className="num">
                {s.openOver30Days > 0 ? (
                  <Link to={discrepanciesPath({ site: [s.siteId], status: ['QUERIED'] })}>
                    {fmt.number(s.openOver30Days)}
                  </Link>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td className="num">{percent(s.requeryRate)}</td>
              <td className="num">
                {s.discrepanciesPerSubject === null ? '—' : fmt.number(s.discrepanciesPerSubject, 2)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function ChecksMetrics({ m, language, title }: { m: Metrics; language: string; title: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const option = useMemo(() => checkMetricsChart(m, t), [m, t, language]);
  const hit = m.checks.filter((c) => c.hits > 0);
  return (
    <Section title={title} className="card card-wide">
      {hit.length === 0 ? (
        <p className="muted chart-empty">{t('metrics.checksEmpty')}</p>
      ) : (
        <EChart
          option={option}
          height={Math.max(160, Math.min(25, hit.length) * 22 + 50)}
          ariaLabel={title}
          className="chart-check-metrics"
          onClick={(e) => {
            const key = (e.data as { key?: string } | undefined)?.key;
            const outcome = CHECK_OUTCOMES.find((o) => o.key === e.seriesId);
            if (key)
              navigate(discrepanciesPath({ checkId: [key], status: [...(outcome?.statuses ?? OPEN)] }));
          }}
        />
      )}
    </Section>
  );
}
