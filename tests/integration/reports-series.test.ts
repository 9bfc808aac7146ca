// The home dashboard's 24-month series and its figures are counted in one pass (api/reports/series.ts) instead of
// 24 month checks: on a book with entered and services contracts, an ended contract and an auto-renewing one, a
// contract covering a second account, a group without charge, ordered and disconnected services, price steps,
// one-offs, accounts with start and end months, a retired one and one with nothing expected, every month must equal month.check's totals
// exactly, also after writes (the cache keeps only months no write touched) and for a client login.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { makeCtx, client } from '../../api/index.ts';
import { addMonthsToMonth } from '../../core/months.ts';
import { monthTotals } from '../../core/totals.ts';
import { totalsOfMonths } from '../../api/reports/series.ts';
import type { CheckRow } from '../../api/contract/month.ts';

const LAST = '2026-06';
const MONTHS = Array.from({ length: 24 }, (_, i) => addMonthsToMonth(LAST, i - 23));
let t: TestApi;
const ids: Record<string, string> = {};

/** A bill for most account-months: on the expectation, a little over, far over, under, or none. */
const billFor = (k: number, m: number, base: number): number | null => {
  const r = (k * 7 + m * 3) % 11;
  if (r === 0) return null;
  if (r === 1) return base + 2_000;
  if (r === 2) return Math.max(0, base - 9_999);
  if (r === 3) return base + 37;
  return base;
};

beforeAll(async () => {
  t = testApi();
  const a = await seedAccount(t, { account: 'A-1', expected: 100_000, pctBp: 500, customer: 'Alpha Schools' });
  const b = await seedAccount(t, { account: 'B-1', expected: 45_000, amountCents: 1_000, customer: 'Beta Library', carrier: 'Beta Networks' });
  const c = await seedAccount(t, { account: 'C-1', expected: 30_000, pctBp: 200, amountCents: 500, mode: 'both', customer: 'Gamma Clinic' });
  const d = await seedAccount(t, { account: 'D-1', expected: 12_345, customer: 'Delta Farms' });
  const e = await seedAccount(t, { account: 'E-1', expected: 80_000, pctBp: 1_000, customer: 'Echo Town' });
  // A: an entered total that ends, then a renewal; B: an auto-renewing entered contract.
  await t.api('contracts.update', { id: a.contract.id, patch: { expected_source: 'entered', expected_cents: 95_000, start_date: '2024-09-01', end_date: '2025-08-31' } });
  await t.api('contracts.create', { billing_account_id: a.account.id, start_date: '2025-10-01', expected_source: 'entered', expected_cents: 110_000, tolerance_pct_bp: 300 });
  await t.api('contracts.update', { id: b.contract.id, patch: { expected_source: 'entered', expected_cents: 47_000, start_date: '2024-01-01', end_date: '2025-03-31', auto_renew: true } });
  // C: a second account covered by C's contract; a group without charge; an ordered line installed later; a disconnect.
  const c2 = await t.api('accounts.create', { carrier_id: c.carrier.id, customer_id: c.customer.id, location_id: c.location.id, account_number: 'C-2' });
  await t.api('services.create', { billing_account_id: c2.id, description: 'Branch line', monthly_cents: 20_000 });
  await t.api('contracts.update', { id: c.contract.id, patch: { other_account_ids: [c2.id] } });
  const free = await t.api('groups.create', { name: 'Included extras', carries_expected: false });
  await t.api('services.create', { billing_account_id: c.account.id, description: 'Static IP', monthly_cents: 1_500, group_id: free.id });
  await t.api('services.create', { billing_account_id: c.account.id, description: 'Fiber 1G', monthly_cents: 50_000, status: 'active', install_date: '2025-11-15' });
  await t.api('services.create', { billing_account_id: c.account.id, description: 'Fiber 10G', monthly_cents: 70_000, status: 'ordered' });
  await t.api('services.create', { billing_account_id: d.account.id, description: 'Old PRI', monthly_cents: 9_000, disconnect_date: '2025-02-10' });
  // D: price steps and one-offs (one withdrawn, kept as zero).
  await t.api('expected.setStep', { account_id: d.account.id, from_month: '2025-05', amount_cents: 2_500 });
  await t.api('expected.setStep', { account_id: d.account.id, from_month: '2026-01', amount_cents: -1_000 });
  await t.api('expected.setOverride', { account_id: d.account.id, month: '2025-07', amount_cents: 25_000, note: 'install fee' });
  await t.api('expected.setOverride', { account_id: a.account.id, month: '2026-02', amount_cents: 5_000 });
  await t.api('expected.setOverride', { account_id: a.account.id, month: '2026-02', amount_cents: null });
  // E: billed from 2025-01 to 2025-12 only; E2: retired after its last month.
  await t.api('accounts.update', { id: e.account.id, patch: { start_month: '2025-01', end_month: '2025-12' } });
  const e2 = await t.api('accounts.create', { carrier_id: e.carrier.id, customer_id: e.customer.id, location_id: e.location.id, account_number: 'E-2' });
  await t.api('services.create', { billing_account_id: e2.id, description: 'Cable', monthly_cents: 7_000 });
  await t.api('accounts.update', { id: e2.id, patch: { end_month: '2025-06' } });
  await t.api('accounts.retire', { id: e2.id });
  // F: active, but its one service is in the group without charge: no bill to check unless one arrives.
  const f = await t.api('accounts.create', { carrier_id: e.carrier.id, customer_id: e.customer.id, location_id: e.location.id, account_number: 'F-1' });
  await t.api('services.create', { billing_account_id: f.id, description: 'Included line', monthly_cents: 4_000, group_id: free.id });
  await t.api('actuals.set', { account_id: f.id, month: '2025-09', amount: '40.00' });
  Object.assign(ids, { f: f.id });
  Object.assign(ids, { a: a.account.id, b: b.account.id, c: c.account.id, c2: c2.id, d: d.account.id, e: e.account.id, e2: e2.id, alpha: a.customer.id, gamma: c.customer.id, contractA: a.contract.id });

  // Bills: keyed from each month's expectation, so all statuses occur; E's bills go on after its end (unexpected).
  const accounts = [ids.a!, ids.b!, ids.c!, ids.c2!, ids.d!, ids.e!, ids.e2!];
  const items: { account_id: string; month: string; amount: number }[] = [];
  for (const [m, month] of MONTHS.entries()) {
    const rows = new Map((await t.api('month.check', { month })).rows.map((r) => [r.account_id, r]));
    accounts.forEach((id, k) => {
      const amount = billFor(k, m, rows.get(id)?.expected_cents ?? 33_300);
      if (amount !== null) items.push({ account_id: id, month, amount });
    });
  }
  await t.api('actuals.setMany', { items, source: 'imported' });
});
afterAll(() => t.db.close());

const checkTotals = async (api: TestApi['api'], month: string) => (await api('month.check', { month })).totals;

async function expectSeriesEqualsChecks(api: TestApi['api'], ctx = makeCtx(t.db, 'tester', 'test')) {
  const series = (await api('reports.monthSeries', { month: LAST, months: 24 })).series;
  expect(series.map((s) => s.month)).toEqual(MONTHS);
  const all = await totalsOfMonths(ctx, MONTHS);
  for (const [i, month] of MONTHS.entries()) {
    const want = await checkTotals(api, month);
    expect(series[i], month).toEqual({ month, expected_cents: want.expected_cents, actual_cents: want.actual_cents, entered: want.entered });
    expect(all.get(month), month).toEqual(want);
  }
  return series;
}

describe('the 24-month series', () => {
  it('equals month.check totals for every month, with every status present', async () => {
    const series = await expectSeriesEqualsChecks(t.api);
    const statuses = { over: 0, under: 0, missing: 0, unexpected: 0 };
    for (const month of MONTHS) {
      const tt = await checkTotals(t.api, month);
      for (const k of Object.keys(statuses) as (keyof typeof statuses)[]) statuses[k] += tt[k];
    }
    expect(Object.values(statuses).every((n) => n > 0)).toBe(true);
    // fixed points of the book: D's step and one-off, E-2 after its end
    const july = await t.api('month.check', { month: '2025-07' });
    expect(july.rows.find((r) => r.account === 'D-1')!.expected_cents).toBe(12_345 + 2_500 + 25_000);
    // E-2 ended in 2025-06 and was retired: its July bill is unexpected
    expect(july.rows.find((r) => r.account === 'E-2')).toMatchObject({ expected_cents: null, status: 'unexpected' });
    expect(series.find((s) => s.month === '2025-07')!.expected_cents).toBe(july.totals.expected_cents);
    // F-1 carries nothing expected: no row, except in the month its bill came (unexpected)
    expect(july.rows.find((r) => r.account === 'F-1')).toBeUndefined();
    expect((await t.api('month.check', { month: '2025-09' })).rows.find((r) => r.account === 'F-1')).toMatchObject({ status: 'unexpected', actual_cents: 4_000 });
  });

  it('follows writes: a bill, a one-off, a step and a contract change each show in the next series', async () => {
    await expectSeriesEqualsChecks(t.api); // cached now
    const before = (await t.api('reports.monthSeries', { month: LAST })).series;
    await t.api('actuals.set', { account_id: ids.b!, month: '2025-03', amount: '1234.56' });
    const afterBill = (await t.api('reports.monthSeries', { month: LAST })).series;
    const changed = MONTHS.filter((m, i) => JSON.stringify(before[i]) !== JSON.stringify(afterBill[i]));
    expect(changed).toEqual(['2025-03']);
    await expectSeriesEqualsChecks(t.api);

    await t.api('expected.setOverride', { account_id: ids.c!, month: '2026-04', amount_cents: 7_700 });
    await expectSeriesEqualsChecks(t.api);
    await t.api('expected.setStep', { account_id: ids.b!, from_month: '2025-10', amount_cents: 300 });
    await expectSeriesEqualsChecks(t.api);
    await t.api('contracts.update', { id: ids.contractA!, patch: { tolerance_amount_cents: 50_000 } });
    await t.api('actuals.clear', { account_id: ids.a!, month: '2025-01' });
    await expectSeriesEqualsChecks(t.api);
  });

  it('a client login counts only its customers, as its month.check does', async () => {
    const ctx = { ...makeCtx(t.db, 'client-a', 'test'), scope: [ids.alpha!, ids.gamma!] };
    const api = client(ctx);
    const series = await expectSeriesEqualsChecks(api as TestApi['api'], ctx);
    const staff = (await t.api('reports.monthSeries', { month: LAST })).series;
    expect(series.at(-1)!.expected_cents).toBeLessThan(staff.at(-1)!.expected_cents);
    expect(series.at(-1)!.expected_cents).toBeGreaterThan(0);
  });
});

describe('the dashboard figures', () => {
  /** The figures as the dashboard used to count them from month.check's rows. */
  function fromRows(rows: CheckRow[]) {
    const tt = monthTotals(rows);
    const withExpected = rows.filter((r) => r.expected_cents !== null);
    return {
      progress: { accounts: tt.accounts, entered: tt.entered, expected_bills: withExpected.length, expected_entered: withExpected.filter((r) => r.actual_cents !== null).length },
      flagged: { bills: tt.over + tt.under + tt.missing + tt.unexpected, at_stake_cents: tt.at_stake_cents, over: tt.over, under: tt.under, missing: tt.missing, unexpected: tt.unexpected },
      missing: { bills: tt.missing, expected_cents: rows.filter((r) => r.status === 'missing').reduce((s, r) => s + (r.expected_cents ?? 0), 0) },
      largest_variances: rows
        .filter((r) => (r.status === 'over' || r.status === 'under') && r.variance_cents !== null)
        .sort((x, y) => Math.abs(y.variance_cents!) - Math.abs(x.variance_cents!) || x.account.localeCompare(y.account))
        .slice(0, 10)
        .map((r) => ({ account_id: r.account_id, account: r.account, carrier: r.carrier, customer: r.customer, status: r.status, variance_cents: r.variance_cents! })),
    };
  }

  it('equal what month.check rows give, for every month, with the series included', async () => {
    for (const month of MONTHS) {
      const dash = await t.api('reports.dashboard', { month, today: '2026-06-15', with_series: false });
      const want = fromRows((await t.api('month.check', { month })).rows);
      expect({ progress: dash.progress, flagged: dash.flagged, missing: dash.missing, largest_variances: dash.largest_variances }, month).toEqual(want);
    }
    const withSeries = await t.api('reports.dashboard', { month: LAST, today: '2026-06-15', months: 12 });
    expect(withSeries.series).toEqual((await t.api('reports.monthSeries', { month: LAST, months: 12 })).series);
    expect(withSeries.largest_variances!.length).toBeGreaterThan(0);
  });
});
