import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNote } from '../../components/ErrorNote';
import { LockedNote } from '../../components/LockedNote';
import { Loading } from '../../components/Loading';
import { PageHeader, Section } from '../../components/PageHeader';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { discrepanciesHref } from '../../lib/discrepancy-filters';
import { baseName } from '../../lib/paths';
import { ExportLists } from './ExportLists';
import { ImportAnswers } from './ImportAnswers';
import { SiteLanguages } from './SiteLanguages';

/** Query lists to the sites and their answers back, with the history of both. */
export default function QueriesScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useApi('queries.history', {});

  return (
    <div className="screen">
      <PageHeader
        title={t('queries.title')}
        subtitle={
          <>
            {t('queries.subtitle')}{' '}
            <a href={discrepanciesHref({ status: ['QUERIED'] })}>{t('queries.seeQueried')}</a> ·{' '}
            <a href={discrepanciesHref({ status: ['ANSWERED'] })}>{t('queries.seeAnswered')}</a>
          </>
        }
      />
      <LockedNote />
      <div className="two-columns">
        <Section title={t('queries.exportTitle')} className="card">
          <ExportLists onDone={history.reload} />
        </Section>
        <Section title={t('queries.importTitle')} className="card">
          <ImportAnswers onDone={history.reload} />
        </Section>
      </div>
      <Section title={t('queries.sitesTitle')} className="card">
        <SiteLanguages />
      </Section>
      <Section title={t('queries.historyTitle')}>
        <ErrorNote error={history.error} onRetry={history.reload} />
        {!history.data && history.loading && <Loading />}
        {history.data && history.data.length === 0 && (
          <EmptyState icon="queries" title={t('queries.noHistory')}>
            <p>
              {t('queries.noHistoryBody')} <Link to="/discrepancies">{t('nav.discrepancies')}</Link>
            </p>
          </EmptyState>
        )}
        {history.data && history.data.length > 0 && (
          <table className="table table-compact" data-testid="query-history">
            <thead>
              <tr>
                <th>{t('queries.when')}</th>
                <th>{t('queries.kind')}</th>
                <th>{t('queries.list')}</th>
                <th>{t('columns.siteId')}</th>
                <th className="num">{t('queries.queries')}</th>
                <th className="num">{t('queries.appliedCol')}</th>
                <th className="num">{t('queries.rejectedCol')}</th>
                <th>{t('queries.file')}</th>
                <th>{t('queries.user')}</th>
              </tr>
            </thead>
            <tbody>
              {[...history.data].reverse().map((e) => (
                <tr key={e.id}>
                  <td>{fmt.dateTime(e.at)}</td>
                  <td>
                    <span className={`tag tag-${e.kind}`}>{t(`queries.kind_${e.kind}`)}</span>
                  </td>
                  <td className="mono">{e.listId ?? '—'}</td>
                  <td>{e.siteId ?? '—'}</td>
                  <td className="num">{fmt.number(e.queries)}</td>
                  <td className="num">{e.kind === 'import' ? fmt.number(e.applied) : ''}</td>
                  <td className="num">{e.kind === 'import' ? fmt.number(e.rejected) : ''}</td>
                  <td className="mono small" title={e.file}>
                    {baseName(e.file)}
                  </td>
                  <td>{e.user}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </div>
  );
}
