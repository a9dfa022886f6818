import fs from 'node:fs';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes to a file (atomically: a partial file is never left) or to stdout. */
export function writeOutput(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  const temporary = `${out}.writing-${process.pid}`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, out);
}

/** A plain text table for people (JSON and CSV are for programs). */
export function formatTable(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const line = (cells: (string | number)[]) =>
    cells
      .map((c, i) => (typeof c === 'number' ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/**
 * A long output written page by page: to a file (under a temporary name, renamed when complete,
 * so a partial file is never left) or to stdout, waiting when a slow reader's pipe is full.
 */
export interface PagedOutput {
  write(text: string): Promise<void>;
  /** Completes the output; `ok` false discards a partial file. */
  close(ok: boolean): void;
}

export function openPagedOutput(out: string | undefined): PagedOutput {
  if (out === undefined) {
    return {
      write: (text) =>
        new Promise((resolve) => {
          if (process.stdout.write(text)) resolve();
          else process.stdout.once('drain', () => resolve());
        }),
      close: () => undefined,
    };
  }
  const temporary = `${out}.writing-${process.pid}`;
  const fd = fs.openSync(temporary, 'w');
  return {
    write: async (text) => {
      fs.writeSync(fd, text);
    },
    close: (ok) => {
      fs.closeSync(fd);
      if (ok) fs.renameSync(temporary, out);
      else fs.rmSync(temporary, { force: true });
    },
  };
}
