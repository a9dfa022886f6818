import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api/contract';
import { ApiError, call, onStudyChanged } from '../api/client';

/**
 * Team mode: a count of the changes others made to the open study. Every useApi reads again when
 * it moves, so what the window shows follows the others' work (LISTEN/NOTIFY on the server).
 */
let othersChanges = 0;
const changeSubscribers = new Set<() => void>();
let stopListening: (() => void) | null = null;
function subscribeToChanges(notify: () => void): () => void {
  changeSubscribers.add(notify);
  stopListening ??= onStudyChanged(() => {
    othersChanges++;
    for (const subscriber of changeSubscribers) subscriber();
  });
  return () => {
    changeSubscribers.delete(notify);
    if (changeSubscribers.size === 0) {
      stopListening?.();
      stopListening = null;
    }
  };
}
const changesSoFar = () => othersChanges;

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

/** Turns anything thrown into an ApiError whose message a data manager can read. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError('INTERNAL', message);
}

/**
 * Reads from the core and keeps the answer; runs again when the input changes (compared as JSON) or
 * on reload() or a new `refreshKey`. `enabled: false` waits (e.g. until a form is chosen). The last answer stays shown
 * while the next one loads, so lists do not flicker.
 */
export function useApi<M extends ApiMethod>(
  method: M,
  input: ApiInput<M>,
  options: { enabled?: boolean; refreshKey?: string | number } = {},
): ApiState<ApiOutput<M>> {
  const enabled = options.enabled ?? true;
  const [tick, setTick] = useState(0);
  const changes = useSyncExternalStore(subscribeToChanges, changesSoFar);
  const inputKey = JSON.stringify(input ?? {});
  const requestKey = `${method}|${tick}.${changes}|${options.refreshKey ?? ''}|${inputKey}`;
  const [state, setState] = useState<{ key: string; data: ApiOutput<M> | undefined; error: ApiError | null }>(
    {
      key: '',
      data: undefined,
      error: null,
    },
  );

  useEffect(() => {
    if (!enabled) return;
    let live = true;
    call(method, JSON.parse(inputKey) as ApiInput<M>).then(
      (data) => live && setState({ key: requestKey, data, error: null }),
      (error: unknown) =>
        live && setState((s) => ({ key: requestKey, data: s.data, error: asApiError(error) })),
    );
    return () => {
      live = false;
    };
  }, [method, inputKey, requestKey, enabled]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const current = state.key === requestKey;
  return { data: state.data, error: current ? state.error : null, loading: enabled && !current, reload };
}
