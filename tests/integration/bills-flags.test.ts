// Audit flags beyond the tolerance band, each explained and switchable: missing bill, trend (even when the
// tolerance passes), charges after a contract's end or on disconnected services, account not in inventory,
// duplicate invoice (switched off, a duplicate is still recorded as one and not counted, just not flagged).
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, bytes, type TestApi } from '../support/api.ts';
import { makeCtx, call } from '../../api/index.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/api.ts';

const flagsOf = async (t: TestApi, month: string, asOf: string) =>
  Object.fromEntries((await t.api('bills.flags', { month, as_of: asOf })).accounts.map((a) => [a.account_id, a.flags]));

describe('bills.flags', () => {
  it('missing bill: nothing by the carrier bill day plus the grace days; not before', async () => {
    const t = testApi();
    const { account, carrier } = await seedAccount(t, { expected: 10_000 });
    await t.api('carriers.update', { id: carrier.id, patch: { bill_day: 10 } });
    expect(await flagsOf(t, '2026-03', '2026-03-15')).toEqual({});
    expect(await flagsOf(t, '2026-03', '2026-03-16')).toEqual({
      [account.id]: [{ rule: 'missing', explanation: "Missing bill: no bill for 2026-03 by 2026-03-15 (the carrier's bill day 10 plus 5 days' grace)." }],
    });
    await t.api('settings.set', { values: { 'bills.grace_days': 0 } });
    expect((await flagsOf(t, '2026-03', '2026-03-11'))[account.id]?.[0]?.explanation).toBe(
      "Missing bill: no bill for 2026-03 by 2026-03-10 (the carrier's bill day 10 plus no grace).",
    );
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 10_000 });
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({});
    await t.api('settings.set', { values: { 'audit.missing.enabled': false } });
    expect(await flagsOf(t, '2026-04', '2026-05-30')).toEqual({});
  });

  it('trend: flags a bill within tolerance that differs from the average of the previous 3 bills by more than 20%', async () => {
    const t = testApi();
    // Tolerance 50% around 1,000.00: 1,300.00 passes the contract's tolerance.
    const { account } = await seedAccount(t, { expected: 100_000, pctBp: 5000 });
    for (const [m, c] of [['2026-01', 100_000], ['2026-02', 100_000], ['2026-03', 100_000], ['2026-04', 130_000]] as const) {
      await t.api('actuals.set', { account_id: account.id, month: m, amount: c });
    }
    expect((await t.api('month.check', { month: '2026-04' })).rows[0]!.status).toBe('ok');
    expect((await flagsOf(t, '2026-04', '2026-05-31'))[account.id]).toEqual([
      { rule: 'trend', explanation: 'Trend: 1300.00 is 30% above the average 1000.00 of the previous 3 bills (1000.00, 1000.00, 1000.00); the limit is 20%.' },
    ]);
    await t.api('settings.set', { values: { 'audit.trend.pct_bp': 3000 } });
    expect(await flagsOf(t, '2026-04', '2026-05-31')).toEqual({});
    await t.api('settings.set', { values: { 'audit.trend.pct_bp': 2000, 'audit.trend.enabled': false } });
    expect(await flagsOf(t, '2026-04', '2026-05-31')).toEqual({});
  });

  it("charges after a contract's end, and on a disconnected service named on the bill", async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 5_000 });
    await t.api('contracts.update', { id: contract.id, patch: { end_date: '2026-02-15' } });
    await t.api('actuals.set', { account_id: account.id, month: '2026-02', amount: 5_000 });
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 5_000 });
    expect((await flagsOf(t, '2026-02', '2026-03-31'))[account.id]).toBeUndefined();
    expect((await flagsOf(t, '2026-03', '2026-04-30'))[account.id]).toEqual([
      { rule: 'after_end', explanation: 'Charges after end: the 2026-03 bill comes after the contract ended on 2026-02-15.' },
    ]);
    await t.api('settings.set', { values: { 'audit.after_end.grace_months': 1 } });
    expect((await flagsOf(t, '2026-03', '2026-04-30'))[account.id]).toBeUndefined();

    // A line-level bill naming a disconnected service.
    const b = await seedAccount(t, { account: 'B-1', customer: 'Other', expected: 0 });
    await t.api('services.create', { billing_account_id: b.account.id, description: 'Old line', circuit_id: 'OLD-1', status: 'disconnected', disconnect_date: '2026-01-20', monthly_cents: 2_000 });
    await t.api('billProfiles.create', {
      name: 'Lines',
      format: 'csv',
      carrier_name: 'Acme Telecom',
      config: { columns: { account: 'acct', invoice: 'inv', line: 'line', line_amount: 'amount' }, constants: {}, carrier_aliases: {} },
    });
    await t.api('bills.import', { profile: 'Lines', file_name: 'm.csv', data: bytes('acct,inv,line,amount\nB-1,Q-3,OLD-1,20.00\n'), month: '2026-03' });
    expect((await flagsOf(t, '2026-03', '2026-04-30'))[b.account.id]).toEqual([
      { rule: 'after_end', explanation: 'Charges after end: the 2026-03 bill comes after service OLD-1 was disconnected on 2026-01-20 (grace 1 month).' },
    ]);
  });

  it('an account that is not in the inventory', async () => {
    const t = testApi();
    await t.api('billProfiles.create', {
      name: 'Acme',
      format: 'csv',
      carrier_name: 'Acme Telecom',
      config: { columns: { account: 'acct', total: 'total' }, constants: {}, carrier_aliases: {} },
    });
    await t.api('bills.import', { profile: 'Acme', file_name: 'x.csv', data: bytes('acct,total\n555-0101,12.00\n'), month: '2026-03' });
    const [account] = await t.api('accounts.list', {});
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({
      [account!.id]: [
        {
          rule: 'not_in_inventory',
          explanation: 'Not in inventory: account 555-0101 of Acme Telecom has a bill for 2026-03, but it is not in the book of business (it was first seen on a bill); add it to a customer or check the bill.',
        },
      ],
    });
  });

  it('an EDI 811 account whose service loops do not add up to its total', async () => {
    const t = testApi();
    await t.api('billProfiles.create', { name: 'E', format: 'edi811', carrier_name: 'Example Telecom' });
    const text = readFileSync(join(ROOT, 'tests/fixtures/edi/two-accounts-one-broken.811'), 'utf8').replace('AMT*1*12.34', 'AMT*1*12.00').replace('DTM*186*2026021', 'DTM*186*20260201');
    expect(await t.api('bills.import', { profile: 'E', file_name: 'm.811', data: bytes(text) })).toMatchObject({ created: 2, problems: [] });
    const [account] = (await t.api('accounts.list', { search: '800555010012345678' }));
    expect((await flagsOf(t, '2026-03', '2026-03-31'))[account!.id]).toEqual([
      { rule: 'not_in_inventory', explanation: expect.stringContaining('Not in inventory: account 800555010012345678 of Example Telecom') },
      { rule: 'lines_mismatch', explanation: 'Lines do not add up: the 2 lines of invoice INV-2026-0301 come to 512.00, the invoice total is 512.34.' },
    ]);
  });

  it("a client login sees only its own customer's flags and bills", async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A-1', customer: 'Mine', expected: 1_000 });
    const b = await seedAccount(t, { account: 'B-1', customer: 'Theirs', expected: 1_000 });
    await t.api('billProfiles.create', { name: 'P', format: 'csv', carrier_name: 'Acme Telecom', config: { columns: { account: 'acct', invoice: 'inv', total: 'total' }, constants: {}, carrier_aliases: {} } });
    await t.api('bills.import', { profile: 'P', file_name: 'p.csv', data: bytes('acct,inv,total\nA-1,I-1,10.00\nB-1,I-2,10.00\nZ-9,I-3,10.00\n'), month: '2026-03' });
    const client = makeCtx(t.db, 'client', 'test', { admin: false, modules: { tem: ['view'] } }, [a.customer.id]);
    expect((await call(client, 'bills.list', { month: '2026-03' })).map((x) => x.account_number)).toEqual(['A-1']);
    expect((await call(client, 'bills.flags', { month: '2026-04', as_of: '2026-05-31' })).accounts.map((x) => x.account_id)).toEqual([a.account.id]);
    const staff = await t.api('bills.flags', { month: '2026-04', as_of: '2026-05-31' });
    expect(staff.accounts.map((x) => x.account_id).sort()).toEqual([a.account.id, b.account.id].sort());
  });

  // How fast this is belongs to `npm run bench`, not to a test: here only what it answers.
  it('answers a month of 5,000 accounts with a year of history: the 500 jumps, each with one trend flag', async () => {
    const t = testApi();
    const carrier = await t.api('carriers.create', { name: 'Big Telco' });
    const customer = await t.api('customers.create', { name: 'Big Customer' });
    const db = t.db.sqlite;
    const insA = db.prepare("INSERT INTO billing_accounts (id, carrier_id, customer_id, account_number, in_book, created_at, updated_at) VALUES (?, ?, ?, ?, 1, 'x', 'x')");
    const insX = db.prepare("INSERT INTO actuals (id, billing_account_id, month, amount_cents, source, created_at, updated_at) VALUES (?, ?, ?, ?, 'imported', 'x', 'x')");
    db.transaction(() => {
      for (let i = 0; i < 5000; i++) {
        insA.run(`a${i}`, carrier.id, customer.id, `N${i}`);
        for (let m = 1; m <= 12; m++) insX.run(`x${i}-${m}`, `a${i}`, `2025-${String(m).padStart(2, '0')}`, m === 12 && i % 10 === 0 ? 20_000 : 10_000);
      }
    })();
    const f = await t.api('bills.flags', { month: '2025-12', as_of: '2026-01-31' });
    expect(f.accounts).toHaveLength(500);
    expect(f.accounts.map((a) => a.account_id).sort()).toEqual(Array.from({ length: 500 }, (_, k) => `a${k * 10}`).sort());
    expect(new Set(f.accounts.map((a) => JSON.stringify(a.flags)))).toEqual(
      new Set([JSON.stringify([{ rule: 'trend', explanation: 'Trend: 200.00 is 100% above the average 100.00 of the previous 3 bills (100.00, 100.00, 100.00); the limit is 20%.' }])]),
    );
  });
});

describe('rule switches', () => {
  const csvProfile = (t: TestApi) =>
    t.api('billProfiles.create', {
      name: 'Acme',
      format: 'csv',
      carrier_name: 'Acme Telecom',
      date_format: 'MDY',
      config: { columns: { account: 'acct', invoice: 'inv', bill_date: 'date', total: 'total' }, constants: {}, carrier_aliases: {} },
    });

  it('audit.duplicate.enabled: switched off, a duplicate is still recorded as one, explained and not counted, just not flagged', async () => {
    const t = testApi();
    const { account } = await seedAccount(t, { expected: 10_000 });
    await csvProfile(t);
    await t.api('bills.import', { profile: 'Acme', file_name: 'a.csv', data: bytes('acct,inv,date,total\n007321,INV-1,03/01/2026,100.00\n') });
    await t.api('settings.set', { values: { 'audit.duplicate.enabled': false } });
    const resent = bytes('acct,inv,date,total\n007321,INV-1,03/04/2026,100.00\n');
    const explanation =
      'Duplicate: invoice INV-1 for account 007321 is already on file (bill date 2026-03-01, amount 100.00). It is kept as a duplicate of the 2026-03 bill and not counted in the actual.';
    const p = await t.api('bills.preview', { profile: 'Acme', file_name: 'b.csv', data: resent });
    expect(p.bills.map((b) => [b.outcome, b.explanation])).toEqual([['duplicate', explanation]]);
    expect(await t.api('bills.import', { profile: 'Acme', file_name: 'b.csv', data: resent })).toMatchObject({ created: 0, duplicates: 1, actuals_changed: 0 });
    const bills = await t.api('bills.list', { month: '2026-03' });
    expect(bills.map((b) => [b.bill_date, b.duplicate_of === null ? null : b.duplicate_of === bills[0]!.id, b.duplicate_reason])).toEqual([
      ['2026-03-01', null, null],
      ['2026-03-04', true, explanation],
    ]);
    expect((await t.api('month.check', { month: '2026-03' })).rows.map((r) => r.actual_cents)).toEqual([10_000]);
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({});
    await t.api('settings.set', { values: { 'audit.duplicate.enabled': true } });
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({ [account.id]: [{ rule: 'duplicate', explanation }] });
  });

  it('audit.not_in_inventory.enabled', async () => {
    const t = testApi();
    await csvProfile(t);
    await t.api('bills.import', { profile: 'Acme', file_name: 'x.csv', data: bytes('acct,inv,date,total\n555-0101,I-1,03/02/2026,12.00\n') });
    const [account] = await t.api('accounts.list', {});
    expect((await flagsOf(t, '2026-03', '2026-04-30'))[account!.id]?.map((f) => f.rule)).toEqual(['not_in_inventory']);
    await t.api('settings.set', { values: { 'audit.not_in_inventory.enabled': false } });
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({});
  });

  it('audit.after_end.enabled', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 5_000 });
    await t.api('contracts.update', { id: contract.id, patch: { end_date: '2026-01-31' } });
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 5_000 });
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({
      [account.id]: [{ rule: 'after_end', explanation: 'Charges after end: the 2026-03 bill comes after the contract ended on 2026-01-31.' }],
    });
    await t.api('settings.set', { values: { 'audit.after_end.enabled': false } });
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({});
  });

  it('audit.trend.lookback_months: only bills this far back count as the previous bills', async () => {
    const t = testApi();
    const { account } = await seedAccount(t, { expected: 100_000, pctBp: 10_000 });
    // Three bills, then a gap of two months, then a jump.
    for (const [m, c] of [['2025-10', 100_000], ['2025-11', 100_000], ['2025-12', 100_000], ['2026-03', 150_000]] as const) {
      await t.api('actuals.set', { account_id: account.id, month: m, amount: c });
    }
    const trend = 'Trend: 1500.00 is 50% above the average 1000.00 of the previous 3 bills (1000.00, 1000.00, 1000.00); the limit is 20%.';
    expect((await flagsOf(t, '2026-03', '2026-04-30'))[account.id]).toEqual([{ rule: 'trend', explanation: trend }]);
    // Five months back reaches 2025-10: still three bills. Four months back finds two: no trend yet.
    await t.api('settings.set', { values: { 'audit.trend.lookback_months': 5 } });
    expect((await flagsOf(t, '2026-03', '2026-04-30'))[account.id]).toEqual([{ rule: 'trend', explanation: trend }]);
    await t.api('settings.set', { values: { 'audit.trend.lookback_months': 4 } });
    expect(await flagsOf(t, '2026-03', '2026-04-30')).toEqual({});
  });
});
