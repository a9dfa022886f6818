import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Blockers } from '../../../../shared/api/cuts';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/Loading';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { useProgress } from '../../hooks/useProgress';
import { useWorkspace } from '../../hooks/useWorkspace';
import { SignatureFields, useSignature } from '../../components/SignatureFields';
import { desktop } from '../../lib/desktop';
import { joinPath, safeFolderName, stampFolder } from '../../lib/paths';
import { progressText } from '../../lib/progress-text';

/** Lock as a named data cut with its reason and snapshot folder; forcing past blockers records them and asks first. */
export function LockPanel({
  blockers,
  cutoff,
  onLocked,
}: {
  blockers: Blockers;
  cutoff: string;
  onLocked: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const workspace = useWorkspace();
  const helpers = desktop();
  const [name, setName] = useState('');
  const [reason, setReason] = useState('');
  const [folder, setFolder] = useState('');
  const [force, setForce] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const signature = useSignature();
  const lock = useAction((snapshotDir: string) =>
    call('cuts.lock', {
      name: name.trim(),
      reason: reason.trim(),
      snapshotDir,
      force,
      ...(cutoff ? { cutoff } : {}),
      signature: signature.request(),
    }),
  );
  const progress = useProgress('cuts.lock', lock.running);
  const defaultFolder =
    workspace.data?.outputDir && name.trim()
      ? joinPath(workspace.data.outputDir, `snapshot_${safeFolderName(name)}_${stampFolder(new Date())}`)
      : '';
  const snapshotDir = folder.trim() || (helpers ? '' : defaultFolder);
  const ready = name.trim() && reason.trim() && snapshotDir && (blockers.canLock || force) && signature.ready;

  const doLock = async () => {
    const result = await lock.run(snapshotDir);
    setConfirming(false);
    if (result) onLocked();
  };

  return (
    <>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready) setConfirming(true);
        }}
      >
        <label className="field">
          <span>
            {t('cuts.name')} <span className="required">*</span>
          </span>
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder={t('cuts.namePlaceholder')}
            data-testid="cut-name"
          />
        </label>
        <label className="field">
          <span>
            {t('cuts.reason')} <span className="required">*</span>
          </span>
          <textarea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('cuts.reasonPlaceholder')}
            data-testid="cut-reason"
          />
        </label>
        <div className="field">
          <span>{t('cuts.snapshotFolder')}</span>
          <div className="input-with-button">
            <input
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder={defaultFolder || t('cuts.folderPlaceholder')}
              className="mono"
              data-testid="cut-folder"
            />
            {helpers?.pickSaveFolder && (
              <button
                type="button"
                className="btn"
                onClick={async () => {
                  const dir = await helpers.pickSaveFolder?.({ title: t('cuts.snapshotFolder') });
                  if (dir) setFolder(dir);
                }}
              >
                <Icon name="folder" size={14} /> {t('common.choose')}
              </button>
            )}
          </div>
          <span className="hint">{t('cuts.folderHint')}</span>
        </div>
        <SignatureFields {...signature.fields} />
        {!blockers.canLock && (
          <label className="check check-danger">
            <input
              type="checkbox"
              checked={force}
              onChange={(e) => setForce(e.target.checked)}
              data-testid="cut-force"
            />{' '}
            {t('cuts.force', {
              count: blockers.openDiscrepancies.total,
              n: fmt.number(blockers.openDiscrepancies.total),
            })}
          </label>
        )}
        <div className="actions-row">
          <button
            type="submit"
            className={force ? 'btn btn-danger' : 'btn btn-primary'}
            disabled={!ready || lock.running}
          >
            <Icon name="lock" size={14} /> {t('cuts.lock')}
          </button>
        </div>
        {lock.running && (
          <ProgressBar
            value={progress?.total ? (progress.done ?? 0) / progress.total : null}
            label={progress ? progressText(t, progress) : t('cuts.locking')}
          />
        )}
        <ErrorNote error={lock.error} />
        {lock.result && (
          <Note kind="success">
            {t('cuts.locked', {
              name: lock.result.cut.name,
              count: lock.result.snapshot.files.length,
              n: fmt.number(lock.result.snapshot.files.length),
              dir: lock.result.snapshot.dir,
            })}
          </Note>
        )}
      </form>
      <Dialog
        open={confirming}
        title={force ? t('cuts.confirmForceTitle') : t('cuts.confirmTitle')}
        submitLabel={force ? t('cuts.confirmForce') : t('cuts.lock')}
        danger={force}
        busy={lock.running}
        onClose={() => setConfirming(false)}
        onSubmit={doLock}
      >
        <p>{t('cuts.confirmBody', { name: name.trim() })}</p>
        {force && (
          <Note kind="warning">
            {t('cuts.confirmForceBody', {
              count: blockers.openDiscrepancies.total,
              n: fmt.number(blockers.openDiscrepancies.total),
            })}
          </Note>
        )}
        <p className="mono small">{snapshotDir}</p>
        <ErrorNote error={lock.error} compact />
      </Dialog>
    </>
  );
}
