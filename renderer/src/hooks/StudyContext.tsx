import { createContext, useContext, type ReactNode } from 'react';
import type { ApiError } from '../api/client';
import type { StudyInfo } from '../../../shared/api/study';
import { useApi } from './useApi';

interface StudyState {
  study: StudyInfo | undefined;
  error: ApiError | null;
  loading: boolean;
  /** Call after anything that changes the study's summary (import, lock, unlock...). */
  reload: () => void;
}

const StudyContext = createContext<StudyState>({
  study: undefined,
  error: null,
  loading: true,
  reload: () => {},
});

export function StudyProvider({ children }: { children: ReactNode }) {
  const { data, error, loading, reload } = useApi('study.info', {});
  return (
    <StudyContext.Provider value={{ study: data, error, loading, reload }}>{children}</StudyContext.Provider>
  );
}

export function useStudy(): StudyState {
  return useContext(StudyContext);
}

/** Whether writes are possible now; while locked, buttons are disabled with this explanation. */
export function useWriteGuard(): { locked: boolean; cut: string | null } {
  const { study } = useStudy();
  return { locked: study?.locked ?? false, cut: study?.lockedCut ?? null };
}
