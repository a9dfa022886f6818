import { expect, test } from '@playwright/test';
import { builtRenderer, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * The address of a screen: the app opened without one names its first screen at once, before the
 * study has answered, so no redirect can come later and undo a link followed in between.
 */

let served: ServedStudy;

test.beforeAll(async () => {
  served = await serveStudy(await builtRenderer());
});

test.afterAll(async () => {
  await served?.stop();
});

test('the first screen is in the address before the study answers, and a link followed then stays', async ({
  page,
}) => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let waiting = 0;
  await page.route('**/api/**', async (route) => {
    waiting += 1;
    await held;
    await route.continue();
  });
  await page.goto(served.url);
  await expect.poll(() => waiting).toBeGreaterThan(0);
  expect(page.url()).toBe(`${served.origin}/#/dashboard`);

  await page.goto(`${served.origin}/#/coding`);
  release();
  await expect(page.getByRole('heading', { level: 1, name: 'Medical coding' })).toBeVisible();
  await expect(page.getByTestId('coding-summary')).toBeVisible(); // the screen's own answer came too
  expect(page.url()).toBe(`${served.origin}/#/coding`);
});
