// Approving a month in the browser: every bill within tolerance in one go from the OK to Pay page, the flagged bill
// once its ticket is closed, a withdrawal with a reason from the month grid, the ready-to-pay register and its XLSX
// for accounts payable, then the account's history and the audit trail of the month.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { startTem, openBrowser, closeAll, seedBook, MONTH, type TemServer } from './support.ts';
import { workbook } from '../support/reports.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let ids: Record<string, string>;

const grid = () => page.getByRole('grid', { name: 'Month entry' });
const cell = (column: string, account: string) => grid().getByRole('gridcell', { name: new RegExp(`^${column}, account ${account}:`) });
const go = async (hash: string) => {
  await page.evaluate((h) => (window.location.hash = h), hash);
};

beforeAll(async () => {
  server = await startTem();
  let check;
  ({ ids, check } = await seedBook(server));
  // Every bill as expected but A-101: 600.00 for 500.00 (over by 100.00).
  await server.api('actuals.setMany', {
    items: check.rows.map((r) => ({ account_id: r.account_id, month: MONTH, amount: r.account === 'A-101' ? 60_000 : r.expected_cents, invoice_number: `INV-${r.account}` })),
  });
  const { ticket } = await server.api('tickets.open', { bills: [{ account_id: ids['A-101']!, month: MONTH }] });
  await server.api('tickets.update', { id: ticket.id, patch: { status: 'closed_no_credit' } });
  ({ browser, page, problems } = await openBrowser(server, `?month=${MONTH}#/approvals?month=${MONTH}`, { timeout: 8000 }));
}, 60_000);

afterAll(() => closeAll(browser, server));

describe('approving a month', () => {
  it('approves every bill within tolerance at once, then the flagged bill whose ticket is closed', async () => {
    const bills = page.getByRole('table', { name: 'Bills of the month' });
    await expect.poll(() => bills.getByRole('row').count()).toBe(11);
    await page.getByRole('button', { name: 'Select all bills within tolerance' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('9 selected · 10 bills shown');
    await page.getByRole('button', { name: 'Mark selected OK to Pay' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('9 bills marked OK to Pay.');
    await bills.getByRole('checkbox', { name: 'Select Acme Telecom account A-101' }).check();
    await page.getByRole('button', { name: 'Mark selected OK to Pay' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1 bill marked OK to Pay.');
    const reg = await server.api('approvals.register', { month: MONTH });
    expect(reg.rows).toHaveLength(10);
    expect(reg.total_actual_cents).toBe(391_456);
    expect(reg.rows.find((r) => r.account === 'A-101')).toMatchObject({ status: 'over', actual_cents: 60_000, variance_cents: 10_000, approved_by: 'e2e', override_reason: null });
  });

  it('withdraws one approval from the month grid, with a reason', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Month-end entry' }).click();
    await grid().waitFor();
    await expect.poll(() => grid().getByRole('gridcell', { name: /^Actual, account A-100:/ }).count()).toBe(1);
    await cell('Actual', 'A-100').click();
    await page.getByRole('button', { name: 'OK to Pay…' }).click();
    const form = page.getByRole('form', { name: 'OK to Pay' });
    await form.getByRole('button', { name: 'Withdraw OK to Pay' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe('Withdrawing OK to Pay needs a reason: write it in the reason field.');
    await form.getByLabel('Reason (override or withdrawal)').fill('Invoice sent twice');
    await form.getByRole('button', { name: 'Withdraw OK to Pay' }).click();
    await expect.poll(() => page.getByLabel('Tickets and OK to Pay messages').textContent()).toBe('OK to Pay withdrawn from 1 bill.');
    const reg = await server.api('approvals.register', { month: MONTH });
    expect(reg.total_actual_cents).toBe(291_456);
    const trail = await server.api('audit.list', { bill_month: MONTH, table_name: 'approvals', actor: 'e2e' });
    expect(trail.filter((e) => e.field === 'withdraw_reason').map((e) => e.new_value)).toEqual(['"Invoice sent twice"']);
  });

  it('shows the register with its total and exports it as XLSX with account numbers as text', async () => {
    await go(`#/register?month=${MONTH}`);
    const table = page.getByRole('table', { name: 'Ready-to-pay register' });
    await expect.poll(() => table.getByRole('row').count()).toBe(11); // header, 9 bills, total
    expect(await table.getByLabel('Register total').textContent()).toBe('2,914.56');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export XLSX' }).click()]);
    expect(download.suggestedFilename()).toBe('ready-to-pay-2026-03.xlsx');
    const ws = await workbook(readFileSync((await download.path())!));
    const accounts = (ws.getColumn(4).values as unknown[]).slice(2);
    // customers in order (Shelbyville before Springfield), as text cells
    expect(accounts).toEqual(['B-200', 'B-201', 'A-101', 'A-102', 'A-103', 'A-104', 'A-105', 'A-106', 'A-107']);
    const actual = (ws.getColumn(8).values as unknown[]).slice(2) as number[];
    expect(Math.round(actual.reduce((s, v) => s + v * 100, 0))).toBe(291_456);
  });

  it("shows the flagged bill's month in the account's history with its ticket and approval, and the trail of the month", async () => {
    await go(`#/history/${ids['A-101']}?to=${MONTH}`);
    const rows = page.getByRole('table', { name: 'History by month' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(25);
    const march = rows.filter({ hasText: MONTH });
    expect(await march.textContent()).toContain('500.00600.00100.0020.00%Over#1 Closed without creditOK by e2e');
    expect(await page.getByRole('figure', { name: 'Expected and actual, Acme Telecom A-101' }).locator('svg').count()).toBeGreaterThan(0);

    await go(`#/audit?bill_month=${MONTH}`);
    const changes = page.getByRole('table', { name: 'Changes' });
    await expect.poll(() => changes.getByRole('row').count()).toBeGreaterThan(10);
    expect(await changes.getByRole('row').nth(1).textContent()).toContain('OK to Pay Acme Telecom account A-100, 2026-03');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('audit-trail-bills-2026-03.csv');
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFSeq,When (UTC),Who,Door,Batch,Table,Record,Record in words,Action,Field,Old value,New value');
    expect(csv).toContain(',withdraw_reason,,"""Invoice sent twice"""');
    expect(problems).toEqual([]);
  });

  it('a bill keyed again after approval needs approving again: the grid, the OK to Pay page and the register say so', async () => {
    // 250.00 approved (within tolerance), keyed again as 9,999.00
    const approved = (await server.api('approvals.register', { month: MONTH })).rows.find((r) => r.account === 'A-102')!;
    expect(approved).toMatchObject({ actual_cents: 25_000, approved_actual_cents: 25_000, customer: 'Springfield Schools' });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Month-end entry' }).click();
    await grid().waitFor();
    await cell('Actual', 'A-102').click();
    await page.keyboard.type('9999');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await server.api('month.check', { month: MONTH })).rows.find((r) => r.account === 'A-102')?.actual_cents).toBe(999_900);
    const rowIndex = await cell('Actual', 'A-102').locator('xpath=ancestor::*[@role="row"][1]').getAttribute('row-index');
    const okToPay = grid().locator(`[role="row"][row-index="${rowIndex}"] [col-id="ok_to_pay"]`);
    await expect.poll(() => okToPay.textContent()).toBe('Changed: approve again');

    await go(`#/register?month=${MONTH}`);
    const table = page.getByRole('table', { name: 'Ready-to-pay register' });
    await expect.poll(() => table.getByRole('row').count()).toBe(10); // header, 8 bills, total
    expect((await server.api('approvals.register', { month: MONTH })).total_actual_cents).toBe(266_456);
    expect(await table.getByLabel('Register total').textContent()).toBe('2,664.56');
    expect(await page.getByRole('heading', { name: 'Changed since approval — not ready to pay' }).count()).toBe(1);
    const changed = page.getByRole('table', { name: 'Changed since approval, not ready to pay' });
    expect(await changed.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
      'Springfield Schools',
      'Acme Telecom',
      'A-102',
      'INV-A-102',
      '250.00',
      'INV-A-102',
      '9,999.00',
      'Over',
      'e2e',
      expect.any(String),
    ]);

    await go(`#/approvals?month=${MONTH}`);
    const bills = page.getByRole('table', { name: 'Bills of the month' });
    const a102 = bills.getByRole('row').filter({ hasText: 'A-102' });
    await expect.poll(() => a102.getByRole('cell').last().textContent()).toBe('Changed since approval (250.00 approved by e2e): approve again');
    expect(problems).toEqual([]);
  });
});
