// The whole bill workflow through the API, in exact cents: a bill is flagged, a ticket opens with the due date from
// the carrier's dispute window, the bill is disputed, a credit arrives on a later bill and is matched to it, the
// ticket is resolved (with a reason for what is still owed), the bill is approved OK to Pay and exported in the
// ready-to-pay register, the approval is withdrawn with a reason, and all of it shows in the history and the trail.
import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { workbook } from '../support/reports.ts';
import { ApiError, makeCtx, client } from '../../api/index.ts';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

/** A clock the test moves: every write is stamped with it. */
function clocked(t: TestApi, start: string) {
  let now = start;
  t.ctx.now = () => now;
  return (iso: string) => void (now = iso);
}

async function book(t: TestApi) {
  const a = await seedAccount(t, { account: '007321', customer: 'Springfield Schools', expected: 100_000, pctBp: 500 });
  const b = await seedAccount(t, { account: '123456789000', customer: 'Shelbyville Library', expected: 40_000, pctBp: 500 });
  await t.api('carriers.update', { id: a.carrier.id, patch: { dispute_window_days: 30, bill_day: 3 } });
  return { a, b };
}

describe('a flagged bill from the grid to OK to Pay', () => {
  it('flags, tickets, disputes, credits, resolves, approves, exports and withdraws, in exact cents', async () => {
    const t = testApi();
    const at = clocked(t, '2026-03-06T09:00:00.000Z');
    const { a, b } = await book(t);
    const march = { account_id: a.account.id, month: '2026-03' };

    // flag: 1,150.00 against 1,000.00 at 5 % is over by 150.00; Shelbyville's 400.00 is ok
    const set = await t.api('actuals.set', { ...march, amount: '1,150.00', bill_date: '2026-03-05', invoice_number: 'INV-0301' });
    expect(set.row).toMatchObject({ status: 'over', expected_cents: 100_000, actual_cents: 115_000, variance_cents: 15_000 });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 40_000, bill_date: '2026-03-05' });
    expect((await t.api('month.check', { month: '2026-03' })).totals).toMatchObject({ over: 1, ok: 1, at_stake_cents: 15_000 });

    // the alert says so the next day; a flagged bill without a ticket cannot be approved
    const alerts = await t.api('alerts.list', { as_of: '2026-03-07' });
    expect(alerts.alerts.filter((x) => x.kind === 'newly_flagged')).toEqual([
      expect.objectContaining({ month: '2026-03', count: 1, at_stake_cents: 15_000, title: '2026-03: 1 newly flagged bill without a ticket' }),
    ]);
    const early = await fail(t.api('approvals.approve', { bills: [march] }));
    expect(early.message).toBe(
      '1 of 1 bills cannot be marked OK to Pay, so none was: Springfield Schools, Acme Telecom account 007321, 2026-03 is over by 150.00 and it has no ticket: resolve its tickets or give an override reason',
    );

    // ticket: due 30 days after the bill date
    at('2026-03-07T10:00:00.000Z');
    const opened = await t.api('tickets.open', { bills: [march], assignee: 'tester', note: 'Carrier billed the old rate' });
    const id = opened.ticket.id;
    expect(opened.ticket).toMatchObject({ number: 1, status: 'open', opened_on: '2026-03-07', due_date: '2026-04-04', at_stake_cents: 15_000, owed_cents: null });
    expect((await t.api('alerts.list', { as_of: '2026-03-07' })).alerts.filter((x) => x.kind === 'newly_flagged')).toEqual([]);
    expect((await t.api('tickets.forMonth', { month: '2026-03' })).find((x) => x.account_id === a.account.id)?.tickets).toEqual([{ id, number: 1, status: 'open' }]);

    // dispute with the carrier, expecting the 150.00 back
    at('2026-03-09T10:00:00.000Z');
    await t.api('tickets.update', { id, patch: { status: 'researching' } });
    const disputed = await t.api('tickets.update', { id, patch: { status: 'disputed', claim_number: 'CLM-88', expected_credit_cents: 15_000 } });
    expect(disputed.ticket).toMatchObject({ status: 'disputed', claim_number: 'CLM-88', expected_credit_cents: 15_000, received_cents: 0, owed_cents: 15_000 });
    await t.api('attachments.add', { ticket_id: id, file_name: 'march-bill.pdf', data: new TextEncoder().encode('%PDF-1.4 the March bill') });

    // five days before the window closes the alert warns; after it, the ticket is past due
    expect((await t.api('alerts.list', { as_of: '2026-03-30' })).alerts.find((x) => x.ticket_id === id)).toMatchObject({
      kind: 'window_closing',
      severity: 'warning',
      title: 'Ticket 1: the dispute window closes in 5 days (2026-04-04)',
      detail: 'Acme Telecom 007321 2026-03: over by 150.00 — disputed with the carrier, assigned to tester',
    });
    expect((await t.api('alerts.list', { as_of: '2026-04-06' })).alerts.find((x) => x.ticket_id === id)).toMatchObject({
      kind: 'ticket_overdue',
      severity: 'urgent',
      title: 'Ticket 1 is 2 days past due (2026-04-04)',
    });
    expect((await t.api('tickets.list', { overdue_on: '2026-04-06' })).map((x) => x.number)).toEqual([1]);

    // credit: 100.00 shows up on the April bill (1,000.00 - 100.00 = 900.00), which then checks out as expected
    at('2026-04-06T10:00:00.000Z');
    const april = { account_id: a.account.id, month: '2026-04' };
    expect((await t.api('actuals.set', { ...april, amount: '900.00', bill_date: '2026-04-05' })).row).toMatchObject({ status: 'under', variance_cents: -10_000 });
    await t.api('tickets.update', { id, patch: { status: 'credit_pending' } });
    const credited = await t.api('tickets.addCredit', { ticket_id: id, amount_cents: 10_000, matched: april, note: 'on the April bill' });
    expect(credited.ticket).toMatchObject({ expected_credit_cents: 15_000, received_cents: 10_000, owed_cents: 5_000 });
    expect(credited.ticket.credits).toEqual([expect.objectContaining({ month: '2026-04', amount_cents: 10_000, matched_month: '2026-04', matched_account_id: a.account.id })]);
    const aprilRow = (await t.api('month.check', { month: '2026-04', customer_id: a.customer.id })).rows[0]!;
    expect(aprilRow).toMatchObject({ expected_cents: 90_000, actual_cents: 90_000, variance_cents: 0, status: 'ok' });

    // resolve: 50.00 is still owed, so a reason is needed
    const noReason = await fail(t.api('tickets.update', { id, patch: { status: 'resolved' } }));
    expect(noReason.message).toBe('Ticket 1 still has 50.00 owed (credit expected 150.00, received 100.00): marking it resolved needs a resolution reason');
    const resolved = await t.api('tickets.update', { id, patch: { status: 'resolved', resolution_reason: 'Rest written off: below the cost of chasing' } });
    expect(resolved.ticket).toMatchObject({ status: 'resolved', owed_cents: 5_000, closed_at: '2026-04-06T10:00:00.000Z' });

    // approve: the March bill now approves without an override; April is ok and approves directly
    at('2026-04-07T08:30:00.000Z');
    const ok = await t.api('approvals.approve', { bills: [march, april, { account_id: b.account.id, month: '2026-03' }] });
    expect(ok.approved.map((x) => [x.month, x.status_at_approval, x.actual_cents_at_approval, x.override_reason, x.approved_at])).toEqual([
      ['2026-03', 'over', 115_000, null, '2026-04-07T08:30:00.000Z'],
      ['2026-04', 'ok', 90_000, null, '2026-04-07T08:30:00.000Z'],
      ['2026-03', 'ok', 40_000, null, '2026-04-07T08:30:00.000Z'],
    ]);

    // the register in CSV and XLSX: the same cents, account numbers as text
    const reg = await t.api('approvals.register', { month: '2026-03' });
    expect(reg.total_actual_cents).toBe(155_000);
    expect(reg.rows.map((r) => [r.customer, r.account, r.actual_cents, r.variance_cents])).toEqual([
      ['Shelbyville Library', '123456789000', 40_000, 0],
      ['Springfield Schools', '007321', 115_000, 15_000],
    ]);
    const csv = await t.api('approvals.export', { month: '2026-03', format: 'csv' });
    expect(csv.file_name).toBe('ready-to-pay-2026-03.csv');
    expect([...csv.data.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(csv.data).split('\r\n');
    expect(lines[0]).toBe(
      'Customer,Location,Carrier,Account,Invoice,Bill date,Expected,Actual,Variance,Status,Approved by,Approved at,Override reason',
    );
    expect(lines[2]).toBe('Springfield Schools,Main,Acme Telecom,007321,INV-0301,2026-03-05,1000.00,1150.00,150.00,over,tester,2026-04-07T08:30:00.000Z,');
    const xlsx = await t.api('approvals.export', { month: '2026-03', format: 'xlsx' });
    expect(xlsx.file_name).toBe('ready-to-pay-2026-03.xlsx');
    const ws = await workbook(xlsx.data);
    expect(ws.getRow(1).values).toEqual([undefined, ...lines[0]!.split(',')]);
    expect(ws.getCell('D3').value).toBe('007321');
    expect(ws.getCell('D2').value).toBe('123456789000');
    expect(ws.getCell('H3').value).toBe(1150);
    expect(ws.getCell('I3').value).toBe(150);
    expect((ws.getCell('F3').value as Date).toISOString()).toBe('2026-03-05T00:00:00.000Z');

    // withdraw: a reason is required and kept; the register loses the bill
    const noWhy = await fail(t.api('approvals.withdraw', { ...march, reason: '  ' }));
    expect(noWhy.code).toBe('invalid_input');
    at('2026-04-08T12:00:00.000Z');
    const w = await t.api('approvals.withdraw', { ...march, reason: 'Carrier sent a corrected invoice' });
    expect(w.approval).toMatchObject({ withdrawn_at: '2026-04-08T12:00:00.000Z', withdrawn_by: 'tester', withdraw_reason: 'Carrier sent a corrected invoice' });
    expect((await t.api('approvals.register', { month: '2026-03' })).total_actual_cents).toBe(40_000);

    // history of the account: both months with figures, the ticket and the approval in force
    const h = await t.api('history.account', { account_id: a.account.id });
    expect(h.last_bill_month).toBe('2026-04');
    expect(h.rows).toHaveLength(24);
    expect(h.rows.slice(-2).map((r) => [r.month, r.expected_cents, r.actual_cents, r.variance_cents, r.status, r.tickets, r.approved_by])).toEqual([
      ['2026-03', 100_000, 115_000, 15_000, 'over', [{ id, number: 1, status: 'resolved' }], null],
      ['2026-04', 90_000, 90_000, 0, 'ok', [], 'tester'],
    ]);

    // the trail per ticket, per user and per bill month
    const trail = await t.api('audit.list', { ticket_id: id });
    expect(new Set(trail.map((e) => e.table_name))).toEqual(new Set(['tickets', 'ticket_bills', 'ticket_notes', 'ticket_credits', 'ticket_attachments']));
    expect(trail.find((e) => e.table_name === 'ticket_attachments')?.record_label).toBe('Ticket 1 file march-bill.pdf');
    const statusChanges = trail.filter((e) => e.field === 'status').map((e) => e.new_value).reverse();
    expect(statusChanges).toEqual(['"researching"', '"disputed"', '"credit_pending"', '"resolved"']);
    const marchTrail = await t.api('audit.list', { bill_month: '2026-03' });
    expect(marchTrail.filter((e) => e.table_name === 'approvals').map((e) => [e.action, e.field, e.new_value]).reverse()).toEqual([
      ['insert', null, expect.any(String)],
      ['insert', null, expect.any(String)],
      ['update', 'withdrawn_at', '"2026-04-08T12:00:00.000Z"'],
      ['update', 'withdrawn_by', '"tester"'],
      ['update', 'withdraw_reason', '"Carrier sent a corrected invoice"'],
    ]);
    expect((await t.api('audit.list', { changed_in: '2026-04', table_name: 'tickets' })).map((e) => e.field)).toEqual(['closed_at', 'resolution_reason', 'status', 'status']);
    expect(await t.api('audit.list', { actor: 'somebody else' })).toEqual([]);
    expect(await t.api('audit.actors', {})).toEqual(['tester']);
  });

  it('overrides a flagged bill only with a reason and the override permission', async () => {
    const t = testApi();
    const { a } = await book(t);
    const march = { account_id: a.account.id, month: '2026-03' };
    await t.api('actuals.set', { ...march, amount: 115_000 });
    const clerk = client(makeCtx(t.db, 'clerk', 'test', { admin: false, modules: { tem: ['view', 'edit', 'approve'] } }));
    const denied = await fail(clerk('approvals.approve', { bills: [march], override_reason: 'Known price rise' }));
    expect(denied.code).toBe('forbidden');
    expect(denied.message).toContain('overriding needs the "override" permission in Telecom Expense Management, which clerk does not have');
    const r = await t.api('approvals.approve', { bills: [march], override_reason: 'Known price rise' });
    expect(r.approved[0]).toMatchObject({ status_at_approval: 'over', actual_cents_at_approval: 115_000, override_reason: 'Known price rise' });
    expect((await t.api('tickets.forMonth', { month: '2026-03' }))[0]!.approval).toMatchObject({ override: true, approved_by: 'tester' });
  });
});

describe('the register on the command line', () => {
  it('writes the XLSX to --out and refuses xlsx without it', async () => {
    const { tempDir } = await import('../support/api.ts');
    const { tem } = await import('../support/cli.ts');
    const { dir, cleanup } = tempDir();
    try {
      const file = `${dir}/tem.db`;
      const t = testApi(file);
      const { a } = await book(t);
      await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 100_000 });
      await t.api('approvals.approve', { bills: [{ account_id: a.account.id, month: '2026-03' }] });
      t.db.close();
      const refused = await tem('--db', file, 'approvals', 'register', '--month', '2026-03', '--format', 'xlsx');
      expect(refused.code).toBe(2);
      expect(refused.err).toContain('--format xlsx writes a file: add --out FILE.xlsx');
      const out = `${dir}/register.xlsx`;
      const ok = await tem('--db', file, 'approvals', 'register', '--month', '2026-03', '--format', 'xlsx', '--out', out);
      expect(ok.code).toBe(0);
      expect(ok.err).toBe(`Wrote ${out}\n`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      expect(wb.worksheets[0]!.getCell('D2').value).toBe('007321');
      expect(wb.worksheets[0]!.getCell('H2').value).toBe(1000);
      const csv = await tem('--db', file, 'approvals', 'register', '--month', '2026-03');
      expect(csv.out.startsWith('\uFEFFCustomer,Location,Carrier,Account,')).toBe(true);
      expect(csv.out.split('\r\n')[1]).toContain('Springfield Schools,Main,Acme Telecom,007321,');
    } finally {
      cleanup();
    }
  });
});

describe('user-defined fields in the register', () => {
  it("adds the customer's and the location's fields (GL code, cost centre) after the fixed columns, in CSV and XLSX", async () => {
    const t = testApi();
    const { a, b } = await book(t);
    await t.api('udf.saveDef', { entity: 'customers', key: 'gl_code', label: 'GL code', type: 'text' });
    await t.api('udf.saveDef', { entity: 'locations', key: 'cost_centre', label: 'Cost centre', type: 'text' });
    await t.api('udf.set', { entity: 'customers', record_id: a.customer.id, values: { gl_code: '007-6100' } });
    await t.api('udf.set', { entity: 'locations', record_id: b.location.id, values: { cost_centre: '=CC-12' } });
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 100_000 });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 40_000 });
    await t.api('approvals.approve', { bills: [{ account_id: a.account.id, month: '2026-03' }, { account_id: b.account.id, month: '2026-03' }] });
    const csv = new TextDecoder().decode((await t.api('approvals.export', { month: '2026-03', format: 'csv' })).data).split('\r\n');
    expect(csv[0]!.endsWith(',Override reason,GL code,Cost centre')).toBe(true);
    expect(csv[1]!.startsWith('Shelbyville Library,')).toBe(true);
    // ... Approved at, Override reason (none), GL code, Cost centre
    expect(csv[1]!.endsWith("Z,,,'=CC-12")).toBe(true);
    expect(csv[2]!.endsWith('Z,,007-6100,')).toBe(true);
    const ws = await workbook((await t.api('approvals.export', { month: '2026-03', format: 'xlsx' })).data);
    expect([ws.getCell('N1').value, ws.getCell('O1').value]).toEqual(['GL code', 'Cost centre']);
    expect(ws.getCell('O2').value).toBe('=CC-12');
    expect(ws.getCell('O2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('N3').value).toBe('007-6100');
  });
});
