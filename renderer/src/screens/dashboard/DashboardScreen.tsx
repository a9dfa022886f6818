import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Dashboard } from '../../../../shared/api/dashboard';
import { EChart, type ChartClick } from '../../components/EChart';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNote } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { PageHeader, Section } from '../../components/PageHeader';
import { RunChecks } from '../../components/RunChecks';
import { useStudy } from '../../hooks/StudyContext';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { discrepanciesPath } from '../../lib/discrepancy-filters';
import { axisDateLabel } from '../../lib/format';
import { CleaningMetrics } from './CleaningMetrics';
import { CodingCard } from './CodingCard';
import {
  agingChart,
  checkChart,
  checkChartHeight,
  importsChart,
  siteChart,
  statusChart,
} from './dashboard-charts';
import { ReviewProgress } from './ReviewProgress';
import '../../styles/dashboard.css';

const keyOf = (e: ChartClick) => (e.data as { key?: string } | undefined)?.key;

export default function DashboardScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const { reload: reloadStudy } = useStudy();
  const summary = useApi('dashboard.summary', {});
  const d = summary.data;

  return (
    <div className="screen screen-dashboard">
      <PageHeader
        title={t('dashboard.title')}
        subtitle={
          d?.lastCheckRun
            ? t('dashboard.lastRun', { date: fmt.dateTime(d.lastCheckRun) })
            : t('dashboard.neverRun')
        }
        actions={
          <RunChecks
            onDone={() => {
              summary.reload();
              reloadStudy();
            }}
          />
        }
      />
      <ErrorNote error={summary.error} onRetry={summary.reload} />
      {!d && summary.loading && <Loading />}
      {d && d.imports.length === 0 && (
        <EmptyState icon="import" title={t('dashboard.emptyTitle')}>
          <p>
            {t('dashboard.emptyBody')} <Link to="/import">{t('dashboard.emptyLink')}</Link>
          </p>
        </EmptyState>
      )}
      {d && d.imports.length > 0 && <DashboardBody d={d} onGo={(path) => navigate(path)} />}
    </div>
  );
}

function DashboardBody({ d, onGo }: { d: Dashboard; onGo: (path: string) => void }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const lang = i18n.language;
  // Rebuilt when the language changes so that labels follow it.
  const options = useMemo(
    () => ({
      status: statusChart(d, t),
      check: checkChart(d, t),
      site: siteChart(d, t),
      aging: agingChart(d, t),
      imports: importsChart(d, t, (ms) => axisDateLabel(ms, fmt.language)),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [d, t, lang, fmt],
  );
  const tiles = [
    { label: t('dashboard.subjects'), value: d.totals.subjects, to: '/subjects' },
    { label: t('dashboard.sites'), value: d.totals.sites, to: '/import' },
    { label: t('dashboard.records'), value: d.totals.records, to: '/data' },
    { label: t('dashboard.discrepancies'), value: d.totals.discrepancies, to: discrepanciesPath({}) },
    {
      label: t('dashboard.openDiscrepancies'),
      value: d.totals.open,
      to: discrepanciesPath({ status: ['OPEN', 'QUERIED', 'ANSWERED'] }),
      accent: true,
    },
  ];

  return (
    <>
      <div className="tiles">
        {tiles.map((tile) => (
          <Link key={tile.label} to={tile.to} className={tile.accent ? 'tile tile-accent' : 'tile'}>
            <span className="tile-value">{fmt.number(tile.value)}</span>
            <span className="tile-label">{tile.label}</span>
          </Link>
        ))}
      </div>
      <div className="dash-grid">
        {d.totals.discrepancies === 0 ? (
          <Section title={t('dashboard.byStatus')} className="card card-wide">
            <p className="muted chart-empty">{t('dashboard.noDiscrepancies')}</p>
          </Section>
        ) : (
          <>
            <Section title={t('dashboard.byStatus')} className="card">
              <EChart
                option={options.status}
                height={220}
                ariaLabel={t('dashboard.byStatus')}
                onClick={(e) => {
                  const key = keyOf(e);
                  if (key) onGo(discrepanciesPath({ status: [key as never] }));
                }}
              />
            </Section>
            <Section title={t('dashboard.bySite')} className="card">
              <EChart
                option={options.site}
                height={220}
                ariaLabel={t('dashboard.bySite')}
                onClick={(e) => {
                  const key = keyOf(e);
                  if (key)
                    onGo(
                      discrepanciesPath({
                        site: [key],
                        ...(e.seriesId === 'open' ? { status: ['OPEN', 'QUERIED', 'ANSWERED'] } : {}),
                      }),
                    );
                }}
              />
            </Section>
            <Section title={t('dashboard.byCheck')} className="card card-wide">
              <EChart
                option={options.check}
                height={checkChartHeight(d)}
                ariaLabel={t('dashboard.byCheck')}
                onClick={(e) => {
                  const key = keyOf(e);
                  if (key)
                    onGo(
                      discrepanciesPath({
                        checkId: [key],
                        ...(e.seriesId === 'open' ? { status: ['OPEN', 'QUERIED', 'ANSWERED'] } : {}),
                      }),
                    );
                }}
              />
            </Section>
          </>
        )}
        <Section title={t('dashboard.aging')} className="card">
          {d.queryAging.every((a) => a.count === 0) ? (
            <p className="muted chart-empty">{t('dashboard.noOpenQueries')}</p>
          ) : (
            <EChart
              option={options.aging}
              height={200}
              ariaLabel={t('dashboard.aging')}
              onClick={() => onGo(discrepanciesPath({ status: ['QUERIED'] }))}
            />
          )}
        </Section>
        <CodingCard />
        <Section title={t('dashboard.imports')} className="card card-wide">
          <EChart
            option={options.imports}
            height={Math.max(140, new Set(d.imports.map((i) => i.siteId)).size * 28 + 50)}
            ariaLabel={t('dashboard.imports')}
            onClick={(e) => {
              const key = keyOf(e);
              if (key) onGo(discrepanciesPath({ site: [key] }));
            }}
          />
          <LatestExports d={d} />
        </Section>
        <ReviewProgress />
        <CleaningMetrics />
      </div>
    </>
  );
}

function LatestExports({ d }: { d: Dashboard }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const latest = new Map<string, { exportDate: string; count: number; importedAt: string }>();
  for (const i of d.imports) {
    const cur = latest.get(i.siteId);
    if (!cur || i.exportDate > cur.exportDate)
      latest.set(i.siteId, {
        exportDate: i.exportDate,
        count: (cur?.count ?? 0) + 1,
        importedAt: i.importedAt,
      });
    else cur.count += 1;
  }
  const open = new Map(d.bySite.map((s) => [s.key, s.open]));
  return (
    <table className="table table-compact">
      <thead>
        <tr>
          <th>{t('columns.siteId')}</th>
          <th>{t('dashboard.latestExport')}</th>
          <th className="num">{t('dashboard.importCount')}</th>
          <th className="num">{t('dashboard.open')}</th>
        </tr>
      </thead>
      <tbody>
        {[...latest.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([site, v]) => (
            <tr key={site}>
              <td>
                <Link to={discrepanciesPath({ site: [site] })}>{site}</Link>
              </td>
              <td>{fmt.date(v.exportDate)}</td>
              <td className="num">{fmt.number(v.count)}</td>
              <td className="num">{fmt.number(open.get(site) ?? 0)}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
