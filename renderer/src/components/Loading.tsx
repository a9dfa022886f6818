import { useTranslation } from 'react-i18next';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

/** A bar: determinate when `value` (0..1) is known, else indeterminate while work runs. */
export function ProgressBar({ value, label }: { value?: number | null; label: string }) {
  const known = typeof value === 'number' && Number.isFinite(value);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={known ? Math.round(value * 100) : undefined}
    >
      <div
        className={known ? 'progress-fill' : 'progress-fill progress-indeterminate'}
        style={known ? { width: `${Math.max(2, Math.min(100, value * 100))}%` } : undefined}
      />
      <span className="progress-label">{label}</span>
    </div>
  );
}
