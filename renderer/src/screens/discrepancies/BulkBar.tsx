import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { useFormat } from '../../hooks/useFormat';
import type { BulkAction, Selection } from './bulk-selection';
import { selectionCount } from './bulk-selection';

const BULK_ACTIONS: { action: BulkAction; icon: IconName; key: string }[] = [
  { action: 'send', icon: 'send', key: 'S' },
  { action: 'accept', icon: 'accept', key: 'A' },
  { action: 'close', icon: 'check', key: 'C' },
  { action: 'reopen', icon: 'reply', key: 'O' },
];

/** The selection and what can be done with it, with the keys that do it. */
export function BulkBar({
  selection,
  total,
  lockedTitle,
  onSelectAll,
  onClear,
  onAction,
}: {
  selection: Selection;
  total: number | null;
  lockedTitle: string | undefined;
  onSelectAll: () => void;
  onClear: () => void;
  onAction: (action: BulkAction) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const count = selectionCount(selection);
  const none = count === 0;
  const disabledTitle = lockedTitle ?? (none ? t('bulk.selectFirst') : undefined);

  return (
    <div className="bulk-bar" aria-live="polite">
      <span className="bulk-count">
        {selection.kind === 'all' ? (
          <strong>{t('bulk.allMatchingSelected', { count, n: fmt.number(count) })}</strong>
        ) : none ? (
          <span className="muted">{t('bulk.hint')}</span>
        ) : (
          <strong>{t('bulk.selected', { count, n: fmt.number(count) })}</strong>
        )}
      </span>
      {selection.kind === 'ids' && total !== null && total > 0 && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onSelectAll}>
          {t('bulk.selectAllMatching', { count: total, n: fmt.number(total) })}
        </button>
      )}
      {!none && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
          {t('bulk.clear')}
        </button>
      )}
      <span className="spacer" />
      {BULK_ACTIONS.map(({ action, icon, key }) => (
        <button
          key={action}
          type="button"
          className="btn"
          disabled={none || !!lockedTitle}
          title={disabledTitle}
          onClick={() => onAction(action)}
        >
          <Icon name={icon} size={14} /> {t(`bulk.${action}`)} <Kbd>{key}</Kbd>
        </button>
      ))}
    </div>
  );
}
