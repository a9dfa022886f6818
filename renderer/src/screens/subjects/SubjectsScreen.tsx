import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNote } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { SiteSelect } from '../../components/SiteSelect';
import { useApi } from '../../hooks/useApi';
import { useDebounced } from '../../hooks/useDebounced';
import { useFormat } from '../../hooks/useFormat';
import { discrepanciesHref } from '../../lib/discrepancy-filters';
import { REVIEW_ORDER, reviewFromParams } from '../../lib/review';
import { withParams } from '../../lib/search-params';
import { SubjectReviewCell } from './SubjectReviewCell';

const PAGE = 100;

/** Every subject: site, age, sex, enrolment, first and last dose, death, open discrepancies. */
export default function SubjectsScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const site = params.get('site') ?? '';
  const offset = Number(params.get('offset') ?? 0) || 0;
  const review = reviewFromParams(params);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const debounced = useDebounced(search.trim(), 250);
  const list = useApi('subjects.list', {
    ...(site ? { site } : {}),
    ...(debounced ? { search: debounced } : {}),
    ...(review ? { review } : {}),
    withReview: true,
    offset,
    limit: PAGE,
  });
  const set = (next: Record<string, string | null>) => setParams(withParams(params, next), { replace: true });

  return (
    <div className="screen">
      <PageHeader
        title={t('subjects.title')}
        subtitle={
          list.data
            ? t('subjects.count', { count: list.data.total, n: fmt.number(list.data.total) })
            : undefined
        }
      />
      <div className="filter-bar">
        <label className="search-box">
          <span className="visually-hidden">{t('filters.search')}</span>
          <input
            type="search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              if (offset) set({ offset: null });
            }}
            placeholder={t('subjects.searchPlaceholder')}
          />
        </label>
        <SiteSelect value={site} onChange={(s) => set({ site: s || null, offset: null })} withSubjects />
        <label className="field field-inline">
          <span>{t('review.filter')}</span>
          <select
            value={review ?? ''}
            onChange={(e) => set({ review: e.target.value || null, offset: null })}
            data-testid="subjects-review"
          >
            <option value="">{t('review.filterAny')}</option>
            {REVIEW_ORDER.map((s) => (
              <option key={s} value={s}>
                {t(`review.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNote error={list.error} onRetry={list.reload} />
      {!list.data && list.loading && <Loading />}
      {list.data && list.data.total === 0 && (
        <EmptyState icon="subjects" title={t('subjects.emptyTitle')}>
          <p>
            {debounced || site || review ? t('subjects.noMatch') : t('subjects.emptyBody')}{' '}
            {!debounced && !site && !review && <Link to="/import">{t('dashboard.emptyLink')}</Link>}
          </p>
        </EmptyState>
      )}
      {list.data && list.data.total > 0 && (
        <>
          <table className="table table-hover" data-testid="subject-list">
            <thead>
              <tr>
                <th>{t('columns.subjectId')}</th>
                <th>{t('columns.siteId')}</th>
                <th className="num">{t('subjects.age')}</th>
                <th>{t('subjects.sex')}</th>
                <th>{t('subjects.enrolled')}</th>
                <th>{t('subjects.firstDose')}</th>
                <th>{t('subjects.lastDose')}</th>
                <th>{t('subjects.death')}</th>
                <th className="num">{t('subjects.open')}</th>
                <th>{t('subjects.review')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.rows.map((s) => (
                <tr key={s.subjectId}>
                  <td>
                    <Link to={`/subjects/${encodeURIComponent(s.subjectId)}`} className="mono">
                      {s.subjectId}
                    </Link>
                  </td>
                  <td>{s.siteId}</td>
                  <td className="num">{fmt.number(s.age)}</td>
                  <td>{s.sex ?? ''}</td>
                  <td>{fmt.date(s.enrolled)}</td>
                  <td>{fmt.date(s.firstDose)}</td>
                  <td>{fmt.date(s.lastDose)}</td>
                  <td>{s.death ? <span className="tag tag-death">† {fmt.date(s.death)}</span> : ''}</td>
                  <td className="num">
                    {s.openDiscrepancies > 0 ? (
                      <a
                        href={discrepanciesHref({
                          subject: [s.subjectId],
                          status: ['OPEN', 'QUERIED', 'ANSWERED'],
                        })}
                      >
                        {fmt.number(s.openDiscrepancies)}
                      </a>
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td>{s.review && <SubjectReviewCell subjectId={s.subjectId} counts={s.review} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager
            offset={offset}
            limit={PAGE}
            total={list.data.total}
            onOffset={(o) => set({ offset: o ? String(o) : null })}
          />
        </>
      )}
    </div>
  );
}
