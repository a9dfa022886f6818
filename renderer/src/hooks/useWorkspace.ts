import { useApi } from './useApi';

/** Which study the door has open and, in browser mode, where the server may write files. */
export function useWorkspace() {
  return useApi('workspace.current', {});
}
