// A user-defined field from definition to export: an administrator adds "GL code" to customers, it is filled in
// the customer form, shown as an optional column in the inventory list and the month grid, and the book export
// writes it as the column "Customer: GL code". And a drop-down table where the product has one: a ticket's
// category, whose value stays and shows (marked retired) after the administrator retires it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTem, launchBrowser, openPage, seedBook, MONTH, type TemServer } from './support.ts';

let ids: Record<string, string>;

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let customerId: string;

beforeAll(async () => {
  server = await startTem();
  ({ ids } = await seedBook(server));
  customerId = (await server.api('customers.search', { text: 'Springfield Schools' })).rows[0]!.id;
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/admin/fields`));
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a customer field from admin to export', () => {
  it('the administrator defines the field "GL code" for customers', async () => {
    const fields = page.getByRole('region', { name: 'User-defined fields' });
    await fields.getByLabel('Fields of').selectOption({ label: 'Customers' });
    await fields.getByRole('button', { name: 'Add field' }).click();
    const form = page.getByRole('form', { name: 'New field' });
    await form.getByLabel('Field label').fill('GL code');
    await form.getByRole('button', { name: 'Save field' }).click();
    await expect.poll(() => fields.getByRole('table', { name: 'Fields' }).getByRole('row', { name: /GL code/ }).count()).toBe(1);
    expect((await server.api('udf.defs', { entity: 'customers' })).map((d) => [d.label, d.key, d.type])).toEqual([['GL code', 'f_gl_code', 'text']]);
  });

  it('the customer form shows the field and saves it with the customer', async () => {
    await page.goto(`${server.url}/?month=${MONTH}#/customer/${customerId}`);
    await page.getByRole('button', { name: 'Edit customer' }).click();
    const form = page.getByRole('form', { name: 'Edit customer Springfield Schools' });
    await form.getByLabel('GL code').fill('4410-TEL');
    await form.getByRole('button', { name: 'Save customer' }).click();
    await expect.poll(() => form.count()).toBe(0);
    expect((await server.api('udf.get', { entity: 'customers', record_id: customerId })).values).toEqual({ f_gl_code: '4410-TEL' });
  });

  it('the inventory list offers it as an optional column and filters by it', async () => {
    await page.goto(`${server.url}/?month=${MONTH}#/inventory`);
    const grid = page.getByRole('grid', { name: 'Inventory' });
    await grid.waitFor();
    expect(await grid.getByRole('columnheader', { name: 'Customer: GL code' }).count()).toBe(0);
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('group', { name: 'Optional columns' }).getByLabel('Customer: GL code').check();
    await expect.poll(() => grid.getByRole('columnheader', { name: 'Customer: GL code' }).count()).toBe(1);
    await expect.poll(() => grid.getByRole('gridcell', { name: '4410-TEL' }).count()).toBeGreaterThan(0);
    await page.getByLabel('Filter by field').selectOption({ label: 'Customer: GL code' });
    await page.getByLabel('Field value').fill('4410');
    const count = page.getByRole('status').filter({ hasText: /services? ·/ });
    const springfield = (await server.api('services.search', { customer_id: customerId })).total;
    await expect.poll(() => count.textContent()).toMatch(new RegExp(`^${springfield} services? ·`));
  });

  it('the month grid offers it as an optional column, hidden until chosen', async () => {
    await page.goto(`${server.url}/?month=${MONTH}#/month`);
    const grid = page.getByRole('grid', { name: 'Month entry' });
    await grid.getByRole('row').filter({ hasText: 'A-100' }).first().waitFor();
    expect(await grid.getByRole('columnheader', { name: 'Customer: GL code' }).count()).toBe(0);
    await page.getByText('Columns', { exact: true }).click();
    await page.getByRole('group', { name: 'Optional columns' }).getByLabel('Customer: GL code').check();
    await expect.poll(() => grid.getByRole('columnheader', { name: 'Customer: GL code' }).count()).toBe(1);
    await expect.poll(() => grid.getByRole('gridcell', { name: '4410-TEL' }).count()).toBeGreaterThan(0);
  });

  it('the book export writes the column "Customer: GL code"', async () => {
    await page.goto(`${server.url}/?month=${MONTH}#/book`);
    const exporter = page.getByRole('region', { name: 'Export the book' });
    const [download] = await Promise.all([page.waitForEvent('download'), exporter.getByRole('button', { name: 'Export book as CSV' }).click()]);
    const path = join(server.dir, download.suggestedFilename());
    await download.saveAs(path);
    const lines = readFileSync(path, 'utf8').slice(1).split('\r\n');
    const header = lines[0]!.split(',');
    expect(header.at(-1)).toBe('Customer: GL code');
    const springfield = lines.filter((l) => l.startsWith('Springfield Schools,'));
    expect(springfield.length).toBeGreaterThan(0);
    for (const l of springfield) expect(l.endsWith(',4410-TEL')).toBe(true);
    for (const l of lines.slice(1).filter((x) => x && !x.startsWith('Springfield Schools,'))) expect(l.endsWith(',')).toBe(true);
    expect(problems).toEqual([]);
  });
});

describe('a form whose record saves but whose fields are refused', () => {
  it('says so, keeps every typed value, and saves the fields on the next try', async () => {
    await server.api('udf.saveDef', { entity: 'locations', label: 'Wiring', type: 'list', options: ['Cat5', 'Cat6'] });
    await page.goto(`${server.url}/?month=${MONTH}#/customer/${customerId}`);
    await page.getByRole('button', { name: 'Edit location Main' }).click();
    const form = page.getByRole('form', { name: 'Edit location Main' });
    await form.getByLabel('Address').fill('12 Oak Street');
    await form.getByLabel('Wiring').selectOption('Cat6');
    // meanwhile an administrator takes Cat6 off the list
    const wiring = (await server.api('udf.defs', { entity: 'locations' }))[0]!;
    await server.api('udf.saveDef', { id: wiring.id, entity: 'locations', label: 'Wiring', type: 'list', options: ['Cat5'] });
    await form.getByRole('button', { name: 'Save location' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toBe(
      'The location Main is saved, but its other fields are not: Nothing was saved: Wiring: "Cat6" is not one of the choices (Cat5). Correct them and save again.',
    );
    expect(await form.getByLabel('Address').inputValue()).toBe('12 Oak Street');
    expect(await form.getByLabel('Wiring').inputValue()).toBe('Cat6');
    const location = (await server.api('customers.tree', { customer_id: customerId })).locations.find((l) => l.name === 'Main')!;
    expect(location.address).toBe('12 Oak Street');
    await form.getByLabel('Wiring').selectOption('Cat5');
    await form.getByRole('button', { name: 'Save location' }).click();
    await expect.poll(() => form.count()).toBe(0);
    expect((await server.api('udf.get', { entity: 'locations', record_id: location.id })).values).toEqual({ f_wiring: 'Cat5' });
  });
});

describe('drop-down tables on tickets', () => {
  it('a ticket takes its category from the drop-down table and keeps it when that value is retired', async () => {
    await server.api('actuals.set', { account_id: ids['A-100']!, month: MONTH, amount: '2,000.00' });
    const { ticket } = await server.api('tickets.open', { bills: [{ account_id: ids['A-100']!, month: MONTH }] });
    await page.goto(`${server.url}/?month=${MONTH}#/tickets/${ticket.id}`);
    const fields = page.getByRole('form', { name: 'Ticket fields' });
    await expect.poll(() => fields.getByLabel('Category').locator('option').allTextContents()).toEqual([
      '—',
      'Overcharge',
      'Missing credit',
      'Wrong rate',
      'Billed after disconnect',
      'Missing bill',
    ]);
    await fields.getByLabel('Category').selectOption({ label: 'Wrong rate' });
    await fields.getByLabel('Dispute reason').selectOption({ label: 'Rate not as contracted' });
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(async () => {
      const t = await server.api('tickets.get', { id: ticket.id });
      return [t.category, t.dispute_reason];
    }).toEqual(['wrong_rate', 'rate_not_contract']);

    const wrongRate = (await server.api('lookups.list', { list: 'ticket_category' })).find((v) => v.code === 'wrong_rate')!;
    await server.api('lookups.save', { id: wrongRate.id, list: 'ticket_category', label: 'Wrong rate', active: false });
    await page.reload();
    await expect.poll(() => fields.getByLabel('Category').inputValue()).toBe('wrong_rate');
    await expect.poll(() => fields.getByLabel('Category').locator('option:checked').textContent()).toBe('Wrong rate (retired)');
    expect(await fields.getByLabel('Category').locator('option').allTextContents()).not.toContain('Wrong rate');
    // saving the ticket again keeps the retired value
    await fields.getByLabel('Carrier claim number').fill('CLM-7');
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(async () => (await server.api('tickets.get', { id: ticket.id })).claim_number).toBe('CLM-7');
    expect((await server.api('tickets.get', { id: ticket.id })).category).toBe('wrong_rate');
    expect(problems).toEqual([]);
  });
});
