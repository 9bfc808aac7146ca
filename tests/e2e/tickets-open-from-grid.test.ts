// A new user takes flagged bills from the month grid through a ticket: selects two flagged rows, opens one ticket
// for both from the toolbar, sees the ticket in the grid, works it on the ticket page (status, credit expected,
// note, an attached file) and resolves it with a reason for what is still owed.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startTem, openBrowser, closeAll, seedBook, MONTH, type TemServer } from './support.ts';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let ids: Record<string, string>;

const grid = () => page.getByRole('grid', { name: 'Month entry' });
const cell = (column: string, account: string) => grid().getByRole('gridcell', { name: new RegExp(`^${column}, account ${account}:`) });

beforeAll(async () => {
  server = await startTem();
  let check;
  ({ ids, check } = await seedBook(server));
  // Every bill arrives as expected except A-101 (600.00 for 500.00: over) and A-102 (100.00 for 250.00: under).
  const amounts: Record<string, number> = { 'A-101': 60_000, 'A-102': 10_000 };
  await server.api('actuals.setMany', {
    items: check.rows.map((r) => ({ account_id: r.account_id, month: MONTH, amount: amounts[r.account] ?? r.expected_cents, bill_date: '2026-03-05' })),
  });
  await server.api('carriers.update', { id: check.rows.find((r) => r.account === 'A-101')!.carrier_id, patch: { dispute_window_days: 30 } });
  ({ browser, page, problems } = await openBrowser(server, `?month=${MONTH}#/month`, { timeout: 8000 }));
  await grid().waitFor();
}, 60_000);

afterAll(() => closeAll(browser, server));

describe('a ticket from the month grid', () => {
  it('opens one ticket for the two selected flagged bills, and the grid shows it', async () => {
    await expect.poll(() => cell('Actual', 'A-101').textContent()).toBe('600.00');
    await cell('Actual', 'A-101').click();
    await page.keyboard.press('Shift+ArrowDown');
    await page.getByRole('button', { name: 'Open ticket…' }).click();
    const form = page.getByRole('form', { name: 'Open a ticket' });
    await expect.poll(() => form.textContent()).toContain('New ticket for 2 flagged bills of 2026-03');
    await form.getByLabel('Assign to').fill('e2e');
    await form.getByLabel('Expected credit').fill('250.00');
    await form.getByLabel('First note').fill('Both lines billed at the wrong rate');
    await form.getByRole('button', { name: 'Open ticket' }).click();
    await expect.poll(() => page.getByLabel('Tickets and OK to Pay messages').textContent()).toBe('Ticket 1 opened for 2 bills, due 2026-04-04. Open ticket 1');

    const tickets = await server.api('tickets.list', {});
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ number: 1, assignee: 'e2e', expected_credit_cents: 25_000, due_date: '2026-04-04', at_stake_cents: 25_000, status: 'open' });
    expect(tickets[0]!.bills.map((b) => b.account)).toEqual(['A-101', 'A-102']);
    // the Ticket column links each bill to its ticket
    await expect.poll(() => grid().getByRole('link', { name: 'Ticket 1, Open, account A-101' }).count()).toBe(1);
    await expect.poll(() => grid().getByRole('link', { name: 'Ticket 1, Open, account A-102' }).count()).toBe(1);
    // a bill within tolerance cannot be ticketed: the toolbar says what to select
    await cell('Actual', 'A-100').click();
    await page.getByRole('button', { name: 'Open ticket…' }).click();
    await expect.poll(() => page.getByLabel('Tickets and OK to Pay messages').textContent()).toContain('Select one or more flagged bills');
  });

  it('counts the past-due ticket in the alerts beside the navigation and lists it on the alerts page', async () => {
    // The due date 2026-04-04 is judged on today's date, so the ticket is past due whenever this runs.
    // (The badge counts what it last loaded: it reloads at most once a minute after changes.)
    const badge = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Alerts: [1-9]\d*/ });
    await badge.click();
    const list = page.getByRole('list', { name: 'Alerts' });
    await expect.poll(() => list.getByRole('listitem').first().textContent()).toMatch(/^Ticket past dueTicket 1 is \d+ days past due \(2026-04-04\)/);
    expect(await list.getByRole('listitem').first().getByRole('link', { name: 'Open the ticket' }).getAttribute('href')).toMatch(/^#\/tickets\//);
  });

  it('works the ticket on its page: dispute, note, file, and a resolution reason for what is still owed', async () => {
    // through the ticket list: filtered to mine, sorted by amount at stake
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tickets' }).click();
    await page.getByLabel('Mine').check();
    await page.getByLabel('Sort by').selectOption('at_stake');
    const list = page.getByRole('table', { name: 'Tickets' });
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    expect(await list.getByRole('row').nth(1).textContent()).toContain('250.00');
    await list.getByRole('link', { name: 'Ticket 1' }).click();
    await page.getByRole('heading', { name: /^Ticket 1:/ }).waitFor();
    const fields = page.getByRole('form', { name: 'Ticket fields' });
    await fields.getByLabel('Status').selectOption('disputed');
    await fields.getByLabel('Carrier claim number').fill('CLM-2026-031');
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(async () => (await server.api('tickets.list', {}))[0]!.status).toBe('disputed');

    await page.getByLabel('New note').fill('Carrier confirmed 200.00 credit on the April bill');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.getByRole('list', { name: 'Notes thread' }).textContent()).toContain('Carrier confirmed 200.00 credit on the April bill');
    expect(await page.getByRole('list', { name: 'Notes thread' }).textContent()).toContain('e2e');

    await page.getByLabel(/^Attach files/).setInputFiles({ name: 'march-bill.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 March') });
    await page.getByRole('button', { name: 'Download march-bill.pdf' }).waitFor();
    const id = (await server.api('tickets.list', {}))[0]!.id;
    expect((await server.api('attachments.list', { ticket_id: id })).map((a) => [a.file_name, a.size_bytes])).toEqual([['march-bill.pdf', 14]]);

    // resolving with 250.00 still owed asks for a reason, and the API's answer is shown
    await fields.getByLabel('Status').selectOption('resolved');
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe(
      'Ticket 1 still has 250.00 owed (credit expected 250.00, received 0.00): marking it resolved needs a resolution reason',
    );
    await fields.getByLabel(/^Resolution reason/).fill('Carrier credits it in April; tracked on the next ticket');
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(async () => (await server.api('tickets.get', { id })).status).toBe('resolved');
    expect((await server.api('tickets.get', { id })).resolution_reason).toBe('Carrier credits it in April; tracked on the next ticket');
    expect(problems).toEqual([]);
  });
});
