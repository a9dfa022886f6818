import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { WorkspaceChange } from '../../../shared/api/workspace';
import { call } from '../api/client';
import { ErrorNote } from '../components/ErrorNote';
import { Icon } from '../components/Icon';
import { Loading } from '../components/Loading';
import { useAction } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';
import { useFormat } from '../hooks/useFormat';
import { desktop } from '../lib/desktop';

/**
 * Which study is open. With none (a desktop app just started, or a browser page whose study was
 * closed), the person opens or creates one here; the screens start again for the new study.
 */
export function WorkspaceGate({ children }: { children: (studyKey: string) => ReactNode }) {
  const [refresh, setRefresh] = useState(0);
  const workspace = useApi('workspace.current', {}, { refreshKey: refresh });
  const onChanged = (change: WorkspaceChange | undefined) => {
    if (change && !change.cancelled) setRefresh((r) => r + 1);
  };
  if (!workspace.data && workspace.loading) return <Loading />;
  // A door without workspace methods (or an error): go on with whatever study the core serves.
  if (!workspace.data || workspace.data.file !== null)
    return <>{children(`${workspace.data?.file ?? ''}|${refresh}`)}</>;
  return <OpenStudy canSwitch={workspace.data.canSwitch} onChanged={onChanged} />;
}

function OpenStudy({
  canSwitch,
  onChanged,
}: {
  canSwitch: boolean;
  onChanged: (c: WorkspaceChange | undefined) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const recent = useApi('workspace.recent', {});
  const [path, setPath] = useState('');
  const isDesktop = desktop() !== null;
  const open = useAction((file?: string) => call('workspace.open', file ? { file } : {}));
  const create = useAction((file?: string) => call('workspace.create', file ? { file } : {}));

  return (
    <div className="screen workspace-gate">
      <div className="card stack">
        <h1>{t('workspace.title')}</h1>
        <p className="muted">{t('workspace.explain')}</p>
        {!canSwitch && <p>{t('workspace.cannotSwitch')}</p>}
        {canSwitch && (
          <>
            {!isDesktop && (
              <label className="field">
                <span>{t('workspace.path')}</span>
                <input
                  className="mono"
                  value={path}
                  onChange={(e) => setPath(e.target.value)}
                  placeholder="/home/me/studies/pomalidomide.db"
                />
              </label>
            )}
            <div className="actions-row">
              <button
                type="button"
                className="btn btn-primary"
                disabled={open.running || (!isDesktop && !path.trim())}
                onClick={async () => onChanged(await open.run(path.trim() || undefined))}
              >
                <Icon name="folder" size={14} /> {t('workspace.open')}
              </button>
              <button
                type="button"
                className="btn"
                disabled={create.running || (!isDesktop && !path.trim())}
                onClick={async () => onChanged(await create.run(path.trim() || undefined))}
              >
                <Icon name="file" size={14} /> {t('workspace.create')}
              </button>
            </div>
            <ErrorNote error={open.error ?? create.error} />
          </>
        )}
        {recent.data && recent.data.length > 0 && (
          <>
            <h3>{t('workspace.recent')}</h3>
            <ul className="plain-list">
              {recent.data.map((r) => (
                <li key={r.file}>
                  <button
                    type="button"
                    className="btn btn-ghost btn-small"
                    disabled={!r.exists || !canSwitch}
                    onClick={async () => onChanged(await open.run(r.file))}
                  >
                    <strong>{r.code ?? '—'}</strong> <span className="mono small">{r.file}</span>
                  </button>{' '}
                  <span className="small muted">
                    {r.exists ? fmt.dateTime(r.openedAt) : t('workspace.missing')}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
