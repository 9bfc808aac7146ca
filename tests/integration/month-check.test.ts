// The month check's rules through the API: where the expected bill comes from, tolerance, statuses.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount } from '../support/api.ts';

describe('expected bill', () => {
  it('is the sum of the active services, and an entered contract total replaces it', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 10_000 });
    await t.api('services.create', { billing_account_id: account.id, description: 'Voice', monthly_cents: 2_550 });
    await t.api('services.create', { billing_account_id: account.id, description: 'Old line', monthly_cents: 9_999, status: 'disconnected', disconnect_date: '2026-01-31' });
    await t.api('services.create', { billing_account_id: account.id, description: 'On order', monthly_cents: 7_777, status: 'ordered' });
    let row = (await t.api('month.check', { month: '2026-03' })).rows[0]!;
    expect(row.expected_cents).toBe(12_550);
    // the disconnected line still bills in its last month
    expect((await t.api('month.check', { month: '2026-01' })).rows[0]!.expected_cents).toBe(22_549);
    await t.api('contracts.update', { id: contract.id, patch: { expected_source: 'entered', expected_cents: 50_000 } });
    row = (await t.api('month.check', { month: '2026-03' })).rows[0]!;
    expect(row.expected_cents).toBe(50_000);
  });

  it('adds a one-off expectation for one month only', async () => {
    const t = testApi();
    const { account } = await seedAccount(t, { expected: 10_000 });
    const r = await t.api('expected.setOverride', { account_id: account.id, month: '2026-03', amount_cents: 25_000, note: 'install fee' });
    expect(r.row.expected_cents).toBe(35_000);
    expect((await t.api('month.check', { month: '2026-04' })).rows[0]!.expected_cents).toBe(10_000);
    await t.api('expected.setOverride', { account_id: account.id, month: '2026-03', amount_cents: null });
    expect((await t.api('month.check', { month: '2026-03' })).rows[0]!.expected_cents).toBe(10_000);
  });

  it('follows the account months and the contract term; a bill outside them is unexpected', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 10_000 });
    await t.api('accounts.update', { id: account.id, patch: { start_month: '2026-02', end_month: '2026-06' } });
    expect((await t.api('month.check', { month: '2026-01' })).rows).toHaveLength(0);
    expect((await t.api('month.check', { month: '2026-06' })).rows).toHaveLength(1);
    const after = await t.api('actuals.set', { account_id: account.id, month: '2026-07', amount: 10_000 });
    expect(after.row).toMatchObject({ status: 'unexpected', expected_cents: null, actual_cents: 10_000, variance_cents: null });
    // a contract that has ended no longer sets the tolerance
    await t.api('contracts.update', { id: contract.id, patch: { tolerance_pct_bp: 1000, end_date: '2026-03-31' } });
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 10_500 });
    await t.api('actuals.set', { account_id: account.id, month: '2026-04', amount: 10_500 });
    const [march] = (await t.api('month.check', { month: '2026-03' })).rows;
    const [april] = (await t.api('month.check', { month: '2026-04' })).rows;
    expect(march!.status).toBe('ok');
    expect(april!.status).toBe('over');
  });
});

describe('status', () => {
  it('is ok, over, under or missing against the tolerance and totals add up', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', expected: 100_000, pctBp: 500, customer: 'Alpha' });
    const b = await seedAccount(t, { account: 'B1', expected: 100_000, pctBp: 500, customer: 'Bravo' });
    const c = await seedAccount(t, { account: 'C1', expected: 100_000, pctBp: 500, customer: 'Charlie' });
    await seedAccount(t, { account: 'D1', expected: 700, pctBp: 1000, customer: 'Delta' });
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,050.00' });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: '$1,050.01' });
    await t.api('actuals.set', { account_id: c.account.id, month: '2026-03', amount: '(949.99)', locale: 'en-US' });
    const check = await t.api('month.check', { month: '2026-03' });
    expect(check.rows.map((r) => [r.customer, r.status, r.variance_cents, r.variance_pct])).toEqual([
      ['Alpha', 'ok', 5_000, 5],
      ['Bravo', 'over', 5_001, 5],
      ['Charlie', 'under', -194_999, -195],
      ['Delta', 'missing', null, null],
    ]);
    expect(check.totals).toMatchObject({ accounts: 4, entered: 3, ok: 1, over: 1, under: 1, missing: 1, unexpected: 0 });
    expect(check.totals.expected_cents).toBe(300_700);
    expect(check.totals.actual_cents).toBe(105_000 + 105_001 - 94_999);
    expect(check.totals.at_stake_cents).toBe(5_001 + 194_999);
    const flagged = await t.api('month.check', { month: '2026-03', status: ['over', 'under'] });
    expect(flagged.rows.map((r) => r.customer)).toEqual(['Bravo', 'Charlie']);
  });

  it('uses "both" mode only when every limit is exceeded', async () => {
    const t = testApi();
    const { account } = await seedAccount(t, { expected: 100_000, pctBp: 500, amountCents: 2_500, mode: 'both' });
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 104_000 })).row.status).toBe('ok');
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 106_000 })).row.status).toBe('over');
  });
});
