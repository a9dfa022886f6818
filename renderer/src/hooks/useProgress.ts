import { useEffect, useState } from 'react';
import { isDesktop } from '../api/client';
import { EVENTS_PATH } from '../../../shared/api/transport';
import type { ProgressEvent } from '../../../shared/api/workspace';
import { desktop } from '../lib/desktop';

/**
 * The latest progress of a long call of this method (import, check run, lock) while `active`:
 * Server-Sent Events in browser mode, the preload's progress events in the desktop app. Without
 * them the screens still show an indeterminate bar.
 */
export function useProgress(method: string, active: boolean): ProgressEvent | null {
  const [event, setEvent] = useState<{ for: string; value: ProgressEvent } | null>(null);

  useEffect(() => {
    if (!active) return;
    const take = (e: ProgressEvent) => {
      if (e.method === method) setEvent({ for: method, value: e });
    };
    if (isDesktop()) return desktop()?.onProgress?.(take);
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(EVENTS_PATH);
    source.addEventListener('progress', (m) => {
      try {
        take(JSON.parse((m as MessageEvent<string>).data) as ProgressEvent);
      } catch {
        // a malformed event is ignored
      }
    });
    return () => source.close();
  }, [method, active]);

  return active && event?.for === method ? event.value : null;
}
