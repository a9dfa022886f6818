import { desktopBridge } from './client';
import { uploadDrop, type DroppedFile } from './upload';

/**
 * Dropped files, the same way in both doors: in the desktop app a dropped file or folder is a path
 * on disk; in browser mode it is uploaded first (see upload.ts).
 */

type Entry = FileSystemEntry;

function readAllEntries(directory: FileSystemDirectoryEntry): Promise<Entry[]> {
  const reader = directory.createReader();
  const all: Entry[] = [];
  return new Promise((resolve, reject) => {
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: Entry, prefix: string, out: DroppedFile[]): Promise<void> {
  const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.push({ file, relativePath });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries(entry as FileSystemDirectoryEntry))
      await walk(child, relativePath, out);
  }
}

/**
 * Every file of a drop, folders walked, relative paths kept. Call it in the drop handler before any
 * await: the browser empties the DataTransfer when the handler returns.
 */
export function filesFromDrop(dataTransfer: DataTransfer): Promise<DroppedFile[]> {
  const entries = [...dataTransfer.items]
    .map((item) => item.webkitGetAsEntry())
    .filter((e): e is Entry => e !== null);
  return (async () => {
    const out: DroppedFile[] = [];
    for (const entry of entries) await walk(entry, '', out);
    return out;
  })();
}

/**
 * The paths to give the core for a drop (imports.preview {paths}): the desktop app reads the
 * dropped files' own paths (nothing is copied); browser mode uploads them and answers the dropped
 * folder or workbook itself when one was dropped, else the folder holding the dropped files.
 * Call it in the drop handler before any await.
 */
export function pathsFromDrop(
  dataTransfer: DataTransfer,
  onFile?: (done: number, total: number) => void,
): Promise<string[]> {
  const bridge = desktopBridge();
  if (bridge)
    return Promise.resolve(
      [...dataTransfer.files].map((file) => bridge.pathForFile(file)).filter((p) => p !== ''),
    );
  const files = filesFromDrop(dataTransfer);
  return (async () => {
    const { folder, entries } = await uploadDrop(await files, onFile);
    return entries.length === 1 ? entries : [folder];
  })();
}
