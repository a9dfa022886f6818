import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtRenderer, openAt, root, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * Medical coding in the window: a MedDRA release loaded from its folder, a waiting adverse event
 * coded from the queue with a term found in the dictionary (English), a medication coded with the
 * ATC class the coder chooses and a query raised on an unclear verbatim (Korean).
 */

let served: ServedStudy;
let gen: string;

const cli = (...args: string[]) => {
  const run = spawnSync(process.execPath, ['bin/cdm.js', ...args], { cwd: root, encoding: 'utf8' });
  expect(run.status, `${args.join(' ')}: ${run.stderr}`).toBe(0);
  return run.stdout;
};

test.beforeAll(async () => {
  test.setTimeout(180_000);
  served = await serveStudy(await builtRenderer());
  gen = path.join(served.dir, 'gen');
  cli('generate', '--out', gen, '--subjects', '40', '--sites', '2', '--seed', '5');
  cli('import', path.join(served.dir, 'study.db'), '--batch', path.join(gen, 'round-1'));
});

test.afterAll(async () => {
  await served?.stop();
});

const screenshot = async (page: Page, name: string) => {
  fs.mkdirSync(path.join(root, 'test-results/screens'), { recursive: true });
  await page.screenshot({ path: path.join(root, `test-results/screens/${name}.png`), fullPage: true });
};

const summaryOf = (page: Page, form: string) =>
  page.getByTestId('coding-summary').locator('.coding-form-summary').filter({ hasText: form });

test('loads MedDRA from its folder and codes a waiting adverse event from the queue', async ({ page }) => {
  await openAt(page, served, '/coding');
  await expect(page.getByRole('heading', { name: 'Medical coding', level: 1 })).toBeVisible();
  await expect(page.getByText('No dictionary is loaded yet')).toBeVisible();

  await page.getByLabel('Release folder').fill(path.join(gen, 'dictionaries/MedDRA_90_0_English'));
  await page.getByRole('button', { name: 'Load', exact: true }).click();
  await expect(
    page.getByText(/Loaded MedDRA 90\.0 \(English\); \d+ waiting verbatims? auto-coded/),
  ).toBeVisible();
  await expect(page.getByTestId('dictionaries')).toContainText('MedDRA 90.0');
  await expect(summaryOf(page, 'AE')).toContainText(/Auto\s*[1-9]/);

  await page.getByRole('combobox', { name: 'Form' }).selectOption('AE');
  const queue = page.getByTestId('coding-queue');
  await expect(queue.getByTestId('coding-row').first()).toBeVisible();
  // A coder codes a waiting verbatim with the help of the PT the site wrote beside it.
  const rows = await queue.getByTestId('coding-row').all();
  let row = rows[0]!;
  let siteTerm = '';
  for (const candidate of rows) {
    siteTerm = ((await candidate.locator('td').nth(4).textContent()) ?? '').trim();
    if (siteTerm) {
      row = candidate;
      break;
    }
  }
  expect(siteTerm).not.toBe('');
  const record = (await row.locator('td.mono').textContent())!.trim();
  await row.getByRole('checkbox').check();
  await expect(page.getByText(/record selected/)).toBeVisible();

  await page.getByTestId('term-search').fill(siteTerm);
  const hit = page.getByTestId('term-hit').filter({ hasText: siteTerm }).first();
  await expect(hit.locator('.hierarchy li')).toHaveCount(5);
  await expect(hit.locator('.hierarchy li').nth(1)).toContainText(siteTerm);
  await screenshot(page, 'coding-queue');
  await hit.getByRole('button', { name: 'Code 1 record' }).click();
  await expect(page.getByText(/^Coded 1 record/)).toBeVisible();
  await expect(queue).not.toContainText(record);
  await expect(summaryOf(page, 'AE')).toContainText(/By hand\s*1/);

  await page.getByRole('button', { name: 'Coded', exact: true }).click();
  await page.getByPlaceholder('Verbatim, subject or record').fill(record);
  await expect(queue.getByTestId('coding-row')).toHaveCount(1);
  await expect(queue).toContainText(`> PT ${siteTerm} > SOC`);
  await expect(queue).toContainText('by hand');
});

test('in Korean: codes a medication with the ATC class chosen, and asks the site about a verbatim', async ({
  page,
}) => {
  cli(
    'dictionary',
    'load',
    path.join(served.dir, 'study.db'),
    path.join(gen, 'dictionaries/WHODrug_Global_B3_2090_Mar_1'),
    '--type',
    'whodrug',
  );
  await openAt(page, served, '/coding');
  await page.locator('.lang-switch select').selectOption('ko');
  await expect(page.getByRole('heading', { name: '의학 코딩', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: '양식' }).selectOption('CM');

  const queue = page.getByTestId('coding-queue');
  const rows = queue.getByTestId('coding-row');
  await page.getByPlaceholder('원어, 대상자 또는 레코드').fill('ASPIRIN');
  const aspirin = rows.filter({ hasText: 'ASPIRIN' }).first();
  await expect(aspirin).toContainText('ATC 분류가 여러 개 (B01AC, N02BA)');
  await aspirin.getByRole('checkbox').check();
  await page.getByTestId('term-search').fill('aspirin');
  const hit = page.getByTestId('term-hit').filter({ hasText: 'ASPIRIN' }).first();
  await expect(hit).toContainText('ACETYLSALICYLIC ACID');
  const code = hit.getByRole('button', { name: /^\d+건 코딩$/ });
  await expect(code).toBeDisabled(); // two official ATC classes: the coder chooses by the indication
  await hit.getByRole('radio', { name: /B01AC/ }).check();
  await code.click();
  await expect(page.getByText(/건을 코딩했습니다/)).toBeVisible();
  await expect(summaryOf(page, 'CM')).toContainText(/수동\s*[1-9]/);
  await page.getByPlaceholder('원어, 대상자 또는 레코드').fill('');

  const unclear = rows.first();
  const record = (await unclear.locator('td.mono').textContent())!.trim();
  await unclear.getByRole('button', { name: '기관에 질의' }).click();
  await page.getByRole('dialog').locator('textarea').fill('약물명을 성분명과 함께 기재해 주십시오.');
  await page.getByRole('dialog').getByRole('button', { name: /질의/ }).last().click();
  const asked = queue.getByTestId('coding-row').filter({ hasText: record });
  await expect(asked.getByRole('button', { name: '기관에 질의' })).toHaveCount(0);
  await expect(asked.locator('.tag').last()).toContainText('질의');
  await screenshot(page, 'coding-queue-ko');

  await page.goto(`${served.origin}/#/discrepancies?check=MANUAL`);
  await expect(page.getByText('약물명을 성분명과 함께 기재해 주십시오.').first()).toBeVisible();
  await page.locator('.lang-switch select').selectOption('en');
});
