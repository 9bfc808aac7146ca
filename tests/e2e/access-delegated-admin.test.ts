// A delegated administrator in the browser: a user with no module seats, in an Administration group with
// "Administer", sees the Administration link, and the Users tab loads; binding a client login to customers on
// a book of 1,711 goes through a searchable picker that shows each customer's code (two share a name).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, openBrowser, closeAll, bytes, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

const CUSTOMERS = 1711;

beforeAll(async () => {
  server = await startTem();
  // 1,709 numbered customers and two called "Springfield Schools", told apart by their codes.
  const rows = ['customer,customer_code,location,carrier,account,service,expected'];
  for (let i = 1; i <= CUSTOMERS - 2; i++) rows.push(`Customer ${String(i).padStart(4, '0')},C-${i},Main,Acme Telecom,ACC-${i},Fiber,10.00`);
  rows.push('Springfield Schools,SPR-01,Main,Acme Telecom,SPR-ACC-1,Fiber,10.00', 'Springfield Schools,SPR-02,Annex,Acme Telecom,SPR-ACC-2,Fiber,10.00');
  await server.api('import.book', { file_name: 'book.csv', data: bytes(rows.join('\r\n')) });
  const group = await server.api('securityGroups.save', { module: 'admin', name: 'User admins', permissions: ['administer'] });
  await server.api('users.create', { name: 'dana', password: 'dana-pass-12', full_name: 'Dana Delegate', group_ids: [group.id] });
  const cookie = await server.signIn('dana', 'dana-pass-12');
  ({ browser, page, problems } = await openBrowser(server, '#/home', { timeout: 10_000, cookie }));
}, 120_000);

afterAll(() => closeAll(browser, server));

describe('a delegated administrator in the browser', () => {
  it('sees the Administration link in the navigation, and the company tab with the idle setting loads', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Home' }).waitFor();
    // No module seat: home and administration only.
    expect((await nav.getByRole('link').allTextContents()).map((t) => t.replace(/\d+$/, ''))).toEqual(['Home', 'Administration']);
    await nav.getByRole('link', { name: 'Administration' }).click();
    await expect.poll(() => page.getByRole('form', { name: 'Company profile' }).getByLabel('Company name').inputValue()).toBe('E2E Telecom Brokers');
    const idle = page.getByRole('form', { name: 'Sign-in' });
    await expect.poll(() => idle.getByLabel('Sign out after this many idle minutes').inputValue()).toBe('30');
    await idle.getByLabel('Sign out after this many idle minutes').fill('40');
    await idle.getByRole('button', { name: 'Save sign-in setting' }).click();
    await expect.poll(() => idle.getByRole('status').textContent()).toBe('Sessions now end after 40 idle minutes.');
    expect((await server.api('settings.get', { keys: ['auth.idle_minutes'] })).settings[0]!.value).toBe(40);
  });

  it('loads the Users tab and adds a client login through the searchable customer picker', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Users' }).click();
    const users = page.getByRole('table', { name: 'Users' });
    await users.getByRole('cell', { name: 'dana', exact: true }).waitFor();
    expect(await page.getByText('Loading…').count()).toBe(0);

    await page.getByRole('button', { name: 'Add user' }).click();
    const form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('User name').fill('spring-two');
    await form.getByLabel('Password').fill('client-pass-1');
    await form.getByLabel(/^Client access/).check();
    const found = form.getByRole('group', { name: 'Customers found' });
    // A page of the book, not 1,711 checkboxes.
    await expect.poll(() => form.getByText(/^Showing \d+ of/).textContent()).toBe('Showing 25 of 1,711 customers: type more of a name or code to narrow.');
    expect(await found.getByRole('checkbox').count()).toBe(25);

    // By name: both Springfields, each with its code.
    await form.getByLabel('Find a customer (name or code)').fill('springfield');
    await expect.poll(async () => (await found.getByRole('checkbox').count()) === 2 && (await found.textContent())).toBe('Springfield Schools (SPR-01)Springfield Schools (SPR-02)');
    await found.getByLabel('Springfield Schools (SPR-02)').check();
    // By code: another customer; the first choice stays chosen.
    await form.getByLabel('Find a customer (name or code)').fill('C-1234');
    await expect.poll(() => found.textContent()).toBe('Customer 1234 (C-1234)');
    await found.getByLabel('Customer 1234 (C-1234)').check();
    const chosen = form.getByRole('list', { name: 'Chosen customers' });
    expect(await chosen.getByRole('listitem').allTextContents()).toEqual(['Springfield Schools (SPR-02) Remove', 'Customer 1234 (C-1234) Remove']);
    // Nothing matches: said in words.
    await form.getByLabel('Find a customer (name or code)').fill('zzz-none');
    await expect.poll(() => form.getByText(/^No customer/).textContent()).toBe("No customer's name or code contains “zzz-none”.");

    await form.getByRole('button', { name: 'Save user' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('spring-two is saved.');
    const ids = async (code: string) => (await server.api('customers.search', { text: code })).rows.find((r) => r.code === code)!.id;
    const saved = (await server.api('users.list', {})).find((u) => u.name === 'spring-two')!;
    expect([saved.kind, saved.customer_ids]).toEqual(['client', [await ids('SPR-02'), await ids('C-1234')]]);
  });

  it('ran without a page error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
