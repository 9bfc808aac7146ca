// The administration's first-day screens in a real browser, by their labels: company profile and the idle
// setting, a security group, a widget group, a drop-down value added and retired, a user-defined field, and
// company news that shows on the home screen.
import { statSync } from 'node:fs';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, openBrowser, closeAll, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  server = await startTem();
  ({ browser, page, problems } = await openBrowser(server, '#/admin/company', { timeout: 8000 }));
});

afterAll(() => closeAll(browser, server));

const status = () => page.getByRole('status').filter({ hasText: /\S/ }).first();

describe('first-day administration', () => {
  it('saves the company profile and the idle time', async () => {
    const form = page.getByRole('form', { name: 'Company profile' });
    await form.getByLabel('Address').fill('742 Evergreen Terrace, Springfield');
    await form.getByLabel('Billing contact').fill('Marge Simpson');
    await form.getByLabel('Default currency').fill('EUR');
    await form.getByLabel('Default locale for amounts').selectOption('de-DE');
    await form.getByLabel('CRM').uncheck();
    // A real-size logo (147 KB): the page once blanked when it drew one this large.
    await form.getByLabel(/^Logo/).setInputFiles('docs/grid.png');
    await form.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toBe('The company profile is saved.');
    expect(await server.api('company.get', {})).toMatchObject({ address: '742 Evergreen Terrace, Springfield', billing_contact: 'Marge Simpson', currency: 'EUR', locale: 'de-DE', modules: ['tem', 'inventory'] });
    const logoBytes = (await server.api('company.get', {})).logo;
    expect(logoBytes?.length).toBe(statSync('docs/grid.png').size);
    await expect.poll(() => form.getByRole('img', { name: 'Company logo' }).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const idle = page.getByRole('form', { name: 'Sign-in' });
    await expect.poll(() => idle.getByLabel('Sign out after this many idle minutes').inputValue()).toBe('30');
    await idle.getByLabel('Sign out after this many idle minutes').fill('2000');
    await idle.getByRole('button', { name: 'Save sign-in setting' }).click();
    await expect.poll(() => idle.getByRole('alert').textContent()).toContain('auth.idle_minutes must be between 1 and 1440, not 2000');
    await idle.getByLabel('Sign out after this many idle minutes').fill('45');
    await idle.getByRole('button', { name: 'Save sign-in setting' }).click();
    await expect.poll(() => idle.getByRole('status').textContent()).toBe('Sessions now end after 45 idle minutes.');
  });

  it('adds a security group with its permissions', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Security groups' }).click();
    await page.getByRole('button', { name: 'Add group' }).click();
    const form = page.getByRole('form', { name: 'New security group' });
    await form.getByLabel('Group name').fill('Dispute desk');
    await form.getByLabel('Edit', { exact: true }).check();
    await form.getByLabel('Approve OK to Pay').check();
    await form.getByRole('button', { name: 'Save group' }).click();
    await expect.poll(() => status().textContent()).toBe('The group Dispute desk is saved.');
    const row = page.getByRole('table', { name: 'Security groups' }).getByRole('row').filter({ hasText: 'Dispute desk' });
    expect(await row.textContent()).toContain('View, Edit, Approve OK to Pay');
  });

  it('adds a widget group', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Widget groups' }).click();
    await page.getByRole('button', { name: 'Add widget group' }).click();
    const form = page.getByRole('form', { name: 'New widget group' });
    await form.getByLabel('Widget group name').fill('Month-end desk');
    await form.getByLabel('Month progress').check();
    await form.getByLabel('Company news').check();
    await form.getByRole('button', { name: 'Save widget group' }).click();
    await expect.poll(() => status().textContent()).toBe('The widget group Month-end desk is saved.');
    expect((await server.api('widgetGroups.list', {})).map((g) => [g.name, g.widget_ids])).toEqual([['Month-end desk', ['month-progress', 'company-news']]]);
  });

  it('adds a drop-down value and retires another, which stays listed as retired', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Drop-down tables' }).click();
    await page.getByLabel('Drop-down table', { exact: true }).selectOption({ label: 'Service types' });
    const table = page.getByRole('table', { name: 'Service types' });
    await table.getByRole('cell', { name: 'pots', exact: true }).waitFor();
    await page.getByLabel('New value').fill('Dark fiber');
    await page.getByRole('button', { name: 'Add value' }).click();
    await expect.poll(() => status().textContent()).toBe('Dark fiber is added.');
    await table.getByRole('row').filter({ hasText: 'POTS line' }).getByRole('checkbox').click();
    await expect.poll(() => status().textContent()).toBe('POTS line is retired; records that hold it keep it.');
    // Still in the table, shown as retired, and no longer offered.
    await expect.poll(() => table.getByRole('row').filter({ hasText: 'POTS line' }).getByRole('checkbox').isChecked()).toBe(false);
    const offered = (await server.api('lookups.list', { list: 'service_type' })).map((v) => v.label);
    expect(offered).toEqual(['Fiber', 'Broadband', 'Wireless', 'MPLS', 'SIP trunk', 'Dark fiber']);
  });

  it('adds a user-defined money field for customers', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'User-defined fields' }).click();
    await page.getByRole('button', { name: 'Add field' }).click();
    const form = page.getByRole('form', { name: 'New field' });
    await form.getByLabel('Field label').fill('Annual budget');
    await form.getByLabel('Kind').selectOption({ label: 'Money' });
    await form.getByRole('button', { name: 'Save field' }).click();
    await expect.poll(() => status().textContent()).toBe('The field Annual budget is saved.');
    // The table reloads after the save message; wait for the new row rather than reading it at once.
    await expect.poll(() => page.getByRole('table', { name: 'Fields' }).textContent()).toContain('f_annual_budget');
  });

  it('publishes company news that the home screen shows', async () => {
    await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Company news' }).click();
    await page.getByRole('button', { name: 'Add news' }).click();
    const form = page.getByRole('form', { name: 'New news item' });
    await form.getByLabel('Title').fill('Month-end closes on the 5th');
    await form.getByLabel('Text').fill('Key every bill by then.');
    await form.getByRole('button', { name: 'Save news' }).click();
    await expect.poll(() => status().textContent()).toBe('Month-end closes on the 5th is saved.');
    expect((await server.api('news.current', {})).items.map((n) => n.title)).toEqual(['Month-end closes on the 5th']);
    await page.goto(`${server.url}#/home`);
    await expect.poll(() => page.getByText('Month-end closes on the 5th').count()).toBeGreaterThan(0);
  });

  it('ran without a page error or a CSP violation', () => {
    expect(problems).toEqual([]);
  });
});
