import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import type { MenuCommand } from '../../../shared/api/workspace';
import { desktop } from '../lib/desktop';
import { useStudy } from '../hooks/StudyContext';

/** The desktop menu's commands open the screen that does them; another study opened reloads. */
const SCREEN_OF: Partial<Record<MenuCommand, string>> = {
  import: '/import',
  'export-queries': '/queries',
  'run-checks': '/discrepancies',
  lock: '/cuts',
  unlock: '/cuts',
};

export function DesktopEvents() {
  const navigate = useNavigate();
  const { reload } = useStudy();
  useEffect(() => {
    const bridge = desktop();
    if (!bridge) return;
    return bridge.onEvent((event) => {
      if (event.type === 'menu') {
        const path = SCREEN_OF[event.command];
        if (path) navigate(path);
      } else if (event.type === 'workspace') reload();
    });
  }, [navigate, reload]);
  return null;
}
