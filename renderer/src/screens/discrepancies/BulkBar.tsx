import { useTranslation } from 'react-i18next';
import { Icon } from '../../components/Icon';
import { Kbd } from '../../components/Kbd';
import { useFormat } from '../../hooks/useFormat';
import type { BulkAction, Selection } from './bulk-selection';
import { selectionCount } from './bulk-selection';

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
          <strong>{t('bulk.allMatchingSelected', { n: fmt.number(count) })}</strong>
        ) : none ? (
          <span className="muted">{t('bulk.hint')}</span>
        ) : (
          <strong>{t('bulk.selected', { count, n: fmt.number(count) })}</strong>
        )}
      </span>
      {selection.kind === 'ids' && total !== null && total > 0 && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onSelectAll}>
          {t('bulk.selectAllMatching', { n: fmt.number(total) })}
        </button>
      )}
      {!none && (
        <button type="button" className="btn btn-ghost btn-small" onClick={onClear}>
          {t('bulk.clear')}
        </button>
      )}
      <span className="spacer" />
      <button
        type="button"
        className="btn"
        disabled={none || !!lockedTitle}
        title={disabledTitle}
        onClick={() => onAction('send')}
      >
        <Icon name="send" size={14} /> {t('bulk.send')} <Kbd>S</Kbd>
      </button>
      <button
        type="button"
        className="btn"
        disabled={none || !!lockedTitle}
        title={disabledTitle}
        onClick={() => onAction('accept')}
      >
        <Icon name="accept" size={14} /> {t('bulk.accept')} <Kbd>A</Kbd>
      </button>
      <button
        type="button"
        className="btn"
        disabled={none || !!lockedTitle}
        title={disabledTitle}
        onClick={() => onAction('close')}
      >
        <Icon name="check" size={14} /> {t('bulk.close')} <Kbd>C</Kbd>
      </button>
    </div>
  );
}
