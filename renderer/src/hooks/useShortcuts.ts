import { useEffect } from 'react';
import { matchShortcut } from '../lib/shortcuts';
import { useLatest } from './useLatest';

/** Binds single keys (e.g. { s: 'send', '/': 'search' }) while this screen is shown. */
export function useShortcuts<A extends string>(
  bindings: Readonly<Record<string, A>>,
  onAction: (action: A, event: KeyboardEvent) => void,
  enabled = true,
) {
  const handler = useLatest(onAction);
  const bindingsRef = useLatest(bindings);

  useEffect(() => {
    if (!enabled) return;
    const listener = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const target = event.target instanceof HTMLElement ? event.target : null;
      // A modal dialog owns the keyboard.
      if (target?.closest('dialog[open]') || document.querySelector('dialog[open]')) return;
      const action = matchShortcut(
        {
          key: event.key,
          ctrlKey: event.ctrlKey,
          metaKey: event.metaKey,
          altKey: event.altKey,
          targetTag: target?.tagName ?? null,
          targetEditable: target?.isContentEditable ?? false,
        },
        bindingsRef.current,
      );
      if (action) {
        event.preventDefault();
        handler.current(action, event);
      }
    };
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [enabled, handler, bindingsRef]);
}
