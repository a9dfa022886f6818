import fs from 'node:fs';
import path from 'node:path';
import type { ApiMethod } from '../../shared/api/contract';

/**
 * The files this server's own calls wrote (query lists, snapshot files): the only ones it hands out.
 * Kept by real path, taken when the call answered.
 */
export interface DownloadRegistry {
  /** Takes note of the files a successful call wrote. */
  noteResult(method: ApiMethod, output: unknown): void;
  add(file: string): void;
  /** The real path of a file this server wrote, or null. */
  lookup(requested: string): string | null;
}

function realPath(file: string): string | null {
  try {
    return fs.realpathSync(file);
  } catch {
    return null;
  }
}

export function createDownloadRegistry(): DownloadRegistry {
  const written = new Set<string>();
  const add = (file: string) => {
    const real = realPath(path.resolve(file));
    if (real) written.add(real);
  };
  return {
    add,
    noteResult(method, output) {
      if (method === 'queries.export') {
        const result = output as { files?: { path: string }[] };
        for (const f of result.files ?? []) add(f.path);
      } else if (method === 'audit.export') {
        add((output as { path: string }).path);
      } else if (method === 'cuts.lock' || method === 'data.export') {
        const result = output as { snapshot?: { dir: string; files: { path: string }[] } };
        const folder =
          method === 'cuts.lock' ? result.snapshot : (output as { dir: string; files: { path: string }[] });
        if (folder) for (const f of folder.files) add(path.resolve(folder.dir, f.path));
      }
    },
    lookup(requested) {
      if (!path.isAbsolute(requested)) return null;
      const real = realPath(requested);
      return real !== null && written.has(real) && fs.statSync(real).isFile() ? real : null;
    },
  };
}
