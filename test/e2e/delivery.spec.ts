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
