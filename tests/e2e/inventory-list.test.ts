// The inventory list: server-paged AG Grid rows with filters, selection and a bulk edit of the selected services
// (monthly charge, status, move to another carrier's account), refused input named by field, undo.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, launchBrowser, openPage, seedBook, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let ids: Record<string, string>;

const grid = () => page.getByRole('grid', { name: 'Inventory' });
const count = () => page.getByRole('status').filter({ hasText: /services? ·/ });
const bulk = () => page.getByRole('form', { name: 'Bulk edit selected services' });
/** The selection checkbox of the service row at this index (in the order shown). */
const checkbox = (rowIndex: number) => grid().locator(`[row-index="${rowIndex}"]`).getByRole('checkbox');

async function servicesOf(account: string) {
  return server.api('services.list', { billing_account_id: ids[account]! });
}

beforeAll(async () => {
  server = await startTem();
  ({ ids } = await seedBook(server));
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, '#/inventory'));
  page.setDefaultTimeout(10_000);
  await grid().waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the inventory list', () => {
  it('shows every service with the count and the monthly total', async () => {
    await expect.poll(() => count().textContent()).toBe('10 services · monthly 3,814.56 · 0 selected');
    expect(Number(await grid().getAttribute('aria-rowcount'))).toBe(11);
  });

  it('searches services by text', async () => {
    await page.getByLabel('Search services', { exact: true }).fill('POTS');
    await expect.poll(() => count().textContent()).toBe('3 services · monthly 175.00 · 0 selected');
    await page.getByLabel('Search services', { exact: true }).fill('');
    await expect.poll(() => count().textContent()).toBe('10 services · monthly 3,814.56 · 0 selected');
  });

  it('filters by carrier and by customer', async () => {
    await page.getByLabel('Carrier', { exact: true }).selectOption({ label: 'Bell Wireless' });
    await expect.poll(() => count().textContent()).toBe('2 services · monthly 700.00 · 0 selected');
    await page.getByLabel('Carrier', { exact: true }).selectOption({ label: 'All' });
    // Wait for the unfiltered list, so the next count is the customer filter's and not the carrier's.
    await expect.poll(() => count().textContent()).toBe('10 services · monthly 3,814.56 · 0 selected');
    await page.getByLabel('Customer', { exact: true }).fill('Shelbyville Clinic');
    await expect.poll(() => count().textContent()).toBe('2 services · monthly 700.00 · 0 selected');
    await expect.poll(() => grid().getByRole('row').filter({ hasText: 'B-201' }).count()).toBeGreaterThan(0);
  });

  it('refuses a malformed monthly charge by name and keeps the text, then sets it on the selected services', async () => {
    await checkbox(0).check();
    await checkbox(1).check();
    await expect.poll(() => count().textContent()).toBe('2 services · monthly 700.00 · 2 selected');
    await bulk().getByLabel('New monthly charge').fill('12,34,5');
    await bulk().getByRole('button', { name: 'Apply to 2 selected services' }).click();
    await expect.poll(() => bulk().getByRole('alert').textContent()).toContain('New monthly charge: "12,34,5" is not an amount');
    expect(await bulk().getByLabel('New monthly charge').inputValue()).toBe('12,34,5');
    expect((await servicesOf('B-200'))[0]!.monthly_cents).toBe(30000);

    await bulk().getByLabel('New monthly charge').fill('350.00');
    await bulk().getByRole('button', { name: 'Apply to 2 selected services' }).click();
    await expect.poll(() => bulk().getByRole('status').textContent()).toContain('Changed 2 of 2 selected services.');
    expect([(await servicesOf('B-200'))[0]!.monthly_cents, (await servicesOf('B-201'))[0]!.monthly_cents]).toEqual([35000, 35000]);
    await expect.poll(() => count().textContent()).toMatch(/^2 services · monthly 700\.00/);
    expect(await bulk().getByLabel('New monthly charge').inputValue()).toBe('');
  });

  it('undoes the bulk edit in one step', async () => {
    await bulk().getByRole('button', { name: 'Undo bulk edit' }).click();
    await expect.poll(async () => [(await servicesOf('B-200'))[0]!.monthly_cents, (await servicesOf('B-201'))[0]!.monthly_cents]).toEqual([30000, 40000]);
  });

  it('disconnects a service with a date, and moves one to another carrier account', async () => {
    // A second account for Shelbyville, at Acme Telecom.
    const [acme] = await server.api('carriers.list', { search: 'Acme' });
    const [shelby] = await server.api('customers.list', { search: 'Shelbyville' });
    await server.api('accounts.create', { carrier_id: acme!.id, customer_id: shelby!.id, account_number: 'A-900' });
    await expect.poll(() => grid().locator('[row-index="0"]').isVisible()).toBe(true);
    // The selection outlives the edits: keep B-200 (the first row) only.
    await checkbox(1).uncheck();
    await expect.poll(() => count().textContent()).toMatch(/1 selected$/);
    await bulk().getByLabel('New status').selectOption('disconnected');
    await bulk().getByLabel('Disconnect date').fill('2026-04-30');
    await bulk().getByRole('button', { name: 'Apply to 1 selected service' }).click();
    await expect.poll(() => bulk().getByRole('status').textContent()).toContain('Changed 1 of 1 selected services.');
    const first = (await servicesOf('B-200'))[0]!;
    expect([first.status, first.disconnect_date]).toEqual(['disconnected', '2026-04-30']);

    await page.getByLabel('Status', { exact: true }).selectOption('active');
    await expect.poll(() => count().textContent()).toBe('1 service · monthly 400.00 · 0 selected');
    await checkbox(0).check();
    await bulk().getByLabel('Move to carrier').selectOption({ label: 'Acme Telecom' });
    await bulk().getByLabel('Account number').fill('A-999');
    await bulk().getByRole('button', { name: 'Apply to 1 selected service' }).click();
    await expect.poll(() => bulk().getByRole('alert').textContent()).toContain('Account number: Acme Telecom has no account "A-999"');
    await bulk().getByLabel('Account number').fill('A-900');
    await bulk().getByRole('button', { name: 'Apply to 1 selected service' }).click();
    await expect.poll(() => bulk().getByRole('status').textContent()).toContain('Changed 1 of 1 selected services.');
    expect(await servicesOf('B-201')).toEqual([]);
    const moved = await server.api('services.list', { billing_account_id: (await server.api('accounts.list', { search: 'A-900' }))[0]!.id });
    expect(moved.map((s) => [s.description, s.carrier_id, s.monthly_cents])).toEqual([['Wireless', acme!.id, 40000]]);
  });

  it('selects every service matching the filters and edits them all at once', async () => {
    await page.getByLabel('Customer', { exact: true }).fill('');
    await page.getByLabel('Status', { exact: true }).selectOption('');
    await page.getByLabel('Carrier', { exact: true }).selectOption({ label: 'Acme Telecom' });
    // Acme's eight services of Springfield and the Wireless line moved to A-900.
    await expect.poll(() => count().textContent()).toBe('9 services · monthly 3,514.56 · 0 selected');
    await page.getByRole('button', { name: 'Select all 9 matching services' }).click();
    await expect.poll(() => count().textContent()).toBe('9 services · monthly 3,514.56 · 9 selected');
    await bulk().getByLabel('New status').selectOption('ordered');
    await bulk().getByRole('button', { name: 'Apply to 9 selected services' }).click();
    await expect.poll(() => bulk().getByRole('status').textContent()).toContain('Changed 9 of 9 selected services.');
    const acme = (await server.api('services.search', { status: ['ordered'], limit: 100 })).rows;
    expect(acme.map((r) => r.carrier)).toEqual(Array(9).fill('Acme Telecom'));
  });

  it('retires a carrier: gone from the lists, its history kept in the month check', async () => {
    const before = (await server.api('month.check', { month: MONTH })).rows.filter((r) => r.carrier === 'Bell Wireless').map((r) => [r.account, r.expected_cents]);
    expect(before.length).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Carriers' }).click();
    const carriers = page.getByRole('table', { name: 'Carriers' });
    await carriers.getByRole('button', { name: 'Retire carrier Bell Wireless' }).click();
    await page.getByRole('group', { name: 'Retire carrier Bell Wireless?' }).getByRole('button', { name: 'Yes, retire' }).click();
    await expect.poll(() => carriers.textContent()).not.toContain('Bell Wireless');
    await page.getByLabel('Show retired').check();
    await expect.poll(() => carriers.getByRole('row').filter({ hasText: 'Bell Wireless' }).textContent()).toContain('retired');
    const after = (await server.api('month.check', { month: MONTH })).rows.filter((r) => r.carrier === 'Bell Wireless').map((r) => [r.account, r.expected_cents]);
    expect(after).toEqual(before);
  });

  it('opens a service’s customer from the list', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inventory' }).click();
    await grid().getByRole('link', { name: 'Springfield Schools' }).first().click();
    await page.getByRole('heading', { name: 'Springfield Schools', level: 1 }).waitFor();
    expect(await page.getByRole('region', { name: /^Account A-103,/ }).getByRole('table', { name: 'Services of account A-103' }).textContent()).toContain('1,234.56');
  });

  it('reads amounts in the chosen locale', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Month-end entry' }).click();
    await page.getByLabel('Amounts as').selectOption('de-DE');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inventory' }).click();
    await page.getByLabel('Search services', { exact: true }).fill('Credit line');
    await expect.poll(() => count().textContent()).toBe('1 service · monthly -45,00 · 0 selected');
    await checkbox(0).check();
    await bulk().getByLabel('New monthly charge').fill('1.234,56');
    await bulk().getByRole('button', { name: 'Apply to 1 selected service' }).click();
    await expect.poll(() => bulk().getByRole('status').textContent()).toContain('Changed 1 of 1 selected services.');
    expect((await servicesOf('A-104'))[0]!.monthly_cents).toBe(123_456);
    await expect.poll(() => count().textContent()).toBe('1 service · monthly 1.234,56 · 1 selected');
  });

  it('had no page errors', () => {
    expect(problems).toEqual([]);
  });
});
