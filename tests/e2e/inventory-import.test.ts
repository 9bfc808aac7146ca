// Importing a real book through the screens: the E-Rate FY2015 line items (3,390 rows), columns mapped by hand,
// a preview that lists every bad row by row and column, an import with a progress bar, the mapping remembered
// for the next file of the same layout, and the imported book in the month grid.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { startTem, launchBrowser, openPage, ROOT, type TemServer } from './support.ts';

const FILE = join(ROOT, 'tests/fixtures/real/erate-fy2015-line-items/orig_broadband_line_items.csv');
const MAPPING: [string, string][] = [
  ['Customer', 'applicant_name'],
  ['Customer code', 'applicant_ben'],
  ['Location', 'applicant_postal_cd'],
  ['Carrier', 'service_provider_name'],
  ['Billing account', 'frn'],
  ['Service', 'connect_type'],
  ['Monthly charge', 'rec_elig_cost'],
];

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

const wizard = () => page.getByRole('region', { name: 'Import a book' });

beforeAll(async () => {
  server = await startTem();
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, '?month=2015-07#/book'));
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the book import wizard on the E-Rate FY2015 line items', () => {
  it('reads the file and asks for the columns the headers do not name', async () => {
    await wizard().getByLabel('Book file (CSV or XLSX)').setInputFiles(FILE);
    await expect.poll(() => wizard().getByText(/rows, \d+ columns/).textContent()).toContain('3,390 rows, 26 columns.');
    // None of the required fields is a header of this file: the preview waits for them.
    await expect.poll(() => wizard().getByText(/^Still to choose/).textContent()).toBe('Still to choose: Customer, Carrier, Billing account, Monthly charge.');
    expect(await wizard().getByRole('button', { name: 'Preview rows' }).isDisabled()).toBe(true);
  });

  it('previews the mapped rows with every problem by row and column', async () => {
    for (const [label, header] of MAPPING) await wizard().getByLabel(`Column for ${label}`, { exact: true }).selectOption(header);
    await wizard().getByRole('button', { name: 'Preview rows' }).click();
    const summary = wizard().getByRole('status', { name: 'Preview summary' });
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toContain('3,390 rows: 3,362 valid, 28 with problems (28 problems).');
    const table = wizard().getByRole('table', { name: 'Problems' });
    const rows = table.locator('tbody tr');
    expect(await rows.count()).toBe(28);
    const first = (await rows.first().locator('td').allTextContents()).map((t) => t.trim());
    expect(first[1]).toBe('rec_elig_cost');
    expect(first[2]).toBe('No data');
    expect(first[3]).toMatch(/"No data" is not an amount/);
    // The rows shown carry the mapped values; a row with a problem names it in the bad cell.
    const parsed = wizard().getByRole('table', { name: 'Parsed rows' });
    expect(await parsed.locator('tbody tr').count()).toBe(200);
    expect(await parsed.locator('tbody tr').first().textContent()).toContain('AGUA DULCE INDEP SCHOOL DIST');
    // Nothing is written by a preview.
    expect((await server.api('customers.search', {})).total).toBe(0);
  });

  it('refuses to import while rows have problems, then imports the valid rows with a progress bar', async () => {
    const button = wizard().getByRole('button', { name: /^Import \d/ });
    expect(await button.textContent()).toBe('Import 0 rows');
    expect(await button.isDisabled()).toBe(true);
    await wizard().getByLabel(/Skip the 28 rows with problems/).check();
    expect(await button.textContent()).toBe('Import 3,362 rows');
    await button.click();
    const bar = wizard().getByRole('progressbar', { name: 'Import progress' });
    await bar.waitFor();
    const result = wizard().getByRole('status', { name: 'Import result' });
    await expect.poll(() => result.textContent(), { timeout: 45_000 }).toContain('Imported 3,362 of 3,390 rows; 28 rows were skipped.');
    expect(await bar.getAttribute('value')).toBe(await bar.getAttribute('max'));
    const done = wizard().getByRole('table', { name: 'What the import did' });
    const created = async (label: string) => (await done.getByRole('row', { name: new RegExp(`^${label}`) }).locator('td').first().textContent())?.trim();
    const customers = (await server.api('customers.search', { limit: 1 })).total;
    const carriers = (await server.api('carriers.search', { limit: 1 })).total;
    expect(await created('Customers')).toBe(customers.toLocaleString('en-US'));
    expect(await created('Carriers')).toBe(carriers.toLocaleString('en-US'));
    // One customer per BEN and one carrier per service provider of the valid rows.
    expect(customers).toBe(1711);
    expect(carriers).toBe(473);
    expect(await created('Billing accounts')).toBe('2,612');
  });

  it('remembers the mapping for the next file with the same columns', async () => {
    await wizard().getByRole('button', { name: 'Import another file' }).click();
    await wizard().getByLabel('Book file (CSV or XLSX)').setInputFiles(FILE);
    await expect.poll(() => wizard().getByText(/rows, \d+ columns/).textContent()).toContain('Using the mapping remembered for this file layout.');
    for (const [label, header] of MAPPING) expect(await wizard().getByLabel(`Column for ${label}`, { exact: true }).inputValue()).toBe(header);
  });

  it('shows the imported book in the month grid', async () => {
    const check = await server.api('month.check', { month: '2015-07' });
    expect(check.rows.length).toBe(2612);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Month-end entry' }).click();
    const grid = page.getByRole('grid', { name: 'Month entry' });
    await grid.waitFor();
    await expect.poll(() => grid.getAttribute('aria-rowcount'), { timeout: 20_000 }).toBe(String(2612 + 1));
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
