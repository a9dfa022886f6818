import { expect, test, type Browser } from '@playwright/test';
import path from 'node:path';
import { builtRenderer, cdm, openAt, serveStudy, type ServedStudy } from './browser-mode-fixture';

/**
 * Study dates are calendar days: a Korean data manager (Asia/Seoul, UTC+9) sees on every time axis
 * exactly the dates a colleague in UTC sees, never each a day early. The dashboard's site exports
 * over time and a subject's course are read in three time zones, and their axis labels compared.
 */

let served: ServedStudy;
let subject: string;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  served = await serveStudy(await builtRenderer(), {
    prepare: (db, dir) => {
      const out = path.join(dir, 'exports');
      cdm('generate', '--out', out, '--subjects', '24', '--sites', '3', '--seed', '5');
      for (const round of ['round-1', 'round-2', 'round-3'])
        cdm('import', db, '--batch', path.join(out, round));
      cdm('check', db);
      const dm = JSON.parse(cdm('data', db, '--form', 'DM', '--site', 'S01')) as { SUBJID: string }[];
      subject = dm[0]!.SUBJID;
    },
  });
});

test.afterAll(async () => {
  await served?.stop();
});

/** The texts of a chart's SVG (its axis labels among them), in the given time zone, in Korean. */
async function chartTexts(
  browser: Browser,
  timezoneId: string,
  route: string,
  section: string,
): Promise<string[]> {
  const context = await browser.newContext({ timezoneId, locale: 'ko-KR' });
  try {
    const page = await context.newPage();
    await openAt(page, served, route);
    const svg = page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: section, exact: true }) })
      .locator('.chart svg');
    await expect(svg.locator('text').first()).toBeVisible({ timeout: 30_000 });
    return await svg.locator('text').allTextContents();
  } finally {
    await context.close();
  }
}

test('time axes show the same dates in Asia/Seoul as in UTC', async ({ browser }) => {
  for (const [route, section] of [
    ['/dashboard', '가져온 기관 데이터'],
    [`/subjects/${encodeURIComponent(subject)}`, '경과'],
  ] as const) {
    const utc = await chartTexts(browser, 'UTC', route, section);
    // The labels are dates: years, months, days (a day early would read "12월 31일" for 2020).
    expect(
      utc.some((text) => /^20\d\d$/.test(text)),
      `${route}: ${utc.join(' | ')}`,
    ).toBe(true);
    expect(utc.some((text) => /12월 31일/.test(text))).toBe(false);
    for (const zone of ['Asia/Seoul', 'America/Los_Angeles'])
      expect(await chartTexts(browser, zone, route, section), `${route} in ${zone}`).toEqual(utc);
  }
});
