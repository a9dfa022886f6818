import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useLocation, useNavigate } from 'react-router';
import { Icon } from '../components/Icon';
import { SCREENS } from './routes';

export function NavBar() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();

  // The window's title names the screen (task bar, window switcher, history).
  useEffect(() => {
    const screen = SCREENS.find((s) => pathname === s.path || pathname.startsWith(`${s.path}/`));
    document.title = screen ? `${t(screen.labelKey)} · ${t('app.name')}` : t('app.name');
  }, [pathname, t]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number(event.code.replace('Digit', '')) - 1;
      const screen = Number.isInteger(index) ? SCREENS[index] : undefined;
      if (screen) {
        event.preventDefault();
        navigate(screen.path);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul>
        {SCREENS.map((screen, i) => (
          <li key={screen.path}>
            <NavLink
              to={screen.path}
              className={({ isActive }) => (isActive ? 'nav-link active' : 'nav-link')}
              title={`${t(screen.labelKey)} (Alt+${i + 1})`}
            >
              <Icon name={screen.icon} />
              <span className="nav-text">{t(screen.labelKey)}</span>
              <span className="nav-key" aria-hidden="true">
                {i + 1}
              </span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
