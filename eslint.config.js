// Lint, and the layering of the code: where a file lives says what it may import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The layers, top to bottom, and what each may import (README, "How it is built": the same list).
 * A layer imports only layers further down this list, so no two folders can import each other,
 * not even for types. `name (files)` allows those files of the layer and nothing else of it.
 */
// prettier-ignore
export const LAYERS = [
  { layer: 'cli',         folder: 'electron/cli',              imports: ['server', 'api (index.ts, open-study.ts)', 'generator (compose/index.ts)', 'shared'] },
  { layer: 'main',        folder: 'electron/main',             imports: ['host', 'api (index.ts)', 'shared'] },
  { layer: 'preload',     folder: 'electron/preload',          imports: ['shared'] },
  { layer: 'renderer',    folder: 'renderer',                  imports: ['shared'] },
  { layer: 'server',      folder: 'electron/server',           imports: ['host', 'api (index.ts)', 'shared'] },
  { layer: 'host',        folder: 'electron/host',             imports: ['api (index.ts, open-study.ts)', 'shared'] },
  { layer: 'generator',   folder: 'tools/generator',           imports: ['study (study-model.ts)', 'shared'] },
  { layer: 'api',         folder: 'electron/core/api',         imports: ['import', 'checks', 'queries', 'cuts', 'review', 'workflow', 'export', 'coding', 'db (public)', 'standardise', 'study', 'common', 'shared'] },
  { layer: 'import',      folder: 'electron/core/import',      imports: ['coding', 'db (public)', 'standardise', 'study', 'common', 'shared'] },
  { layer: 'checks',      folder: 'electron/core/checks',      imports: ['workflow', 'db (public)', 'study', 'common', 'shared'] },
  { layer: 'queries',     folder: 'electron/core/queries',     imports: ['workflow', 'export', 'db (public)', 'standardise', 'study', 'common', 'shared'] },
  { layer: 'cuts',        folder: 'electron/core/cuts',        imports: ['workflow', 'export', 'coding', 'db (public)', 'standardise', 'study', 'common', 'shared'] },
  { layer: 'review',      folder: 'electron/core/review',      imports: ['db (public)', 'study', 'common', 'shared'] },
  { layer: 'workflow',    folder: 'electron/core/workflow',    imports: ['db (public)', 'common', 'shared'] },
  { layer: 'export',      folder: 'electron/core/export',      imports: ['db (public)', 'standardise', 'study', 'common', 'shared'] },
  { layer: 'coding',      folder: 'electron/core/coding',      imports: ['db (public)', 'study', 'common', 'shared'] },
  { layer: 'db',          folder: 'electron/core/db',          imports: ['standardise', 'study', 'common', 'shared'] },
  { layer: 'standardise', folder: 'electron/core/standardise', imports: ['study', 'common', 'shared'] },
  { layer: 'study',       folder: 'electron/core/study',       imports: ['common', 'shared'] },
  { layer: 'common',      folder: 'electron/core/common',      imports: ['shared'] },
  { layer: 'shared',      folder: 'shared',                    imports: [] },
];

/** What the rest of the core may import of db: the repositories, never the connection or the migrations. */
export const DB_PUBLIC = [
  '*-repo.ts',
  'study-database.ts',
  'opening/open-study-database.ts',
  'opening/copy-study-repo.ts',
  'form-tables.ts',
  'sql-dialect.ts',
  'record-writer.ts',
];

/** Packages (and Node's own modules) that only some layers may import. */
export const RESTRICTED_PACKAGES = [
  {
    packages: ['better-sqlite3', 'pg'],
    only: ['db'],
    why: 'only electron/core/db talks to a database engine',
  },
  { packages: ['electron'], only: ['main', 'preload'], why: 'only the Electron shell imports Electron' },
  {
    packages: ['react', 'react-dom', 'react-i18next', 'react-router', 'ag-grid-react', 'echarts'],
    only: ['renderer'],
    why: 'only the renderer is UI',
  },
];

/** Layers that run in a browser or a sandbox: no Node module at all. */
export const NO_NODE = ['shared', 'renderer', 'preload'];

/** Test, benchmark and build code may import anything (it is not the product). */
const TOOLING = [
  { type: 'tooling', pattern: 'test', partialMatch: false },
  { type: 'tooling', pattern: 'bench', partialMatch: false },
  { type: 'tooling', pattern: 'scripts', partialMatch: false },
  { type: 'tooling', pattern: 'bin', partialMatch: false },
];

const parseTarget = (entry) => {
  const match = /^(\S+)(?: \((.+)\))?$/.exec(entry);
  const file = match[2] === 'public' ? DB_PUBLIC : match[2]?.split(', ');
  return { element: { type: match[1], ...(file ? { fileInternalPath: file } : {}) } };
};

const layerPolicies = LAYERS.filter((l) => l.imports.length > 0).map(({ layer, imports }) => ({
  from: { element: { type: layer } },
  allow: { to: imports.map(parseTarget) },
  message: `${layer} may import only ${imports.join(', ') || 'nothing of this project'} (eslint.config.js LAYERS; README "How it is built")`,
}));

const layersBut = (allowed) => LAYERS.map((l) => l.layer).filter((l) => !allowed.includes(l));

const packagePolicies = RESTRICTED_PACKAGES.map((r) => ({
  from: { element: { type: layersBut(r.only) } },
  disallow: { to: { module: { origin: 'external', source: r.packages } } },
  message: `${r.packages.join(', ')}: ${r.why}`,
}));

const noNodePolicies = [
  {
    from: { element: { type: NO_NODE } },
    disallow: { to: { module: { origin: 'core' } } },
    message: 'shared/, the renderer and the preload run in a browser or a sandbox: no Node module',
  },
];

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'dist',
      'out',
      'release',
      'test-results',
      'playwright-report',
      'test/fixtures/messy/**',
      'bench/out/**',
      '.cache',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'off',
    },
  },
  {
    // The layering: every folder of the product is an element; LAYERS says what it may import.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        ...LAYERS.map(({ layer, folder }) => ({ type: layer, pattern: folder, partialMatch: false })),
        ...TOOLING,
      ],
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'boundaries/legacy-templates': false,
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          checkAllOrigins: true,
          policies: [
            { allow: { to: { module: { origin: ['external', 'core'] } } } },
            { from: { element: { type: 'tooling' } }, allow: { to: { element: { type: '*' } } } },
            ...layerPolicies,
            ...packagePolicies,
            ...noNodePolicies,
          ],
        },
      ],
      'boundaries/no-unknown-files': 'off',
    },
  },
  {
    // The command line's launcher is CommonJS (bin/package.json): Node starts it sooner.
    files: ['bin/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', __dirname: 'readonly', process: 'readonly', setTimeout: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
