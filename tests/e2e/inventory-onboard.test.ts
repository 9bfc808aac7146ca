// Onboarding a customer from the screens alone: a carrier, a service group with its own fields, a customer with
// two locations, two billing accounts, five services and contracts, a one-off expectation; then the month grid
// shows the expected bills those rules give. Refused input names its field and keeps what was typed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { startTem, launchBrowser, openPage, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
/** The second contract ends in 30 days, so it is listed among the contracts ending within 60 days. */
const SOON = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

const form = (name: string | RegExp) => page.getByRole('form', { name });
const account = (n: string) => page.getByRole('region', { name: new RegExp(`^Account ${n},`) });

async function addService(acct: string, values: { description: string; monthly: string; group?: string; circuit?: string; extra?: Record<string, string> }) {
  await account(acct).getByRole('button', { name: `Add service to account ${acct}` }).click();
  const f = form(`New service on account ${acct}`);
  await f.getByLabel('Description').fill(values.description);
  if (values.group) await f.getByLabel('Service group').selectOption({ label: values.group });
  for (const [label, v] of Object.entries(values.extra ?? {})) {
    const input = f.getByLabel(label, { exact: true });
    if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(v);
    else await input.fill(v);
  }
  if (values.circuit) await f.getByLabel('Circuit or line id').fill(values.circuit);
  await f.getByLabel('Monthly charge').fill(values.monthly);
  await f.getByRole('button', { name: 'Add service' }).click();
  await f.waitFor({ state: 'detached' });
  await expect.poll(() => account(acct).getByRole('table', { name: `Services of account ${acct}` }).textContent()).toContain(values.description);
}

async function fillIn(scope: Locator, values: Record<string, string>) {
  for (const [label, v] of Object.entries(values)) await scope.getByLabel(label, { exact: true }).fill(v);
}

beforeAll(async () => {
  server = await startTem();
  browser = await launchBrowser();
  ({ page, problems } = await openPage(browser, server, `?month=${MONTH}#/carriers`));
  page.setDefaultTimeout(8000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('onboarding a customer through the inventory screens', () => {
  it('creates a carrier with contacts, bill day and dispute window; a bad bill day names the field and keeps the text', async () => {
    await page.getByRole('button', { name: 'New carrier' }).click();
    const f = form('New carrier');
    await fillIn(f, { 'Carrier name': 'Acme Fiber', 'Account rep contact': 'Dana Rep, 555-0100', 'Dispute contact': 'disputes@acme.example', 'Usual bill day': '40', 'Dispute window (days)': '60' });
    await f.getByRole('button', { name: 'Create carrier' }).click();
    await expect.poll(() => f.getByRole('alert').textContent()).toContain('Usual bill day: 40 is above 31');
    expect(await f.getByLabel('Usual bill day').getAttribute('aria-invalid')).toBe('true');
    expect(await f.getByLabel('Carrier name').inputValue()).toBe('Acme Fiber');
    expect(await f.getByLabel('Dispute contact').inputValue()).toBe('disputes@acme.example');
    await f.getByLabel('Usual bill day').fill('12');
    await f.getByRole('button', { name: 'Create carrier' }).click();
    await f.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('table', { name: 'Carriers' }).textContent()).toContain('Acme Fiber');
    const [c] = await server.api('carriers.list', { search: 'Acme' });
    expect(c).toMatchObject({ name: 'Acme Fiber', account_rep_contact: 'Dana Rep, 555-0100', dispute_contact: 'disputes@acme.example', bill_day: 12, dispute_window_days: 60 });
  });

  it('creates a service group with a number and a list field', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/groups`);
    await page.getByRole('button', { name: 'New service group' }).click();
    const f = form('New service group');
    await f.getByLabel('Group name').fill('Circuit');
    await f.getByRole('button', { name: 'Add field' }).click();
    await f.getByLabel('Field 1 name').fill('Speed (Mbps)');
    await f.getByLabel('Field 1 type').selectOption('number');
    await f.getByRole('button', { name: 'Add field' }).click();
    await f.getByLabel('Field 2 name').fill('Handoff');
    await f.getByLabel('Field 2 type').selectOption('list');
    await f.getByLabel('Field 2 choices').fill('Copper, Fiber');
    await f.getByRole('button', { name: 'Create service group' }).click();
    await f.waitFor({ state: 'detached' });
    const groups = await server.api('groups.list', {});
    expect(groups.map((g) => ({ name: g.name, fields: g.fields }))).toEqual([
      {
        name: 'Circuit',
        fields: [
          { key: 'speed_mbps', name: 'Speed (Mbps)', type: 'number', required: false },
          { key: 'handoff', name: 'Handoff', type: 'list', options: ['Copper', 'Fiber'], required: false },
        ],
      },
    ]);
  });

  it('edits a service group (a new field keeps the others’ keys) and retires another', async () => {
    const groups = page.getByRole('table', { name: 'Service groups' });
    await groups.getByRole('button', { name: 'Edit service group Circuit' }).click();
    const f = form('Edit service group Circuit');
    expect(await f.getByLabel('Field 2 choices').inputValue()).toBe('Copper, Fiber');
    await f.getByRole('button', { name: 'Add field' }).click();
    await f.getByLabel('Field 3 name').fill('Handoff');
    await f.getByRole('button', { name: 'Save service group' }).click();
    await expect.poll(() => f.getByRole('alert').textContent()).toContain('Field 3 name "Handoff" is used twice');
    await f.getByLabel('Field 3 name').fill('Go-live');
    await f.getByLabel('Field 3 type').selectOption('date');
    await f.getByRole('button', { name: 'Save service group' }).click();
    await f.waitFor({ state: 'detached' });
    const [circuit] = await server.api('groups.list', {});
    expect(circuit!.fields.map((x) => [x.key, x.type])).toEqual([
      ['speed_mbps', 'number'],
      ['handoff', 'list'],
      ['go_live', 'date'],
    ]);

    await page.getByRole('button', { name: 'New service group' }).click();
    await form('New service group').getByLabel('Group name').fill('Pilot');
    await form('New service group').getByLabel('Items carry an expected monthly charge').uncheck();
    await form('New service group').getByRole('button', { name: 'Create service group' }).click();
    await groups.getByRole('button', { name: 'Retire service group Pilot' }).click();
    await page.getByRole('group', { name: 'Retire service group Pilot?' }).getByRole('button', { name: 'Yes, retire' }).click();
    await expect.poll(() => groups.textContent()).not.toContain('Pilot');
    expect((await server.api('groups.list', { include_retired: true })).map((g) => [g.name, g.carries_expected, g.retired_at !== null])).toEqual([
      ['Circuit', true, false],
      ['Pilot', false, true],
    ]);
  });

  it('creates the customer and its two locations', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/customers`);
    await page.getByRole('button', { name: 'New customer' }).click();
    const f = form('New customer');
    await fillIn(f, { 'Customer name': 'Riverside Clinic', 'Customer code': 'RC-1' });
    await f.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: 'Riverside Clinic', level: 1 }).waitFor();
    for (const [name, address] of [
      ['Main Street', '1 Main Street, Riverside'],
      ['Annex', '9 River Road, Riverside'],
    ] as const) {
      await page.getByRole('button', { name: 'Add location' }).click();
      const lf = form('New location');
      await fillIn(lf, { 'Location name': name, Address: address });
      await lf.getByRole('button', { name: 'Add location' }).click();
      await page.getByRole('region', { name: `Location ${name}` }).waitFor();
    }
    const customers = await server.api('customers.list', { search: 'Riverside' });
    expect(customers.map((c) => [c.name, c.code])).toEqual([['Riverside Clinic', 'RC-1']]);
    const locations = await server.api('locations.list', { customer_id: customers[0]!.id });
    expect(locations.map((l) => [l.name, l.is_main]).sort()).toEqual([
      ['Annex', false],
      ['Main Street', true],
    ]);
  });

  it('adds a billing account at each location', async () => {
    for (const [loc, number] of [
      ['Main Street', 'RC-100'],
      ['Annex', 'RC-200'],
    ] as const) {
      await page.getByRole('button', { name: `Add billing account at ${loc}` }).click();
      const f = form('New billing account');
      await f.getByLabel('Account number').fill(number);
      await f.getByLabel('Carrier').selectOption({ label: 'Acme Fiber' });
      // A new account starts in the month on screen, so months already checked stay as they were.
      expect(await f.getByLabel('First month').inputValue()).toBe(MONTH);
      // RC-100 has been billed since January (its earlier months matter below); RC-200 is new this month.
      if (number === 'RC-100') await f.getByLabel('First month').fill('2026-01');
      await f.getByRole('button', { name: 'Add account' }).click();
      await account(number).waitFor();
    }
    const created = await server.api('customers.tree', { customer_id: (await server.api('customers.search', { text: 'Riverside' })).rows[0]!.id });
    expect(created.locations.flatMap((l) => l.accounts.map((a) => [a.account_number, a.start_month])).sort()).toEqual([
      ['RC-100', '2026-01'],
      ['RC-200', MONTH],
    ]);
  });

  it('adds five services; a malformed monthly charge is refused with its field named and the text kept', async () => {
    await account('RC-100').getByRole('button', { name: 'Add service to account RC-100' }).click();
    const f = form('New service on account RC-100');
    await f.getByLabel('Description').fill('Fiber 1G');
    await f.getByLabel('Monthly charge').fill('12,34,5');
    await f.getByRole('button', { name: 'Add service' }).click();
    await expect.poll(() => f.getByRole('alert').textContent()).toContain('Monthly charge: "12,34,5" is not an amount');
    expect(await f.getByLabel('Monthly charge').inputValue()).toBe('12,34,5');
    expect(await f.getByLabel('Description').inputValue()).toBe('Fiber 1G');
    await f.getByRole('button', { name: 'Cancel' }).click();

    // service types come from the drop-down table service_type (a new company starts with common values)
    const fiberType = (await server.api('lookups.list', { list: 'service_type' })).find((l) => l.code === 'fiber')!;
    await addService('RC-100', { description: 'Fiber 1G', monthly: '$1,200.00', group: 'Circuit', circuit: 'CKT-001', extra: { 'Speed (Mbps)': '1000', Handoff: 'Fiber', 'Service type': 'fiber' } });
    await addService('RC-100', { description: 'Backup DSL', monthly: '180.50' });
    await addService('RC-100', { description: 'SIP trunk', monthly: '95' });
    await addService('RC-200', { description: 'Broadband', monthly: '200.00' });
    await addService('RC-200', { description: 'Static IPs', monthly: '50.00' });

    const accounts = await server.api('accounts.list', { search: 'RC-' });
    const services = (await Promise.all(accounts.map((a) => server.api('services.list', { billing_account_id: a.id })))).flat();
    expect(services.map((s) => [s.description, s.monthly_cents]).sort()).toEqual([
      ['Backup DSL', 18050],
      ['Broadband', 20000],
      ['Fiber 1G', 120000],
      ['SIP trunk', 9500],
      ['Static IPs', 5000],
    ]);
    const fiber = services.find((s) => s.description === 'Fiber 1G')!;
    expect(fiber.circuit_id).toBe('CKT-001');
    expect(fiber.fields).toEqual({ speed_mbps: 1000, handoff: 'Fiber' });
    expect(services.map((s) => s.service_type ?? '-').sort()).toEqual(['-', '-', '-', '-', 'fiber']);
    // a type retired since stays on the service and shows marked retired; it is no choice for other services
    await server.api('lookups.save', { id: fiberType.id, list: 'service_type', label: 'Fiber', active: false });
    await account('RC-100').getByRole('button', { name: 'Edit service Fiber 1G' }).click();
    const edit = form('Edit service Fiber 1G');
    await expect.poll(() => edit.getByLabel('Service type', { exact: true }).locator('option:checked').textContent()).toBe('Fiber (retired)');
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await account('RC-100').getByRole('button', { name: 'Edit service Backup DSL' }).click();
    const other = form('Edit service Backup DSL');
    await expect.poll(() => other.getByLabel('Service type', { exact: true }).locator('option').allTextContents()).toEqual(['—', 'Broadband', 'POTS line', 'Wireless', 'MPLS', 'SIP trunk']);
    await other.getByRole('button', { name: 'Cancel' }).click();
  });

  it('adds a contract with an entered total and 5 % tolerance, and one from the sum of services with a one-off', async () => {
    await account('RC-100').getByRole('button', { name: 'Add contract to account RC-100' }).click();
    let f = form('New contract on account RC-100');
    // Active services add up to 1,475.50; the contract enters 1,500.00 instead.
    await expect.poll(() => f.getByText(/Active services add up to/).textContent()).toContain('1,475.50');
    await fillIn(f, { 'Contract start': '2026-01-01', 'Contract end': '2027-12-31' });
    await f.getByLabel('Expected monthly total from').selectOption('entered');
    await fillIn(f, { 'Entered monthly total': '1.500,00', 'Tolerance percent': '5' });
    await f.getByRole('button', { name: 'Add contract' }).click();
    // en-US reads "1.500,00" as malformed: the message names the field, the text stays.
    await expect.poll(() => f.getByRole('alert').textContent()).toContain('Entered monthly total: "1.500,00" is not an amount');
    expect(await f.getByLabel('Entered monthly total').inputValue()).toBe('1.500,00');
    await f.getByLabel('Entered monthly total').fill('1,500.00');
    await f.getByRole('button', { name: 'Add contract' }).click();
    await f.waitFor({ state: 'detached' });

    await account('RC-200').getByRole('button', { name: 'Add contract to account RC-200' }).click();
    f = form('New contract on account RC-200');
    await fillIn(f, { 'Contract start': '2026-01-01', 'Contract end': SOON, 'Tolerance amount': '10.00' });
    await f.getByRole('button', { name: 'Add contract' }).click();
    await f.waitFor({ state: 'detached' });

    await account('RC-200').getByRole('button', { name: 'One-offs and price steps of account RC-200' }).click();
    const once = form('Add a one-off');
    await once.getByLabel('One-off month').fill(MONTH);
    await fillIn(once, { 'One-off amount': '99.00', 'One-off note': 'Install fee' });
    await once.getByRole('button', { name: 'Add one-off' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'One-offs and price steps of account RC-200' }).textContent()).toContain('Install fee');

    const contracts = (await server.api('contracts.list', {})).map((c) => [c.expected_source, c.expected_cents, c.tolerance_pct_bp, c.tolerance_amount_cents, c.end_date]);
    expect(contracts.sort()).toEqual([
      ['entered', 150000, 500, null, '2027-12-31'],
      ['services', null, null, 1000, SOON],
    ]);
  });

  it('refuses a second contract that overlaps the first, keeping what was typed', async () => {
    await account('RC-100').getByRole('button', { name: 'Add contract to account RC-100' }).click();
    const f = form('New contract on account RC-100');
    await fillIn(f, { 'Contract start': '2027-01-01', 'Contract end': '2028-12-31', 'Tolerance percent': '3' });
    await f.getByRole('button', { name: 'Add contract' }).click();
    await expect.poll(() => f.getByRole('alert').textContent()).toMatch(/^Not saved: .*already has a contract from 2026-01-01 to 2027-12-31/);
    expect(await f.getByLabel('Contract start').inputValue()).toBe('2027-01-01');
    expect(await f.getByLabel('Tolerance percent').inputValue()).toBe('3');
    await f.getByRole('button', { name: 'Cancel' }).click();
    expect((await server.api('contracts.list', {})).length).toBe(2);
  });

  it('shows each account’s expected bill in the tree and in the month grid', async () => {
    // RC-100: the entered 1,500.00. RC-200: services 250.00 + the one-off 99.00 in this month.
    await expect.poll(() => page.getByRole('table', { name: 'Last months of account RC-200' }).textContent()).toContain('349.00');
    expect(await page.getByRole('table', { name: 'Last months of account RC-100' }).textContent()).toContain('1,500.00');
    await page.getByRole('link', { name: 'Riverside Clinic in the month grid' }).click();
    const grid = page.getByRole('grid', { name: 'Month entry' });
    await grid.waitFor();
    // The Expected cell (column 5) in the row half that holds the account's labelled Actual cell.
    const expected = (acct: string) =>
      grid
        .getByRole('row')
        .filter({ has: page.getByRole('gridcell', { name: new RegExp(`^Actual, account ${acct}:`) }) })
        .locator('[aria-colindex="5"]');
    await expect.poll(() => expected('RC-100').textContent()).toBe('1,500.00');
    await expect.poll(() => expected('RC-200').textContent()).toBe('349.00');
    const check = await server.api('month.check', { month: MONTH });
    expect(check.rows.map((r) => [r.account, r.expected_cents]).sort()).toEqual([
      ['RC-100', 150000],
      ['RC-200', 34900],
    ]);
  });

  it('lists the contract that ends within 60 days', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    const ending = page.getByRole('region', { name: 'Contracts ending within 60 days' });
    const row = ending.getByRole('row').filter({ hasText: 'RC-200' });
    await expect.poll(() => row.textContent()).toContain('Riverside Clinic');
    // 30 days by the calendar; a run across local midnight may count one day either way.
    expect(await row.textContent()).toMatch(new RegExp(`${SOON} \\(in (29|30|31) days\\)`));
    expect(await ending.getByRole('row').filter({ hasText: 'RC-100' }).count()).toBe(0);
  });

  it('edits and retires in place; the account’s months follow', async () => {
    const c = (await server.api('customers.search', { text: 'Riverside' })).rows[0]!;
    await page.goto(`${server.url}?month=${MONTH}#/customer/${c.id}`);
    const services = page.getByRole('table', { name: 'Services of account RC-200' });
    await services.getByRole('button', { name: 'Edit service Broadband' }).click();
    const f = form('Edit service Broadband');
    expect(await f.getByLabel('Monthly charge').inputValue()).toBe('200.00');
    await f.getByLabel('Monthly charge').fill('220');
    await f.getByRole('button', { name: 'Save service' }).click();
    await f.waitFor({ state: 'detached' });
    // 220.00 + 50.00 + the one-off 99.00
    await expect.poll(() => page.getByRole('table', { name: 'Last months of account RC-200' }).textContent()).toContain('369.00');
    await services.getByRole('button', { name: 'Retire service Static IPs' }).click();
    await page.getByRole('group', { name: 'Retire service Static IPs?' }).getByRole('button', { name: 'Yes, retire' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Last months of account RC-200' }).textContent()).toContain('319.00');
    expect(await services.textContent()).not.toContain('Static IPs');
    // Retired records stay in history and show on request.
    await page.getByLabel('Show retired records').check();
    await expect.poll(() => services.textContent()).toContain('Static IPs');
    expect(await services.getByRole('row').filter({ hasText: 'Static IPs' }).textContent()).toContain('(retired)');
    const check = await server.api('month.check', { month: MONTH });
    expect(check.rows.find((r) => r.account === 'RC-200')?.expected_cents).toBe(31900);
  });

  it('adds a price step from this month: the months before keep the old price', async () => {
    const acct = account('RC-100');
    await acct.getByRole('button', { name: 'One-offs and price steps of account RC-100' }).click();
    const step = form('Add a price step');
    await step.getByLabel('Price step from month').fill(MONTH);
    await step.getByLabel('Price step amount').fill('100,00');
    await step.getByRole('button', { name: 'Add price step' }).click();
    await expect.poll(() => step.getByRole('alert').textContent()).toContain('Price step amount: "100,00" is not an amount');
    await step.getByLabel('Price step amount').fill('100.00');
    await step.getByRole('button', { name: 'Add price step' }).click();
    await expect.poll(() => page.getByRole('table', { name: 'One-offs and price steps of account RC-100' }).textContent()).toContain(`from ${MONTH}`);
    const months = page.getByRole('table', { name: 'Last months of account RC-100' });
    await expect.poll(async () => (await months.getByRole('row', { name: /^Expected/ }).locator('td').allTextContents()).slice(-2)).toEqual(['1,500.00', '1,600.00']);
    expect(await step.getByLabel('Price step amount').inputValue()).toBe('');
  });

  it('exports the onboarded book and imports it back unchanged', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/book`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export book as CSV' }).click()]);
    const path = `${server.dir}/${download.suggestedFilename()}`;
    await download.saveAs(path);
    const wizard = page.getByRole('region', { name: 'Import a book' });
    await wizard.getByLabel('Book file (CSV or XLSX)').setInputFiles(path);
    await wizard.getByRole('button', { name: 'Preview rows' }).click();
    // Four live services (one was retired), the one-off and the price step: the group's fields travel as their own
    // columns, the one-off and the step as rows of their own.
    await expect.poll(() => wizard.getByRole('status', { name: 'Preview summary' }).textContent()).toContain('6 rows: 6 valid, 0 with problems');
    await wizard.getByRole('button', { name: 'Import 6 rows' }).click();
    await expect.poll(() => wizard.getByRole('status', { name: 'Import result' }).textContent()).toBe('Imported 6 of 6 rows. Nothing changed: the book already held every row of this file.');
  });

  it('edits the customer’s stage and notes, then retires it (kept in history)', async () => {
    const c = (await server.api('customers.search', { text: 'Riverside' })).rows[0]!;
    await page.goto(`${server.url}?month=${MONTH}#/customer/${c.id}`);
    await page.getByRole('button', { name: 'Edit customer' }).click();
    const f = form('Edit customer Riverside Clinic');
    expect(await f.getByLabel('Customer code').inputValue()).toBe('RC-1');
    await f.getByLabel('Stage').selectOption('former');
    await f.getByLabel('Notes').fill('Moved to another broker');
    await f.getByRole('button', { name: 'Save customer' }).click();
    await f.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('region', { name: 'Customer details' }).textContent()).toContain('Moved to another broker');
    await page.getByRole('button', { name: 'Retire customer Riverside Clinic' }).click();
    await page.getByRole('group', { name: 'Retire customer Riverside Clinic?' }).getByRole('button', { name: 'Yes, retire' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Riverside Clinic retired');
    const after = await server.api('customers.get', { id: c.id });
    expect([after.stage, after.notes, after.retired_at !== null]).toEqual(['former', 'Moved to another broker', true]);
    await page.goto(`${server.url}?month=${MONTH}#/customers`);
    const list = page.getByRole('table', { name: 'Customers' });
    await expect.poll(() => page.getByText(/customers shown|No customer/).textContent()).toBe('No customer matches.');
    await page.getByLabel('Show retired').check();
    await expect.poll(() => list.textContent()).toContain('Riverside Clinic retired');
  });

  it('keeps what was typed in a form when the user leaves the page and comes back', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/customers`);
    await page.getByRole('button', { name: 'New customer' }).click();
    await form('New customer').getByLabel('Customer name').fill('Half-typed Dental');
    await form('New customer').getByLabel('Notes').fill('call back Monday');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Carriers' }).click();
    await page.getByRole('heading', { name: 'Carriers', level: 1 }).waitFor();
    await page.goBack();
    await page.getByRole('button', { name: 'New customer' }).click();
    expect(await form('New customer').getByLabel('Customer name').inputValue()).toBe('Half-typed Dental');
    expect(await form('New customer').getByLabel('Notes').inputValue()).toBe('call back Monday');
  });

  it('had no page errors', () => {
    // The overlapping contract was refused with 409 on purpose; Chromium logs every refused request.
    expect(problems.filter((p) => !/status of 409 \(Conflict\)/.test(p))).toEqual([]);
  });
});
