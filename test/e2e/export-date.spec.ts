import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { builtRenderer, openAt, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * "Choose files" in the browser follows the export-date rule (site-exports.md): files chosen one
 * by one come without their folder, so when their names carry no date the window asks for it
 * (never today); a date entered against the names is loaded only once confirmed. The browser
 * mode never shows its temporary upload folder. A zipped export is chosen as one file.
 */

let served: ServedStudy;
let undated: string[];
let dated: string[];
let zipped: string;

const DM = [
  'SITEID,SUBJID,RFICDAT,ENRLDAT,AGE,SEX,PRIORREG,PRIORLEN,PRIORBOR',
  // RFICDAT as a CSV saved from a sheet that lost its date format: Excel serial day 43476 = 2019-01-11.
  'S01,S01-001,43476,2019-01-11,67,M,3,Y,Y',
].join('\r\n');
const EX = [
  'SUBJID,EXSEQ,EXTRT,CYCLE,EXSTDAT,EXENDAT,EXDOSE',
  'S01-001,1,POMALIDOMIDE,1,2019-01-12,2019-02-01,4',
].join('\r\n');

test.beforeAll(async () => {
  test.setTimeout(180_000);
  served = await serveStudy(await builtRenderer());
  const write = (folder: string, files: Record<string, string>) => {
    fs.mkdirSync(path.join(served.dir, folder), { recursive: true });
    return Object.entries(files).map(([name, text]) => {
      fs.writeFileSync(path.join(served.dir, folder, name), `${text}\r\n`);
      return path.join(served.dir, folder, name);
    });
  };
  undated = write('undated', { 'DM.csv': DM, 'EX.csv': EX });
  dated = write('dated', { 'DM_20190301.csv': DM, 'EX_20190301.csv': EX });
  // A site's export as it is mailed: its folder zipped, the date in the zip's name.
  zipped = path.join(served.dir, 'S01_20190501.zip');
  fs.writeFileSync(
    zipped,
    zipSync({ 'S01/DM.csv': strToU8(`${DM}\r\n`), 'S01/EX.csv': strToU8(`${EX}\r\n`) }),
  );
});

test.afterAll(async () => {
  await served?.stop();
});

test('files without a date in their names: the window asks for the export date', async ({ page }) => {
  await openAt(page, served, '/import');
  await page.getByTestId('file-input').setInputFiles(undated);

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('Which day was this export made?')).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toContainText('2 files');
  await expect(dialog.getByRole('button', { name: 'Preview' })).toBeDisabled();
  await dialog.getByTestId('export-date-answer').fill('2019-01-11');
  await dialog.getByRole('button', { name: 'Preview' }).click();

  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText('11 Jan 2019');
  await expect(preview).toContainText('(as entered)');
  // The bare serial day in RFICDAT was read as a date, and counted.
  await expect(page.getByTestId('number-dates')).toContainText('1 date cell held a bare number');
  await expect(page.getByTestId('number-dates')).toContainText('DM.csv: 1 Excel serial day');
  await preview.getByText('2 files read').click();
  await expect(preview).toContainText('EX.csv');
  expect(await page.content()).not.toContain('cdm-uploads-');

  await page.getByRole('button', { name: 'Commit import' }).click();
  await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('import-history')).toContainText('11 Jan 2019');
  expect(await page.content()).not.toContain('cdm-uploads-');
});

test('a date entered against the names is loaded only once confirmed', async ({ page }) => {
  await openAt(page, served, '/import');
  await page.locator('input[type="date"]').first().fill('2019-04-01');
  await page.getByTestId('file-input').setInputFiles(dated);

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('export-date-contradiction')).toContainText(
    'The file name DM_20190301.csv says this export was made on 01 Mar 2019; you entered 01 Apr 2019.',
    { timeout: 30_000 },
  );
  await dialog.getByRole('button', { name: 'Load as an export of 01 Apr 2019' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview).toContainText('01 Apr 2019', { timeout: 30_000 });
  await expect(preview).toContainText('(as entered)');
  expect(await page.content()).not.toContain('cdm-uploads-');
});

test('a zipped export is read as the folder it holds, dated by the zip’s name', async ({ page }) => {
  await openAt(page, served, '/import');
  await page.getByTestId('file-input').setInputFiles(zipped);

  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText('01 May 2019');
  await preview.getByText('2 files read').click();
  await expect(preview).toContainText('S01_20190501.zip/S01/EX.csv');
  expect(await page.content()).not.toContain('cdm-uploads-');

  await page.getByRole('button', { name: 'Commit import' }).click();
  await expect(page.getByTestId('import-history')).toContainText('01 May 2019', { timeout: 30_000 });
  expect(await page.content()).not.toContain('cdm-uploads-');
});

test('a zip with a password: the window asks for it, says when it is wrong, and keeps it nowhere', async ({
  page,
}) => {
  const zip = path.resolve('test/fixtures/passwords/aes256-7zip.zip');
  await openAt(page, served, '/import');
  await page.getByTestId('file-input').setInputFiles(zip);

  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('This file has a password')).toBeVisible({ timeout: 30_000 });
  await expect(dialog).toContainText('aes256-7zip.zip is encrypted');
  await dialog.getByTestId('password').fill('S07-pw#2018');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByTestId('password-wrong')).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByTestId('password')).toHaveValue('');

  await dialog.getByTestId('password').fill('S07-pw#2019');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByTestId('import-preview');
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText('01 Mar 2019');
  expect(await page.content()).not.toContain('S07-pw#2019');
  await page.getByRole('button', { name: 'Commit import' }).click();
  await expect(page.getByTestId('import-history')).toContainText('01 Mar 2019', { timeout: 30_000 });
  expect(await page.content()).not.toContain('S07-pw#2019');
});
