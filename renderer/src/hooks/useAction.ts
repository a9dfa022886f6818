import { useCallback, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import { asApiError } from './useApi';
import { useLatest } from './useLatest';

export interface ActionState<A extends unknown[], R> {
  run: (...args: A) => Promise<R | undefined>;
  running: boolean;
  error: ApiError | null;
  result: R | undefined;
  reset: () => void;
}

/** A write (commit, lock, bulk move...): one at a time, its error kept to show where it happened. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): ActionState<A, R> {
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<R | undefined>(undefined);
  const busy = useRef(false);
  const actionRef = useLatest(action);

  const run = useCallback(
    async (...args: A) => {
      if (busy.current) return undefined;
      busy.current = true;
      setRunning(true);
      setError(null);
      try {
        const value = await actionRef.current(...args);
        setResult(value);
        return value;
      } catch (e) {
        setError(asApiError(e));
        return undefined;
      } finally {
        busy.current = false;
        setRunning(false);
      }
    },
    [actionRef],
  );

  const reset = useCallback(() => {
    setError(null);
    setResult(undefined);
  }, []);

  return { run, running, error, result, reset };
}
