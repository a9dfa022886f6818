import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in a real Chromium (the system's, /usr/bin/chromium; Playwright downloads no
 * browser here). The Electron launch test skips itself when the Electron binary is not installed.
 */
export const CHROMIUM_PATH = process.env.CDM_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: ['**/*.spec.ts', '**/*.ui.ts'],
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    screenshot: 'on',
    trace: 'off',
    viewport: { width: 1440, height: 900 },
  },
});
