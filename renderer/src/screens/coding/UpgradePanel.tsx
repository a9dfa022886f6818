import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeCoding, type Dictionary } from '../../../../shared/api/coding';
import { call } from '../../api/client';
import { useWriteGuard } from '../../hooks/StudyContext';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { useLockedTitle } from '../../components/LockedNote';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { dictionaryLabel } from './CodingSummary';
import { TableHead } from '../../components/TableHead';

/** The loaded dictionaries, and what to do when they changed. */
export interface DictionaryPanelProps {
  dictionaries: Dictionary[];
  onChanged: () => void;
}

/** Another loaded version: its impact on the coded records first (a dry run), then applied in one step. */
export function UpgradePanel({ dictionaries, onChanged }: DictionaryPanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { locked } = useWriteGuard();
  const lockedTitle = useLockedTitle();
  const candidates = dictionaries.filter((d) => !d.active);
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState(false);
  const chosen = candidates.find((d) => String(d.id) === target) ?? candidates[0];
  const request = (dryRun: boolean) =>
    call('coding.upgrade', { to: chosen!.version, type: chosen!.type, dryRun });
  const impact = useAction(() => request(true));
  const apply = useAction(() => request(false));
  if (candidates.length === 0)
    return (
      <div className="stack">
        <h3>{t('coding.upgradeTitle')}</h3>
        <p className="muted small">{t('coding.noUpgrade')}</p>
      </div>
    );
  const result = impact.result;
  return (
    <div className="stack" data-testid="upgrade-panel">
      <h3>{t('coding.upgradeTitle')}</h3>
      <div className="field-inline">
        <select
          value={String(chosen!.id)}
          onChange={(e) => {
            setTarget(e.target.value);
            impact.reset();
          }}
          aria-label={t('coding.upgradeTo')}
        >
          {candidates.map((d) => (
            <option key={d.id} value={d.id}>
              {dictionaryLabel(d.type, d.version)}
            </option>
          ))}
        </select>
        <button type="button" className="btn" disabled={impact.running} onClick={() => impact.run()}>
          {t('coding.showImpact')}
        </button>
      </div>
      <ErrorNote error={impact.error} compact />
      {result && (
        <>
          <Note kind={result.changes.length ? 'warning' : 'info'}>
            {t('coding.impactSummary', {
              from: result.from ?? '—',
              to: result.to,
              coded: fmt.number(result.counts.coded),
              recoded: fmt.number(result.counts.recoded),
              uncoded: fmt.number(result.counts.uncoded),
              newly: fmt.number(result.counts.newlyCoded),
            })}
          </Note>
          {result.changes.length > 0 && (
            <div className="scroll-box">
              <table className="table table-compact" data-testid="upgrade-impact">
                <TableHead
                  columns={[
                    t('record.key'),
                    t('coding.verbatim'),
                    t('coding.change'),
                    t('coding.before'),
                    t('coding.after'),
                  ]}
                />
                <tbody>
                  {result.changes.map((c) => (
                    <tr key={`${c.form}:${c.recordId}`}>
                      <td className="mono small">
                        {c.form} {c.recordKey}
                      </td>
                      <td>{c.verbatim}</td>
                      <td className="small">{c.kinds.map((k) => t(`coding.kind_${k}`)).join(', ')}</td>
                      <td className="small">{describeCoding(c.before)}</td>
                      <td className="small">{c.after ? describeCoding(c.after) : t('coding.backToQueue')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <div className="actions-row">
            <button
              type="button"
              className="btn btn-primary"
              disabled={locked}
              title={lockedTitle}
              onClick={() => setConfirming(true)}
            >
              {t('coding.applyUpgrade', { version: result.to })}
            </button>
          </div>
        </>
      )}
      {apply.result && <Note kind="success">{t('coding.upgraded', { version: apply.result.to })}</Note>}
      <Dialog
        open={confirming}
        title={t('coding.applyUpgrade', { version: chosen!.version })}
        submitLabel={t('coding.apply')}
        busy={apply.running}
        onClose={() => setConfirming(false)}
        onSubmit={async () => {
          const done = await apply.run();
          setConfirming(false);
          if (done) {
            impact.reset();
            onChanged();
          }
        }}
      >
        <p>{t('coding.applyExplain')}</p>
        <ErrorNote error={apply.error} compact />
      </Dialog>
    </div>
  );
}
