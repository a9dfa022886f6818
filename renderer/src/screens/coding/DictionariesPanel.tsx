import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dictionary } from '../../../../shared/api/coding';
import { call } from '../../api/client';
import { useWriteGuard } from '../../hooks/StudyContext';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useLockedTitle } from '../../components/LockedNote';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { desktop } from '../../lib/desktop';
import { dictionaryLabel } from './CodingSummary';
import { UpgradePanel, type DictionaryPanelProps } from './UpgradePanel';
import { TableHead } from '../../components/TableHead';

/** The loaded dictionaries, loading a release from its folder, and upgrading to another loaded version. */
export function DictionariesPanel({ dictionaries, onChanged }: DictionaryPanelProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const helpers = desktop();
  const { locked } = useWriteGuard();
  const lockedTitle = useLockedTitle();
  const [type, setType] = useState<'meddra' | 'whodrug'>('meddra');
  const [folder, setFolder] = useState('');
  const [version, setVersion] = useState('');
  const load = useAction(() =>
    call('dictionaries.load', {
      path: folder.trim(),
      type,
      ...(version.trim() ? { version: version.trim() } : {}),
    }),
  );
  const size = (d: Dictionary) =>
    d.type === 'meddra'
      ? t('coding.meddraSize', { llt: fmt.number(d.counts.LLT ?? 0), pt: fmt.number(d.counts.PT ?? 0) })
      : t('coding.whodrugSize', { drugs: fmt.number(d.counts.drugs ?? 0) });

  return (
    <div className="dictionaries">
      {dictionaries.length === 0 ? (
        <p className="muted">{t('coding.noDictionaries')}</p>
      ) : (
        <table className="table table-compact" data-testid="dictionaries">
          <TableHead
            columns={[
              t('coding.dictionary'),
              t('coding.languages'),
              t('coding.size'),
              t('coding.inUse'),
              t('coding.loaded'),
            ]}
          />
          <tbody>
            {dictionaries.map((d) => (
              <tr key={d.id}>
                <td>{dictionaryLabel(d.type, d.version)}</td>
                <td>{d.languages.join(', ')}</td>
                <td>{size(d)}</td>
                <td>{d.active ? <span className="tag tag-import">{t('coding.inUse')}</span> : ''}</td>
                <td className="small">
                  {fmt.dateTime(d.loadedAt)} · {d.loadedBy}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="two-columns">
        <form
          className="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await load.run()) onChanged();
          }}
        >
          <h3>{t('coding.loadTitle')}</h3>
          <div className="field-inline">
            <select
              value={type}
              onChange={(e) => setType(e.target.value as 'meddra' | 'whodrug')}
              aria-label={t('coding.dictionary')}
            >
              <option value="meddra">MedDRA</option>
              <option value="whodrug">WHODrug</option>
            </select>
            <input
              value={version}
              onChange={(e) => setVersion(e.target.value)}
              placeholder={t('coding.versionPlaceholder')}
              aria-label={t('coding.version')}
            />
          </div>
          <div className="input-with-button">
            <input
              value={folder}
              onChange={(e) => setFolder(e.target.value)}
              placeholder={t('coding.folderPlaceholder')}
              className="mono"
              aria-label={t('coding.folder')}
            />
            {helpers && (
              <button
                type="button"
                className="btn"
                onClick={async () => {
                  const dir = await helpers.pickFolder({ title: t('coding.folder') });
                  if (dir) setFolder(dir);
                }}
              >
                <Icon name="folder" size={14} /> {t('common.choose')}
              </button>
            )}
          </div>
          <span className="hint">{t(type === 'meddra' ? 'coding.meddraHint' : 'coding.whodrugHint')}</span>
          <div className="actions-row">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={locked || !folder.trim() || load.running}
              title={lockedTitle}
            >
              {t('coding.load')}
            </button>
          </div>
          <ErrorNote error={load.error} compact />
          {load.result && (
            <Note kind="success">
              {t('coding.loadedMessage', {
                dictionary: dictionaryLabel(load.result.dictionary.type, load.result.dictionary.version),
                language: load.result.language,
                count: load.result.autoCoded,
                n: fmt.number(load.result.autoCoded),
              })}
            </Note>
          )}
        </form>
        <UpgradePanel dictionaries={dictionaries} onChanged={onChanged} />
      </div>
    </div>
  );
}
