import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timed, type Timed } from './timed-command';

export interface ShellImport extends Omit<Timed, 'stdout'> {
  files: number;
}

/** The reference: the sqlite3 shell's `.import` of the same files, each into its own table, timed as one process. */
export function sqliteShellImport(folders: string[]): ShellImport {
  const files = folders.flatMap((folder) =>
    fs
      .readdirSync(folder)
      .filter((f) => /\.(csv|tsv|txt)$/i.test(f))
      .map((f) => path.join(folder, f)),
  );
  return shellImport(
    files.map((file) => {
      const firstLine = fs.readFileSync(file, { encoding: 'latin1' }).split(/\r?\n/, 1)[0] ?? '';
      const tab =
        file.toLowerCase().endsWith('.tsv') ||
        (!file.toLowerCase().endsWith('.csv') && firstLine.includes('\t'));
      return { file, separator: tab ? '\\t' : ',' };
    }),
  );
}

/** `.import` of each file into its own table with the given field separator, timed as one sqlite3 process. */
export function shellImport(files: { file: string; separator: string }[]): ShellImport {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-bench-sqlite-'));
  const script = ['.mode csv'];
  files.forEach(({ file, separator }, i) => {
    script.push(`.separator "${separator}" "\\n"`);
    script.push(`.import '${file.replace(/'/g, "''")}' t${i}`);
  });
  fs.writeFileSync(path.join(work, 'import.sql'), `${script.join('\n')}\n`);
  try {
    const { stdout: _stdout, ...run } = timed('sqlite3', [
      path.join(work, 'reference.db'),
      `.read ${path.join(work, 'import.sql')}`,
    ]);
    return { ...run, files: files.length };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
