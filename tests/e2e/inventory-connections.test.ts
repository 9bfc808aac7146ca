// The E-Rate FY2014 connections through the import wizard: a file that names no carrier and no cost. Its ready-made
// mapping (offered because the header row matches) sets one carrier and the "E-Rate connection" group for every
// row, the preview checks all 9,222 rows, and the connections land as services of the applicants they name
// (matched by BEN to the customers the FY2015 book already holds, new customers for the others).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { startTem, launchBrowser, openPage, ROOT, type TemServer } from './support.ts';

const FY2014 = join(ROOT, 'tests/fixtures/real/erate-fy2014-connections/connections_fy2014_item24.csv');
const FY2015 = join(ROOT, 'tests/fixtures/real/erate-fy2015-line-items/orig_broadband_line_items.csv');
const rowsOf = (path: string) => parse(readFileSync(path), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

const wizard = () => page.getByRole('region', { name: 'Import a book' });

beforeAll(async () => {
  server = await startTem();
  const profiles = await server.api('book.profiles', {});
  const fy2015 = profiles.find((p) => p.id === 'erate-fy2015-line-items')!;
  await server.api('import.book', { file_name: 'orig_broadband_line_items.csv', data: readFileSync(FY2015), map: fy2015.map, skip_invalid: true });
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, '#/book'));
  page.setDefaultTimeout(15_000);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('E-Rate FY2014 connections as inventory', () => {
  it('offers the ready-made mapping for the file’s header row, with one carrier for every row', async () => {
    await wizard().getByLabel('Book file (CSV or XLSX)').setInputFiles(FY2014);
    await expect.poll(() => wizard().getByText(/rows, \d+ columns/).textContent()).toMatch(/^9,222 rows, 7 columns\./);
    await wizard().getByRole('button', { name: /^Use the E-Rate FY2014 connections/ }).click();
    expect(await wizard().getByLabel('Column for Billing account', { exact: true }).inputValue()).toBe('FRN');
    expect(await wizard().getByLabel('Column for Customer code', { exact: true }).inputValue()).toBe('BEN');
    expect(await wizard().getByLabel("Every row's Carrier", { exact: true }).inputValue()).toBe('Not named');
    expect(await wizard().getByLabel("Every row's Service group", { exact: true }).inputValue()).toBe('E-Rate connection');
  });

  it('previews every row and imports them as services of the applicants', async () => {
    await wizard().getByRole('button', { name: 'Preview rows' }).click();
    await expect.poll(() => wizard().getByRole('status', { name: 'Preview summary' }).textContent(), { timeout: 30_000 }).toContain('9,222 rows: 9,222 valid, 0 with problems (0 problems).');
    await wizard().getByRole('button', { name: 'Import 9,222 rows' }).click();
    await expect.poll(() => wizard().getByRole('status', { name: 'Import result' }).textContent(), { timeout: 45_000 }).toContain('Imported 9,222 of 9,222 rows.');

    // Applicants by BEN: those the FY2015 book holds are matched, the others are new customers.
    const known = new Set(rowsOf(FY2015).map((r) => r.applicant_ben));
    const bens = new Set(rowsOf(FY2014).map((r) => r.BEN));
    const matched = [...bens].filter((b) => known.has(b)).length;
    const customers = wizard().getByRole('table', { name: 'What the import did' }).getByRole('row', { name: /^Customers/ });
    expect((await customers.locator('td').allTextContents()).map((t) => t.trim())).toEqual([(bens.size - matched).toLocaleString('en-US'), '0', matched.toLocaleString('en-US')]);
  });

  it('lists the connections in the inventory under their group, with no monthly charge', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inventory' }).click();
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'E-Rate connection' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: /services ·/ }).textContent()).toBe('9,222 services · monthly 0.00 · 0 selected');
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
