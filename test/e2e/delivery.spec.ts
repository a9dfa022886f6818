import { expect, test } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtRenderer, openAt, root, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * A whole delivery at once: the data manager picks the folder holding every site's export; the
 * Import screen shows what each would change, then loads them all in order of export date.
 */

let served: ServedStudy;
let deliveryDir: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  served = await serveStudy(await builtRenderer());
  const exportsDir = path.join(served.dir, 'exports');
  const generated = spawnSync(
    process.execPath,
    ['bin/cdm.js', 'generate', '--out', exportsDir, '--subjects', '30', '--sites', '3', '--seed', '3'],
    { cwd: root, encoding: 'utf8' },
  );
  expect(generated.status, generated.stderr).toBe(0);
  deliveryDir = path.join(exportsDir, 'round-1');
});

test.afterAll(async () => {
  await served?.stop();
});

test('a delivery folder of three sites is previewed, then loaded in one go', async ({ page }) => {
  await openAt(page, served, '/import');
  await page.getByTestId('folder-input').setInputFiles(deliveryDir);

  const delivery = page.getByTestId('delivery');
  await expect(delivery).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('A delivery of 3 site exports')).toBeVisible();
  const rows = delivery.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  for (const site of ['S01', 'S02', 'S03']) await expect(delivery).toContainText(site);
  await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(0);

  // Each export of the delivery opens on its whole preview before anything is committed.
  const s01 = delivery.getByRole('button', { name: /S01_/ });
  await expect(s01).toHaveAttribute('aria-expanded', 'false');
  await s01.click();
  const detail = delivery.locator('tr.row-detail');
  await expect(detail.getByTestId('import-preview')).toBeVisible();
  await expect(detail).toContainText('is not a column of form');
  await expect(detail.locator('tfoot')).toContainText('Total');
  await page.screenshot({
    path: path.join(root, 'test-results/screens/import-delivery-details.png'),
    fullPage: true,
  });
  await s01.click();
  await expect(detail).toHaveCount(0);

  fs.mkdirSync(path.join(root, 'test-results/screens'), { recursive: true });
  await page.screenshot({
    path: path.join(root, 'test-results/screens/import-delivery.png'),
    fullPage: true,
  });

  await page.getByRole('button', { name: 'Commit all 3' }).click();
  await expect(page.getByText('3 of 3 site exports saved.')).toBeVisible({ timeout: 60_000 });
  await expect(delivery.locator('tbody tr').first()).toContainText('#');
  await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(3);
});

test('a delivery whose exports have a password: one password opens those it fits', async ({ page }) => {
  const locked = path.join(served.dir, 'locked-delivery');
  fs.mkdirSync(locked, { recursive: true });
  const fixtures = path.join(root, 'test/fixtures/passwords');
  fs.copyFileSync(path.join(fixtures, 'zipcrypto-infozip.zip'), path.join(locked, 'S07_20190301.zip'));
  fs.copyFileSync(path.join(fixtures, 'S08_20190401-protected.xlsx'), path.join(locked, 'S08_20190401.xlsx'));
  await openAt(page, served, '/import');
  await page.getByTestId('folder-input').setInputFiles(locked);

  const delivery = page.getByTestId('delivery');
  await expect(delivery).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('delivery-locked')).toHaveText(
    '2 exports have a password: S07_20190301.zip, S08_20190401.xlsx.',
  );
  await page.getByTestId('delivery-password').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('password').fill('S07-pw#2018');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('password-wrong')).toBeVisible({ timeout: 30_000 });
  await dialog.getByTestId('password').fill('S07-pw#2019');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  await expect(page.getByTestId('delivery-locked')).toHaveText(
    'The password given does not open S08_20190401.xlsx: load it by itself with its own password.',
  );
  await expect(page.getByTestId('delivery-password')).toHaveCount(0);

  await page.getByRole('button', { name: 'Commit it' }).click();
  await expect(page.getByText('1 of 2 site exports saved.')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('import-history')).toContainText('S07');
  expect(await page.content()).not.toContain('S07-pw#2019');
});
