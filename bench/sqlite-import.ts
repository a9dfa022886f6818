import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface ShellImport {
  ms: number;
  /** user + system CPU time of the sqlite3 process (null without /usr/bin/time). */
  cpuMs: number | null;
  files: number;
  maxRssMb: number | null;
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
  const db = path.join(work, 'reference.db');
  const hasTime = fs.existsSync('/usr/bin/time');
  const t0 = performance.now();
  const result = hasTime
    ? spawnSync(
        '/usr/bin/time',
        ['-f', '%U %S %M', 'sqlite3', db, `.read ${path.join(work, 'import.sql')}`],
        { encoding: 'utf8' },
      )
    : spawnSync('sqlite3', [db, `.read ${path.join(work, 'import.sql')}`], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (result.status !== 0) throw new Error(`sqlite3 failed: ${result.stderr}`);
  const [user, system, rssKb] = hasTime ? result.stderr.trim().split('\n').pop()!.split(' ').map(Number) : [];
  fs.rmSync(work, { recursive: true, force: true });
  return {
    ms,
    cpuMs: hasTime ? (user! + system!) * 1000 : null,
    files: files.length,
    maxRssMb: hasTime ? rssKb! / 1024 : null,
  };
}
