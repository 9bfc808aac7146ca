// OK to Pay through the API: bills within tolerance approve directly, flagged bills only once their tickets
// are resolved or with an override (reason and permission), all or none; withdrawal needs a reason; the
// month's ready-to-pay register (API and CLI) in cents; and the billing history and roll-ups.
import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { testApi, seedAccount, tempDir, type TestApi } from '../support/api.ts';
import { ApiError, makeCtx, client } from '../../api/index.ts';
import { main } from '../../cli/main.ts';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

/** 2026-03: Alpha A1 ok (1,000.00), Bravo B1 over by 200.00, Charlie C1 (another carrier) under by 50.00 at 2%. */
async function month(t: TestApi) {
  const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
  const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 100_000, pctBp: 500 });
  const c = await seedAccount(t, { account: 'C1', customer: 'Charlie', expected: 20_000, pctBp: 200, carrier: 'Zeta Cloud' });
  await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 100_000, invoice_number: 'A-301', bill_date: '2026-03-04' });
  await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 120_000, invoice_number: '=B-301' });
  await t.api('actuals.set', { account_id: c.account.id, month: '2026-03', amount: 15_000 });
  return { a, b, c, bill: (x: { account: { id: string } }, m = '2026-03') => ({ account_id: x.account.id, month: m }) };
}

describe('OK to Pay', () => {
  it('approves a bill within tolerance directly, records who and when, and skips one already approved', async () => {
    const t = testApi();
    const { a, bill } = await month(t);
    const r = await t.api('approvals.approve', { bills: [bill(a)] });
    expect(r.approved).toEqual([
      expect.objectContaining({ account_id: a.account.id, month: '2026-03', approved_by: 'tester', status_at_approval: 'ok', actual_cents_at_approval: 100_000, override_reason: null, withdrawn_at: null }),
    ]);
    expect(r.approved[0]!.approved_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    const again = await t.api('approvals.approve', { bills: [bill(a)] });
    expect(again.approved).toEqual([]);
    expect(again.already_approved).toEqual([{ account_id: a.account.id, month: '2026-03', approved_by: 'tester', approved_at: r.approved[0]!.approved_at }]);
    expect(await t.api('audit.list', { record_id: r.approved[0]!.id })).toEqual([expect.objectContaining({ table_name: 'approvals', action: 'insert', actor: 'tester' })]);
  });

  it('refuses a flagged bill until its tickets are resolved, naming each bill and why, and approves nothing of the batch', async () => {
    const t = testApi();
    const { a, b, c, bill } = await month(t);
    const noTicket = await fail(t.api('approvals.approve', { bills: [bill(a), bill(b), bill(c)] }));
    expect(noTicket.code).toBe('conflict');
    expect(noTicket.message).toBe(
      '2 of 3 bills cannot be marked OK to Pay, so none was: ' +
        'Bravo, Acme Telecom account B1, 2026-03 is over by 200.00 and it has no ticket: resolve its tickets or give an override reason; ' +
        'Charlie, Zeta Cloud account C1, 2026-03 is under by 50.00 and it has no ticket: resolve its tickets or give an override reason',
    );
    expect(noTicket.details).toEqual([
      expect.objectContaining({ account_id: b.account.id, month: '2026-03' }),
      expect.objectContaining({ account_id: c.account.id, month: '2026-03' }),
    ]);
    // all or nothing: the ok bill was not approved either
    expect((await t.api('approvals.register', { month: '2026-03' })).rows).toEqual([]);

    const tb = (await t.api('tickets.open', { bills: [bill(b)] })).ticket;
    await t.api('tickets.update', { id: tb.id, patch: { status: 'disputed' } });
    const open = await fail(t.api('approvals.approve', { bills: [bill(b)] }));
    expect(open.message).toContain('Bravo, Acme Telecom account B1, 2026-03 is over by 200.00 and ticket 1 is disputed with the carrier: resolve its tickets or give an override reason');

    await t.api('tickets.update', { id: tb.id, patch: { status: 'resolved' } });
    const ok = await t.api('approvals.approve', { bills: [bill(a), bill(b)] });
    expect(ok.approved.map((x) => [x.account_id, x.status_at_approval, x.override_reason])).toEqual([
      [a.account.id, 'ok', null],
      [b.account.id, 'over', null],
    ]);
  });

  it('overrides a flagged bill only with a reason and the override permission', async () => {
    const t = testApi();
    const { c, bill } = await month(t);
    const approver = client(makeCtx(t.db, 'bob', 'test', { admin: false, modules: { tem: ['view', 'edit', 'approve'] } }));
    const noPermission = await fail(approver('approvals.approve', { bills: [{ ...bill(c), override_reason: 'Paid under protest' }] }));
    expect(noPermission.code).toBe('forbidden');
    expect(noPermission.message).toBe(
      '1 of 1 bills cannot be marked OK to Pay, so none was: Charlie, Zeta Cloud account C1, 2026-03 is under by 50.00 and it has no ticket: ' +
        'overriding needs the "override" permission in Telecom Expense Management, which bob does not have',
    );
    const viewer = client(makeCtx(t.db, 'val', 'test', { admin: false, modules: { tem: ['view'] } }));
    expect((await fail(viewer('approvals.approve', { bills: [bill(c)] }))).message).toBe(
      'val may not call approvals.approve: it needs the "approve" permission in Telecom Expense Management',
    );

    const supervisor = client(makeCtx(t.db, 'sue', 'test', { admin: false, modules: { tem: ['view', 'approve', 'override'] } }));
    expect((await fail(supervisor('approvals.approve', { bills: [bill(c)] }))).message).toContain('resolve its tickets or give an override reason');
    const r = await supervisor('approvals.approve', { bills: [bill(c)], override_reason: 'Credit promised on the April bill' });
    expect(r.approved).toEqual([expect.objectContaining({ approved_by: 'sue', status_at_approval: 'under', actual_cents_at_approval: 15_000, override_reason: 'Credit promised on the April bill' })]);
    expect((await t.api('tickets.forMonth', { month: '2026-03' }))).toEqual([
      { account_id: c.account.id, tickets: [], approval: { id: r.approved[0]!.id, approved_by: 'sue', approved_at: r.approved[0]!.approved_at, override: true, approved_actual_cents: 15_000, changed_since_approval: false } },
    ]);
  });

  it('withdraws an approval only with a reason, keeps the record, and can approve again', async () => {
    const t = testApi();
    const { a, bill } = await month(t);
    const first = (await t.api('approvals.approve', { bills: [bill(a)] })).approved[0]!;
    expect((await fail(t.api('approvals.withdraw', { ...bill(a), reason: '  ' }))).code).toBe('invalid_input');
    const w = await t.api('approvals.withdraw', { ...bill(a), reason: 'Invoice number was wrong' });
    expect(w.approval).toMatchObject({ id: first.id, withdrawn_by: 'tester', withdraw_reason: 'Invoice number was wrong', approved_by: 'tester' });
    expect(w.approval.withdrawn_at).not.toBeNull();
    expect((await t.api('approvals.register', { month: '2026-03' })).rows).toEqual([]);
    expect((await fail(t.api('approvals.withdraw', { ...bill(a), reason: 'again' }))).message).toBe(
      'Alpha, Acme Telecom account A1, 2026-03 is not OK to Pay, so there is nothing to withdraw',
    );
    const trail = await t.api('audit.list', { record_id: first.id });
    expect(trail.filter((e) => e.action === 'update').map((e) => e.field).sort()).toEqual(['withdraw_reason', 'withdrawn_at', 'withdrawn_by']);
    const second = (await t.api('approvals.approve', { bills: [bill(a)] })).approved[0]!;
    expect(second.id).not.toBe(first.id);
    expect((await t.api('approvals.register', { month: '2026-03' })).rows).toHaveLength(1);
  });
});

describe('ready-to-pay register', () => {
  const tmp = tempDir();
  afterAll(() => tmp.cleanup());

  it('lists the approved bills in cents with who approved them, puts a bill changed later apart, and exports through the CLI', async () => {
    const file = join(tmp.dir, 'register.db');
    const t = testApi(file);
    const { a, b, c, bill } = await month(t);
    const tb = (await t.api('tickets.open', { bills: [bill(b)] })).ticket;
    await t.api('tickets.update', { id: tb.id, patch: { status: 'resolved' } });
    await t.api('approvals.approve', { bills: [bill(b), bill(a)] });
    let reg = await t.api('approvals.register', { month: '2026-03' });
    expect(reg.rows.map((r) => [r.customer, r.location, r.carrier, r.account, r.expected_cents, r.actual_cents, r.variance_cents, r.status, r.approved_by, r.approved_actual_cents, r.approved_invoice_number])).toEqual([
      ['Alpha', 'Main', 'Acme Telecom', 'A1', 100_000, 100_000, 0, 'ok', 'tester', 100_000, 'A-301'],
      ['Bravo', 'Main', 'Acme Telecom', 'B1', 100_000, 120_000, 20_000, 'over', 'tester', 120_000, '=B-301'],
    ]);
    expect(reg.changed_since_approval).toEqual([]);
    expect(reg.total_actual_cents).toBe(220_000);
    expect(reg.rows.some((r) => r.account === c.account.account_number)).toBe(false);

    // A1 changes after approval (still within tolerance): it is no longer the bill approved, so not ready to pay
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 100_400, invoice_number: 'A-301' });
    reg = await t.api('approvals.register', { month: '2026-03' });
    expect(reg.rows.map((r) => r.account)).toEqual(['B1']);
    expect(reg.total_actual_cents).toBe(120_000);
    expect(reg.changed_since_approval).toEqual([expect.objectContaining({ account: 'A1', actual_cents: 100_400, approved_actual_cents: 100_000, status: 'ok' })]);
    t.db.close();

    let out = '';
    let err = '';
    const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s) };
    expect(await main(['--db', file, 'approvals', 'register', '--month', '2026-03'], io)).toBe(0);
    const lines = out.split('\r\n');
    expect(lines[0]).toBe('\uFEFFCustomer,Location,Carrier,Account,Invoice,Bill date,Expected,Actual,Variance,Status,Approved by,Approved at,Override reason');
    // an invoice number that looks like a formula is neutralised
    expect(lines[1]).toMatch(/^Bravo,Main,Acme Telecom,B1,'=B-301,,1000\.00,1200\.00,200\.00,over,tester,\d{4}-[^,]+,$/);
    expect(lines.slice(2)).toEqual(['']);
    expect(err).toBe(
      'Changed since approval, not ready to pay and not in the total (1 bill; approve again to pay): Alpha, Acme Telecom account A1 approved 1,000.00 (invoice A-301), now 1,004.00 (invoice A-301)\n',
    );
    out = '';
    err = '';
    expect(await main(['--db', file, 'approvals', 'register', '--month', '2026-03', '--format', 'json'], io)).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ month: '2026-03', total_actual_cents: 120_000, rows: [{ account: 'B1' }], changed_since_approval: [{ account: 'A1', actual_cents: 100_400 }] });
    expect(await main(['--db', file, 'approvals', 'register'], io)).toBe(2);
    expect(err).toContain('approvals register needs --month YYYY-MM');
  });
});

describe('billing history', () => {
  it('gives an account month by month: expected, actual, variance, status, tickets and approval', async () => {
    const t = testApi();
    const { a, bill } = await month(t);
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-01', amount: 99_000 });
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-02', amount: 130_000 });
    const ticket = (await t.api('tickets.open', { bills: [bill(a, '2026-02')] })).ticket;
    await t.api('approvals.approve', { bills: [bill(a)] });
    const h = await t.api('history.account', { account_id: a.account.id, to: '2026-04', months: 4 });
    expect(h).toMatchObject({ account_id: a.account.id, customer: 'Alpha', location: 'Main', carrier: 'Acme Telecom', account: 'A1' });
    expect(h.rows.map((r) => [r.month, r.expected_cents, r.actual_cents, r.variance_cents, r.variance_pct, r.status, r.ticket_ids, r.approved_by])).toEqual([
      ['2026-01', 100_000, 99_000, -1_000, -1, 'ok', [], null],
      ['2026-02', 100_000, 130_000, 30_000, 30, 'over', [ticket.id], null],
      ['2026-03', 100_000, 100_000, 0, 0, 'ok', [], 'tester'],
      ['2026-04', 100_000, null, null, null, 'missing', [], null],
    ]);
    const full = await t.api('history.account', { account_id: a.account.id, to: '2026-03' });
    expect(full.rows).toHaveLength(24);
    expect([full.rows[0]!.month, full.rows[23]!.month]).toEqual(['2024-04', '2026-03']);
    expect((await fail(t.api('history.account', { account_id: 'nope', to: '2026-03' }))).code).toBe('not_found');
  });

  it('rolls up per customer and per carrier per month', async () => {
    const t = testApi();
    const { a, b } = await month(t);
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-02', amount: 101_000 });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-02', amount: 90_000 });
    const byCarrier = await t.api('history.rollup', { by: 'carrier', from: '2026-02', to: '2026-03' });
    expect(byCarrier.map((r) => [r.month, r.name, r.accounts, r.flagged, r.expected_cents, r.actual_cents, r.variance_cents, r.at_stake_cents])).toEqual([
      ['2026-02', 'Acme Telecom', 2, 1, 200_000, 191_000, -9_000, 10_000],
      ['2026-02', 'Zeta Cloud', 1, 1, 20_000, 0, 0, 0],
      ['2026-03', 'Acme Telecom', 2, 1, 200_000, 220_000, 20_000, 20_000],
      ['2026-03', 'Zeta Cloud', 1, 1, 20_000, 15_000, -5_000, 5_000],
    ]);
    const byCustomer = await t.api('history.rollup', { by: 'customer', from: '2026-03', to: '2026-03', carrier_id: a.carrier.id });
    expect(byCustomer.map((r) => [r.name, r.key_id, r.expected_cents, r.actual_cents, r.variance_cents])).toEqual([
      ['Alpha', a.customer.id, 100_000, 100_000, 0],
      ['Bravo', b.customer.id, 100_000, 120_000, 20_000],
    ]);
    expect((await fail(t.api('history.rollup', { by: 'carrier', from: '2026-04', to: '2026-03' }))).message).toContain('is after');
  });
});
