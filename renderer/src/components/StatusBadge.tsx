import { useTranslation } from 'react-i18next';
import type { DiscrepancyStatus } from '../../../shared/api/discrepancies';
import { Icon, type IconName } from './Icon';

/** Each status has its own shape as well as its colour, and always its word. */
export const STATUS_ICONS: Readonly<Record<DiscrepancyStatus, IconName>> = {
  OPEN: 'dot',
  QUERIED: 'send',
  ANSWERED: 'reply',
  CLOSED: 'check',
  ACCEPTED: 'accept',
  RESOLVED: 'resolved',
};

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = status in STATUS_ICONS ? (status as DiscrepancyStatus) : null;
  return (
    <span className={`status status-${status.toLowerCase()}`}>
      {known && <Icon name={STATUS_ICONS[known]} size={12} />}
      <span>{t(`status.${status}`, { defaultValue: status })}</span>
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: string }) {
  const { t } = useTranslation();
  const marks: Record<string, string> = { critical: '!!!', major: '!!', minor: '!' };
  return (
    <span className={`severity severity-${severity}`}>
      <span className="severity-mark" aria-hidden="true">
        {marks[severity] ?? ''}
      </span>
      {t(`severity.${severity}`, { defaultValue: severity })}
    </span>
  );
}
