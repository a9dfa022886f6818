import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { ImportAnswersResult } from '../../../../shared/api/queries';
import { uploadDrop } from '../../api/upload';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { PasswordDialog, passwordAskOf, type PasswordAsk } from '../../components/PasswordDialog';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/Loading';
import { useLockedTitle } from '../../components/LockedNote';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { desktop } from '../../lib/desktop';
import { baseName, joinPath } from '../../lib/paths';

/** Load answered query lists: answers matched by query ID; rows that do not fit are listed with the reason. */
export function ImportAnswers({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lockedTitle = useLockedTitle();
  const input = useRef<HTMLInputElement>(null);
  const helpers = desktop();

  // Lists zipped or encrypted with a password: asked for, then loaded again with it.
  const load = async (paths: string[], filePassword?: string) => {
    try {
      const loaded = await call('queries.import', {
        files: paths,
        ...(filePassword ? { filePassword } : {}),
      });
      return { kind: 'loaded' as const, loaded };
    } catch (error) {
      const ask = passwordAskOf(error, paths[0] ?? '');
      if (ask) return { kind: 'password' as const, ask: { ...ask, paths } };
      throw error;
    }
  };
  const [passwordAsk, setPasswordAsk] = useState<(PasswordAsk & { paths: string[] }) | null>(null);
  const [result, setResult] = useState<ImportAnswersResult | null>(null);
  const settle = (outcome: Awaited<ReturnType<typeof load>> | undefined) => {
    if (outcome?.kind === 'password') setPasswordAsk(outcome.ask);
    else if (outcome) {
      setPasswordAsk(null);
      setResult(outcome.loaded);
      onDone();
    }
  };
  const run = useAction(async (source: { paths: string[] } | { files: File[] }) => {
    let paths: string[];
    if ('paths' in source) paths = source.paths;
    else {
      const { folder } = await uploadDrop(source.files);
      paths = source.files.map((f) => joinPath(folder, f.name));
    }
    setResult(null);
    return load(paths);
  });
  const unlock = useAction((ask: { paths: string[] }, password: string) => load(ask.paths, password));

  const pick = async () => {
    if (helpers?.pickFiles) {
      const paths = await helpers.pickFiles({
        title: t('queries.pickAnswers'),
        multiple: true,
        filters: [{ name: t('queries.lists'), extensions: ['xlsx', 'csv', 'zip'] }],
      });
      if (paths.length) settle(await run.run({ paths }));
    } else input.current?.click();
  };

  return (
    <div className="stack">
      <p className="muted">{t('queries.importExplain')}</p>
      <div className="form-row">
        <button
          type="button"
          className="btn btn-primary"
          disabled={run.running || !!lockedTitle}
          title={lockedTitle}
          onClick={pick}
        >
          <Icon name="upload" size={14} /> {t('queries.importAnswers')}
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept=".xlsx,.csv,.zip"
          hidden
          data-testid="answers-input"
          onChange={async (e) => {
            const files = e.target.files ? [...e.target.files] : [];
            e.target.value = '';
            if (files.length) settle(await run.run({ files }));
          }}
        />
      </div>
      {(run.running || unlock.running) && <ProgressBar label={t('queries.importing')} />}
      <ErrorNote error={run.error ?? unlock.error} />
      <PasswordDialog
        ask={passwordAsk}
        submitLabel={t('password.load')}
        busy={unlock.running}
        onAnswer={(password) => passwordAsk && void unlock.run(passwordAsk, password).then(settle)}
        onClose={() => setPasswordAsk(null)}
      />
      {result && (
        <div data-testid="answers-result">
          {result.refused.map((f, i) => (
            <Note kind="warning" key={i}>
              <span data-testid="answers-refused">
                <strong>{t('queries.fileRefused', { file: baseName(f.file) })}</strong> {f.reason}
              </span>
            </Note>
          ))}
          {(result.refused.length === 0 || result.applied.length + result.rejected.length > 0) && (
            <Note kind={result.rejected.length ? 'warning' : 'success'}>
              <strong>
                {t('queries.answersSummary', {
                  applied: fmt.number(result.applied.length),
                  rejected: fmt.number(result.rejected.length),
                  unchanged: fmt.number(result.unchanged),
                  blank: fmt.number(result.blank),
                })}
              </strong>
            </Note>
          )}
          <ListRows
            title={t('queries.rejected')}
            lastHeader={t('queries.reason')}
            rejected
            rows={result.rejected.map((r) => ({ ...r, last: r.reason, detail: r.detail }))}
          />
          <ListRows
            title={t('queries.applied')}
            lastHeader={t('queries.answer')}
            rows={result.applied.map((r) => ({ ...r, last: r.answer }))}
          />
        </div>
      )}
    </div>
  );
}

/** Rows of answered lists, each with its file, row and query ID, and what became of it. */
function ListRows({
  title,
  lastHeader,
  rows,
  rejected = false,
}: {
  title: string;
  lastHeader: string;
  rows: { file: string; row: number; queryId: string | null; last: string; detail?: string | null }[];
  rejected?: boolean;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return null;
  return (
    <>
      <h3>{title}</h3>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('queries.file')}</th>
            <th className="num">{t('queries.row')}</th>
            <th>{t('columns.queryId')}</th>
            <th>{lastHeader}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={rejected ? 'row-rejected' : undefined}>
              <td className="mono small">{baseName(r.file)}</td>
              <td className="num">{r.row}</td>
              <td className="mono">{r.queryId ?? '—'}</td>
              <td>
                {r.last}
                {r.detail && <div className="muted small">{r.detail}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
