// Export the book from the screen as CSV and as XLSX, and import each file back through the wizard: nothing
// changes, and the month check gives the same figures before and after.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTem, launchBrowser, openPage, seedBook, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let before: unknown;

const wizard = () => page.getByRole('region', { name: 'Import a book' });
const exporter = () => page.getByRole('region', { name: 'Export the book' });

async function exportAs(format: 'CSV' | 'XLSX'): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), exporter().getByRole('button', { name: `Export book as ${format}` }).click()]);
  const path = join(server.dir, download.suggestedFilename());
  await download.saveAs(path);
  await expect.poll(() => exporter().getByRole('status').textContent()).toBe(`Exported 10 rows to ${download.suggestedFilename()}.`);
  return path;
}

async function importBack(path: string) {
  if (await wizard().getByRole('button', { name: 'Import another file' }).isVisible()) await wizard().getByRole('button', { name: 'Import another file' }).click();
  await wizard().getByLabel('Book file (CSV or XLSX)').setInputFiles(path);
  await expect.poll(() => wizard().getByText(/rows, \d+ columns/).textContent()).toMatch(/^10 rows/);
  await wizard().getByRole('button', { name: 'Preview rows' }).click();
  await expect.poll(() => wizard().getByRole('status', { name: 'Preview summary' }).textContent()).toContain('10 rows: 10 valid, 0 with problems');
  await wizard().getByRole('button', { name: 'Import 10 rows' }).click();
  const result = wizard().getByRole('status', { name: 'Import result' });
  await expect.poll(() => result.textContent(), { timeout: 20_000 }).toBe('Imported 10 of 10 rows. Nothing changed: the book already held every row of this file.');
  const services = wizard().getByRole('table', { name: 'What the import did' }).getByRole('row', { name: /^Services/ });
  expect((await services.locator('td').allTextContents()).map((t) => t.trim())).toEqual(['0', '0', '10']);
}

beforeAll(async () => {
  server = await startTem();
  const { ids } = await seedBook(server);
  // The import made one contract per account; one gets an entered total, its own tolerance, dates and auto-renew,
  // which the export must carry.
  const [contract] = await server.api('contracts.list', { billing_account_id: ids['B-200']! });
  await server.api('contracts.update', {
    id: contract!.id,
    patch: { expected_source: 'entered', expected_cents: 31_000, tolerance_pct_bp: 250, start_date: '2026-01-01', end_date: '2027-06-30', auto_renew: true },
  });
  before = (await server.api('month.check', { month: MONTH })).rows.map((r) => [r.account, r.expected_cents, r.status]);
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/book`));
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('export the book and import it back', () => {
  it('exports CSV with a byte-order mark and the import layout', async () => {
    const path = await exportAs('CSV');
    const text = readFileSync(path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const header = text.slice(1).split(/\r?\n/)[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['customer', 'location', 'carrier', 'account', 'service', 'expected']));
    expect(text).toContain('Springfield Schools');
    expect(text).toContain('1234.56');
    const b200 = text.split(/\r?\n/).find((l) => l.includes('B-200'))!;
    expect(b200).toMatch(/,300\.00,310\.00,2\.5,/);
    expect(b200).toContain('2026-01-01');
    expect(b200).toContain('2027-06-30');
  });

  it('imports the CSV back unchanged', async () => {
    await importBack(join(server.dir, (await exportAs('CSV')).split('/').pop()!));
    expect((await server.api('month.check', { month: MONTH })).rows.map((r) => [r.account, r.expected_cents, r.status])).toEqual(before);
  });

  it('exports XLSX and imports it back unchanged', async () => {
    const path = await exportAs('XLSX');
    expect(readFileSync(path).subarray(0, 2).toString()).toBe('PK');
    await importBack(path);
    expect((await server.api('month.check', { month: MONTH })).rows.map((r) => [r.account, r.expected_cents, r.status])).toEqual(before);
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
