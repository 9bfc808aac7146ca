// The billing history page on the Oxford City Council telecom spend 2014-2018 (loaded by the carrier-bills
// loader): find an account by its service area, read its months in the table and the chart, page back a year,
// and roll the carrier up over 2016.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTem, openBrowser, closeAll, ROOT, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  server = await startTem();
  const file = join(ROOT, 'tests/fixtures/real/oxford-telecom-spend-2014-2018/monthly_by_supplier_service_area.csv');
  await server.api('bills.loadOxford', { file_name: 'monthly_by_supplier_service_area.csv', data: new Uint8Array(readFileSync(file)) });
  ({ browser, page, problems } = await openBrowser(server, '?month=2016-12#/history', { timeout: 8000 }));
}, 60_000);

afterAll(() => closeAll(browser, server));

describe('billing history of the Oxford spend', () => {
  it("shows Vodafone's Business Improvement account: 24 months, a chart, and a year earlier", async () => {
    await page.getByRole('searchbox', { name: /^Find an account/ }).fill('Business Improvement');
    const found = page.getByRole('list', { name: 'Accounts found' });
    await found.getByRole('link', { name: /Vodafone · Business Improvement$/ }).click();
    await page.getByRole('heading', { name: 'Oxford City Council · Business Improvement · Vodafone account Business Improvement' }).waitFor();
    const rows = page.getByRole('table', { name: 'History by month' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(25);
    expect(await rows.nth(1).textContent()).toBe('2018-0120,074.55-Unexpected');
    expect(await rows.nth(2).textContent()).toBe('2017-124,760.05-Unexpected');
    expect(await page.getByRole('figure', { name: 'Expected and actual, Vodafone Business Improvement' }).locator('.recharts-bar-rectangle').count()).toBeGreaterThan(15);
    await page.getByRole('button', { name: '‹ 12 months earlier' }).click();
    // 2017-01: both Vodafone supplier names billed (1,949.12 + 2,499.80), one carrier
    await expect.poll(() => rows.nth(1).textContent()).toBe('2017-014,448.92-Unexpected');
  });

  it('rolls Vodafone up over 2016, with the May collapse', async () => {
    const roll = page.getByRole('region', { name: 'Roll-ups' });
    await roll.getByLabel('From', { exact: true }).fill('2016-01');
    await roll.getByLabel('To', { exact: true }).fill('2016-12');
    await roll.getByRole('button', { name: 'Vodafone' }).click();
    const months = roll.getByRole('table', { name: 'Roll-up by month' }).getByRole('row');
    await expect.poll(() => months.count()).toBe(11); // header and the 10 months with a bill
    expect(await months.filter({ hasText: '2016-05' }).textContent()).toContain('675.83');
    expect(await months.filter({ hasText: '2016-08' }).textContent()).toContain('38,649.12');
    expect(problems).toEqual([]);
  });
});
