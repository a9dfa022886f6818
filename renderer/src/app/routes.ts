import type { IconName } from '../components/Icon';

/** The screens, in the order of the navigation bar; Alt+1..9 jumps to each. */
export const SCREENS: readonly { path: string; labelKey: string; icon: IconName }[] = [
  { path: '/dashboard', labelKey: 'nav.dashboard', icon: 'dashboard' },
  { path: '/import', labelKey: 'nav.import', icon: 'import' },
  { path: '/discrepancies', labelKey: 'nav.discrepancies', icon: 'discrepancies' },
  { path: '/subjects', labelKey: 'nav.subjects', icon: 'subjects' },
  { path: '/data', labelKey: 'nav.data', icon: 'data' },
  { path: '/queries', labelKey: 'nav.queries', icon: 'queries' },
  { path: '/coding', labelKey: 'nav.coding', icon: 'coding' },
  { path: '/cuts', labelKey: 'nav.cuts', icon: 'cuts' },
  { path: '/audit', labelKey: 'nav.audit', icon: 'audit' },
];
