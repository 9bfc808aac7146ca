// A carrier CSV through a saved profile in the browser: the profile made in the editor, a preview of every value
// and bill (nothing written), the import with its progress bar, and the month grid's Flags column explaining
// the bills still missing.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, openBrowser, closeAll, seedBook, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

const CSV = '\uFEFFAccount,Invoice,Bill Date,Amount Due\r\nA-100,INV-9001,03/05/2026,"1,000.00"\r\nA-101,INV-9002,03/05/2026,512.34\r\n';

beforeAll(async () => {
  server = await startTem();
  await seedBook(server);
  ({ browser, page, problems } = await openBrowser(server, `?month=${MONTH}#/bills`, { timeout: 15_000 }));
});

afterAll(() => closeAll(browser, server));

describe('importing a carrier CSV through a profile', () => {
  it('saves a profile made in the editor', async () => {
    await page.getByRole('button', { name: 'New profile' }).click();
    const form = page.getByRole('form', { name: 'New profile' });
    await form.getByLabel('Profile name').fill('Acme portal CSV');
    await form.getByLabel('Carrier (fixed)').fill('Acme Telecom');
    await form.getByLabel('Date format').selectOption('MDY');
    await form.getByLabel('Column for Account', { exact: true }).fill('Account');
    await form.getByLabel('Column for Invoice number').fill('Invoice');
    await form.getByLabel('Column for Bill date').fill('Bill Date');
    await form.getByLabel('Column for Invoice total').fill('Amount Due');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Import profiles' }).textContent()).toContain('Acme portal CSV');
    expect((await server.api('billProfiles.list', {})).map((p) => [p.name, p.date_format, p.config.columns])).toEqual([
      ['Acme portal CSV', 'MDY', { account: 'Account', invoice: 'Invoice', bill_date: 'Bill Date', total: 'Amount Due' }],
    ]);
  });

  it('previews every value and bill, writing nothing', async () => {
    await page.getByLabel('Bill file', { exact: true }).setInputFiles({ name: 'acme-march.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(
      'Preview of acme-march.csv: 2 bill(s) from 2 row(s), 2 new, 0 already on file, 0 duplicate(s), 0 problem(s). Nothing has been written.',
    );
    const bills = page.getByRole('table', { name: 'Bills', exact: true }).locator('tbody tr');
    expect((await bills.nth(0).locator('td').allTextContents()).map((t) => t.trim())).toEqual(['2026-03', 'Acme Telecom', 'A-100', 'INV-9001', '2026-03-05', '', '1,000.00', '', 'New']);
    const rows = page.getByRole('table', { name: 'Rows as read' }).locator('tbody tr');
    expect((await rows.nth(1).locator('td').allTextContents()).map((t) => t.trim())).toEqual(['3', 'A-101', 'INV-9002', '03/05/2026', '512.34', 'bill 2']);
    expect(await server.api('bills.list', { month: MONTH })).toEqual([]);
  });

  it('imports with a progress bar, and the grid explains the bills still missing', async () => {
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await expect.poll(() => page.getByText(/^Imported acme-march\.csv/).textContent()).toBe(
      'Imported acme-march.csv: 2 new, 0 already on file, 0 duplicate(s) flagged and not counted; 0 new account(s), 2 actual(s) changed.',
    );
    expect(await page.getByLabel('Import progress').getAttribute('value')).toBe('2');
    const check = await server.api('month.check', { month: MONTH });
    expect(check.rows.filter((r) => r.actual_cents !== null).map((r) => [r.account, r.actual_cents, r.invoice_number])).toEqual([
      ['A-100', 100000, 'INV-9001'],
      ['A-101', 51234, 'INV-9002'],
    ]);

    await page.goto(`${server.url}?month=${MONTH}#/month`);
    const grid = page.getByRole('grid', { name: /./ }).first();
    const flags = grid.getByRole('gridcell', { name: /^Flags, account A-102:/ });
    await expect.poll(() => flags.textContent(), { timeout: 20_000 }).toBe('Missing');
    expect(await flags.locator('span').getAttribute('title')).toMatch(/^Missing bill: no bill for 2026-03 by 2026-04-02 \(the usual bill day 28/);
    expect(await grid.getByRole('gridcell', { name: /^Flags, account A-100:/ }).textContent()).toBe('');
    expect(problems).toEqual([]);
  });

  it('lists the month\'s bills on file', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/bills`);
    const table = page.getByRole('table', { name: 'Bills on file' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect((await table.locator('tbody tr').nth(1).locator('td').allTextContents()).map((t) => t.trim())).toEqual([
      'Acme Telecom', 'A-101', 'INV-9002', '2026-03-05', '512.34', '', 'Yes', 'acme-march.csv', '',
    ]);
    expect(problems).toEqual([]);
  });
});
