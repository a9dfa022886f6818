import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * No two folders of the product import each other, not even through their sub-folders or for
 * types only (issue 11): a folder's imports go one way. The lint rules order the layers; this
 * test also covers a folder and its own sub-folders (e.g. db and db/migrations), which lint sees
 * as one layer. The graph comes from the files' real imports (TypeScript's own pre-processor:
 * import, import type, export ... from and import()).
 */

const root = path.resolve(import.meta.dirname, '../..');
const PRODUCT = ['electron', 'shared', 'tools', 'renderer/src'];

function sourceFiles(folder: string): string[] {
  return fs
    .readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts') && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(folder, f));
}

function resolveImport(fromFile: string, specifier: string): string | undefined {
  const base = path.join(path.dirname(fromFile), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')].find(
    (candidate) =>
      fs.existsSync(path.join(root, candidate)) && fs.statSync(path.join(root, candidate)).isFile(),
  );
}

/** Edges between folders: [from folder, to folder, the importing file]. */
function folderEdges(
  files: string[],
  read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8'),
): [string, string, string][] {
  const edges: [string, string, string][] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(read(file), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveImport(file, fileName);
      if (target === undefined) throw new Error(`${file}: cannot resolve ${fileName}`);
      if (path.dirname(file) !== path.dirname(target))
        edges.push([path.dirname(file), path.dirname(target), file]);
    }
  }
  return edges;
}

/** Strongly connected groups of two or more folders (Tarjan), each with the edges that tie it. */
function folderCycles(edges: [string, string, string][]): string[] {
  const next = new Map<string, Set<string>>();
  for (const [from, to] of edges) next.set(from, (next.get(from) ?? new Set()).add(to));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return groups.map((group) => {
    const ties = edges.filter(([from, to]) => group.includes(from) && group.includes(to));
    const named = [...new Map(ties.map(([from, to, file]) => [`${from} -> ${to}`, file])).entries()];
    return `${group.join(' <-> ')}: ${named.map(([arrow, file]) => `${arrow} (${file})`).join('; ')}`;
  });
}

describe('folder imports', () => {
  it('form no cycle between the folders of the product, type-only imports included', () => {
    const edges = folderEdges(PRODUCT.flatMap(sourceFiles));
    expect(edges.length).toBeGreaterThan(100);
    expect(folderCycles(edges)).toEqual([]);
  });

  it('find a cycle through a sub-folder, a type-only import, a re-export or an import()', () => {
    const edges = folderEdges(PRODUCT.flatMap(sourceFiles));
    const probe = 'electron/core/db/probe.ts';
    for (const line of [
      "import type { Migration } from './migrations';",
      "export { migrations } from './migrations/index';",
      "const later = () => import('./migrations/run-migrations');",
    ]) {
      const cycles = folderCycles([...edges, ...folderEdges([probe], () => line)]);
      expect(cycles, line).toHaveLength(1);
      expect(cycles[0]).toMatch(
        /^electron\/core\/db <-> electron\/core\/db\/migrations(?: <-> electron\/core\/db\/opening)?: /,
      );
      expect(cycles[0]).toContain(`electron/core/db -> electron/core/db/migrations (${probe})`);
    }
    expect(
      folderCycles([
        ['cli', 'cli/commands', 'cli/program.ts'],
        ['cli/commands', 'cli', 'cli/commands/check.ts'],
        ['server', 'cli', 'server/serve.ts'],
      ]),
    ).toEqual([
      'cli <-> cli/commands: cli -> cli/commands (cli/program.ts); cli/commands -> cli (cli/commands/check.ts)',
    ]);
  });
});
