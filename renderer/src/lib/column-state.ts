/** The Discrepancies grid's column choice, order and widths, remembered between sessions. */
export interface SavedColumn {
  colId: string;
  width?: number;
  hide?: boolean;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const VERSION = 1;

export function loadColumns(store: KeyValueStore, key: string): SavedColumn[] | null {
  try {
    const raw = store.getItem(key);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as { v?: number; columns?: unknown };
    if (parsed.v !== VERSION || !Array.isArray(parsed.columns)) return null;
    return parsed.columns.flatMap((c: unknown): SavedColumn[] => {
      if (!c || typeof c !== 'object') return [];
      const { colId, width, hide } = c as Record<string, unknown>;
      if (typeof colId !== 'string') return [];
      return [
        {
          colId,
          ...(typeof width === 'number' && width >= 30 && width <= 2000 ? { width: Math.round(width) } : {}),
          ...(typeof hide === 'boolean' ? { hide } : {}),
        },
      ];
    });
  } catch {
    return null;
  }
}

export function saveColumns(store: KeyValueStore, key: string, columns: readonly SavedColumn[]): void {
  const slim = columns.map(({ colId, width, hide }) => ({
    colId,
    ...(width !== undefined ? { width: Math.round(width) } : {}),
    ...(hide ? { hide } : {}),
  }));
  try {
    store.setItem(key, JSON.stringify({ v: VERSION, columns: slim }));
  } catch {
    // Storage full or unavailable: the grid still works, it just forgets.
  }
}

/** Saved columns that the grid still knows, in saved order, then any new ones. */
export function mergeColumns(known: readonly string[], saved: readonly SavedColumn[] | null): SavedColumn[] {
  if (!saved) return known.map((colId) => ({ colId }));
  const knownSet = new Set(known);
  const kept = saved.filter((c) => knownSet.has(c.colId));
  const keptIds = new Set(kept.map((c) => c.colId));
  return [...kept, ...known.filter((id) => !keptIds.has(id)).map((colId) => ({ colId }))];
}
