// Issue 8's "done when" in the browser: a month of bills imported through saved profiles from a carrier CSV (the
// profile made in the editor), an XLSX and an EDI 811 file, each previewed (nothing written) and imported with
// its progress bar; a file imported again doubles nothing; and the month grid's Flags column shows every audit
// flag with its explanation (tooltip and accessible name).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startTem, openBrowser, closeAll, seedBook, MONTH, ROOT, type TemServer } from './support.ts';

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
      'Preview of acme-march.csv: 2 bill(s) from 2 row(s), 2 new, 0 already on file, 0 corrected, 0 duplicate(s), 0 problem(s). Nothing has been written.',
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
      'Imported acme-march.csv: 2 new, 0 already on file, 0 corrected, 0 duplicate(s) flagged and not counted; 0 new account(s), 2 actual(s) changed.',
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

/** Chooses a profile and a file on the Carrier bills page and previews it; returns the preview's status line. */
async function preview(profile: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  await page.getByLabel('Profile', { exact: true }).selectOption({ label: profile });
  await page.getByLabel('Bill file', { exact: true }).setInputFiles(file);
  await page.getByRole('button', { name: 'Preview', exact: true }).click();
  const status = page.getByRole('status').filter({ hasText: /^Preview of / });
  await expect.poll(() => status.count()).toBe(1);
  return (await status.textContent())!.replace(/\s+/g, ' ');
}

/** Imports the previewed file; returns the import's closing status line. */
async function importIt(file: string) {
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const done = page.getByRole('status').filter({ hasText: new RegExp(`^Imported ${file.replace(/\./g, '\\.')}`) });
  await expect.poll(() => done.count()).toBe(1);
  return (await done.textContent())!.replace(/\s+/g, ' ');
}

const cellText = (lines: string[]) => lines.map((t) => t.trim());

describe('an XLSX and an EDI 811 file through saved profiles, and a re-import that doubles nothing', () => {
  it('imports an XLSX workbook (date cells) through its profile; an account not in the book comes along', async () => {
    await server.api('billProfiles.create', {
      name: 'Bell XLSX',
      format: 'xlsx',
      carrier_name: 'Bell Wireless',
      sheet: 'Bills',
      config: { columns: { account: 'Account', invoice: 'Invoice', bill_date: 'Bill date', total: 'Total' }, constants: {}, carrier_aliases: {} },
    });
    await server.api('billProfiles.create', { name: 'Acme EDI 811', format: 'edi811', carrier_name: 'Acme Telecom' });
    await page.goto(`${server.url}?month=${MONTH}#/bills`);
    await page.reload();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bills');
    ws.addRow(['Account', 'Invoice', 'Bill date', 'Total']);
    ws.addRow(['B-200', 'BW-0301', new Date(Date.UTC(2026, 2, 4)), 300]);
    ws.addRow(['B-201', 'BW-0302', new Date(Date.UTC(2026, 2, 4)), 400]);
    ws.addRow(['B-299', 'BW-0399', new Date(Date.UTC(2026, 2, 4)), 19.99]);
    const xlsx = { name: 'bell-march.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(await wb.xlsx.writeBuffer()) };
    expect(await preview('Bell XLSX (XLSX)', xlsx)).toBe(
      'Preview of bell-march.xlsx: 3 bill(s) from 3 row(s), 3 new, 0 already on file, 0 corrected, 0 duplicate(s), 0 problem(s). Nothing has been written.',
    );
    const bills = page.getByRole('table', { name: 'Bills', exact: true }).locator('tbody tr');
    expect(cellText(await bills.nth(2).locator('td').allTextContents())).toEqual(['2026-03', 'Bell Wireless', 'B-299', 'BW-0399', '2026-03-04', '', '19.99', '', 'New']);
    expect(await importIt('bell-march.xlsx')).toBe(
      'Imported bell-march.xlsx: 3 new, 0 already on file, 0 corrected, 0 duplicate(s) flagged and not counted; 1 new account(s), 3 actual(s) changed.',
    );
  });

  it('imports an EDI 811 file through its profile, showing each invoice\'s bill-to and remit-to', async () => {
    const edi = { name: 'acme-march.811', mimeType: 'application/edi-x12', buffer: readFileSync(join(ROOT, 'tests/fixtures/edi/acme-march.811')) };
    expect(await preview('Acme EDI 811 (EDI811)', edi)).toBe(
      'Preview of acme-march.811: 2 bill(s) from 2 row(s), 2 new, 0 already on file, 0 corrected, 0 duplicate(s), 0 problem(s). Nothing has been written.',
    );
    const read = page.getByRole('table', { name: 'Rows as read' });
    const headers = cellText(await read.locator('thead th').allTextContents());
    expect(headers.slice(-4)).toEqual(['Bill-to (N1 BT)', 'Remit-to (N1 RE)', 'Parties (N1)', 'Bill']);
    const first = cellText(await read.locator('tbody tr').nth(0).locator('td').allTextContents());
    expect([first[headers.indexOf('Account')], first[headers.indexOf('Bill-to (N1 BT)')], first[headers.indexOf('Remit-to (N1 RE)')]]).toEqual([
      'A-103',
      'SPRINGFIELD SCHOOLS',
      'ACME TELECOM REMITTANCE',
    ]);
    expect(await importIt('acme-march.811')).toBe(
      'Imported acme-march.811: 2 new, 0 already on file, 0 corrected, 0 duplicate(s) flagged and not counted; 0 new account(s), 2 actual(s) changed.',
    );
    const check = await server.api('month.check', { month: MONTH });
    expect(check.rows.filter((r) => r.actual_cents !== null).map((r) => [r.account, r.actual_cents]).sort()).toEqual([
      ['A-100', 100000],
      ['A-101', 51234],
      ['A-103', 123456],
      ['A-105', 4500],
      ['B-200', 30000],
      ['B-201', 40000],
      ['B-299', 1999],
    ]);
  });

  it('imports the CSV again: everything is already on file, and a resent invoice is a duplicate, not counted', async () => {
    const csv = { name: 'acme-march.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) };
    expect(await preview('Acme portal CSV (CSV)', csv)).toBe(
      'Preview of acme-march.csv: 2 bill(s) from 2 row(s), 0 new, 2 already on file, 0 corrected, 0 duplicate(s), 0 problem(s). Nothing has been written.',
    );
    expect(await importIt('acme-march.csv')).toBe(
      'Imported acme-march.csv: 0 new, 2 already on file, 0 corrected, 0 duplicate(s) flagged and not counted; 0 new account(s), 0 actual(s) changed.',
    );
    // The carrier sends INV-9002 again with another bill date.
    const resent = { name: 'acme-resent.csv', mimeType: 'text/csv', buffer: Buffer.from('Account,Invoice,Bill Date,Amount Due\r\nA-101,INV-9002,03/09/2026,512.34\r\n') };
    expect(await preview('Acme portal CSV (CSV)', resent)).toContain('0 new, 0 already on file, 0 corrected, 1 duplicate(s)');
    const outcome = page.getByRole('table', { name: 'Bills', exact: true }).locator('tbody tr td').last();
    expect([await outcome.textContent(), await outcome.getAttribute('title')]).toEqual([
      'Duplicate (not counted)',
      'Duplicate: invoice INV-9002 for account A-101 is already on file (bill date 2026-03-05, amount 512.34). It is kept as a duplicate of the 2026-03 bill and not counted in the actual.',
    ]);
    expect(await importIt('acme-resent.csv')).toBe(
      'Imported acme-resent.csv: 0 new, 0 already on file, 0 corrected, 1 duplicate(s) flagged and not counted; 0 new account(s), 0 actual(s) changed.',
    );
  });
});

describe('the month grid: nothing doubled, every audit flag explained', () => {
  it('shows the actuals once and each flag with its explanation as tooltip and accessible name', async () => {
    // Through the API: three months of 60.00 then 90.00 on A-106 (trend), and A-107's only service disconnected
    // in January but billed in March (charges after end).
    const ids = Object.fromEntries((await server.api('month.check', { month: MONTH })).rows.map((r) => [r.account, r.account_id]));
    for (const m of ['2025-12', '2026-01', '2026-02']) await server.api('actuals.set', { account_id: ids['A-106']!, month: m, amount: '60.00' });
    await server.api('actuals.set', { account_id: ids['A-106']!, month: MONTH, amount: '90.00' });
    const [pots] = await server.api('services.list', { billing_account_id: ids['A-107']! });
    await server.api('services.update', { id: pots!.id, patch: { status: 'disconnected', disconnect_date: '2026-01-15' } });
    await server.api('actuals.set', { account_id: ids['A-107']!, month: MONTH, amount: '70.00' });

    await page.goto(`${server.url}?month=${MONTH}#/month`);
    const grid = page.getByRole('grid', { name: /./ }).first();
    const cell = (column: string, account: string) => grid.getByRole('gridcell', { name: new RegExp(`^${column}, account ${account}:`) });
    await expect.poll(() => cell('Flags', 'A-106').textContent(), { timeout: 20_000 }).toBe('Trend');
    // Imported twice, resent once: each actual is there once.
    expect(await cell('Actual', 'A-100').textContent()).toBe('1,000.00');
    expect(await cell('Actual', 'A-101').textContent()).toBe('512.34');

    const explained = async (account: string) => {
      const c = cell('Flags', account);
      const span = c.locator('span.bills-flags-cell');
      return { text: await c.textContent(), title: await span.getAttribute('title'), name: await span.getAttribute('aria-label') };
    };
    const expected: [string, string, RegExp][] = [
      ['A-106', 'Trend', /^Trend: 90\.00 is 50% above the average 60\.00 of the previous 3 bills \(60\.00, 60\.00, 60\.00\); the limit is 20%\.$/],
      ['A-101', 'Duplicate', /^Duplicate: invoice INV-9002 for account A-101 is already on file \(bill date 2026-03-05, amount 512\.34\)\. It is kept as a duplicate of the 2026-03 bill and not counted in the actual\.$/],
      ['A-107', 'After end', /^Charges after end: the 2026-03 bill comes after service .+ was disconnected on 2026-01-15\.$/],
      ['B-299', 'Not in inventory', /^Not in inventory: account B-299 of Bell Wireless has a bill for 2026-03, but it is not in the book of business/],
      ['A-103', 'Lines', /^Lines do not add up: the 2 lines of invoice ACME-811-0306 come to 1200\.00, the invoice total is 1234\.56\.$/],
      ['A-102', 'Missing', /^Missing bill: no bill for 2026-03 by 2026-04-02/],
    ];
    for (const [account, label, why] of expected) {
      const got = await explained(account);
      expect([account, got.text]).toEqual([account, label]);
      expect(got.title).toMatch(why);
      // The accessible name reads the same explanation out.
      expect(got.name).toBe(`Flags, account ${account}: ${got.title}`);
    }
    expect((await explained('A-100')).text).toBe('');
    expect(problems).toEqual([]);
  });
});
