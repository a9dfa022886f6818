import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStudy } from '../../hooks/StudyContext';
import { EmptyState } from '../../components/EmptyState';
import { ErrorNote } from '../../components/ErrorNote';
import { Loading } from '../../components/Loading';
import { PageHeader, Section } from '../../components/PageHeader';
import { useApi } from '../../hooks/useApi';
import { useFormat } from '../../hooks/useFormat';
import { BlockersView } from './BlockersView';
import { CutDiffView } from './CutDiffView';
import { CutFilesView } from './CutFilesView';
import { LockPanel } from './LockPanel';
import { UnlockPanel } from './UnlockPanel';
import { VerifyPanel } from './VerifyPanel';

/** Data cuts: what blocks a lock, lock / unlock, verify a snapshot, the history of cuts and their differences. */
export default function CutsScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { study, reload: reloadStudy } = useStudy();
  const [cutoff, setCutoff] = useState('');
  const [refresh, setRefresh] = useState(0);
  const [shownFiles, setShownFiles] = useState<string | null>(null);
  const blockers = useApi('cuts.blockers', cutoff ? { cutoff } : {}, { refreshKey: refresh });
  const cuts = useApi('cuts.list', {}, { refreshKey: refresh });
  const changed = () => {
    setRefresh((r) => r + 1);
    reloadStudy();
  };
  const list = cuts.data ?? [];

  return (
    <div className="screen">
      <PageHeader title={t('cuts.title')} subtitle={t('cuts.subtitle')} />
      <div className="two-columns">
        <Section
          title={t('cuts.blockersTitle')}
          className="card"
          actions={
            <label className="field field-inline">
              <span>{t('cuts.cutoff')}</span>
              <input type="date" value={cutoff} onChange={(e) => setCutoff(e.target.value)} />
            </label>
          }
        >
          <ErrorNote error={blockers.error} onRetry={blockers.reload} />
          {!blockers.data && blockers.loading && <Loading />}
          {blockers.data && <BlockersView blockers={blockers.data} />}
        </Section>
        <Section title={study?.locked ? t('cuts.unlockSection') : t('cuts.lockSection')} className="card">
          {study?.locked ? (
            <UnlockPanel cut={study.lockedCut} onUnlocked={changed} />
          ) : blockers.data ? (
            <LockPanel blockers={blockers.data} cutoff={cutoff} onLocked={changed} />
          ) : (
            <Loading />
          )}
        </Section>
      </div>
      <Section title={t('cuts.verifyTitle')} className="card">
        <VerifyPanel
          key={list.length}
          initialDir={list[list.length - 1]?.snapshotDir}
          suggestions={list.map((c) => c.snapshotDir)}
        />
      </Section>
      <Section title={t('cuts.historyTitle')}>
        <ErrorNote error={cuts.error} onRetry={cuts.reload} />
        {!cuts.data && cuts.loading && <Loading />}
        {cuts.data && list.length === 0 && <EmptyState icon="cuts" title={t('cuts.noCuts')} />}
        {list.length > 0 && (
          <table className="table table-compact" data-testid="cut-history">
            <thead>
              <tr>
                <th>{t('cuts.name')}</th>
                <th>{t('cuts.lockedAt')}</th>
                <th>{t('cuts.by')}</th>
                <th>{t('cuts.reason')}</th>
                <th>{t('cuts.snapshotFolder')}</th>
                <th>{t('cuts.unlockedAt')}</th>
                <th>{t('cuts.files')}</th>
              </tr>
            </thead>
            <tbody>
              {[...list].reverse().map((c) => (
                <Fragment key={c.id}>
                  <tr>
                    <td>
                      <strong>{c.name}</strong>{' '}
                      {c.forced && (
                        <span className="tag tag-error" title={c.blockers ?? undefined}>
                          {t('cuts.forced')}
                        </span>
                      )}
                    </td>
                    <td>{fmt.dateTime(c.lockedAt)}</td>
                    <td>{c.lockedBy}</td>
                    <td>
                      {c.reason}
                      {c.lockSignature && (
                        <div className="small muted" data-testid="lock-signature">
                          {t('signature.signed', {
                            by: c.lockSignature.by,
                            at: fmt.dateTime(c.lockSignature.at),
                            meaning: c.lockSignature.meaning,
                          })}
                        </div>
                      )}
                    </td>
                    <td className="mono small" title={c.manifestSha256 ?? undefined}>
                      {c.snapshotDir}
                    </td>
                    <td>
                      {c.unlockedAt ? (
                        <>
                          {fmt.dateTime(c.unlockedAt)} · {c.unlockedBy}{' '}
                          <div className="small muted">{c.unlockReason}</div>
                          {c.unlockSignature && (
                            <div className="small muted">
                              {t('signature.signed', {
                                by: c.unlockSignature.by,
                                at: fmt.dateTime(c.unlockSignature.at),
                                meaning: c.unlockSignature.meaning,
                              })}
                            </div>
                          )}
                        </>
                      ) : (
                        <span className="tag tag-locked">{t('cuts.stillLocked')}</span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-expanded={shownFiles === c.name}
                        data-testid="cut-files-toggle"
                        onClick={() => setShownFiles((shown) => (shown === c.name ? null : c.name))}
                      >
                        {shownFiles === c.name ? t('cuts.hideFiles') : t('cuts.showFiles')}
                      </button>
                    </td>
                  </tr>
                  {shownFiles === c.name && (
                    <tr>
                      <td colSpan={7}>
                        <CutFilesView cut={c.name} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title={t('cuts.diffTitle')} className="card">
        <CutDiffView key={list.length} cuts={list} />
      </Section>
    </div>
  );
}
