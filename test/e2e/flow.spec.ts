import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import officeCrypto from 'officecrypto-tool';
import * as XLSX from 'xlsx';
import { builtRenderer, root, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * A data manager's whole flow in the browser mode, on generated site exports: create a study, load
 * exports with a preview, run the checks, filter the grid, accept with a reason, raise a manual
 * query, export a site's query list and load it back answered, lock, verify. A screenshot of every
 * screen goes to test-results/screens/<name>.png.
 */

const SCREENS = path.join(root, 'test-results/screens');

let served: ServedStudy;
let exportsDir: string;

async function shot(page: Page, name: string) {
  fs.mkdirSync(SCREENS, { recursive: true });
  // Charts and grids settle (ECharts draws on the next frame; the grid's first block arrives).
  await page.waitForTimeout(400);
  // The app scrolls inside its main area; for the picture, let the page hold the whole screen.
  const style = await page.addStyleTag({
    content: '.shell { height: auto; min-height: 100vh; } .main { overflow: visible; }',
  });
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), fullPage: true });
  await style.evaluate((node) => node.remove());
}

async function go(page: Page, route: string) {
  await page.goto(`${served.origin}/#${route}`);
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  served = await serveStudy(await builtRenderer());
  exportsDir = path.join(served.dir, 'exports');
  const generated = spawnSync(
    process.execPath,
    ['bin/cdm.js', 'generate', '--out', exportsDir, '--subjects', '40', '--sites', '3', '--seed', '7'],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  expect(generated.status, generated.stderr).toBe(0);
});

test.afterAll(async () => {
  await served?.stop();
});

/** The site exports of one generated round: { S01: path, ... } (a folder or a workbook each). */
function roundExports(round: string): Record<string, string> {
  const dir = path.join(exportsDir, round);
  return Object.fromEntries(fs.readdirSync(dir).map((name) => [name.slice(0, 3), path.join(dir, name)]));
}

async function importExport(page: Page, exportPath: string, site: string) {
  if (fs.statSync(exportPath).isDirectory()) await page.getByTestId('folder-input').setInputFiles(exportPath);
  else await page.getByTestId('file-input').setInputFiles(exportPath);
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(preview).toContainText(site);
  await expect(preview.getByRole('rowheader', { name: 'DM' })).toBeVisible();
  return preview;
}

test('a data manager cleans, queries and locks a study', async ({ page }) => {
  test.setTimeout(600_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    // The browser's own 404 for /favicon.ico is not the app's.
    if (m.type() === 'error' && !/favicon|Failed to load resource/.test(m.text()))
      consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));

  await test.step('open the study: nothing loaded yet', async () => {
    await page.goto(served.url);
    await expect(page.locator('.study-code')).toHaveText('NIPMS-POM-KR-001');
    await expect(page.getByText('No site export loaded yet')).toBeVisible();
    await expect(page.locator('.lock-state')).toContainText('Open for cleaning');
  });

  await test.step('import the first exports of the three sites, each with a preview', async () => {
    await go(page, '/import');
    const round1 = roundExports('round-1');
    for (const site of ['S01', 'S02', 'S03']) {
      await importExport(page, round1[site]!, site);
      await page.getByRole('button', { name: 'Commit import' }).click();
      await expect(page.getByText(new RegExp(`Import #\\d+ of site ${site} saved`))).toBeVisible({
        timeout: 60_000,
      });
      await page.getByRole('button', { name: 'Load another export' }).click();
    }
    await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(3);
  });

  await test.step('a later export shows what it changes before it is committed', async () => {
    const preview = await importExport(page, roundExports('round-2').S01!, 'S01');
    await expect(preview.locator('tfoot')).toContainText('Total');
    await shot(page, 'import');
    await page.getByRole('button', { name: 'Commit import' }).click();
    await expect(page.getByText(/Import #4 of site S01 saved/)).toBeVisible({ timeout: 60_000 });
  });

  await test.step('run the checks', async () => {
    await page.getByRole('button', { name: 'Run checks' }).click();
    await expect(page.getByText(/Checks done in/)).toBeVisible({ timeout: 120_000 });
  });

  await test.step('the dashboard summarises, and leads into the grid filtered', async () => {
    await go(page, '/dashboard');
    await expect(page.getByText('Discrepancies by status')).toBeVisible();
    await expect(page.locator('.chart svg').first()).toBeVisible();
    await shot(page, 'dashboard');
    await page.locator('.tile', { hasText: 'Still open' }).click();
    await expect(page).toHaveURL(/#\/discrepancies\?status=OPEN%2CQUERIED%2CANSWERED/);
  });

  await test.step('the Data screen: records with provenance, and manual queries on any field', async () => {
    await go(page, '/data?form=DM&record=1');
    await expect(
      page.getByTestId('data-grid').locator('.ag-row[row-index="0"] [col-id="SUBJID"]'),
    ).not.toBeEmpty();
    const panel = page.getByTestId('record-panel');
    await expect(panel).toContainText('As written');
    await page.getByRole('button', { name: 'As written' }).click();
    await expect(page.getByTestId('data-grid').locator('.ag-header-cell', { hasText: 'File' })).toBeVisible();
    await shot(page, 'data');
    for (const field of ['AGE', 'SEX', 'ECOG']) {
      await panel.getByRole('button', { name: `Raise a query on ${field}` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('textarea').fill(`Please confirm ${field} against the medical record.`);
      await dialog.getByRole('button', { name: 'Raise query' }).click();
      await expect(panel.getByText(/Query .+ raised/)).toBeVisible();
    }
  });

  let accepted = 0;
  await test.step('filter the grid, select with the keyboard, accept with one reason', async () => {
    await go(page, '/discrepancies?status=OPEN');
    const grid = page.getByTestId('discrepancy-grid');
    const firstRow = grid.locator('.ag-row[row-index="0"]');
    await expect(firstRow.locator('[col-id="checkId"]')).not.toBeEmpty();
    // Filter by the first row's check through the Check menu (counts from discrepancies.facets).
    const check = (await firstRow.locator('[col-id="checkId"]').innerText()).trim();
    await page.locator('.facet-button', { hasText: 'Check' }).click();
    const option = page.locator('.facet-option', { hasText: check });
    const matching = (await option.locator('.facet-count').innerText()).trim();
    await option.locator('input').click();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(new RegExp(`check=${check}`));
    // The grid pages again under the filter: its rows are the filtered ones once the count says so
    // (row 0 was already of this check, so its text alone says nothing).
    await expect(page.locator('.page-subtitle')).toHaveText(new RegExp(`^${matching} discrepanc`));
    await expect(grid.locator('.ag-row[row-index="0"] [col-id="checkId"]')).toHaveText(check);

    // Arrows move, Space selects, Enter opens the side panel.
    // A click that lands while the grid is still swapping its rows is lost, as it would be for a
    // person, who clicks again.
    await expect(async () => {
      await grid.locator('.ag-row[row-index="0"] [col-id="field"]').click();
      await expect(page.getByTestId('side-panel')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 15_000 });
    await page.keyboard.press('Space');
    const total = Number((await page.locator('.page-subtitle').innerText()).replace(/\D/g, ''));
    if (total > 1) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
    }
    accepted = Math.min(2, total);
    await expect(page.locator('.bulk-count')).toContainText(`${accepted} selected`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('side-panel')).toContainText(check);
    await expect(page.getByTestId('side-panel')).toContainText('As written');
    await shot(page, 'discrepancies');

    // A (the shortcut shown on the button) asks for the one reason.
    await grid.locator('.ag-row[row-index="0"] [col-id="field"]').focus();
    await page.keyboard.press('a');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Accept');
    await dialog.locator('textarea').fill('Confirmed with the site monitor: the value is right');
    await page.keyboard.press('Control+Enter');
    await expect(page.getByText(new RegExp(`${accepted} discrepanc(y|ies) accepted`))).toBeVisible();
  });

  await test.step('a refused move is explained in words', async () => {
    await go(page, '/discrepancies?status=ACCEPTED');
    const grid = page.getByTestId('discrepancy-grid');
    await expect(grid.locator('.ag-row[row-index="0"] [col-id="status"]')).toContainText('Accepted');
    // "Select all matching" acts on every discrepancy of the filter (ids gathered page by page).
    await page.getByRole('button', { name: /^Select all \d+ matching/ }).click();
    await expect(page.locator('.bulk-count')).toContainText(
      `All ${accepted} matching discrepancies are selected`,
    );
    await page.getByRole('button', { name: /^Close/ }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: new RegExp(`Close ${accepted}`) })
      .click();
    await expect(page.getByRole('dialog').getByRole('alert')).toContainText('cannot move to CLOSED');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  });

  await test.step('a mis-clicked bulk Accept is undone: Reopen, with a reason', async () => {
    await go(page, '/discrepancies?status=ACCEPTED');
    const grid = page.getByTestId('discrepancy-grid');
    await expect(grid.locator('.ag-row[row-index="0"] [col-id="status"]')).toContainText('Accepted');
    // The side panel offers Reopen for an accepted one (and no Accept).
    await grid.locator('.ag-row[row-index="0"] [col-id="field"]').click();
    await expect(page.getByTestId('panel-reopen')).toBeEnabled();
    await expect(page.getByTestId('panel-accept')).toBeDisabled();
    // The refused Close left every accepted one selected; start from a plain selection again.
    const clear = page.getByRole('button', { name: 'Clear selection' });
    if (await clear.isVisible()) await clear.click();
    await page.getByRole('button', { name: /^Select all \d+ matching/ }).click();
    await page
      .locator('.bulk-bar')
      .getByRole('button', { name: /^Reopen/ })
      .click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('button', { name: new RegExp(`Reopen ${accepted}`) })).toBeDisabled();
    await dialog.locator('textarea').fill('Accepted by mistake in a bulk action');
    await dialog.getByRole('button', { name: new RegExp(`Reopen ${accepted}`) }).click();
    await expect(page.getByText(new RegExp(`${accepted} discrepanc(y|ies) reopened`))).toBeVisible();
    await go(page, '/discrepancies?status=ACCEPTED');
    await expect(page.locator('.page-subtitle')).toContainText('0 discrepancies match');
  });

  let manualSubject = '';
  await test.step('raise a manual query on a record field from the side panel', async () => {
    await go(page, '/discrepancies?status=OPEN');
    const grid = page.getByTestId('discrepancy-grid');
    await expect(grid.locator('.ag-row[row-index="0"] [col-id="status"]')).toHaveText('Open');
    await grid.locator('.ag-row[row-index="0"] [col-id="message"]').click();
    const panel = page.getByTestId('side-panel');
    await expect(panel.getByRole('button', { name: 'Raise query' })).toBeVisible();
    manualSubject = (await grid.locator('.ag-row[row-index="0"] [col-id="subjectId"]').innerText()).trim();
    await panel.getByRole('button', { name: 'Raise query' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .locator('textarea')
      .fill('Please confirm this value against the source document (side panel).');
    await dialog.getByRole('button', { name: 'Raise query' }).click();
    await expect(page.getByText(/Query .+ raised/)).toBeVisible();
    await go(page, '/discrepancies?q=side%20panel');
    await expect(page.locator('.page-subtitle')).toContainText('1 discrepancy matches');
  });

  // The manual queries were raised on S01's records (DM records 1 and 2 came with S01's export).
  const site = 'S01';
  let answeredFile = '';
  await test.step("export the site's query list and read it back", async () => {
    await go(page, '/queries');
    await page.getByTestId('export-site').selectOption(site);
    await page.getByRole('button', { name: 'Export lists' }).click();
    const files = page.getByTestId('exported-files');
    await expect(files).toContainText(site, { timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), files.locator('a').first().click()]);
    const saved = path.join(served.dir, `downloaded-${download.suggestedFilename()}`);
    await download.saveAs(saved);

    const book = XLSX.read(fs.readFileSync(saved));
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1, defval: '' });
    const headerAt = rows.findIndex((r) => r.includes('Query ID / 질의 ID'));
    expect(headerAt).toBeGreaterThan(-1);
    const header = rows[headerAt]!;
    const answerCol = header.findIndex((h) => /^answer/i.test(String(h)));
    const messageCol = header.findIndex((h) => /^message/i.test(String(h)));
    const body = rows.slice(headerAt + 1).filter((r) => String(r[0]).trim() !== '');
    expect(body.some((r) => String(r[messageCol]).includes('medical record'))).toBe(true);
    // No cell starts a formula.
    for (const r of body) for (const cell of r) expect(String(cell)).not.toMatch(/^[=+@]/);

    // The site answers every row; one row's read-only message is edited (to be refused).
    body.forEach((r, i) => {
      const rowIndex = headerAt + 1 + rows.slice(headerAt + 1).indexOf(r);
      sheet[XLSX.utils.encode_cell({ r: rowIndex, c: answerCol })] = {
        t: 's',
        v: `Checked against source (${i + 1})`,
      };
      if (i === body.length - 1 && body.length > 1)
        sheet[XLSX.utils.encode_cell({ r: rowIndex, c: messageCol })] = { t: 's', v: 'edited by the site' };
    });
    // ... and saves it with a password, as hospitals require of patient data sent by e-mail.
    answeredFile = path.join(served.dir, download.suggestedFilename());
    const answered = XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    fs.writeFileSync(answeredFile, await officeCrypto.encrypt(answered, { password: 'S01-답변#2019' }));
  });

  await test.step('import the answers: applied and refused rows with reasons', async () => {
    await page.getByTestId('answers-input').setInputFiles(answeredFile);
    // The list has a password: asked for, a wrong one said so, then loaded with the right one.
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(`${path.basename(answeredFile)} is encrypted`, { timeout: 30_000 });
    await dialog.getByTestId('password').fill('S01-답변#2018');
    await dialog.getByRole('button', { name: 'Load' }).click();
    await expect(dialog.getByTestId('password-wrong')).toBeVisible({ timeout: 30_000 });
    await dialog.getByTestId('password').fill('S01-답변#2019');
    await dialog.getByRole('button', { name: 'Load' }).click();
    await expect(dialog).toBeHidden({ timeout: 60_000 });
    const result = page.getByTestId('answers-result');
    await expect(result).toContainText(/Applied: [1-9]/, { timeout: 60_000 });
    await expect(result).toContainText('Applied');
    await expect(page.getByTestId('query-history').locator('tbody tr')).toHaveCount(2);
    await shot(page, 'queries');
  });

  await test.step('subjects and a subject profile', async () => {
    await go(page, '/subjects');
    await expect(page.getByTestId('subject-list')).toBeVisible();
    await shot(page, 'subjects');
    await go(page, `/subjects/${encodeURIComponent(manualSubject || 'S01-001')}`);
    await expect(page.locator('.chart svg').first()).toBeVisible();
    await shot(page, 'subject-profile');
  });

  await test.step('lock with the blockers recorded, then verify the snapshot', async () => {
    await go(page, '/cuts');
    await expect(page.getByTestId('blockers')).toBeVisible();
    await page.getByTestId('cut-name').fill('6-month report 1');
    await page.getByTestId('cut-reason').fill('Interim safety analysis');
    // A study file: the signature's meaning is stated (no password: a file has no accounts).
    await expect(page.getByTestId('signature-password')).toHaveCount(0);
    await page.getByTestId('signature-meaning').fill('approved for analysis');
    await page.getByTestId('cut-force').check();
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Lock anyway' }).click();
    await expect(page.locator('.lock-state')).toContainText('Locked: 6-month report 1', { timeout: 120_000 });
    await expect(page.getByTestId('cut-history')).toContainText('6-month report 1');
    await expect(page.getByTestId('lock-signature')).toContainText('approved for analysis');
    await expect(page.getByTestId('verify-dir')).not.toHaveValue('');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await expect(page.getByTestId('verify-result')).toContainText('Intact');
    // The snapshot's files by format: the CDISC files beside the database copy, CSV and Excel.
    await page.getByTestId('cut-files-toggle').first().click();
    const files = page.getByTestId('cut-files');
    for (const format of ['database', 'dataset-json', 'xpt', 'define-xml', 'csv', 'xlsx'])
      await expect(files.locator(`tr[data-format="${format}"]`)).toBeVisible();
    await expect(files.locator('tr[data-format="xpt"]')).toContainText('xpt/ae.xpt');
    await expect(files.locator('tr[data-format="define-xml"]')).toContainText('define.xml');
    await shot(page, 'cuts');
  });

  await test.step('while locked, write actions are off and say why', async () => {
    await go(page, '/discrepancies');
    await expect(page.getByText(/The study is locked for the data cut/)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Send/ })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Run checks' })).toBeDisabled();
  });

  await test.step('the audit trail, exported as formula-safe CSV', async () => {
    await go(page, '/audit');
    await expect(
      page.getByTestId('audit-grid').locator('.ag-row[row-index="0"] [col-id="action"]'),
    ).not.toBeEmpty();
    await shot(page, 'audit');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFid,at,user,action,entity,entityId,siteId,subjectId,form,recordKey,field,oldValue,newValue,reason,importId,signedBy,signedAt,signatureMeaning',
    );
    for (const line of csv.split('\r\n').slice(1))
      for (const cell of line.split(',')) expect(cell).not.toMatch(/^[=+@]/);
    // An import's changes read as a list, not as the JSON they are kept as.
    await go(page, '/audit?entity=import');
    const grid = page.getByTestId('audit-grid');
    await expect(grid.locator('[col-id="newValue"]').nth(1)).toContainText(
      /^S0\d, export of .+: \d+ new, \d+ changed/,
    );
    await expect(grid).not.toContainText('{"siteId"');
  });

  await test.step('in Korean', async () => {
    await page.locator('.lang-switch select').selectOption('ko');
    await go(page, '/dashboard');
    await expect(page.getByRole('link', { name: /불일치/ }).first()).toBeVisible();
    await shot(page, 'dashboard-ko');
    await go(page, '/discrepancies');
    await expect(page.locator('h1')).toHaveText('불일치');
    await shot(page, 'discrepancies-ko');
    await page.locator('.lang-switch select').selectOption('en');
  });

  expect(consoleErrors).toEqual([]);
});
