import { useTranslation } from 'react-i18next';
import type { ApiError } from '../api/client';
import { Icon } from './Icon';

/** An error shown where it happened: a title by code, the core's own sentence, and the window's way out. */
export function ErrorNote({
  error,
  onRetry,
  compact,
}: {
  error: ApiError | null | undefined;
  onRetry?: () => void;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  return (
    <div className={compact ? 'note note-error note-compact' : 'note note-error'} role="alert">
      <Icon name="warning" />
      <div className="note-body">
        <strong>{t(`errors.${error.code}`, { defaultValue: t('errors.INTERNAL') })}</strong>
        <span className="note-message">{error.message}</span>
        {error.kind && i18n.exists(`errorHints.${error.kind}`) && (
          <span className="note-hint" data-testid="error-hint">
            {t(`errorHints.${error.kind}`, { ...error.facts })}
          </span>
        )}
      </div>
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Note({
  kind = 'info',
  children,
}: {
  kind?: 'info' | 'warning' | 'success';
  children: React.ReactNode;
}) {
  return (
    <div className={`note note-${kind}`} role={kind === 'warning' ? 'status' : undefined}>
      <Icon name={kind === 'success' ? 'check' : kind === 'warning' ? 'warning' : 'info'} />
      <div className="note-body">{children}</div>
    </div>
  );
}
