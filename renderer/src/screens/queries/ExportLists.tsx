import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportQueriesResult } from '../../../../shared/api/queries';
import { call } from '../../api/client';
import { downloadUrl } from '../../api/download';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/Loading';
import { useLockedTitle } from '../../components/LockedNote';
import { SiteSelect } from '../../components/SiteSelect';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { useWorkspace } from '../../hooks/useWorkspace';
import { desktop } from '../../lib/desktop';
import { baseName, joinPath, stampFolder } from '../../lib/paths';

/** One query list per site (xlsx or CSV) with its QUERIED items; exported OPEN items become QUERIED. */
export function ExportLists({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const workspace = useWorkspace();
  const lockedTitle = useLockedTitle();
  const [site, setSite] = useState('');
  const [format, setFormat] = useState<'xlsx' | 'csv'>('xlsx');
  const helpers = desktop();

  const run = useAction(async (): Promise<ExportQueriesResult | null> => {
    let outDir: string | null = null;
    if (helpers?.pickSaveFolder) outDir = await helpers.pickSaveFolder({ title: t('queries.chooseFolder') });
    else if (workspace.data?.outputDir)
      outDir = joinPath(workspace.data.outputDir, `query-lists_${stampFolder(new Date())}`);
    if (!outDir) return null;
    return call('queries.export', { outDir, format, ...(site ? { site } : {}) });
  });
  const result = run.result;
  const noDestination = !helpers?.pickSaveFolder && workspace.data && !workspace.data.outputDir;

  return (
    <div className="stack">
      <p className="muted">{t('queries.exportExplain')}</p>
      <div className="form-row">
        <SiteSelect value={site} onChange={setSite} anyLabel={t('queries.allSites')} testId="export-site" />
        <div className="segmented" role="group" aria-label={t('queries.format')}>
          {(['xlsx', 'csv'] as const).map((f) => (
            <button
              key={f}
              type="button"
              className={format === f ? 'active' : undefined}
              aria-pressed={format === f}
              onClick={() => setFormat(f)}
            >
              {f === 'xlsx' ? 'Excel (.xlsx)' : 'CSV'}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="btn btn-primary"
          disabled={run.running || !!lockedTitle || !!noDestination}
          title={lockedTitle}
          onClick={async () => (await run.run()) && onDone()}
        >
          <Icon name="download" size={14} />{' '}
          {helpers?.pickSaveFolder ? t('queries.exportTo') : t('queries.export')}
        </button>
      </div>
      {noDestination && <Note kind="warning">{t('queries.noOutputDir')}</Note>}
      {run.running && <ProgressBar label={t('queries.exporting')} />}
      <ErrorNote error={run.error} />
      {result && (
        <Note kind="success">
          <strong>
            {t('queries.exported', {
              count: result.files.length,
              n: fmt.number(result.files.length),
              newly: fmt.number(result.newlyQueried),
            })}
          </strong>
          {result.withoutSite > 0 && (
            <div className="small">
              {t('queries.withoutSite', { count: result.withoutSite, n: fmt.number(result.withoutSite) })}
            </div>
          )}
        </Note>
      )}
      {result && result.files.length === 0 && <p className="muted">{t('queries.nothingToExport')}</p>}
      {result && result.files.length > 0 && (
        <table className="table table-compact" data-testid="exported-files">
          <thead>
            <tr>
              <th>{t('columns.siteId')}</th>
              <th>{t('queries.list')}</th>
              <th className="num">{t('queries.queries')}</th>
              <th>{t('queries.file')}</th>
            </tr>
          </thead>
          <tbody>
            {result.files.map((f) => (
              <tr key={f.path}>
                <td>{f.siteId}</td>
                <td className="mono">{f.listId}</td>
                <td className="num">{fmt.number(f.queries)}</td>
                <td>
                  {helpers ? (
                    <span className="mono small">{f.path}</span>
                  ) : (
                    <a href={downloadUrl(f.path)} download={baseName(f.path)} className="mono">
                      <Icon name="download" size={12} /> {baseName(f.path)}
                    </a>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
