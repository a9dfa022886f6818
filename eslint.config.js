// Lint, and the layering of the code: where a file lives says what it may import.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'crypto',
  'child_process',
  'worker_threads',
  'http',
  'https',
  'net',
  'url',
  'stream',
  'zlib',
];
const nodeOnly = nodeBuiltins.flatMap((m) => [m, `node:${m}`]);

const restrict = (patterns, paths = []) => ({
  'no-restricted-imports': ['error', { paths, patterns }],
});

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
    // shared/: the contract. Plain TypeScript and zod; no Node, no DOM, no other layer.
    files: ['shared/**/*.ts'],
    rules: restrict([
      {
        group: ['**/electron/**', '**/renderer/**', 'electron', 'react', 'better-sqlite3'],
        message: 'shared/ is the contract: it imports only zod.',
      },
      { group: nodeOnly, message: 'shared/ runs in the renderer too: no Node modules.' },
    ]),
  },
  {
    // The domain core: plain Node. No Electron, no UI, no door (cli/server/main/preload).
    files: ['electron/core/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'electron/core runs in plain Node: no Electron import.' },
      { group: ['react', 'react-dom', '**/renderer/**'], message: 'electron/core knows nothing of the UI.' },
      {
        group: ['**/cli/**', '**/server/**', '**/main/**', '**/preload/**'],
        message: 'the core does not import its doors.',
      },
    ]),
  },
  {
    // SQL lives in the data-access layer: only electron/core/db touches the driver.
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/db/**'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'electron/core runs in plain Node: no Electron import.' },
      { group: ['react', 'react-dom', '**/renderer/**'], message: 'electron/core knows nothing of the UI.' },
      {
        group: ['**/cli/**', '**/server/**', '**/main/**', '**/preload/**'],
        message: 'the core does not import its doors.',
      },
      {
        group: ['better-sqlite3'],
        message: 'only electron/core/db talks to SQLite; call a data-access function.',
      },
    ]),
  },
  {
    // The command line and the browser-mode server: doors over the core, never Electron or the UI.
    files: ['electron/cli/**/*.ts', 'electron/server/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'the CLI and the server run in plain Node.' },
      { group: ['react', 'react-dom', '**/renderer/**'], message: 'doors do not import the UI.' },
      {
        group: ['better-sqlite3', '**/core/db/**'],
        message: 'doors go through the API (core/api), not the database.',
      },
    ]),
  },
  {
    // The preload: the typed API bridge and nothing else.
    files: ['electron/preload/**/*.ts'],
    rules: restrict([
      {
        group: ['**/core/**', 'better-sqlite3', 'react', '**/renderer/**'],
        message: 'the preload only bridges the typed API.',
      },
      { group: nodeOnly, message: 'the preload runs sandboxed: no Node modules.' },
    ]),
  },
  {
    // The renderer: the UI talks to the core only through shared/ (the API contract).
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: ['**/electron/**', 'electron', 'better-sqlite3'],
          message: 'the renderer reaches the core only through the API contract in shared/.',
        },
        { group: nodeOnly, message: 'the renderer is a sandboxed web page: no Node modules.' },
      ]),
    },
  },
);
