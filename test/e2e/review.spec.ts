import { expect, test, type Locator, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtRenderer, root, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * Review marks in the window (issue 12): tick records and mark them reviewed, mark everything
 * shown; after the sites' next exports, the Review filter finds what changed since, each changed
 * value highlighted with the value reviewed; the Subjects screen and a subject's profile say the
 * same; the dashboard's review progress and cleaning metrics charts lead to the records and the
 * discrepancies behind them. In English, then in Korean.
 */

let served: ServedStudy;
let db: string;
let exportsDir: string;

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['bin/cdm.js', ...args], { cwd: root, encoding: 'utf8' });
  expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
}

async function shot(page: Page, name: string) {
  const dir = path.join(root, 'test-results/screens');
  fs.mkdirSync(dir, { recursive: true });
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

const go = (page: Page, route: string) => page.goto(`${served.origin}/#${route}`);

/** A cell of the Data grid, by row index and column. */
const cell = (grid: Locator, row: number, column: string) =>
  grid.locator(`.ag-row[row-index="${row}"] [col-id="${column}"]`);

/** Clicks a chart where its first bar is, at a share of the plot's width (the bars span it all). */
async function clickFirstBar(chart: Locator, rows: number, top = 26, bottom = 8) {
  const box = (await chart.boundingBox())!;
  const band = (box.height - top - bottom) / rows;
  await chart.click({ position: { x: box.width * 0.7, y: top + band / 2 } });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  served = await serveStudy(await builtRenderer());
  db = path.join(served.dir, 'study.db');
  exportsDir = path.join(served.dir, 'exports');
  cli(
    'generate',
    '--out',
    exportsDir,
    '--subjects',
    '40',
    '--sites',
    '3',
    '--seed',
    '7',
    '--inject',
    'all',
    '--inject-count',
    '1',
  );
  for (const round of ['round-1', 'round-2']) cli('import', db, '--batch', path.join(exportsDir, round));
});

test.afterAll(async () => {
  await served?.stop();
});

test('a data manager reviews records, then sees what changed since', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(served.url);
  await expect(page.locator('.study-code')).toHaveText('NIPMS-POM-KR-001');

  await test.step('tick two records and mark them reviewed', async () => {
    await go(page, '/data?form=AE');
    const grid = page.getByTestId('data-grid');
    await expect(cell(grid, 0, '_review')).toHaveText('not reviewed');
    for (const row of [0, 1]) await cell(grid, row, 'ag-Grid-SelectionColumn').locator('input').check();
    const bar = page.getByTestId('review-bar');
    await expect(bar).toContainText('2 selected');
    await bar.getByRole('button', { name: 'Mark reviewed', exact: true }).click();
    await expect(bar).toContainText('2 records marked reviewed.');
    await expect(cell(grid, 0, '_review')).toHaveText('reviewed');
    await expect(cell(grid, 1, '_review')).toHaveText('reviewed');
    await expect(cell(grid, 2, '_review')).toHaveText('not reviewed');
  });

  await test.step('mark every AE record shown reviewed, and every EX record of S01', async () => {
    const bar = page.getByTestId('review-bar');
    await bar.getByRole('button', { name: /^Mark all [\d,]+ shown reviewed$/ }).click();
    await expect(bar).toContainText(/records marked reviewed/);
    await page.getByTestId('data-review').selectOption('unreviewed');
    await expect(page.locator('.page-header')).toContainText('0 records of AE');
    await go(page, '/data?form=EX&site=S01');
    await page
      .getByTestId('review-bar')
      .getByRole('button', { name: /^Mark all [\d,]+ shown reviewed$/ })
      .click();
    await expect(page.getByTestId('review-bar')).toContainText(/records marked reviewed/);
  });

  await test.step('the sites send their next exports: the Review filter finds what changed', async () => {
    cli('import', db, '--batch', path.join(exportsDir, 'round-3'));
    cli('check', db);
    await go(page, '/data?form=AE&review=changed');
    const grid = page.getByTestId('data-grid');
    await expect(cell(grid, 0, '_review')).toHaveText('changed');
    // At least one value of the first row is highlighted, with the value reviewed in its tooltip.
    await expect(grid.locator('.ag-row[row-index="0"] .cell-changed').first()).toBeVisible();
    const status = JSON.parse(cli('review', 'status', db, '--form', 'AE', '--json')) as {
      totals: { changed: number; new: number };
    };
    await expect(page.locator('.page-header')).toContainText(`${status.totals.changed} records of AE`);
    await shot(page, 'review-data-changed');

    // The record: its changed values highlighted beside what was reviewed.
    await cell(grid, 0, 'SUBJID').click();
    const panel = page.getByTestId('review-panel');
    await expect(panel).toContainText('changed');
    await expect(panel).toContainText(/values? changed since you reviewed/);
    const changedRow = page.locator('.record-fields tr[data-changed="true"]').first();
    await expect(changedRow).toBeVisible();
    await expect(changedRow.locator('.was')).toContainText('was');
    await shot(page, 'review-record');
    await panel.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect(panel).toContainText('Reviewed by you as it is now.');
    await expect(page.locator('.page-header')).toContainText(`${status.totals.changed - 1} records of AE`);

    await page.getByTestId('data-review').selectOption('new');
    await expect(page.locator('.page-header')).toContainText(`${status.totals.new} records of AE`);
    await expect(cell(grid, 0, '_review')).toHaveText('new');
  });

  await test.step('the Subjects screen and a subject profile show what changed since my review', async () => {
    await go(page, '/subjects?review=changed');
    const list = page.getByTestId('subject-list');
    await expect(list.locator('tbody tr').first()).toBeVisible();
    await expect(list.locator('tbody tr').first()).toContainText('changed');
    await list.locator('tbody tr').first().locator('a').first().click();
    await expect(page.getByText('Since my review', { exact: true })).toBeVisible();
    await expect(page.getByTestId('since-my-review')).toContainText('changed');
    await expect(page.getByTestId('since-my-review').locator('del').first()).toBeVisible();
    await shot(page, 'review-profile');
  });

  await test.step('the dashboard: review progress and cleaning metrics, each a link', async () => {
    await go(page, '/dashboard');
    await expect(page.getByText('My review by site')).toBeVisible();
    await expect(page.getByTestId('review-progress').locator('tbody tr')).toHaveCount(3);
    await expect(
      page
        .getByText('What each check\u2019s discrepancies became')
        .or(page.getByText("What each check's discrepancies became")),
    ).toBeVisible();
    await expect(page.getByTestId('site-metrics').locator('tbody tr')).toHaveCount(3);
    await shot(page, 'review-dashboard');
    // A bar of the review chart opens the records behind it.
    await clickFirstBar(page.locator('.chart-review'), 3);
    await expect(page).toHaveURL(/#\/subjects\?site=S01&review=(changed|new|unreviewed|reviewed)/);
    // One form: the Data screen, filtered.
    await go(page, '/dashboard');
    await page.getByTestId('review-form').selectOption('AE');
    await expect(page.getByTestId('review-progress')).toBeVisible();
    await page.getByTestId('review-progress').locator('tbody tr').first().locator('a').first().click();
    await expect(page).toHaveURL(/#\/data\?form=AE&review=\w+&site=S01/);
    // A bar of the checks chart opens that check's discrepancies.
    await go(page, '/dashboard');
    const checks = page.locator('.chart-check-metrics');
    await expect(checks).toBeVisible();
    const rows = Math.round(((await checks.boundingBox())!.height - 50) / 22);
    await clickFirstBar(checks, Math.max(1, rows));
    await expect(page).toHaveURL(/#\/discrepancies\?status=[A-Z%2C]+&check=[A-Z]+-\d+/);
  });

  await test.step('in Korean', async () => {
    await page.locator('.lang-switch select').selectOption('ko');
    await go(page, '/data?form=AE&review=changed');
    await expect(page.getByTestId('data-review').locator('option:checked')).toHaveText('내 검토 후 변경됨');
    await expect(
      page.getByTestId('review-bar').getByRole('button', { name: '검토 완료 표시' }),
    ).toBeVisible();
    await expect(cell(page.getByTestId('data-grid'), 0, '_review')).toHaveText('변경됨');
    await shot(page, 'review-data-ko');
    await go(page, '/dashboard');
    await expect(page.getByText('기관별 내 검토 현황')).toBeVisible();
    await expect(page.getByText('점검별 불일치 처리 결과')).toBeVisible();
    await shot(page, 'review-dashboard-ko');
    await go(page, '/subjects?review=new');
    await expect(page.getByTestId('subjects-review').locator('option:checked')).toHaveText(
      '내 검토 후 새로 들어옴',
    );
    await page.locator('.lang-switch select').selectOption('en');
  });

  expect(errors).toEqual([]);
});
