// A contract over several billing accounts, made in the contract form: the customer's other account with the same
// carrier is ticked by its label, and both accounts are then checked with the contract's tolerance, each on its own
// services, on the customer page and in the month grid.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, launchBrowser, openPage, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let customerId: string;
const ids: Record<string, string> = {};

const form = (name: string) => page.getByRole('form', { name });
const account = (n: string) => page.getByRole('region', { name: new RegExp(`^Account ${n},`) });
const lastMonth = (n: string) => page.getByRole('table', { name: `Last months of account ${n}` });
/** The last column of the months table is MONTH: its expected, actual and status cells. */
const monthCells = async (n: string) => Promise.all([1, 2, 3].map((row) => lastMonth(n).locator(`tbody tr:nth-child(${row}) td`).last().textContent()));

beforeAll(async () => {
  server = await startTem();
  const carrier = await server.api('carriers.create', { name: 'Acme Fiber' });
  const other = await server.api('carriers.create', { name: 'Other Telco' });
  const customer = await server.api('customers.create', { name: 'Lakeside Clinic' });
  customerId = customer.id;
  const location = await server.api('locations.create', { customer_id: customer.id, name: 'Main', is_main: true });
  const add = async (number: string, carrierId: string, cents: number, actual: string) => {
    const a = await server.api('accounts.create', { carrier_id: carrierId, customer_id: customer.id, location_id: location.id, account_number: number });
    await server.api('services.create', { billing_account_id: a.id, description: `Fiber ${number}`, monthly_cents: cents });
    await server.api('actuals.set', { account_id: a.id, month: MONTH, amount: actual });
    ids[number] = a.id;
  };
  // Each bill is a little over its services: flagged with no tolerance, within a 5 % one.
  await add('LC-1', carrier.id, 100_000, '1,020.00');
  await add('LC-2', carrier.id, 40_000, '410.00');
  // another carrier's account is no choice for an Acme Fiber contract
  await add('OT-9', other.id, 10_000, '101.00');
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/customer/${customer.id}`));
  page.setDefaultTimeout(8000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a contract over two billing accounts of one customer and carrier', () => {
  it('offers the customer’s other accounts of the same carrier in the contract form, and saves the one ticked', async () => {
    await expect.poll(async () => (await monthCells('LC-2'))[2]).toBe('Over');
    await account('LC-1').getByRole('button', { name: 'Add contract to account LC-1' }).click();
    const f = form('New contract on account LC-1');
    const cover = f.getByLabel('Also covers account LC-2');
    expect(await cover.isChecked()).toBe(false);
    expect(await f.getByLabel('Also covers account OT-9').count()).toBe(0);
    // an entered total is for one account's bill: the choice goes away while it is chosen
    await f.getByLabel('Expected monthly total from').selectOption('entered');
    expect(await f.getByLabel('Also covers account LC-2').count()).toBe(0);
    await f.getByLabel('Expected monthly total from').selectOption('services');
    await f.getByLabel('Contract start').fill('2026-01-01');
    await f.getByLabel('Tolerance percent').fill('5');
    await f.getByLabel('Also covers account LC-2').check();
    await f.getByRole('button', { name: 'Add contract' }).click();
    await f.waitFor({ state: 'detached' });
    const [contract] = await server.api('contracts.list', { billing_account_id: ids['LC-1'] });
    expect(contract).toMatchObject({ tolerance_pct_bp: 500, expected_source: 'services', other_account_ids: [ids['LC-2']] });
  });

  it('shows both accounts expected at their own services and within the contract’s tolerance on the customer page', async () => {
    await expect.poll(() => monthCells('LC-2')).toEqual(['400.00', '410.00', 'OK']);
    expect(await monthCells('LC-1')).toEqual(['1,000.00', '1,020.00', 'OK']);
    // the other carrier's account is not covered: still flagged
    expect(await monthCells('OT-9')).toEqual(['100.00', '101.00', 'Over']);
    const check = await server.api('month.check', { month: MONTH });
    expect(check.rows.map((r) => [r.account, r.expected_cents, r.actual_cents, r.status]).sort()).toEqual([
      ['LC-1', 100_000, 102_000, 'ok'],
      ['LC-2', 40_000, 41_000, 'ok'],
      ['OT-9', 10_000, 10_100, 'over'],
    ]);
  });

  it('shows both accounts’ expected bills in the month grid', async () => {
    await page.getByRole('link', { name: 'Lakeside Clinic in the month grid' }).click();
    const grid = page.getByRole('grid', { name: 'Month entry' });
    await grid.waitFor();
    const cell = (acct: string, col: number) =>
      grid
        .getByRole('row')
        .filter({ has: page.getByRole('gridcell', { name: new RegExp(`^Actual, account ${acct}:`) }) })
        .locator(`[aria-colindex="${col}"]`);
    await expect.poll(() => cell('LC-1', 5).textContent()).toBe('1,000.00');
    await expect.poll(() => cell('LC-2', 5).textContent()).toBe('400.00');
  });

  it('opens the saved contract with its second account ticked, and unticking it ends the cover', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/customer/${customerId}`);
    await account('LC-1').getByRole('button', { name: /^Edit contract 2026-01-01/ }).click();
    const f = form('Edit contract on account LC-1');
    await expect.poll(() => f.getByLabel('Also covers account LC-2').isChecked()).toBe(true);
    await f.getByLabel('Also covers account LC-2').uncheck();
    await f.getByRole('button', { name: 'Save contract' }).click();
    await f.waitFor({ state: 'detached' });
    expect((await server.api('contracts.list', { billing_account_id: ids['LC-1'] }))[0]!.other_account_ids).toEqual([]);
    // LC-2 is back to the sum of its services with no tolerance: 410.00 on 400.00 is over
    await expect.poll(() => monthCells('LC-2')).toEqual(['400.00', '410.00', 'Over']);
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
