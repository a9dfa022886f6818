/** Paths the renderer hands to the core (it never touches the file system itself). */
export function joinPath(dir: string, ...parts: string[]): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  const trimmed = dir.replace(/[\\/]+$/, '');
  return [trimmed, ...parts.map((p) => p.replace(/^[\\/]+|[\\/]+$/g, ''))].join(sep);
}

/** A folder name for one run of an export or lock: 2026-03-05_1432. */
export function stampFolder(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}_${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** A name safe as one folder name (a cut's name may hold spaces and Hangul, not separators). */
export function safeFolderName(name: string): string {
  // Control characters are exactly what must go: no file name may hold them.
  // eslint-disable-next-line no-control-regex
  const unsafe = /[<>:"/\\|?*\u0000-\u001f]+/g;
  return name.trim().replace(unsafe, '_').slice(0, 80) || 'cut';
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
