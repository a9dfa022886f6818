import { useTranslation } from 'react-i18next';
import type { CheckRunResult } from '../../../shared/api/checks';
import { call } from '../api/client';
import { useAction } from '../hooks/useAction';
import { useFormat } from '../hooks/useFormat';
import { ErrorNote, Note } from './ErrorNote';
import { Icon } from './Icon';
import { useLockedTitle } from './LockedNote';

/** "Run checks" (checks.run) and what the run found: new, still open, resolved, reopened. */
export function RunChecks({
  onDone,
  primary,
}: {
  onDone?: (result: CheckRunResult) => void;
  primary?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const lockedTitle = useLockedTitle();
  const run = useAction(() => call('checks.run', {}));
  const result = run.result;

  return (
    <div className="run-checks">
      <button
        type="button"
        className={primary ? 'btn btn-primary' : 'btn'}
        disabled={run.running || !!lockedTitle}
        title={lockedTitle ?? t('checks.runHint')}
        onClick={async () => {
          const r = await run.run();
          if (r) onDone?.(r);
        }}
      >
        <Icon name="refresh" size={14} /> {run.running ? t('checks.running') : t('checks.run')}
      </button>
      <ErrorNote error={run.error} compact />
      {result && (
        <Note kind={result.errors.length ? 'warning' : 'success'}>
          <strong>
            {t('checks.done', {
              found: fmt.number(result.totals.found),
              new: fmt.number(result.totals.new),
              resolved: fmt.number(result.totals.resolved),
              reopened: fmt.number(result.totals.reopened),
              seconds: fmt.number(result.durationMs / 1000, 1),
            })}
          </strong>
          {result.errors.map((e) => (
            <div key={e.checkId} className="small">
              {t('checks.failed', { check: e.checkId, message: e.message })}
            </div>
          ))}
        </Note>
      )}
    </div>
  );
}
