import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error eslint.config.js is plain JavaScript without type declarations
import { DB_PUBLIC, LAYERS, NO_NODE, RESTRICTED_PACKAGES } from '../../eslint.config.js';

/**
 * The layering as ESLint enforces it (eslint.config.js LAYERS): a probe file in each layer's folder
 * imports every other layer, and ESLint (the project's own configuration, through its Node API)
 * must flag exactly the imports LAYERS does not allow, type-only ones included.
 */

interface Layer {
  layer: string;
  folder: string;
  imports: string[];
}
const layers = LAYERS as Layer[];
const root = path.resolve(import.meta.dirname, '../..');

/** Files of a layer that only some of its importers may see: a probe imports each kind. */
const SAMPLES: Record<string, { open?: string; closed: string[] }> = {
  api: { open: 'index.ts', closed: ['study-api.ts'] },
  db: { open: 'discrepancies-repo.ts', closed: ['connection.ts', 'open-database.ts', 'migrations/index.ts'] },
  study: { open: 'study-model.ts', closed: ['load-definition.ts'] },
  generator: { open: 'compose/index.ts', closed: ['compose/generate-study.ts'] },
};

function anyFileOf(folder: string): string {
  const dir = path.join(root, folder);
  const file = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .sort()[0];
  if (!file) throw new Error(`no source file in ${folder}`);
  return file;
}

/** `name` or `name (file)`: which files of a layer an importer may take. */
function allowance(from: Layer, to: string): 'all' | 'some' | 'none' {
  const entry = from.imports.find((i) => i.split(' ')[0] === to);
  if (!entry) return 'none';
  return entry.includes('(') ? 'some' : 'all';
}

interface Probe {
  line: string;
  flagged: boolean;
  what: string;
}

function specifier(fromFolder: string, target: string): string {
  const relative = path.relative(path.join(root, fromFolder), path.join(root, target)).replaceAll('\\', '/');
  return relative.replace(/\.tsx?$/, '').replace(/\/index$/, '');
}

/** The renderer's sources are in renderer/src. */
const probeFolder = (layer: Layer) => (layer.layer === 'renderer' ? `${layer.folder}/src` : layer.folder);

function probesOf(from: Layer): Probe[] {
  const probes: Probe[] = [];
  let n = 0;
  const add = (target: string, flagged: boolean, what: string, typeOnly = false) => {
    const name = `x${n++}`;
    const spec = specifier(probeFolder(from), target);
    probes.push({
      line: typeOnly ? `import type * as ${name} from '${spec}';` : `import * as ${name} from '${spec}';`,
      flagged,
      what,
    });
  };
  for (const to of layers) {
    if (to === from) continue;
    const allowed = allowance(from, to.layer);
    const sample = SAMPLES[to.layer];
    const arrow = `${from.layer} -> ${to.layer}`;
    if (allowed === 'none') {
      add(path.join(to.folder, sample?.open ?? anyFileOf(to.folder)), true, arrow);
      add(path.join(to.folder, sample?.open ?? anyFileOf(to.folder)), true, `${arrow} (type-only)`, true);
    } else if (sample && (allowed === 'some' || to.layer === 'db')) {
      if (sample.open) add(path.join(to.folder, sample.open), false, `${arrow}/${sample.open}`);
      for (const closed of sample.closed) add(path.join(to.folder, closed), true, `${arrow}/${closed}`);
    } else {
      add(path.join(to.folder, anyFileOf(to.folder)), false, arrow);
    }
  }
  for (const rule of RESTRICTED_PACKAGES as { packages: string[]; only: string[] }[]) {
    for (const pkg of rule.packages) {
      probes.push({
        line: `import * as x${n++} from '${pkg}';`,
        flagged: !rule.only.includes(from.layer),
        what: `${from.layer} -> ${pkg}`,
      });
    }
  }
  probes.push({
    line: `import * as x${n++} from 'node:fs';`,
    flagged: (NO_NODE as string[]).includes(from.layer),
    what: `${from.layer} -> node:fs`,
  });
  return probes;
}

describe('the layering (eslint.config.js LAYERS)', () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  it('is a strict order: a layer imports only layers below it, so no two folders can import each other', () => {
    const position = new Map(layers.map((l, i) => [l.layer, i]));
    for (const [i, l] of layers.entries()) {
      for (const entry of l.imports) {
        const target = entry.split(' ')[0]!;
        expect(position.has(target), `${l.layer} imports an unknown layer ${target}`).toBe(true);
        expect(position.get(target)!, `${l.layer} -> ${target}`).toBeGreaterThan(i);
      }
    }
  });

  it('is the table of the README, line by line', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = /<!-- layers:start -->\s*```\n([\s\S]*?)```\s*<!-- layers:end -->/.exec(readme);
    expect(
      block,
      'README: the layers table between <!-- layers:start --> and <!-- layers:end -->',
    ).not.toBeNull();
    const rows = block![1]!
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual(
      layers.map((l) => [
        l.layer,
        l.folder,
        l.imports.length ? l.imports.join(', ') : '(nothing of this project)',
      ]),
    );
  });

  it('declares every folder of the product as a layer', () => {
    const folders = new Set(layers.map((l) => l.folder));
    const product = [
      ...['electron', 'electron/core', 'tools'].flatMap((parent) =>
        fs
          .readdirSync(path.join(root, parent), { withFileTypes: true })
          .filter((e) => e.isDirectory() && !(parent === 'electron' && e.name === 'core'))
          .map((e) => `${parent}/${e.name}`),
      ),
      'shared',
      'renderer',
    ];
    expect(product.filter((f) => !folders.has(f))).toEqual([]);
  });

  it("keeps Electron's main process off the database engine: nothing it imports reaches core/db", () => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = fs.readFileSync(file, 'utf8');
      for (const m of source.matchAll(/^(?:import|export) (?!type )[^;]*?from '([^']+)';/gm)) {
        const spec = m[1]!;
        if (!spec.startsWith('.')) {
          packages.add(spec);
          continue;
        }
        const base = path.resolve(path.dirname(file), spec);
        const target = [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) =>
          fs.existsSync(f),
        );
        if (target) visit(target);
      }
    };
    visit(path.join(root, 'electron/main/main.ts'));
    const reached = [...seen].map((f) => path.relative(root, f));
    expect(reached.filter((f) => f.startsWith('electron/core/db/'))).toEqual([]);
    expect([...packages].filter((p) => p === 'better-sqlite3')).toEqual([]);
    expect(reached).toContain('electron/core/api/index.ts');
  });

  it('keeps the rest of the core away from the connection and the migrations', () => {
    expect(DB_PUBLIC).not.toContain('connection.ts');
    expect(DB_PUBLIC.some((p: string) => p.includes('migrations'))).toBe(false);
  });

  for (const from of layers) {
    it(`flags every import ${from.layer} may not make, and only those`, async () => {
      const probes = probesOf(from);
      const file = path.join(root, probeFolder(from), 'layering-probe.ts');
      const [result] = await eslint.lintText(`${probes.map((p) => p.line).join('\n')}\n`, { filePath: file });
      const flaggedLines = new Set(
        result!.messages.filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.line),
      );
      const wrong = probes
        .map((p, i) => ({ ...p, got: flaggedLines.has(i + 1) }))
        .filter((p) => p.got !== p.flagged)
        .map((p) => `${p.what}: ${p.flagged ? 'not flagged' : 'flagged'}`);
      expect(wrong).toEqual([]);
      expect(probes.some((p) => p.flagged)).toBe(true);
    });
  }
});
