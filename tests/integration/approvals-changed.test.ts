// An approval approves one amount of one invoice. The tester's case on the E-Rate book: AGUA DULCE INDEP SCHOOL DIST,
// Windstream Communications, LLC account 2831654, expected 918.00 a month, billed 918.00 in 2015-07 (ok) and approved;
// then the bill is changed to 5,000.00 (over by 4,082.00, no ticket). The approval no longer stands: the bill needs
// approving again everywhere (grid, OK to Pay page, history), is left out of the ready-to-pay register and its total
// (listed apart as changed since approval), and approves again under the usual rules. A missing bill (ABERNATHY
// INDEP SCHOOL DIST 2727096, expected 6,000.00, no July bill) cannot be approved, override or not. Derived on read,
// so it holds on every synced copy.
import { describe, it, expect, beforeAll, afterAll, afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERATE, tempDir, testApi, type TestApi } from '../support/api.ts';
import { tem } from '../support/cli.ts';
import { ApiError } from '../../api/index.ts';
import { registerLayout } from '../../api/reports/register.ts';
import { inProcess, sharedBook, at, MONTH, type World } from './sync-setup.ts';

const BOOK_MAP = { customer: 'applicant_name', customer_code: 'applicant_ben', location: 'applicant_postal_cd', carrier: 'service_provider_name', account: 'frn', service: 'connect_type', expected: 'rec_elig_cost' };
const JULY = '2015-07';
const AGUA = 'AGUA DULCE INDEP SCHOOL DIST, Windstream Communications, LLC account 2831654';
const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

const tmp = tempDir();
afterAll(() => tmp.cleanup());

let t: TestApi;
let file: string;
let agua: { account_id: string; month: string };
let abernathy: { account_id: string; month: string };
const accountOf = async (number: string) => (await t.api('accounts.list', { search: number })).find((a) => a.account_number === number)!.id;
const register = () => t.api('approvals.register', { month: JULY });
const workflowOf = async (id: string) => (await t.api('tickets.forMonth', { month: JULY })).find((w) => w.account_id === id)?.approval ?? null;
const historyOf = async (id: string) => (await t.api('history.account', { account_id: id, to: JULY, months: 1 })).rows[0]!;

beforeAll(async () => {
  file = join(tmp.dir, 'erate.db');
  t = testApi(file);
  await t.api('import.book', { file_name: 'orig_broadband_line_items.csv', data: readFileSync(join(ERATE, 'orig_broadband_line_items.csv')), map: BOOK_MAP, skip_invalid: true, tolerance_pct: '5' });
  agua = { account_id: await accountOf('2831654'), month: JULY };
  abernathy = { account_id: await accountOf('2727096'), month: JULY };
  await t.api('actuals.set', { ...agua, amount: '918.00' });
}, 120_000);
afterAll(() => t.db.close());

describe('an approval approves one amount', () => {
  it('stops standing when the actual changes: out of the register and its total, re-approval needed everywhere', async () => {
    const check = (await t.api('month.check', { month: JULY })).rows;
    expect(check.find((r) => r.account_id === agua.account_id)).toMatchObject({ expected_cents: 91_800, actual_cents: 91_800, status: 'ok' });
    const first = (await t.api('approvals.approve', { bills: [agua] })).approved[0]!;
    expect(first).toMatchObject({ actual_cents_at_approval: 91_800, invoice_number_at_approval: '', status_at_approval: 'ok' });

    let reg = await register();
    expect(reg.rows.map((r) => [r.account, r.actual_cents, r.approved_actual_cents])).toEqual([['2831654', 91_800, 91_800]]);
    expect(reg.total_actual_cents).toBe(91_800);
    expect(reg.changed_since_approval).toEqual([]);
    expect(await workflowOf(agua.account_id)).toMatchObject({ id: first.id, changed_since_approval: false, approved_actual_cents: 91_800 });

    await t.api('actuals.set', { ...agua, amount: '5,000.00' });
    expect((await t.api('month.check', { month: JULY })).rows.find((r) => r.account_id === agua.account_id)).toMatchObject({ actual_cents: 500_000, variance_cents: 408_200, status: 'over' });
    reg = await register();
    expect(reg.rows).toEqual([]);
    expect(reg.total_actual_cents).toBe(0);
    expect(reg.changed_since_approval.map((r) => [r.account, r.actual_cents, r.approved_actual_cents, r.status, r.approved_by])).toEqual([['2831654', 500_000, 91_800, 'over', 'tester']]);
    // the grid and the OK to Pay page (tickets.forMonth) and the history say it needs approving again
    expect(await workflowOf(agua.account_id)).toMatchObject({ id: first.id, changed_since_approval: true, approved_actual_cents: 91_800 });
    expect(await historyOf(agua.account_id)).toMatchObject({ month: JULY, actual_cents: 500_000, status: 'over', approved_by: 'tester', changed_since_approval: true });
    // the report: nothing to pay, the changed bill named apart
    const report = await t.api('reports.okToPay', { month: JULY });
    expect(report.totals).toEqual({ bills: 0, expected_cents: 0, actual_cents: 0, variance_cents: 0 });
    expect(registerLayout(report, 'en-US').notes).toEqual([
      `Changed since approval, not ready to pay and not in the total (1 bill; approve again to pay): ${AGUA} approved 918.00, now 5,000.00`,
    ]);
  });

  it('leaves the changed bill out of the files for accounts payable, and the CLI names it apart', async () => {
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode((await t.api('approvals.export', { month: JULY, format: 'csv' })).data);
    expect(csv).toBe('\uFEFFCustomer,Location,Carrier,Account,Invoice,Bill date,Expected,Actual,Variance,Status,Approved by,Approved at,Override reason\r\n');
    const out = await tem('--db', file, 'approvals', 'register', '--month', JULY);
    expect(out.code).toBe(0);
    expect(out.out).not.toContain('2831654');
    expect(out.err).toBe(`Changed since approval, not ready to pay and not in the total (1 bill; approve again to pay): ${AGUA} approved 918.00, now 5,000.00\n`);
    const json = JSON.parse((await tem('--db', file, 'approvals', 'register', '--month', JULY, '--format', 'json')).out);
    expect(json).toMatchObject({ rows: [], total_actual_cents: 0, changed_since_approval: [{ account: '2831654', actual_cents: 500_000, approved_actual_cents: 91_800 }] });
  });

  it('is approved again under the usual rules: the flagged bill needs a ticket or an override; the old approval is withdrawn', async () => {
    const noTicket = await fail(t.api('approvals.approve', { bills: [agua] }));
    expect(noTicket.code).toBe('conflict');
    expect(noTicket.message).toBe(
      `1 of 1 bills cannot be marked OK to Pay, so none was: ${AGUA}, 2015-07 is over by 4,082.00 and it has no ticket: resolve its tickets or give an override reason`,
    );
    const before = (await workflowOf(agua.account_id))!;
    const again = await t.api('approvals.approve', { bills: [agua], override_reason: 'Carrier confirmed the new rate' });
    expect(again.already_approved).toEqual([]);
    expect(again.approved).toEqual([
      expect.objectContaining({ status_at_approval: 'over', actual_cents_at_approval: 500_000, override_reason: 'Carrier confirmed the new rate', withdrawn_at: null }),
    ]);
    const old = await t.api('audit.list', { record_id: before.id });
    expect(old.find((e) => e.field === 'withdraw_reason')?.new_value).toBe('"the bill changed since approval and was approved again at 5,000.00"');
    const reg = await register();
    expect(reg.rows.map((r) => [r.account, r.actual_cents, r.approved_actual_cents, r.override_reason])).toEqual([['2831654', 500_000, 500_000, 'Carrier confirmed the new rate']]);
    expect(reg.total_actual_cents).toBe(500_000);
    expect(reg.changed_since_approval).toEqual([]);
    expect(await workflowOf(agua.account_id)).toMatchObject({ id: again.approved[0]!.id, changed_since_approval: false, override: true });
    expect(await historyOf(agua.account_id)).toMatchObject({ changed_since_approval: false });
    // one approval in force
    expect(t.db.sqlite.prepare('SELECT COUNT(*) FROM approvals WHERE billing_account_id = ? AND month = ? AND withdrawn_at IS NULL').pluck().get(agua.account_id, JULY)).toBe(1);
    // approving it once more: already OK to Pay
    expect((await t.api('approvals.approve', { bills: [agua] })).already_approved).toHaveLength(1);
  });

  it('stops standing when the invoice changes, and stands again when the bill is back to what was approved', async () => {
    await t.api('actuals.set', { ...agua, amount: '5,000.00', invoice_number: 'WIN-0715' });
    let reg = await register();
    expect([reg.rows.length, reg.total_actual_cents]).toEqual([0, 0]);
    expect(reg.changed_since_approval.map((r) => [r.invoice_number, r.approved_invoice_number, r.actual_cents, r.approved_actual_cents])).toEqual([['WIN-0715', '', 500_000, 500_000]]);
    // the invoice taken back off: the bill is again the one approved (derived, nothing was written)
    await t.api('actuals.set', { ...agua, amount: '5,000.00', invoice_number: null });
    reg = await register();
    expect([reg.rows.map((r) => r.account), reg.total_actual_cents, reg.changed_since_approval]).toEqual([['2831654'], 500_000, []]);
    // cleared: there is no bill to pay
    await t.api('actuals.set', { ...agua, amount: null });
    reg = await register();
    expect([reg.rows, reg.total_actual_cents]).toEqual([[], 0]);
    expect(reg.changed_since_approval.map((r) => [r.account, r.actual_cents, r.status])).toEqual([['2831654', null, 'missing']]);
    expect(await workflowOf(agua.account_id)).toMatchObject({ changed_since_approval: true });
    await t.api('actuals.set', { ...agua, amount: '5,000.00' });
  });
});

describe('a missing bill', () => {
  it('cannot be approved, not even with an override reason, alone or in a batch (all or none)', async () => {
    expect((await t.api('month.check', { month: JULY })).rows.find((r) => r.account_id === abernathy.account_id)).toMatchObject({
      customer: 'ABERNATHY INDEP SCHOOL DIST',
      expected_cents: 600_000,
      actual_cents: null,
      status: 'missing',
    });
    const alone = await fail(t.api('approvals.approve', { bills: [abernathy], override_reason: 'go' }));
    expect(alone.code).toBe('conflict');
    expect(alone.message).toBe(
      '1 of 1 bills cannot be marked OK to Pay, so none was: there is no bill for ABERNATHY INDEP SCHOOL DIST, Education Service Center Region 17 account 2727096 in 2015-07 to pay',
    );
    expect(alone.details).toEqual([expect.objectContaining({ account_id: abernathy.account_id, month: JULY, needs_permission: false })]);

    // with a bill that may be approved (AGUA DULCE in 2015-08, keyed 918.00): neither is
    const august = { account_id: agua.account_id, month: '2015-08' };
    await t.api('actuals.set', { ...august, amount: '918.00' });
    const batch = await fail(t.api('approvals.approve', { bills: [august, abernathy, { account_id: abernathy.account_id, month: '2015-08' }], override_reason: 'go' }));
    expect(batch.message).toBe(
      '2 of 3 bills cannot be marked OK to Pay, so none was: ' +
        'there is no bill for ABERNATHY INDEP SCHOOL DIST, Education Service Center Region 17 account 2727096 in 2015-07 to pay; ' +
        'there is no bill for ABERNATHY INDEP SCHOOL DIST, Education Service Center Region 17 account 2727096 in 2015-08 to pay',
    );
    expect((await t.api('approvals.register', { month: '2015-08' })).rows).toEqual([]);
    expect((await register()).rows.some((r) => r.account_id === abernathy.account_id)).toBe(false);
    expect(await workflowOf(abernathy.account_id)).toBeNull();
  });
});

describe('after sync', () => {
  let world: World;
  afterEach(async () => world?.close());

  it('a bill changed on one desk after approval on the other is not ready to pay on every copy, and approves again everywhere', async () => {
    world = await inProcess();
    const { a, b, X, ticket } = await sharedBook(world);
    const x = { account_id: X, month: MONTH };
    const reg = (n: typeof a) => n.api('approvals.register', { month: MONTH });
    const changed = async (n: typeof a) => (await n.api('tickets.forMonth', { month: MONTH })).find((w) => w.account_id === X)!.approval!.changed_since_approval;

    // A resolves X's ticket and approves X at 112.50 (over by 12.50) at 09:10, and syncs; B fetches it
    a.clock(at('09:10'));
    await a.api('tickets.update', { id: ticket, patch: { status: 'resolved' } });
    await a.api('approvals.approve', { bills: [x] });
    await world.sync(a);
    b.clock(at('09:15'));
    await world.sync(b);
    for (const n of [a, b]) expect([(await reg(n)).total_actual_cents, await changed(n)]).toEqual([11_250, false]);

    // B changes X to 150.00 and syncs; A fetches it: on both copies X is changed since approval, the total 0
    b.clock(at('09:20'));
    await b.api('actuals.set', { ...x, amount: '150.00' });
    await world.sync(b);
    a.clock(at('09:25'));
    await world.sync(a);
    for (const n of [a, b, world.server]) {
      const r = await reg(n);
      expect([r.rows, r.total_actual_cents, r.changed_since_approval.map((c) => [c.actual_cents, c.approved_actual_cents])]).toEqual([[], 0, [[15_000, 11_250]]]);
      expect(await changed(n)).toBe(true);
    }

    // A approves X again (its ticket is resolved); after sync every copy pays 150.00, one approval in force
    a.clock(at('09:30'));
    await a.api('approvals.approve', { bills: [x] });
    await world.sync(a);
    b.clock(at('09:35'));
    await world.sync(b);
    for (const n of [a, b, world.server]) {
      const r = await reg(n);
      expect([r.rows.map((c) => [c.account, c.actual_cents, c.approved_actual_cents]), r.total_actual_cents, r.changed_since_approval]).toEqual([[['X-100', 15_000, 15_000]], 15_000, []]);
      expect(n.db.sqlite.prepare('SELECT COUNT(*) FROM approvals WHERE billing_account_id = ? AND withdrawn_at IS NULL').pluck().get(X)).toBe(1);
    }
  });

  it('a bill approved on two desks before they synced is in the register once', async () => {
    world = await inProcess();
    const { a, b, Y } = await sharedBook(world);
    const y = { account_id: Y, month: MONTH };
    a.clock(at('09:10'));
    await a.api('approvals.approve', { bills: [y], override_reason: 'Known rise' });
    b.clock(at('09:11'));
    await b.api('approvals.approve', { bills: [y], override_reason: 'Known rise too' });
    await world.sync(a);
    await world.sync(b);
    await world.sync(a);
    for (const n of [a, b]) {
      const r = await n.api('approvals.register', { month: MONTH });
      // the newest approval (B's) is the one shown; the bill counts once
      expect([r.rows.map((c) => [c.account, c.override_reason]), r.total_actual_cents]).toEqual([[['Y-200', 'Known rise too']], 11_250]);
      expect((await n.api('tickets.forMonth', { month: MONTH })).find((w) => w.account_id === Y)!.approval).toMatchObject({ approved_by: 'desk-b', changed_since_approval: false });
    }
    // withdrawing it withdraws both
    await a.api('approvals.withdraw', { ...y, reason: 'Paid twice by mistake?' });
    expect((await a.api('approvals.register', { month: MONTH })).rows).toEqual([]);
  });
});
