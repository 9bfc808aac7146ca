// The "done when" on real data: a flagged E-Rate bill taken from the month check through a ticket, a
// credit on the next bill and a resolution to OK to Pay, then seen in the account's history and the audit trail,
// and exported in the month's ready-to-pay register. The bill: State of Maryland, FRN 2790959 (Calvert County
// Public Schools), expected 9,284.17 as filed, 13,000.00 verified: over by 3,715.83 at 5 % (computed from the
// CSV files with Python's Decimal; 10 bills are over at 5 %, as the README says).
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tem } from '../support/cli.ts';
import { ERATE, tempDir, testApi, type TestApi } from '../support/api.ts';
import { createInvokeHandler } from '../../main/ipc.ts';
import { workbook } from '../support/reports.ts';

const BOOK_MAP = 'customer=applicant_name,customer_code=applicant_ben,location=applicant_postal_cd,carrier=service_provider_name,account=frn,service=connect_type,expected=rec_elig_cost';
const ACTUALS_MAP = 'carrier=service_provider_name,account=frn,actual=rec_elig_cost';
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('a flagged E-Rate bill from the month check to OK to Pay', () => {
  it('goes through a ticket, a credit on the August bill and a resolution, into the register, the history and the trail', async () => {
    for (const f of ['orig_broadband_line_items.csv', 'verified_broadband_line_items.csv']) copyFileSync(join(ERATE, f), join(tmp.dir, f));
    const db = join(tmp.dir, 'erate.db');
    expect((await tem('--db', db, 'import', 'book', join(tmp.dir, 'orig_broadband_line_items.csv'), '--map', BOOK_MAP, '--skip-invalid', '--tolerance-pct', '5')).code).toBe(0);
    expect((await tem('--db', db, 'import', 'actuals', join(tmp.dir, 'verified_broadband_line_items.csv'), '--month', '2015-07', '--map', ACTUALS_MAP, '--skip-invalid')).code).toBe(0);

    // Ana works in the desktop app: every call goes through the IPC entry from the app's window, with the ctx the
    // main process makes for the desktop (main/database.ts), so the trail records what the app really writes.
    const desk = testApi(db, 'ana', 'ipc');
    let now = '2015-08-03T09:00:00.000Z';
    desk.ctx.now = () => now;
    const invoke = createInvokeHandler({ ctx: () => desk.ctx });
    const appWindow = { senderFrame: { url: 'app://tem/index.html', parent: null } };
    const api = (async (method: string, input: unknown) => {
      const r = await invoke(appWindow, method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
      return r.value;
    }) as TestApi['api'];
    const t: TestApi = { ...desk, api };
    const july = await t.api('month.check', { month: '2015-07' });
    expect(july.totals).toMatchObject({ over: 10, under: 63 });
    const bill = july.rows.find((r) => r.carrier === 'State of Maryland' && r.account === '2790959')!;
    expect(bill).toMatchObject({ customer: 'CALVERT COUNTY PUBLIC SCHOOLS', status: 'over', expected_cents: 928_417, actual_cents: 1_300_000, variance_cents: 371_583 });
    const julyBill = { account_id: bill.account_id, month: '2015-07' };

    await t.api('carriers.update', { id: bill.carrier_id, patch: { dispute_window_days: 60 } });
    const { ticket } = await t.api('tickets.open', { bills: [julyBill], assignee: 'ana', expected_credit_cents: 371_583 });
    // no bill date in the E-Rate file: the window counts from the day the ticket opened
    expect(ticket).toMatchObject({ number: 1, title: 'State of Maryland 2790959 2015-07: over by 3,715.83', opened_on: '2015-08-03', due_date: '2015-10-02', at_stake_cents: 371_583, owed_cents: 371_583 });
    await t.api('tickets.update', { id: ticket.id, patch: { status: 'disputed', claim_number: 'MD-2015-0117' } });
    await t.api('attachments.add', { ticket_id: ticket.id, file_name: 'FRN 2790959 July.pdf', data: new TextEncoder().encode('%PDF-1.4 July bill') });

    // August: the carrier bills the filed rate and credits the July difference on the same bill
    now = '2015-09-02T09:00:00.000Z';
    await t.api('actuals.set', { account_id: bill.account_id, month: '2015-08', amount: '5,568.34', invoice_number: 'MD-0815' });
    const credited = await t.api('tickets.addCredit', { ticket_id: ticket.id, amount_cents: 371_583, matched: { account_id: bill.account_id, month: '2015-08' } });
    expect(credited.ticket).toMatchObject({ received_cents: 371_583, owed_cents: 0 });
    const august = (await t.api('month.check', { month: '2015-08', customer_id: bill.customer_id! })).rows.find((r) => r.account_id === bill.account_id)!;
    expect(august).toMatchObject({ expected_cents: 556_834, actual_cents: 556_834, variance_cents: 0, status: 'ok' });
    // nothing owed: resolving needs no reason
    await t.api('tickets.update', { id: ticket.id, patch: { status: 'resolved' } });

    const ok = await t.api('approvals.approve', { bills: [julyBill, { account_id: bill.account_id, month: '2015-08' }] });
    expect(ok.approved.map((a) => [a.month, a.status_at_approval, a.actual_cents_at_approval, a.override_reason])).toEqual([
      ['2015-07', 'over', 1_300_000, null],
      ['2015-08', 'ok', 556_834, null],
    ]);

    const reg = await t.api('approvals.register', { month: '2015-07' });
    expect(reg.rows.map((r) => [r.customer, r.carrier, r.account, r.expected_cents, r.actual_cents, r.variance_cents, r.approved_by])).toEqual([
      ['CALVERT COUNTY PUBLIC SCHOOLS', 'State of Maryland', '2790959', 928_417, 1_300_000, 371_583, 'ana'],
    ]);
    const xlsx = await t.api('approvals.export', { month: '2015-07', format: 'xlsx' });
    const row = (await workbook(xlsx.data)).getRow(2).values as unknown[];
    expect(row.slice(1, 10)).toEqual(['CALVERT COUNTY PUBLIC SCHOOLS', 'MD', 'State of Maryland', '2790959', undefined, undefined, 9284.17, 13000, 3715.83]);

    const h = await t.api('history.account', { account_id: bill.account_id });
    expect(h.rows.slice(-2).map((r) => [r.month, r.expected_cents, r.actual_cents, r.status, r.tickets.map((x) => `${x.number} ${x.status}`), r.approved_by])).toEqual([
      ['2015-07', 928_417, 1_300_000, 'over', ['1 resolved'], 'ana'],
      ['2015-08', 556_834, 556_834, 'ok', [], 'ana'],
    ]);

    const trail = await t.api('audit.list', { account_id: bill.account_id, actor: 'ana' });
    expect(new Set(trail.map((e) => e.table_name))).toEqual(new Set(['actuals', 'approvals', 'ticket_bills', 'ticket_credits']));
    expect(trail.every((e) => e.door === 'ui')).toBe(true);
    // the book and the July bills came from files through `tem import`: recorded as imports, not as the CLI
    const imported = await t.api('audit.list', { account_id: bill.account_id, door: 'import' });
    expect(new Set(imported.map((e) => e.table_name))).toEqual(new Set(['billing_accounts', 'actuals', 'services', 'contracts']));
    expect(imported.some((e) => e.actor === 'ana')).toBe(false);
    const ticketTrail = await t.api('audit.list', { ticket_id: ticket.id });
    expect(ticketTrail.filter((e) => e.field === 'status').map((e) => e.new_value).reverse()).toEqual(['"disputed"', '"resolved"']);
    // The credit is in the August bill's trail as itself; no one-off expectation was written for it.
    expect((await t.api('audit.list', { bill_month: '2015-08', table_name: 'ticket_credits' }))[0]).toMatchObject({ action: 'insert', record_label: 'Ticket 1 credit 2015-08' });
    expect(await t.api('audit.list', { bill_month: '2015-08', table_name: 'expected_overrides' })).toEqual([]);
    t.db.close();
  }, 120_000);
});
