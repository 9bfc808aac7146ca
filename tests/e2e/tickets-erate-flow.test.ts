// Issue 5's "done when" in the browser, on real data: a new user takes a flagged E-Rate bill from the month grid
// through a ticket, a credit and a resolution to OK to Pay, sees all of it in the account's history and the audit
// trail, and exports the month's ready-to-pay register. Only the set-up goes through the API (the E-Rate FY2015
// book and its 2015-07 actuals, as the README's main job imports them, and the carrier's dispute window);
// everything after that is done on the screens through their roles and labels.
//
// The bill: State of Maryland, FRN 2790959 (Calvert County Public Schools), expected 9,284.17 as filed and
// 13,000.00 verified: over by 3,715.83 (40.02 %) at the 5 % tolerance (see tests/integration/workflow-erate.test.ts).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTem, openBrowser, closeAll, bytes, ROOT, type TemServer } from './support.ts';

const ERATE = join(ROOT, 'tests/fixtures/real/erate-fy2015-line-items');
// The README's main job, field by field.
const BOOK_MAP = {
  customer: 'applicant_name',
  customer_code: 'applicant_ben',
  location: 'applicant_postal_cd',
  carrier: 'service_provider_name',
  account: 'frn',
  service: 'connect_type',
  expected: 'rec_elig_cost',
};
const ACTUALS_MAP = { carrier: 'service_provider_name', account: 'frn', actual: 'rec_elig_cost' };
const FRN = '2790959';
const JULY = '2015-07';
const AUGUST = '2015-08';

let server: TemServer;
let browser: Browser;
let page: Page;
let problems: string[];
let accountId: string;
let ticketId: string;

const grid = () => page.getByRole('grid', { name: 'Month entry' });
const cellIn = (scope: Pick<Page, 'getByRole'>, column: string, account: string) =>
  scope.getByRole('gridcell', { name: new RegExp(`^${column}, account ${account}:`) });
const cell = (column: string, account: string) => cellIn(grid(), column, account);
/** A cell of the account's row by its column number (the figures half of the row, where its Actual cell is). */
const rowCell = (account: string, colIndex: number) =>
  grid().getByRole('row').filter({ has: cellIn(page, 'Actual', account) }).locator(`[aria-colindex="${colIndex}"]`);
const EXPECTED = 5;
const VARIANCE = 7;
const VARIANCE_PCT = 8;
const STATUS = 9;
const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
const gridMessage = () => page.getByLabel('Tickets and OK to Pay messages');
/** The audit trail's rows as their cells, without the time: who, door, record, action, field, old and new value. */
const changeRows = async () =>
  Promise.all(
    (await page.getByRole('table', { name: 'Changes' }).getByRole('row').all()).slice(1).map(async (r) => (await r.getByRole('cell').allTextContents()).slice(1)),
  );

beforeAll(async () => {
  server = await startTem();
  const book = await server.api('import.book', {
    file_name: 'orig_broadband_line_items.csv',
    data: readFileSync(join(ERATE, 'orig_broadband_line_items.csv')),
    map: BOOK_MAP,
    skip_invalid: true,
    tolerance_pct: '5',
  });
  expect([book.rows_imported, book.rejected.length]).toEqual([3362, 28]);
  const actuals = await server.api('import.actuals', {
    file_name: 'verified_broadband_line_items.csv',
    data: readFileSync(join(ERATE, 'verified_broadband_line_items.csv')),
    map: ACTUALS_MAP,
    skip_invalid: true,
    month: JULY,
  });
  expect([actuals.rows_imported, actuals.rejected.length]).toEqual([3385, 24]);
  const july = await server.api('month.check', { month: JULY });
  expect(july.totals).toMatchObject({ over: 10, under: 63, missing: 1, unexpected: 14 });
  const bill = july.rows.find((r) => r.carrier === 'State of Maryland' && r.account === FRN)!;
  expect(bill).toMatchObject({ customer: 'CALVERT COUNTY PUBLIC SCHOOLS', status: 'over', expected_cents: 928_417, actual_cents: 1_300_000, variance_cents: 371_583 });
  accountId = bill.account_id;
  await server.api('carriers.update', { id: bill.carrier_id, patch: { dispute_window_days: 60 } });
  ({ browser, page, problems } = await openBrowser(server, `?month=${JULY}#/month`, { timeout: 15_000 }));
  await grid().waitFor();
}, 180_000);

afterAll(() => closeAll(browser, server));

describe('a flagged E-Rate bill from the month grid to the ready-to-pay register', () => {
  it('finds the flagged bill in the grid of 2015-07 and opens a ticket for it from the selection', async () => {
    // the month's summary is the check's: 10 over, 63 under, 1 missing, 14 unexpected at 5 %
    await expect.poll(() => page.getByRole('region', { name: 'Month summary' }).textContent()).toContain('10 over · 63 under · 1 missing · 14 unexpected');
    await page.getByRole('search', { name: 'Filters' }).getByLabel('Search').fill(FRN);
    await expect.poll(() => grid().getByRole('gridcell', { name: /^Actual, account / }).count()).toBe(1);
    expect(await cell('Actual', FRN).textContent()).toBe('13,000.00');
    expect(await rowCell(FRN, EXPECTED).textContent()).toBe('9,284.17');
    expect(await rowCell(FRN, VARIANCE).textContent()).toBe('3,715.83');
    expect(await rowCell(FRN, VARIANCE_PCT).textContent()).toBe('+40.02%');
    expect(await rowCell(FRN, STATUS).textContent()).toBe('▲ Over');

    await cell('Actual', FRN).click();
    await page.getByRole('button', { name: 'Open ticket…' }).click();
    const form = page.getByRole('form', { name: 'Open a ticket' });
    expect(await form.locator('p').first().textContent()).toBe('New ticket for 1 flagged bill of 2015-07: CALVERT COUNTY PUBLIC SCHOOLS State of Maryland 2790959');
    await form.getByLabel('Assign to').fill('e2e');
    await form.getByRole('button', { name: 'Open ticket' }).click();
    await expect.poll(() => gridMessage().textContent()).toMatch(/^Ticket 1 opened for 1 bill, due \d{4}-\d{2}-\d{2}\. Open ticket 1$/);

    const [ticket] = await server.api('tickets.list', {});
    ticketId = ticket!.id;
    // no bill date in the E-Rate file: the carrier's 60-day window counts from the day the ticket opened
    const due = new Date(`${ticket!.opened_on}T00:00:00Z`);
    due.setUTCDate(due.getUTCDate() + 60);
    expect(ticket).toMatchObject({ number: 1, title: 'State of Maryland 2790959 2015-07: over by 3,715.83', status: 'open', assignee: 'e2e', due_date: due.toISOString().slice(0, 10) });
    expect(await gridMessage().textContent()).toBe(`Ticket 1 opened for 1 bill, due ${ticket!.due_date}. Open ticket 1`);
    await expect.poll(() => grid().getByRole('link', { name: `Ticket 1, Open, account ${FRN}` }).count()).toBe(1);
  });

  it('disputes the bill on the ticket page: status, claim number and the credit expected', async () => {
    await gridMessage().getByRole('link', { name: 'Open ticket 1' }).click();
    await page.getByRole('heading', { name: 'Ticket 1: State of Maryland 2790959 2015-07: over by 3,715.83' }).waitFor();
    const bills = page.getByRole('table', { name: 'Bills on this ticket' });
    expect(await bills.getByRole('row').nth(1).textContent()).toBe('2015-07CALVERT COUNTY PUBLIC SCHOOLSMDState of Maryland27909599,284.1713,000.003,715.83OverOver 3,715.83');

    const fields = page.getByRole('form', { name: 'Ticket fields' });
    await fields.getByLabel('Status').selectOption({ label: 'Disputed with carrier' });
    await fields.getByLabel('Carrier claim number').fill('MD-2015-0117');
    await fields.getByLabel('Expected credit').fill('3,715.83');
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Saved.');
    const figures = page.getByRole('region', { name: 'Credit', exact: true });
    await expect.poll(() => figures.textContent()).toContain('StatusDisputed with carrier');
    expect(await figures.textContent()).toContain('Expected credit3,715.83Received0.00Still owed3,715.83');
    expect(await server.api('tickets.get', { id: ticketId })).toMatchObject({ status: 'disputed', claim_number: 'MD-2015-0117', expected_credit_cents: 371_583, received_cents: 0, owed_cents: 371_583 });
  });

  it('keys the August bill in the grid: the carrier billed the filed rate less the July difference', async () => {
    await nav('Month-end entry').click();
    await grid().waitFor();
    await page.getByRole('toolbar', { name: 'Month and editing' }).getByRole('button', { name: 'Next month' }).click();
    await expect.poll(() => page.getByRole('toolbar', { name: 'Month and editing' }).getByRole('textbox', { name: 'Month' }).inputValue()).toBe(AUGUST);
    // the search for the FRN is still in place
    await expect.poll(() => grid().getByRole('gridcell', { name: /^Actual, account / }).count()).toBe(1);
    await expect.poll(() => cell('Actual', FRN).locator('[aria-label]').getAttribute('aria-label')).toBe(`Actual, account ${FRN}: not entered`);
    await cell('Actual', FRN).click();
    await page.keyboard.type('5568.34');
    await page.keyboard.press('Enter');
    await expect.poll(() => cell('Actual', FRN).textContent()).toBe('5,568.34');
    // before the credit is matched to it, August is 3,715.83 under what the book expects
    await expect.poll(() => rowCell(FRN, STATUS).textContent()).toBe('▼ Under');
    expect(await rowCell(FRN, EXPECTED).textContent()).toBe('9,284.17');
    expect(await rowCell(FRN, VARIANCE).textContent()).toBe('-3,715.83');
  });

  it('records the credit received on the ticket, matched to the August bill, and resolves the ticket', async () => {
    await nav('Tickets').click();
    const list = page.getByRole('table', { name: 'Tickets' });
    await list.getByRole('link', { name: 'Ticket 1' }).click();
    await page.getByRole('heading', { name: /^Ticket 1:/ }).waitFor();

    const credit = page.getByRole('form', { name: 'Record a credit' });
    // a credit larger than what is left of the August bill's expectation would make it negative: refused, nothing stored
    await credit.getByLabel('Credit amount').fill('9,000,000.00');
    await credit.getByLabel('Credit month').fill(AUGUST);
    await credit.getByRole('button', { name: 'Record credit' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toMatch(/^Ticket 1: a credit of 9,000,000\.00 cannot be matched to .*: that would take its expected bill below zero; at most its expected 9,284\.17 can be matched to 2790959's 2015-08 bill$/);
    expect(await page.getByRole('table', { name: 'Credits received' }).getByRole('row').count()).toBe(2); // header, the total
    await credit.getByLabel('Credit amount').fill('3,715.83');
    expect(await credit.getByLabel('Account').locator('option:checked').textContent()).toBe(`State of Maryland ${FRN}`);
    expect(await credit.getByLabel("Shows up on that month's bill").isChecked()).toBe(true);
    await credit.getByLabel('Credit note').fill('Credited on the August bill MD-0815');
    await credit.getByRole('button', { name: 'Record credit' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('Credit recorded.');

    const credits = page.getByRole('table', { name: 'Credits received' });
    await expect.poll(() => credits.getByRole('row').count()).toBe(3); // header, the credit, the total
    expect(await credits.getByRole('row').nth(1).textContent()).toBe(`2015-083,715.83${FRN} 2015-08Credited on the August bill MD-0815`);
    expect(await credits.getByRole('row').nth(2).textContent()).toBe('Received3,715.83of 3,715.83 expected; 0.00 still owed');
    const figures = page.getByRole('region', { name: 'Credit', exact: true });
    expect(await figures.textContent()).toContain('Expected credit3,715.83Received3,715.83Still owed0.00');
    expect(await figures.getByLabel('Still owed').textContent()).toBe('0.00');

    // nothing is owed, so resolving needs no reason
    const fields = page.getByRole('form', { name: 'Ticket fields' });
    await fields.getByLabel('Status').selectOption({ label: 'Resolved' });
    await fields.getByRole('button', { name: 'Save ticket' }).click();
    await expect.poll(() => figures.textContent()).toContain('StatusResolved');
    expect(await page.getByRole('status').first().textContent()).toBe('Saved.');
    expect(await server.api('tickets.get', { id: ticketId })).toMatchObject({
      status: 'resolved',
      resolution_reason: null,
      expected_credit_cents: 371_583,
      received_cents: 371_583,
      owed_cents: 0,
      credits: [{ month: AUGUST, amount_cents: 371_583, matched_account_id: accountId, matched_month: AUGUST }],
    });
  });

  it('marks the flagged July bill OK to Pay on the OK to Pay page, its ticket being resolved', async () => {
    await nav('OK to Pay').click();
    const bar = page.getByRole('form', { name: 'Approve bills' });
    await bar.getByLabel('Month', { exact: true }).fill(JULY);
    await bar.getByLabel('Show').selectOption({ label: 'Flagged' });
    const bills = page.getByRole('table', { name: 'Bills of the month' });
    const row = bills.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select State of Maryland account ${FRN}` }) });
    await expect.poll(() => row.textContent()).toBe(`CALVERT COUNTY PUBLIC SCHOOLSState of Maryland${FRN}9,284.1713,000.003,715.83Over#1 Resolved`);
    // 88 flagged bills of July at 5 %: over, under, missing and unexpected
    expect(await bills.getByRole('row').count()).toBe(89);
    await row.getByRole('checkbox').check();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1 selected · 88 bills shown');
    await bar.getByRole('button', { name: 'Mark selected OK to Pay' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1 bill marked OK to Pay.');
    await expect.poll(() => row.textContent()).toBe(`CALVERT COUNTY PUBLIC SCHOOLSState of Maryland${FRN}9,284.1713,000.003,715.83Over#1 ResolvedOK by e2e`);
  });

  it("shows July and August in the account's billing history, with the ticket and the approval", async () => {
    await nav('History').click();
    await page.getByLabel('Find an account (number, customer, location or carrier)').fill(FRN);
    await page.getByRole('list', { name: 'Accounts found' }).getByRole('link', { name: `CALVERT COUNTY PUBLIC SCHOOLS · MD · State of Maryland · ${FRN}` }).click();
    await page.getByRole('heading', { name: `CALVERT COUNTY PUBLIC SCHOOLS · MD · State of Maryland account ${FRN}` }).waitFor();
    const rows = page.getByRole('table', { name: 'History by month' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(25); // header and 24 months, 2013-09 to 2015-08
    // newest first: August checks out against the credit it carries, July is the disputed bill
    expect(await rows.nth(1).textContent()).toBe('2015-085,568.345,568.340.000.00%OK');
    expect(await rows.nth(2).textContent()).toBe('2015-079,284.1713,000.003,715.8340.02%Over#1 ResolvedOK by e2e');
    expect(await rows.nth(2).getByRole('link', { name: '#1 Resolved' }).getAttribute('href')).toBe(`#/tickets/${ticketId}`);
    expect(await rows.nth(3).textContent()).toBe('2015-069,284.17-Missing');
  });

  it('shows the approval, the keyed August bill and the credit in the audit trail of the account, by e2e through the app screens', async () => {
    await page.getByRole('link', { name: 'Changes to this account (audit trail)' }).click();
    await expect.poll(() => page.getByRole('main').getByRole('paragraph').first().textContent()).toBe('Showing the changes to one billing account and its bills. Show all changes');
    const filters = page.getByRole('search', { name: 'Filter the audit trail' });
    await filters.getByLabel('Door').selectOption({ label: 'App screens' });
    await filters.getByLabel('User').selectOption('e2e');
    const reg = await server.api('approvals.register', { month: JULY });
    const approvedAt = reg.rows[0]!.approved_at;
    await expect.poll(async () => (await changeRows()).length).toBe(4);
    // newest first; the values of a new record are listed field by field
    expect(await changeRows()).toEqual([
      [
        'e2e',
        'App screens',
        `OK to Pay State of Maryland account ${FRN}, 2015-07`,
        'insert',
        '',
        '',
        `billing_account_id: ${accountId}, month: 2015-07, approved_by: e2e, approved_at: ${approvedAt}, status_at_approval: over, actual_cents_at_approval: 1300000, invoice_number_at_approval: , override_reason: —, withdrawn_at: —, withdrawn_by: —, withdraw_reason: —`,
      ],
      // the credit matched to August: the month check subtracts it from that bill's expectation
      [
        'e2e',
        'App screens',
        'Ticket 1 credit 2015-08',
        'insert',
        '',
        '',
        `ticket_id: ${ticketId}, month: 2015-08, amount_cents: 371583, matched_account_id: ${accountId}, matched_month: 2015-08, note: Credited on the August bill MD-0815`,
      ],
      [
        'e2e',
        'App screens',
        `State of Maryland account ${FRN}, 2015-08`,
        'insert',
        '',
        '',
        `billing_account_id: ${accountId}, month: 2015-08, amount_cents: 556834, invoice_number: —, bill_date: —, source: keyed, note: —, bill_source: —`,
      ],
      [
        'e2e',
        'App screens',
        `Ticket 1: State of Maryland account ${FRN}, 2015-07`,
        'insert',
        '',
        '',
        `ticket_id: ${ticketId}, billing_account_id: ${accountId}, month: 2015-07, status_at_open: over, variance_at_open_cents: 371583`,
      ],
    ]);
  });

  it('shows the status changes and the credit in the audit trail of the ticket, by e2e through the app screens', async () => {
    await nav('Tickets').click();
    // a resolved ticket leaves the default list ("Not yet resolved"); the Resolved filter finds it
    const tickets = page.getByRole('table', { name: 'Tickets' });
    await expect.poll(() => tickets.getByRole('row').count()).toBe(1);
    await page.getByRole('search', { name: 'Filter tickets' }).getByLabel('Status').selectOption({ label: 'Resolved' });
    await tickets.getByRole('link', { name: 'Ticket 1' }).click();
    await page.getByRole('link', { name: 'Every change to this ticket (audit trail)' }).click();
    await expect.poll(() => page.getByRole('main').getByRole('paragraph').first().textContent()).toBe('Showing the changes to one ticket. Show all changes');
    const t = await server.api('tickets.get', { id: ticketId });
    await expect.poll(async () => (await changeRows()).length).toBe(8);
    const ui = ['e2e', 'App screens'];
    // newest first: the resolution, the credit matched to August, the dispute, and the ticket opened from the grid
    expect(await changeRows()).toEqual([
      [...ui, 'Ticket 1', 'update', 'closed_at', '', t.closed_at],
      [...ui, 'Ticket 1', 'update', 'status', 'disputed', 'resolved'],
      [
        ...ui,
        'Ticket 1 credit 2015-08',
        'insert',
        '',
        '',
        `ticket_id: ${ticketId}, month: 2015-08, amount_cents: 371583, matched_account_id: ${accountId}, matched_month: 2015-08, note: Credited on the August bill MD-0815`,
      ],
      [...ui, 'Ticket 1', 'update', 'expected_credit_cents', '', '371583'],
      [...ui, 'Ticket 1', 'update', 'claim_number', '', 'MD-2015-0117'],
      [...ui, 'Ticket 1', 'update', 'status', 'open', 'disputed'],
      [
        ...ui,
        `Ticket 1: State of Maryland account ${FRN}, 2015-07`,
        'insert',
        '',
        '',
        `ticket_id: ${ticketId}, billing_account_id: ${accountId}, month: 2015-07, status_at_open: over, variance_at_open_cents: 371583`,
      ],
      [
        ...ui,
        'Ticket 1',
        'insert',
        '',
        '',
        `number: 1, title: State of Maryland 2790959 2015-07: over by 3,715.83, status: open, assignee: e2e, claim_number: —, opened_on: ${t.opened_on}, due_date: ${t.due_date}, expected_credit_cents: —, resolution_reason: —, closed_at: —, retired_at: —`,
      ],
    ]);
  });

  it('exports the ready-to-pay register of July as CSV from the register page', async () => {
    await nav('Ready to pay').click();
    const bar = page.getByRole('main');
    await bar.getByLabel('Month', { exact: true }).fill(JULY);
    const table = page.getByRole('table', { name: 'Ready-to-pay register' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3); // header, the bill, the total
    const reg = await server.api('approvals.register', { month: JULY });
    const approvedAt = await page.evaluate((iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }), reg.rows[0]!.approved_at);
    expect(await table.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
      'CALVERT COUNTY PUBLIC SCHOOLS',
      'MD',
      'State of Maryland',
      FRN,
      '',
      '',
      '9,284.17',
      '13,000.00',
      '3,715.83',
      'Over',
      'e2e',
      approvedAt,
      '',
    ]);
    expect(await page.getByRole('status').first().textContent()).toBe('1 bill OK to Pay, 13,000.00 in total');
    expect(await table.getByLabel('Register total').textContent()).toBe('13,000.00');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('ready-to-pay-2015-07.csv');
    // the bytes as accounts payable get them: a BOM, CRLF lines, plain amounts to the cent
    const file = readFileSync((await download.path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(file.toString('utf8')).toBe(
      '\uFEFFCustomer,Location,Carrier,Account,Invoice,Bill date,Expected,Actual,Variance,Status,Approved by,Approved at,Override reason\r\n' +
        `CALVERT COUNTY PUBLIC SCHOOLS,MD,State of Maryland,${FRN},,,9284.17,13000.00,3715.83,over,e2e,${reg.rows[0]!.approved_at},\r\n`,
    );
    expect(problems).toEqual([]);
  });
});
