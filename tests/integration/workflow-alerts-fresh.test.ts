// Alerts are kept between calls (api/workflow/alerts-cache.ts) so a refresh on a large book is cheap. A kept
// alert that outlives the write that ends it, or a write whose alert shows only later, is a bug: each write here
// is followed at once by alerts.list on the same connection, after the same question was asked (and kept) before
// the write. At the end, random writes through two connections, each answer compared with a new connection's
// (which keeps nothing).
import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { makeCtx, client, type Ctx } from '../../api/index.ts';
import { testApi, seedAccount, tempDir, type TestApi } from '../support/api.ts';

const AS_OF = '2026-03-11';
const list = async (t: { api: TestApi['api'] }, asOf = AS_OF) => (await t.api('alerts.list', { as_of: asOf })).alerts;
const kinds = async (t: { api: TestApi['api'] }, kind: string, asOf = AS_OF) =>
  (await list(t, asOf)).filter((a) => a.kind === kind).map((a) => [a.title, a.count]);

/** Alpha's account at Acme (bill day 5: late from the 11th with 5 days' grace), 1,000.00 expected at 5 %. */
async function world(t: TestApi) {
  t.ctx.now = () => '2026-02-20T09:00:00.000Z';
  const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
  await t.api('carriers.update', { id: a.carrier.id, patch: { bill_day: 5 } });
  // February came in February; March is not in yet
  await t.api('actuals.set', { account_id: a.account.id, month: '2026-02', amount: 100_000 });
  t.ctx.now = () => '2026-03-10T09:00:00.000Z';
  return a;
}

const folders: { cleanup(): void }[] = [];
afterAll(() => folders.forEach((f) => f.cleanup()));

describe('alerts right after the write that changes them', () => {
  it('a missing bill: keyed, cleared, its account ended, a new account at the carrier', async () => {
    const t = testApi();
    const a = await world(t);
    const missing = () => kinds(t, 'bill_missing');
    expect(await missing()).toEqual([['Acme Telecom: 1 bill for 2026-03 not received', 1]]);
    expect(await missing()).toEqual([['Acme Telecom: 1 bill for 2026-03 not received', 1]]); // asked again: the same
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 100_000 });
    expect(await missing()).toEqual([]);
    await t.api('actuals.clear', { account_id: a.account.id, month: '2026-03' });
    expect(await missing()).toEqual([['Acme Telecom: 1 bill for 2026-03 not received', 1]]);
    // a second account at Acme: expected from the moment it has a service
    const customer = await t.api('customers.create', { name: 'Bravo' });
    const location = await t.api('locations.create', { customer_id: customer.id, name: 'Main', is_main: true });
    const b = await t.api('accounts.create', { carrier_id: a.carrier.id, customer_id: customer.id, location_id: location.id, account_number: 'B1' });
    expect(await missing()).toEqual([['Acme Telecom: 1 bill for 2026-03 not received', 1]]); // nothing expected of B1 yet
    await t.api('services.create', { billing_account_id: b.id, description: 'Fiber', monthly_cents: 20_000 });
    expect(await missing()).toEqual([
      ['Acme Telecom: 1 bill for 2026-02 not received', 1],
      ['Acme Telecom: 2 bills for 2026-03 not received', 2],
    ]);
    await t.api('actuals.set', { account_id: b.id, month: '2026-02', amount: 20_000 });
    expect(await missing()).toEqual([['Acme Telecom: 2 bills for 2026-03 not received', 2]]);
    // A1 ends in February: no March bill is expected of it any more
    await t.api('accounts.update', { id: a.account.id, patch: { end_month: '2026-02' } });
    expect(await list(t)).toEqual([
      expect.objectContaining({ kind: 'bill_missing', title: 'Acme Telecom: 1 bill for 2026-03 not received', account_id: b.id, detail: expect.stringContaining('Bravo account B1') }),
    ]);
    // a one-off for March expects something of A1 again, but outside its months no bill is missing
    await t.api('expected.setOverride', { account_id: a.account.id, month: '2026-03', amount_cents: 5_000 });
    expect(await missing()).toEqual([['Acme Telecom: 1 bill for 2026-03 not received', 1]]);
    // a later bill day moves the due date past today
    await t.api('carriers.update', { id: a.carrier.id, patch: { bill_day: 8 } });
    expect(await missing()).toEqual([]);
    // and so does a longer grace period (a setting)
    await t.api('carriers.update', { id: a.carrier.id, patch: { bill_day: 5 } });
    expect(await missing()).toHaveLength(1);
    await t.api('settings.set', { values: { 'bills.grace_days': 10 } });
    expect(await missing()).toEqual([]);
  });

  it('a newly flagged bill: flagged, back within tolerance, ticketed, approved, and by a change of the book', async () => {
    const t = testApi();
    const a = await world(t);
    const bill = { account_id: a.account.id, month: '2026-03' };
    const newly = () => kinds(t, 'newly_flagged');
    expect(await newly()).toEqual([]);
    await t.api('actuals.set', { ...bill, amount: 115_000 });
    expect(await list(t)).toEqual([
      expect.objectContaining({ kind: 'newly_flagged', title: '2026-03: 1 newly flagged bill without a ticket', detail: 'Alpha, Acme Telecom account A1, 2026-03 is over by 150.00', at_stake_cents: 15_000 }),
    ]);
    await t.api('actuals.set', { ...bill, amount: 102_000 });
    expect(await newly()).toEqual([]);
    await t.api('actuals.set', { ...bill, amount: 120_000 });
    expect((await list(t))[0]).toMatchObject({ at_stake_cents: 20_000 });
    // a one-off expectation of 200.00 for March: 1,200.00 is what was expected
    await t.api('expected.setOverride', { ...bill, amount_cents: 20_000 });
    expect(await newly()).toEqual([]);
    await t.api('expected.setOverride', { ...bill, amount_cents: null });
    expect(await newly()).toHaveLength(1);
    // the service's price goes up to 1,200.00 (a change of the book, not of the bill)
    const [service] = await t.api('services.list', { billing_account_id: a.account.id });
    await t.api('services.update', { id: service!.id, patch: { monthly_cents: 120_000 } });
    expect(await newly()).toEqual([]);
    await t.api('services.update', { id: service!.id, patch: { monthly_cents: 100_000 } });
    expect(await newly()).toHaveLength(1);
    // a ticket takes it over; an OK to Pay with an override, too
    const { ticket } = await t.api('tickets.open', { bills: [bill] });
    expect(await newly()).toEqual([]);
    const other = await seedAccount(t, { account: 'C1', customer: 'Charlie', expected: 50_000, pctBp: 500 });
    await t.api('actuals.set', { account_id: other.account.id, month: '2026-03', amount: 70_000 });
    expect(await newly()).toEqual([['2026-03: 1 newly flagged bill without a ticket', 1]]);
    await t.api('approvals.approve', { bills: [{ account_id: other.account.id, month: '2026-03' }], override_reason: 'agreed with the carrier' });
    expect(await newly()).toEqual([]);
    // the approved bill changes: its approval no longer stands, so the bill is untended again, and back
    await t.api('actuals.set', { account_id: other.account.id, month: '2026-03', amount: 71_000 });
    expect(await newly()).toEqual([['2026-03: 1 newly flagged bill without a ticket', 1]]);
    await t.api('actuals.set', { account_id: other.account.id, month: '2026-03', amount: 70_000 });
    expect(await newly()).toEqual([]);
    await t.api('approvals.withdraw', { account_id: other.account.id, month: '2026-03', reason: 'not agreed after all' });
    expect(await newly()).toEqual([['2026-03: 1 newly flagged bill without a ticket', 1]]);
    // a credit matched to Charlie's March bill lowers its expectation: 450.00 billed against 500.00 less 50.00
    await t.api('actuals.set', { account_id: other.account.id, month: '2026-03', amount: 45_000 });
    expect(await newly()).toEqual([['2026-03: 1 newly flagged bill without a ticket', 1]]);
    const { ticket: february } = await t.api('tickets.open', { bills: [{ account_id: other.account.id, month: '2026-02' }] });
    await t.api('tickets.addCredit', { ticket_id: february.id, amount_cents: 5_000, matched: { account_id: other.account.id, month: '2026-03' } });
    expect(await newly()).toEqual([]);
    await t.api('actuals.set', { account_id: other.account.id, month: '2026-03', amount: 50_000 }); // over 450.00 by 50.00
    expect((await list(t)).find((x) => x.kind === 'newly_flagged')).toMatchObject({ detail: 'Charlie, Acme Telecom account C1, 2026-03 is over by 50.00' });
    // the ticket's due date passes
    await t.api('tickets.update', { id: ticket.id, patch: { due_date: '2026-03-09' } });
    expect((await list(t)).filter((x) => x.kind === 'ticket_overdue').map((x) => x.title)).toEqual(['Ticket 1 is 2 days past due (2026-03-09)']);
    // a day later nothing is "new" any more (entered on the 10th, 7 days)
    expect(await kinds(t, 'newly_flagged', '2026-03-18')).toEqual([]);
    expect(await kinds(t, 'newly_flagged', '2026-03-17')).toHaveLength(1);
  });

  it('a dispute window: the carrier gets a window, the bill a date, the customer a new name', async () => {
    const t = testApi();
    const a = await world(t);
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 115_000 });
    const windows = async () => (await list(t, '2026-03-30')).filter((x) => x.kind === 'window_closing').map((x) => x.title);
    expect(await windows()).toEqual([]);
    await t.api('carriers.update', { id: a.carrier.id, patch: { dispute_window_days: 30 } });
    expect(await windows()).toEqual([]); // no bill date yet
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 115_000, bill_date: '2026-03-05' });
    expect(await windows()).toEqual(['Acme Telecom A1 2026-03: the dispute window closes in 5 days (2026-04-04)']);
    await t.api('customers.update', { id: a.customer.id, patch: { name: 'Alpha Schools' } });
    expect((await list(t, '2026-03-30')).find((x) => x.kind === 'window_closing')!.detail).toBe('Alpha Schools, Acme Telecom account A1, 2026-03 is over by 150.00 and has no ticket');
    await t.api('carriers.update', { id: a.carrier.id, patch: { dispute_window_days: 10 } });
    expect(await windows()).toEqual([]);
  });

  it('sees writes made through another connection to the same database', async () => {
    const dir = tempDir();
    folders.push(dir);
    const file = join(dir.dir, 'tem.db');
    const t = testApi(file);
    const a = await world(t);
    const other = openDb(file);
    try {
      const o = { ctx: makeCtx(other, 'other', 'test') };
      const api = client(o.ctx);
      expect(await kinds(t, 'bill_missing')).toHaveLength(1);
      await api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 100_000 });
      expect(await kinds(t, 'bill_missing')).toEqual([]);
      await api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 130_000 });
      expect(await kinds(t, 'newly_flagged')).toHaveLength(1);
      await api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }] });
      expect(await kinds(t, 'newly_flagged')).toEqual([]);
    } finally {
      other.close();
      t.db.close();
    }
  });

  it('keeps a client login to its own customers after writes, and hands out copies', async () => {
    const t = testApi();
    const a = await world(t);
    const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 50_000, pctBp: 500 });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-02', amount: 50_000 });
    const alpha = { api: client(makeCtx(t.db, 'alpha', 'test', undefined, [a.customer.id])) };
    expect(await list(t)).toHaveLength(1); // Acme: 2 bills missing for March
    expect((await list(t))[0]).toMatchObject({ count: 2 });
    expect((await list(alpha))[0]).toMatchObject({ count: 1, account_id: a.account.id });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 90_000 });
    expect((await list(alpha)).map((x) => [x.kind, x.count])).toEqual([['bill_missing', 1]]);
    expect((await list(t)).map((x) => [x.kind, x.count])).toEqual([['bill_missing', 1], ['newly_flagged', 1]]);
    const got = await list(t);
    got[0]!.count = 99;
    got.pop();
    expect((await list(t)).map((x) => [x.kind, x.count])).toEqual([['bill_missing', 1], ['newly_flagged', 1]]);
  });
});

describe('kept alerts against a new connection', () => {
  it('answer the same after each of many random writes, through two connections', async () => {
    const dir = tempDir();
    folders.push(dir);
    const file = join(dir.dir, 'tem.db');
    const t = testApi(file);
    const second = openDb(file);
    const ctxs: Ctx[] = [t.ctx, makeCtx(second, 'second', 'test')];
    let day = '2026-03-10';
    for (const c of ctxs) c.now = () => `${day}T09:00:00.000Z`;
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const accounts = [];
    for (const [n, customer, carrier] of [['A1', 'Alpha', 'Acme'], ['A2', 'Alpha', 'Beta'], ['B1', 'Bravo', 'Acme'], ['B2', 'Bravo', 'Beta'], ['C1', 'Charlie', 'Acme']] as const) {
      accounts.push((await seedAccount(t, { account: n, customer, carrier, expected: 10_000 + accounts.length * 5_000, pctBp: 500 })).account);
    }
    const carriers = await t.api('carriers.list', {});
    const alpha = makeCtx(t.db, 'alpha', 'test', undefined, [accounts[0]!.customer_id!]);
    const months = ['2026-01', '2026-02', '2026-03'];
    const asOfs = ['2026-03-11', '2026-02-20', '2026-04-03'];
    const canon = (x: unknown) => JSON.stringify(x);
    for (let step = 0; step < 150; step++) {
      const api = client(pick(ctxs));
      const account = pick(accounts);
      const month = pick(months);
      const r = rnd();
      try {
        if (r < 0.4) await api('actuals.set', { account_id: account.id, month, amount: pick([0, 5_000, 10_000, 20_000, 40_000]), bill_date: pick([null, `${month}-02`]) });
        else if (r < 0.5) await api('actuals.clear', { account_id: account.id, month });
        else if (r < 0.57) await api('expected.setOverride', { account_id: account.id, month, amount_cents: pick([null, 5_000]) });
        else if (r < 0.65) await api('tickets.open', { bills: [{ account_id: account.id, month }], due_date: pick([null, '2026-03-01']) });
        else if (r < 0.72) await api('approvals.approve', { bills: [{ account_id: account.id, month }], override_reason: 'checked' });
        else if (r < 0.76) await api('approvals.withdraw', { account_id: account.id, month, reason: 'again' });
        else if (r < 0.84) await api('carriers.update', { id: pick(carriers).id, patch: pick([{ bill_day: pick([null, 3, 20]) }, { dispute_window_days: pick([null, 30, 60]) }]) });
        else if (r < 0.88) await api('accounts.update', { id: account.id, patch: { end_month: pick([null, '2026-02']) } });
        else if (r < 0.9) {
          const [service] = await api('services.list', { billing_account_id: account.id });
          await api('services.update', { id: service!.id, patch: { monthly_cents: pick([10_000, 20_000]) } });
        } else if (r < 0.91) await api('expected.setStep', { account_id: account.id, from_month: month, amount_cents: pick([null, 5_000]) });
        else if (r < 0.93) day = pick(['2026-03-10', '2026-02-15', '2026-04-01']);
        else await api('settings.set', { values: { 'alerts.closing_days': pick([null, 30]) } });
      } catch {
        // a refused write (an approval of a flagged bill's ticket not resolved, a withdrawal of nothing) changes nothing
      }
      const fresh = openDb(file);
      try {
        for (const [who, ctx] of [['staff', t.ctx], ['alpha', alpha]] as const) {
          const freshCtx = makeCtx(fresh, 'fresh', 'test', undefined, ctx.scope);
          for (const as_of of asOfs) {
            const kept = await client(ctx)('alerts.list', { as_of });
            const anew = await client(freshCtx)('alerts.list', { as_of });
            expect(canon(kept), `step ${step}, ${who}, as of ${as_of}`).toBe(canon(anew));
          }
        }
      } finally {
        fresh.close();
      }
    }
    second.close();
    t.db.close();
  });
});
