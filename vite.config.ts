import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The renderer (renderer/index.html -> dist/renderer). Relative asset URLs (base './') so the same
 * build loads from the desktop app's own protocol and from the browser-mode server. Vite 8 compiles
 * TSX itself (Oxc): no React plugin.
 */
export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  publicDir: false,
  build: {
    outDir: path.join(here, 'dist/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    // No injected preload polyfill: Chromium has modulepreload; nothing inline, nothing fetched by hand.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 4000,
    rolldownOptions: {
      onLog(level, log, handler) {
        // react-router's "use client" directive means nothing in a bundled single-page app.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: { host: '127.0.0.1' },
});
