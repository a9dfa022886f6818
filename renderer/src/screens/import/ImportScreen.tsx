import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ImportPreview, ImportReport } from '../../../../shared/api/imports';
import { call } from '../../api/client';
import { uploadDrop } from '../../api/upload';
import { useStudy } from '../../app/StudyContext';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { Loading, ProgressBar } from '../../components/Loading';
import { LockedNote, useLockedTitle } from '../../components/LockedNote';
import { PageHeader, Section } from '../../components/PageHeader';
import { RunChecks } from '../../components/RunChecks';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useProgress } from '../../hooks/useProgress';
import { DropZone, type Source } from './DropZone';
import { ImportHistory } from './ImportHistory';
import { PreviewView } from './PreviewView';
import '../../styles/import.css';

type Stage =
  | { kind: 'idle' }
  | { kind: 'preview'; preview: ImportPreview; label: string }
  | { kind: 'done'; report: ImportReport };

/** Load one site export: pick or drop it, look at what it would change, then commit or cancel. */
export default function ImportScreen() {
  const { t } = useTranslation();
  const { reload: reloadStudy } = useStudy();
  const lockedTitle = useLockedTitle();
  const history = useApi('imports.list', {});
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [site, setSite] = useState('');
  const [exportDate, setExportDate] = useState('');
  const [uploading, setUploading] = useState(false);

  const preview = useAction(async (source: Source) => {
    let paths: string[];
    if (source.kind === 'paths') paths = source.paths;
    else {
      setUploading(true);
      try {
        if (source.kind === 'drop') paths = await source.paths;
        else {
          // A picked folder or workbook is the export itself; loose files are the folder holding them.
          const { folder, entries } = await uploadDrop(source.files);
          paths = entries.length === 1 ? entries : [folder];
        }
      } finally {
        setUploading(false);
      }
    }
    return call('imports.preview', {
      paths,
      ...(site.trim() ? { site: site.trim() } : {}),
      ...(exportDate ? { exportDate } : {}),
    });
  });
  const commit = useAction((previewId: string) => call('imports.commit', { previewId }));
  const discard = useAction((previewId: string) => call('imports.discard', { previewId }));
  const previewProgress = useProgress('imports.preview', preview.running);
  const commitProgress = useProgress('imports.commit', commit.running);
  const progress = commitProgress ?? previewProgress;
  const busy = preview.running || commit.running || discard.running;

  const onSource = async (source: Source) => {
    commit.reset();
    const p = await preview.run(source);
    if (p) setStage({ kind: 'preview', preview: p, label: source.label });
  };

  return (
    <div className="screen screen-import">
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <LockedNote />
      <div className="import-layout">
        <Section title={t('import.load')} className="card">
          {stage.kind !== 'preview' && (
            <>
              <div className="form-row">
                <label className="field field-inline">
                  <span>{t('import.site')}</span>
                  <input
                    value={site}
                    onChange={(e) => setSite(e.target.value)}
                    placeholder={t('import.sitePlaceholder')}
                    size={10}
                    disabled={busy}
                  />
                </label>
                <label className="field field-inline">
                  <span>{t('import.exportDate')}</span>
                  <input
                    type="date"
                    value={exportDate}
                    onChange={(e) => setExportDate(e.target.value)}
                    disabled={busy}
                  />
                </label>
                <span className="hint">{t('import.optionsHint')}</span>
              </div>
              <DropZone disabled={busy || !!lockedTitle} disabledTitle={lockedTitle} onSource={onSource} />
            </>
          )}
          {busy && (
            <ProgressBar
              value={progress?.total ? (progress.done ?? 0) / progress.total : null}
              label={
                progress?.message ??
                (uploading
                  ? t('import.uploading')
                  : commit.running
                    ? t('import.committing')
                    : discard.running
                      ? t('import.discarding')
                      : t('import.reading'))
              }
            />
          )}
          <ErrorNote error={preview.error} />
          {stage.kind === 'preview' && (
            <>
              <Note kind="info">
                <span>
                  <strong>{t('import.previewTitle')}</strong> <span className="mono">{stage.label}</span> —{' '}
                  {t('import.previewExplain')}
                </span>
              </Note>
              <PreviewView report={stage.preview} />
              <ErrorNote error={commit.error ?? discard.error} />
              <div className="actions-row">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={busy || !!lockedTitle}
                  title={lockedTitle}
                  onClick={async () => {
                    const report = await commit.run(stage.preview.previewId);
                    if (report) {
                      setStage({ kind: 'done', report });
                      history.reload();
                      reloadStudy();
                    }
                  }}
                >
                  <Icon name="check" size={14} /> {t('import.commit')}
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={async () => {
                    await discard.run(stage.preview.previewId);
                    setStage({ kind: 'idle' });
                  }}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </>
          )}
          {stage.kind === 'done' && (
            <div className="import-done">
              <Note kind="success">
                <strong>
                  {t('import.committed', { id: stage.report.importId ?? '', site: stage.report.siteId })}
                </strong>{' '}
                {t('import.nextStep')}
              </Note>
              <div className="actions-row">
                <RunChecks primary onDone={() => reloadStudy()} />
                <Link to="/discrepancies" className="btn">
                  {t('import.openDiscrepancies')}
                </Link>
                <button type="button" className="btn btn-ghost" onClick={() => setStage({ kind: 'idle' })}>
                  {t('import.another')}
                </button>
              </div>
            </div>
          )}
        </Section>
        <Section
          title={t('import.history')}
          actions={history.loading ? <span className="spinner" aria-hidden="true" /> : undefined}
        >
          <ErrorNote error={history.error} onRetry={history.reload} />
          {history.data ? <ImportHistory items={history.data} /> : history.loading && <Loading />}
        </Section>
      </div>
    </div>
  );
}
