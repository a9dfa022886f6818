import { DOWNLOAD_PATH } from '../../../shared/api/transport';

/**
 * Browser mode: the address of a file the server wrote (a query list, a snapshot file), for an
 * <a download> link. The server hands out only files its own calls wrote.
 */
export function downloadUrl(path: string): string {
  return `${DOWNLOAD_PATH}?${new URLSearchParams({ path })}`;
}
