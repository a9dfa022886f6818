import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Icon } from '../components/Icon';
import { changeLanguage } from '../i18n';
import { useLanguage } from '../hooks/useLanguage';
import type { Language } from '../lib/format';
import { useStudy } from '../hooks/StudyContext';

export function Header() {
  const { t } = useTranslation();
  const { study, error } = useStudy();
  const language = useLanguage();

  return (
    <header className="header">
      <div className="brand">
        <Icon name="shield" size={18} />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <div className="study-id" title={study?.file}>
        {study ? (
          <>
            <span className="study-code">{study.code}</span>
            <span className="study-name">{study.name}</span>
          </>
        ) : (
          <span className="muted">{error ? t('app.noStudy') : t('common.loading')}</span>
        )}
      </div>
      <div className="header-end">
        {study && (
          <Link
            to="/cuts"
            className={study.locked ? 'lock-state locked' : 'lock-state open'}
            title={study.locked ? t('lock.headerLockedHint') : t('lock.headerOpenHint')}
          >
            <Icon name={study.locked ? 'lock' : 'unlock'} size={14} />
            <span>{study.locked ? t('lock.locked', { cut: study.lockedCut ?? '' }) : t('lock.open')}</span>
          </Link>
        )}
        <label className="lang-switch">
          <Icon name="globe" size={14} />
          <span className="visually-hidden">{t('app.language')}</span>
          <select
            value={language}
            onChange={(e) => changeLanguage(e.target.value as Language)}
            aria-label={t('app.language')}
          >
            <option value="en">English</option>
            <option value="ko">한국어</option>
          </select>
        </label>
      </div>
    </header>
  );
}
