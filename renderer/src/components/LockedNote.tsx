import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useWriteGuard } from '../hooks/StudyContext';
import { Icon } from './Icon';

/** Shown above the write actions of a screen while the study is locked for a data cut. */
export function LockedNote() {
  const { t } = useTranslation();
  const { locked, cut } = useWriteGuard();
  if (!locked) return null;
  return (
    <div className="note note-locked" role="status">
      <Icon name="lock" />
      <div className="note-body">
        <strong>{t('lock.lockedTitle', { cut: cut ?? '' })}</strong>
        <span>
          {t('lock.lockedExplain')} <Link to="/cuts">{t('lock.goToCuts')}</Link>
        </span>
      </div>
    </div>
  );
}

/** The tooltip of a write button: why it is disabled while locked. */
export function useLockedTitle(): string | undefined {
  const { t } = useTranslation();
  const { locked, cut } = useWriteGuard();
  return locked ? t('lock.disabledHint', { cut: cut ?? '' }) : undefined;
}
