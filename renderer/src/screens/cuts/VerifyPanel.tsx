import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { ErrorNote, Note } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useAction } from '../../hooks/useAction';
import { useFormat } from '../../hooks/useFormat';
import { desktop } from '../../lib/desktop';

/** Checks a snapshot against its manifest: says whether any file changed, went missing or was added. */
export function VerifyPanel({
  initialDir,
  suggestions,
}: {
  initialDir?: string;
  suggestions: readonly string[];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const helpers = desktop();
  const [dir, setDir] = useState(initialDir ?? '');
  const verify = useAction((d: string) => call('cuts.verify', { dir: d }));
  const r = verify.result;

  return (
    <form
      className="stack"
      onSubmit={(e) => {
        e.preventDefault();
        if (dir.trim()) void verify.run(dir.trim());
      }}
    >
      <div className="input-with-button">
        <input
          value={dir}
          onChange={(e) => setDir(e.target.value)}
          list="snapshot-dirs"
          className="mono"
          placeholder={t('cuts.verifyPlaceholder')}
          data-testid="verify-dir"
          aria-label={t('cuts.snapshotFolder')}
        />
        <datalist id="snapshot-dirs">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        {helpers?.pickFolder && (
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const d = await helpers.pickFolder?.({ title: t('cuts.verifyTitle') });
              if (d) setDir(d);
            }}
          >
            <Icon name="folder" size={14} /> {t('common.choose')}
          </button>
        )}
        <button type="submit" className="btn btn-primary" disabled={!dir.trim() || verify.running}>
          <Icon name="shield" size={14} /> {t('cuts.verify')}
        </button>
      </div>
      <ErrorNote error={verify.error} />
      {r && (
        <div data-testid="verify-result">
          {r.ok ? (
            <Note kind="success">
              {t('cuts.verifyOk', { count: r.checked, n: fmt.number(r.checked), cut: r.cut ?? '' })}
            </Note>
          ) : (
            <Note kind="warning">
              <strong>{t('cuts.verifyFailed', { cut: r.cut ?? '' })}</strong>
              {(
                [
                  ['changed', r.changed],
                  ['missing', r.missing],
                  ['added', r.added],
                ] as const
              ).map(([k, files]) =>
                files.length ? (
                  <div key={k} className="small">
                    <strong>{t(`cuts.verify_${k}`, { count: files.length })}</strong>{' '}
                    <span className="mono">{files.join(', ')}</span>
                  </div>
                ) : null,
              )}
            </Note>
          )}
        </div>
      )}
    </form>
  );
}
