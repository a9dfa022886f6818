import { useTranslation } from 'react-i18next';
import type { Blockers } from '../../../../shared/api/cuts';
import { Note } from '../../components/ErrorNote';
import { useFormat } from '../../hooks/useFormat';
import { discrepanciesHref } from '../../lib/discrepancy-filters';

const OPEN = ['OPEN', 'QUERIED', 'ANSWERED'] as const;

/** What stands in the way of a lock: open discrepancies, sites with an old export, imports with errors, verbatims waiting too long for coding. */
export function BlockersView({ blockers }: { blockers: Blockers }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const open = blockers.openDiscrepancies;
  return (
    <div className="blockers" data-testid="blockers">
      {blockers.canLock ? (
        <Note kind="success">{t('cuts.noBlockers')}</Note>
      ) : (
        <Note kind="warning">{t('cuts.hasBlockers')}</Note>
      )}
      <ul className="blocker-list">
        <li className={open.total ? 'blocker' : 'blocker ok'}>
          <strong>
            <a href={discrepanciesHref({ status: [...OPEN] })}>
              {t('cuts.openDiscrepancies', { count: open.total, n: fmt.number(open.total) })}
            </a>
          </strong>
          {open.total > 0 && (
            <div className="chips">
              {open.byCheck.slice(0, 12).map((c) => (
                <a
                  key={c.key}
                  className="chip"
                  href={discrepanciesHref({ status: [...OPEN], checkId: [c.key] })}
                >
                  {c.key} <span className="chip-count">{fmt.number(c.count)}</span>
                </a>
              ))}
              {open.bySite.map((s) => (
                <a
                  key={s.key}
                  className="chip chip-site"
                  href={discrepanciesHref({ status: [...OPEN], site: [s.key] })}
                >
                  {t('cuts.site', { site: s.key })} <span className="chip-count">{fmt.number(s.count)}</span>
                </a>
              ))}
            </div>
          )}
        </li>
        <li className={blockers.staleSites.length ? 'blocker' : 'blocker ok'}>
          <strong>
            {t('cuts.staleSites', {
              count: blockers.staleSites.length,
              cutoff: fmt.date(blockers.cutoff) || '—',
            })}
          </strong>
          {blockers.staleSites.length > 0 && (
            <div className="small">
              {blockers.staleSites
                .map((s) => t('cuts.staleSite', { site: s.siteId, date: fmt.date(s.latestExportDate) }))
                .join(' · ')}
            </div>
          )}
        </li>
        <li className={blockers.importsWithErrors.length ? 'blocker' : 'blocker ok'}>
          <strong>{t('cuts.importErrors', { count: blockers.importsWithErrors.length })}</strong>
          {blockers.importsWithErrors.length > 0 && (
            <div className="small">
              {blockers.importsWithErrors
                .map((i) =>
                  t('cuts.importError', {
                    id: i.importId,
                    site: i.siteId,
                    date: fmt.date(i.exportDate),
                    count: i.errors,
                    n: fmt.number(i.errors),
                  }),
                )
                .join(' · ')}
            </div>
          )}
        </li>
        <li className={blockers.uncodedVerbatims.total ? 'blocker' : 'blocker ok'}>
          <strong>
            <a href="#/coding">
              {t('cuts.uncoded', {
                count: blockers.uncodedVerbatims.total,
                days: blockers.uncodedVerbatims.days,
              })}
            </a>
          </strong>
          {blockers.uncodedVerbatims.total > 0 && (
            <div className="chips">
              {[...blockers.uncodedVerbatims.byForm, ...blockers.uncodedVerbatims.bySite].map((c) => (
                <span key={c.key} className="chip">
                  {c.key} <span className="chip-count">{fmt.number(c.count)}</span>
                </span>
              ))}
            </div>
          )}
        </li>
      </ul>
    </div>
  );
}
