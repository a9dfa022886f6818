/** Single-key shortcuts (Linear style): active only while the user is not typing in a field. */
export interface KeyInfo {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  targetTag: string | null;
  targetEditable: boolean;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

export function isTyping(info: Pick<KeyInfo, 'targetTag' | 'targetEditable'>): boolean {
  return info.targetEditable || (info.targetTag !== null && TYPING_TAGS.has(info.targetTag.toUpperCase()));
}

/** The action bound to this key, if any; modifiers (other than Shift) never match a single-key shortcut. */
export function matchShortcut<A extends string>(
  info: KeyInfo,
  bindings: Readonly<Record<string, A>>,
): A | null {
  if (info.ctrlKey || info.metaKey || info.altKey) return null;
  if (isTyping(info) && info.key !== 'Escape') return null;
  const key = info.key.length === 1 ? info.key.toLowerCase() : info.key;
  return bindings[key] ?? null;
}
