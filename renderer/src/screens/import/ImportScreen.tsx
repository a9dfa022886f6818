import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { BatchItem, ImportPreview, ImportReport } from '../../../../shared/api/imports';
import { call } from '../../api/client';
import { PasswordDialog, passwordAskOf, type PasswordAsk } from '../../components/PasswordDialog';
import { uploadDrop } from '../../api/upload';
import { useStudy } from '../../hooks/StudyContext';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { Loading, ProgressBar } from '../../components/Loading';
import { LockedNote, useLockedTitle } from '../../components/LockedNote';
import { PageHeader, Section } from '../../components/PageHeader';
import { RunChecks } from '../../components/RunChecks';
import { useAction } from '../../hooks/useAction';
import { useApi } from '../../hooks/useApi';
import { useLanguage } from '../../hooks/useLanguage';
import { useProgress } from '../../hooks/useProgress';
import { progressText } from '../../lib/progress-text';
import { DeliveryPassword } from './DeliveryPassword';
import { DeliveryView } from './DeliveryView';
import { DropZone, type Source } from './DropZone';
import { ExportDateDialog, type ExportDateQuestion } from './ExportDateDialog';
import { ImportHistory } from './ImportHistory';
import { PreviewView } from './PreviewView';
import '../../styles/import.css';

type Stage =
  | { kind: 'idle' }
  | { kind: 'preview'; preview: ImportPreview; label: string }
  | { kind: 'done'; report: ImportReport }
  | { kind: 'delivery'; dir: string; items: BatchItem[]; label: string; filePassword?: string }
  | { kind: 'deliveryDone'; items: BatchItem[] };

/** The preview a password was asked for, to run again with it. */
type PreviewPasswordAsk = PasswordAsk & {
  paths: string[];
  label: string;
  exportDate: string;
  confirmExportDate: boolean;
};

/**
 * Load one site export, or a delivery of many: pick or drop it, look at what it would change, then
 * commit or cancel.
 */
export default function ImportScreen() {
  const { t } = useTranslation();
  const { reload: reloadStudy } = useStudy();
  const lockedTitle = useLockedTitle();
  // Warnings come in the window's language (the core renders them from their named values).
  const language = useLanguage();
  const history = useApi('imports.list', { language });
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [site, setSite] = useState('');
  const [exportDate, setExportDate] = useState('');
  const [uploading, setUploading] = useState(false);

  const [question, setQuestion] = useState<ExportDateQuestion | null>(null);

  const previewOne = async (
    paths: string[],
    date: string,
    confirmExportDate: boolean,
    label: string,
    password?: string,
  ) => {
    try {
      const one = await call('imports.preview', {
        paths,
        ...(site.trim() ? { site: site.trim() } : {}),
        ...(date ? { exportDate: date } : {}),
        ...(confirmExportDate ? { confirmExportDate } : {}),
        ...(password ? { filePassword: password } : {}),
        language,
      });
      return { kind: 'preview' as const, preview: one };
    } catch (error) {
      // A zip or workbook with a password: asked for, then the same preview again.
      const ask = passwordAskOf(error, label);
      if (ask)
        return {
          kind: 'password' as const,
          ask: { ...ask, paths, label, exportDate: date, confirmExportDate },
        };
      throw error;
    }
  };

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
    const delivery = await call('imports.delivery', { paths });
    if (delivery) {
      const items = await call('imports.batch', { dir: delivery.dir, dryRun: true, language });
      return { kind: 'delivery' as const, dir: delivery.dir, items };
    }
    // The export date comes from the names (or is asked for), never from the day it is loaded.
    const named = await call('imports.namedDate', { paths });
    if ((!exportDate && !named) || (exportDate && named && !named.dates.includes(exportDate)))
      return {
        kind: 'question' as const,
        question: { paths, named, entered: exportDate, label: source.label },
      };
    return previewOne(paths, exportDate, false, source.label);
  });
  const answer = useAction((q: ExportDateQuestion, date: string, confirmed: boolean) =>
    previewOne(q.paths, date, confirmed, q.label),
  );
  const [passwordAsk, setPasswordAsk] = useState<PreviewPasswordAsk | null>(null);
  const unlock = useAction((a: PreviewPasswordAsk, password: string) =>
    previewOne(a.paths, a.exportDate, a.confirmExportDate, a.label, password),
  );
  const commit = useAction((previewId: string) => call('imports.commit', { previewId, language }));
  const commitDelivery = useAction((dir: string, filePassword?: string) =>
    call('imports.batch', { dir, dryRun: false, language, ...(filePassword ? { filePassword } : {}) }),
  );
  const discard = useAction((previewId: string) => call('imports.discard', { previewId }));
  const previewProgress = useProgress('imports.preview', preview.running || answer.running || unlock.running);
  const commitProgress = useProgress('imports.commit', commit.running);
  const batchProgress = useProgress('imports.batch', preview.running || commitDelivery.running);
  const progress = commitProgress ?? previewProgress ?? batchProgress;
  const busy =
    preview.running ||
    answer.running ||
    unlock.running ||
    commit.running ||
    discard.running ||
    commitDelivery.running;

  const onSource = async (source: Source) => {
    commit.reset();
    commitDelivery.reset();
    answer.reset();
    unlock.reset();
    const p = await preview.run(source);
    if (p?.kind === 'preview') setStage({ kind: 'preview', preview: p.preview, label: source.label });
    else if (p?.kind === 'question') setQuestion(p.question);
    else if (p?.kind === 'password') setPasswordAsk(p.ask);
    else if (p) setStage({ kind: 'delivery', dir: p.dir, items: p.items, label: source.label });
  };

  const onAnswer = async (date: string, confirmed: boolean) => {
    if (!question) return;
    const p = await answer.run(question, date, confirmed);
    setQuestion(null);
    if (!confirmed) setExportDate(date);
    if (p?.kind === 'preview') setStage({ kind: 'preview', preview: p.preview, label: question.label });
    else if (p?.kind === 'password') setPasswordAsk(p.ask);
  };

  const onPassword = async (password: string) => {
    if (!passwordAsk) return;
    const p = await unlock.run(passwordAsk, password);
    if (p?.kind === 'password') setPasswordAsk(p.ask);
    else {
      setPasswordAsk(null);
      if (p) setStage({ kind: 'preview', preview: p.preview, label: passwordAsk.label });
    }
  };

  return (
    <div className="screen screen-import">
      <PageHeader title={t('import.title')} subtitle={t('import.subtitle')} />
      <LockedNote />
      <div className="import-layout">
        <Section title={t('import.load')} className="card">
          {stage.kind !== 'preview' && stage.kind !== 'delivery' && (
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
                (progress && progressText(t, progress)) ??
                (uploading
                  ? t('import.uploading')
                  : commit.running || commitDelivery.running
                    ? t('import.committing')
                    : discard.running
                      ? t('import.discarding')
                      : t('import.reading'))
              }
            />
          )}
          <ErrorNote error={preview.error ?? answer.error ?? unlock.error} />
          <ExportDateDialog
            question={question}
            busy={answer.running}
            onAnswer={(date, confirmed) => void onAnswer(date, confirmed)}
            onClose={() => setQuestion(null)}
          />
          <PasswordDialog
            ask={passwordAsk}
            submitLabel={t('password.preview')}
            busy={unlock.running}
            onAnswer={(password) => void onPassword(password)}
            onClose={() => setPasswordAsk(null)}
          />
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
          {stage.kind === 'delivery' && (
            <>
              <Note kind="info">
                <span>
                  <strong>{t('import.deliveryTitle', { count: stage.items.length })}</strong>{' '}
                  <span className="mono">{stage.label}</span> — {t('import.deliveryExplain')}
                </span>
              </Note>
              {(site.trim() || exportDate) && <Note kind="warning">{t('import.deliverySiteIgnored')}</Note>}
              <DeliveryPassword
                dir={stage.dir}
                items={stage.items}
                tried={stage.filePassword !== undefined}
                language={language}
                onUnlocked={(items, filePassword) => setStage({ ...stage, items, filePassword })}
              />
              <DeliveryView items={stage.items} committed={false} />
              <ErrorNote error={commitDelivery.error} />
              <div className="actions-row">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={busy || !!lockedTitle || stage.items.every((i) => 'error' in i)}
                  title={lockedTitle}
                  onClick={async () => {
                    const items = await commitDelivery.run(stage.dir, stage.filePassword);
                    if (items) {
                      setStage({ kind: 'deliveryDone', items });
                      history.reload();
                      reloadStudy();
                    }
                  }}
                >
                  <Icon name="check" size={14} />{' '}
                  {t('import.deliveryCommit', { count: stage.items.filter((i) => !('error' in i)).length })}
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={busy}
                  onClick={() => setStage({ kind: 'idle' })}
                >
                  {t('common.cancel')}
                </button>
              </div>
            </>
          )}
          {stage.kind === 'deliveryDone' && (
            <div className="import-done">
              <Note kind={stage.items.some((i) => 'error' in i) ? 'warning' : 'success'}>
                <strong>
                  {t('import.deliveryCommitted', {
                    loaded: stage.items.filter((i) => !('error' in i)).length,
                    count: stage.items.length,
                  })}
                </strong>{' '}
                {t('import.nextStep')}
              </Note>
              <DeliveryView items={stage.items} committed />
              <NextSteps onChecked={reloadStudy} onAnother={() => setStage({ kind: 'idle' })} />
            </div>
          )}
          {stage.kind === 'done' && (
            <div className="import-done">
              <Note kind="success">
                <strong>
                  {t('import.committed', { id: stage.report.importId ?? '', site: stage.report.siteId })}
                </strong>{' '}
                {t('import.nextStep')}
              </Note>
              <NextSteps onChecked={reloadStudy} onAnother={() => setStage({ kind: 'idle' })} />
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

/** After an import: run the checks, look at the discrepancies, or load another export. */
function NextSteps({ onChecked, onAnother }: { onChecked: () => void; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="actions-row">
      <RunChecks primary onDone={onChecked} />
      <Link to="/discrepancies" className="btn">
        {t('import.openDiscrepancies')}
      </Link>
      <button type="button" className="btn btn-ghost" onClick={onAnother}>
        {t('import.another')}
      </button>
    </div>
  );
}
