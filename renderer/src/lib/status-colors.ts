/** Status colours, shared by badges (CSS mirrors them) and charts. Never the only cue: text and icon too. */
export const STATUS_COLORS: Readonly<Record<string, string>> = {
  OPEN: '#d9480f',
  QUERIED: '#1c7ed6',
  ANSWERED: '#7048e8',
  CLOSED: '#2b8a3e',
  ACCEPTED: '#0c8599',
  RESOLVED: '#868e96',
};

export const STATUS_ORDER = ['OPEN', 'QUERIED', 'ANSWERED', 'CLOSED', 'ACCEPTED', 'RESOLVED'] as const;

export const SERIES_COLORS = [
  '#3b5bdb',
  '#d9480f',
  '#2b8a3e',
  '#ae3ec9',
  '#f08c00',
  '#0c8599',
  '#e64980',
  '#5c940d',
];
