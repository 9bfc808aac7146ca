// Access in a real browser: the first start's sign-up, adding a staff user and a client login in the
// administration, signing in as the client and seeing only its own bills and tickets, and refusals in words.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, openBrowser, closeAll, bytes, BOOK_CSV, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  server = await startTem({ signUp: false });
  ({ browser, page, problems } = await openBrowser(server, `?month=${MONTH}`, { timeout: 8000, cookie: null }));
});

afterAll(() => closeAll(browser, server));

const userbar = () => page.getByRole('banner', { name: 'Signed-in user' });

async function signIn(name: string, password: string) {
  await page.getByLabel('User name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('sign-up, users and a client login in the browser', () => {
  it('signs up on the first start: the company and its owner', async () => {
    await page.getByRole('heading', { name: 'Welcome to TEM desk' }).waitFor();
    await page.getByLabel('Company name').fill('Springfield Telecom Brokers');
    await page.getByLabel('Your user name').fill('olivia');
    await page.getByLabel('Your full name').fill('Olivia Owner');
    await page.getByLabel('Password', { exact: true }).fill('owner-pass-1');
    await page.getByLabel('Password again').fill('owner-pass-2');
    await page.getByRole('button', { name: 'Create company' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('The two passwords are not the same.');
    await page.getByLabel('Password again').fill('owner-pass-1');
    await page.getByRole('button', { name: 'Create company' }).click();
    await expect.poll(() => userbar().textContent()).toContain('Signed in as Olivia Owner');
    expect(await userbar().textContent()).toContain('Springfield Telecom Brokers');
    // The session is an HttpOnly, SameSite=Strict cookie the page's scripts cannot read.
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tem_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('document.cookie')).toBe('');
    server.cookie = cookie.value;
  });

  it('adds a staff user and a client login, confirming the paid seats', async () => {
    await server.api('import.book', { file_name: 'book.csv', data: bytes(BOOK_CSV) });
    const rows = (await server.api('month.check', { month: MONTH })).rows;
    const id = (a: string) => rows.find((r) => r.account === a)!.account_id;
    await server.api('actuals.set', { account_id: id('A-100'), month: MONTH, amount: '1100.00' });
    await server.api('actuals.set', { account_id: id('B-200'), month: MONTH, amount: '350.00' });
    await server.api('tickets.open', { bills: [{ account_id: id('A-100'), month: MONTH }], title: 'Springfield overcharge' });
    await server.api('tickets.open', { bills: [{ account_id: id('B-200'), month: MONTH }], title: 'Shelbyville overcharge' });

    await page.goto(`${server.url}#/admin/users`);
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('cell', { name: 'olivia', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('User name').fill('sam');
    await form.getByLabel('Password').fill('staff-pass-1');
    await form.getByLabel('Telecom Expense Management', { exact: true }).check();
    await form.getByLabel('TEM clerks (Telecom Expense Management)').check();
    await form.getByRole('button', { name: 'Save user' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm paid seats' });
    expect(await confirm.textContent()).toContain('Assigning Telecom Expense Management to sam uses a paid seat for each module.');
    await confirm.getByRole('button', { name: 'Assign seats' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('sam is saved.');

    await page.getByRole('button', { name: 'Add user' }).click();
    await form.getByLabel('User name').fill('cleo');
    await form.getByLabel('Password').fill('client-pass-1');
    await form.getByLabel(/^Client access/).check();
    await form.getByLabel('Telecom Expense Management', { exact: true }).check();
    await form.getByLabel('Shelbyville Clinic', { exact: true }).check();
    await form.getByRole('button', { name: 'Save user' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm paid seats' }).getByRole('button', { name: 'Assign seats' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('cleo is saved.');
    const row = users.getByRole('row').filter({ has: page.getByRole('cell', { name: 'cleo', exact: true }) });
    expect(await row.textContent()).toContain('Client access');
    const saved = await server.api('users.list', {});
    expect(saved.map((u) => [u.name, u.kind, u.modules.join(',')])).toEqual([
      ['cleo', 'client', 'tem'],
      ['olivia', 'staff', 'tem,inventory,crm'],
      ['sam', 'staff', 'tem'],
    ]);
  });

  it('signs out, refuses a wrong password, and signs the client in', async () => {
    await userbar().getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('You signed out.');
    await signIn('cleo', 'not-her-password');
    expect(await page.getByRole('alert').textContent()).toBe('The user name or password is not right, or the account is locked for 15 minutes after 5 failed sign-ins in a row (an administrator can reset the password).');
    await signIn('cleo', 'client-pass-1');
    await expect.poll(() => userbar().textContent()).toContain('Signed in as cleo (client access)');
  });

  it('shows the client only its own bills', async () => {
    await page.goto(`${server.url}?month=${MONTH}#/month`);
    const grid = page.getByRole('grid', { name: 'Month entry' });
    await grid.waitFor();
    await expect.poll(async () => (await grid.getByRole('gridcell', { name: /^Actual, account / }).all()).length).toBe(2);
    const text = await grid.textContent();
    expect(text).toContain('Shelbyville Clinic');
    expect(text).toContain('B-201');
    expect(text).not.toContain('Springfield');
    expect(text).not.toMatch(/A-10\d/);
  });

  it('offers the client only what it may do: its pages, a read-only grid, no ticket or OK to Pay actions', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    // The alerts link carries its count as a badge after the word.
    expect((await nav.getByRole('link').allTextContents()).map((t) => t.replace(/\d+$/, ''))).toEqual([
      'Home',
      'Month-end entry',
      'Reports',
      'Tickets',
      'Ready to pay',
      'History',
      'Audit trail',
      'Alerts',
    ]);

    const grid = page.getByRole('grid', { name: 'Month entry' });
    const actual = grid.getByRole('gridcell', { name: /^Actual, account B-201/ });
    expect(await actual.getAttribute('class')).not.toContain('tem-editable');
    await actual.click();
    await page.keyboard.type('5');
    await page.keyboard.press('Delete');
    expect(await page.getByRole('textbox', { name: 'Actual, account B-201' }).count()).toBe(0);
    await page.waitForTimeout(300); // a refused write would have said so by now
    expect(await page.getByRole('status').first().textContent()).not.toContain('may not call');
    expect(await page.getByRole('button', { name: 'Fill down' }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Fill down' }).getAttribute('title')).toBe(
      'You need the "edit" permission in Telecom Expense Management.',
    );
    expect(await page.getByRole('toolbar', { name: 'Tickets and OK to Pay' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Open ticket…' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'OK to Pay…' }).count()).toBe(0);

    // A page opened by its address says in one sentence why it is not there.
    await page.goto(`${server.url}#/approvals`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('OK to Pay is not available to you: it needs the "approve" permission in Telecom Expense Management.');
    expect(await page.getByRole('button', { name: 'Mark selected OK to Pay' }).count()).toBe(0);
    await page.goto(`${server.url}#/bills`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('Carrier bills is not available to you: it needs the "import" permission in Telecom Expense Management.');
    await page.goto(`${server.url}#/customers`);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('Customers is not available to you: it needs the "view" permission in CRM.');
  });

  it('shows the client only its own tickets', async () => {
    await page.goto(`${server.url}#/tickets`);
    const tickets = page.getByRole('table', { name: 'Tickets' });
    await tickets.getByText('Shelbyville overcharge').waitFor();
    expect(await tickets.textContent()).not.toContain('Springfield overcharge');
  });

  it('shows a refused action as a clear message', async () => {
    await page.goto(`${server.url}#/admin/users`);
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toBe('cleo may not call users.list: client logins can view, export and comment on their tickets, not administer the company');
  });

  it('sends the client back to sign-in, saying why, when an administrator resets its password', async () => {
    // The owner signed out in this browser earlier; the test's own API calls sign in again.
    server.cookie = await server.signIn('olivia', 'owner-pass-1');
    const cleo = (await server.api('users.list', {})).find((u) => u.name === 'cleo')!;
    await server.api('users.resetPassword', { id: cleo.id, password: 'client-pass-2' });
    await page.goto(`${server.url}#/tickets`);
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('An administrator reset your password; please sign in with the new one.');
    await signIn('cleo', 'client-pass-2');
    await expect.poll(() => userbar().textContent()).toContain('Signed in as cleo (client access)');
  });

  it('ran without a page error or a CSP violation', () => {
    // A refused call is an expected 401/403 answer, which Chromium logs as a failed load.
    expect(problems.filter((p) => !/Failed to load resource: .* (401|403)/.test(p))).toEqual([]);
  });
});
