import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtRenderer, root, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * The window shows the checks' messages in its own language (the English/Korean switch in the
 * header), rendered by the core from what each check found; the Queries screen sets the language of
 * each site's query lists. Verified in Chromium against the browser mode.
 */

let served: ServedStudy;

/** A picture of the screen in test-results/screens/, as the flow test keeps them. */
async function shot(page: Page, name: string) {
  const dir = path.join(root, 'test-results/screens');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}

function cdm(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/cdm.js', ...args], { cwd: root, encoding: 'utf8' });
  expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  served = await serveStudy(await builtRenderer(), {
    prepare: (db, dir) => {
      const out = path.join(dir, 'exports');
      cdm(
        'generate',
        '--out',
        out,
        '--subjects',
        '12',
        '--sites',
        '2',
        '--seed',
        '5',
        '--inject',
        'DOSE-01,DATA-01',
      );
      for (const round of ['round-1', 'round-2', 'round-3'])
        cdm('import', db, '--batch', path.join(out, round));
      cdm('check', db, '--check', 'DOSE-01,DATA-01');
    },
  });
});

test.afterAll(async () => {
  await served?.stop();
});

async function chooseLanguage(page: Page, language: 'en' | 'ko') {
  await page.locator('.lang-switch select').selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

test('shows the messages of the checks in the language of the window', async ({ page }) => {
  await page.goto(served.url);
  await chooseLanguage(page, 'en');
  await page.goto(`${served.origin}/#/discrepancies?check=DOSE-01`);
  const grid = page.getByTestId('discrepancy-grid');
  await expect(grid).toContainText('is not a dose level of the label');
  await grid.getByText('is not a dose level of the label').first().click();
  const panel = page.getByTestId('side-panel');
  await expect(panel.locator('.panel-message')).toContainText('is not a dose level of the label');

  await chooseLanguage(page, 'ko');
  await expect(grid).toContainText('허가사항의 용량 단계');
  await expect(grid).not.toContainText('is not a dose level of the label');
  await expect(panel.locator('.panel-message')).toContainText('허가사항의 용량 단계');
  await expect(panel.locator('.panel-message')).toHaveText(/^POMALIDOMIDE 용량 \d+(\.\d+)? mg\(\d+주기\)/);
  await shot(page, 'discrepancies-ko');

  await page.goto(`${served.origin}/#/discrepancies?check=DATA-01`);
  await expect(grid).toContainText('올바른 날짜가 아닙니다');
  await chooseLanguage(page, 'en');
  await expect(grid).toContainText('is not a valid date');
  await expect(grid).not.toContainText('올바른 날짜가 아닙니다');
});

test("sets the language of a site's query lists on the Queries screen, kept after a reload", async ({
  page,
}) => {
  await page.goto(served.url);
  await chooseLanguage(page, 'ko');
  await page.goto(`${served.origin}/#/queries`);
  const table = page.getByTestId('site-languages');
  await expect(table).toContainText('연구 기본값');
  const s02 = page.getByTestId('site-language-S02');
  await expect(s02).toHaveValue('ko');
  await s02.selectOption('en');
  await expect(table.locator('tr', { hasText: 'S02' })).not.toContainText('연구 기본값');
  await page.reload();
  await expect(page.getByTestId('site-language-S02')).toHaveValue('en');
  await shot(page, 'queries-site-languages-ko');
  await expect(page.getByTestId('site-language-S01')).toHaveValue('ko');
  const sites = JSON.parse(cdm('sites', 'list', path.join(served.dir, 'study.db'), '--json')) as {
    siteId: string;
    language: string;
    languageSet: boolean;
  }[];
  expect(sites.map((s) => [s.siteId, s.language, s.languageSet])).toEqual([
    ['S01', 'ko', false],
    ['S02', 'en', true],
  ]);
});

test("shows an import's warnings in the language of the window, in the import history", async ({ page }) => {
  await page.goto(served.url);
  await chooseLanguage(page, 'ko');
  await page.goto(`${served.origin}/#/import`);
  const history = page.getByTestId('import-history');
  const toggles = history.locator('button[aria-expanded]');
  await expect(toggles.first()).toBeVisible();
  // The import that brought the planted invalid date (DATA-01) is one of those with warnings.
  const detail = history.locator('tr.row-detail');
  let found = false;
  for (let i = 0; i < (await toggles.count()) && !found; i++) {
    await toggles.nth(i).click();
    await expect(detail).toBeVisible();
    found = (await detail.textContent())!.includes('올바른 날짜가 아닙니다');
  }
  expect(found).toBe(true);
  await shot(page, 'import-warnings-ko');
  await chooseLanguage(page, 'en');
  await expect(detail).toContainText('is not a valid date');
  await expect(detail).not.toContainText('올바른 날짜가 아닙니다');
});
