import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { SubjectProfile } from '../../../../shared/api/subjects';
import { EChart } from '../../components/EChart';
import { ErrorNote } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { PageHeader, Section } from '../../components/PageHeader';
import { StatusBadge } from '../../components/StatusBadge';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { useLanguage } from '../../hooks/useLanguage';
import { discrepanciesHref, discrepanciesPath } from '../../lib/discrepancy-filters';
import { axisDateLabel } from '../../lib/format';
import { targetOf, timelineHeight, timelineOption } from './timeline-option';
import { SinceMyReview } from './SinceMyReview';
import '../../styles/subjects.css';

/** One subject's course on a timeline, with their discrepancies where they are. */
export default function SubjectProfileScreen() {
  const { t } = useTranslation();
  const { subjectId = '' } = useParams();
  const language = useLanguage();
  const profile = useApi('subjects.profile', { subjectId, language });
  const p = profile.data?.subject.subjectId === subjectId ? profile.data : undefined;

  return (
    <div className="screen">
      <PageHeader
        title={t('profile.title', { id: subjectId })}
        subtitle={
          <Link to="/subjects" className="small">
            ← {t('profile.back')}
          </Link>
        }
      />
      <ErrorNote error={profile.error} onRetry={profile.reload} />
      {!p && profile.loading && <Loading />}
      {p && <ProfileBody p={p} />}
    </div>
  );
}

function ProfileBody({ p }: { p: SubjectProfile }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const s = p.subject;
  const option = useMemo(
    () => timelineOption(p, t, fmt.date, (ms) => axisDateLabel(ms, fmt.language)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [p, t, fmt, i18n.language],
  );
  const open = p.discrepancies.filter((d) => ['OPEN', 'QUERIED', 'ANSWERED'].includes(d.status)).length;

  return (
    <>
      <dl className="kv kv-inline subject-summary">
        <dt>{t('columns.siteId')}</dt>
        <dd>{s.siteId}</dd>
        <dt>{t('subjects.age')}</dt>
        <dd>{fmt.number(s.age)}</dd>
        <dt>{t('subjects.sex')}</dt>
        <dd>{s.sex ?? '—'}</dd>
        <dt>{t('subjects.enrolled')}</dt>
        <dd>{fmt.date(s.enrolled) || '—'}</dd>
        <dt>{t('subjects.firstDose')}</dt>
        <dd>{fmt.date(s.firstDose) || '—'}</dd>
        <dt>{t('profile.eot')}</dt>
        <dd>{fmt.date(p.endOfTreatment) || '—'}</dd>
        <dt>{t('subjects.death')}</dt>
        <dd>{p.death ? `† ${fmt.date(p.death)}` : '—'}</dd>
        <dt>{t('subjects.open')}</dt>
        <dd>
          <a href={discrepanciesHref({ subject: [s.subjectId] })}>
            {t('profile.discrepancyCount', {
              open: fmt.number(open),
              total: fmt.number(p.discrepancies.length),
            })}
          </a>
        </dd>
      </dl>
      <Section
        title={t('profile.timeline')}
        className="card"
        actions={<span className="small muted">{t('profile.timelineHint')}</span>}
      >
        <EChart
          option={option}
          height={timelineHeight()}
          ariaLabel={t('profile.timelineAria', { id: s.subjectId })}
          onClick={(e) => {
            const target = targetOf(e.data);
            if (!target) return;
            if (target.kind === 'discrepancy')
              navigate(discrepanciesPath({ subject: [s.subjectId] }, target.id));
            else
              navigate(
                `/data?form=${encodeURIComponent(target.form)}&subject=${encodeURIComponent(s.subjectId)}&record=${target.recordId}`,
              );
          }}
        />
      </Section>
      <SinceMyReview subjectId={s.subjectId} review={p.review} />
      <Section title={t('profile.discrepancies', { count: p.discrepancies.length })}>
        {p.discrepancies.length === 0 ? (
          <p className="muted">{t('profile.noDiscrepancies')}</p>
        ) : (
          <table className="table table-compact table-hover">
            <thead>
              <tr>
                <th>{t('columns.id')}</th>
                <th>{t('columns.status')}</th>
                <th>{t('columns.checkId')}</th>
                <th>{t('columns.field')}</th>
                <th>{t('profile.date')}</th>
                <th>{t('columns.message')}</th>
              </tr>
            </thead>
            <tbody>
              {p.discrepancies.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={discrepanciesPath({ subject: [s.subjectId] }, d.id)}>{d.id}</Link>
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td className="mono">{d.checkId}</td>
                  <td className="mono">
                    {d.form}.{d.field}
                  </td>
                  <td>{fmt.date(d.date)}</td>
                  <td>{d.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
