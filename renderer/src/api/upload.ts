import { UPLOAD_PATH, type UploadResult } from '../../../shared/api/transport';
import { ApiError } from './client';

/**
 * Browser mode: files the person drops or picks are sent to the server, which keeps them in a
 * per-run folder (relative paths kept: a dropped site-export folder stays a folder). The folder's
 * path is what the core is given (imports.preview, queries.import). The desktop app never uploads:
 * it has the files' own paths.
 */

/** A file and where it sits in what was dropped (`site-01/DM.csv`). */
export interface DroppedFile {
  file: File;
  relativePath: string;
}

const relativePathOf = (item: File | DroppedFile): string =>
  'relativePath' in item ? item.relativePath : item.webkitRelativePath || item.name;

async function failure(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { code: ApiError['code']; message: string } };
    if (body.error) return new ApiError(body.error.code, body.error.message);
  } catch {
    // plain words (no valid token, another origin): shown as they are
  }
  return new ApiError('INTERNAL', text.trim() || `${response.status} ${response.statusText}`);
}

/** Sends the files into one new folder on the server; answers its path and the top-level entries in it. */
export async function uploadDrop(
  files: readonly (File | DroppedFile)[],
  onFile?: (done: number, total: number) => void,
): Promise<{ folder: string; entries: string[] }> {
  if (files.length === 0) throw new ApiError('BAD_INPUT', 'nothing to upload');
  let upload: string | null = null;
  let folder = '';
  const topLevel = new Set<string>();
  for (const [index, item] of files.entries()) {
    const file = item instanceof File ? item : item.file;
    const relativePath = relativePathOf(item);
    const query = new URLSearchParams({ name: relativePath });
    if (upload) query.set('upload', upload);
    const response = await fetch(`${UPLOAD_PATH}?${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/octet-stream' },
      body: file,
    });
    if (!response.ok) throw await failure(response);
    const result = (await response.json()) as UploadResult;
    upload = result.upload;
    folder = result.folder;
    topLevel.add(relativePath.split(/[\\/]/)[0]!);
    onFile?.(index + 1, files.length);
  }
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  return { folder, entries: [...topLevel].map((name) => `${folder}${separator}${name}`) };
}

/**
 * Sends the files into one new folder on the server and answers the folder's path. Files keep
 * their relative path (`webkitRelativePath`, or the one given), else their name.
 */
export async function uploadFiles(
  files: readonly (File | DroppedFile)[],
  onFile?: (done: number, total: number) => void,
): Promise<string> {
  return (await uploadDrop(files, onFile)).folder;
}
