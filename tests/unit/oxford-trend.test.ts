/**
 * The trend rule on real data: Oxford City Council's published telecom payments, Jan 2014 - Jan 2018
 * (tests/fixtures/real/oxford-telecom-spend-2014-2018, see SOURCE.txt), loaded as four years of bills with
 * no contracts: one bill per (supplier, service area) and month, the month's total; a month missing from the
 * file has no bill.
 *
 * "Previous N months" = the previous N months that have a bill (core/audit-rules.ts trendSeries). With
 * consecutive calendar months instead, neither May 2016 nor August 2016 would be flagged: April 2016 sits
 * between the gaps of March and May, and July 2016 is missing, so neither month has three billed months
 * right before it.
 *
 * What the data says about "the Vodafone series" of issue 8:
 * - The file has two Vodafone supplier names with different supplier ids, "VODAFONE LIMITED (CORPORATE)"
 *   (the regular monthly bill, ~14,000-16,000 GBP in 2015/16) and "VODAFONE LTD" (from May 2016). Keyed
 *   strictly per (supplier name, service area), May 2016 is NOT flagged in either: CORPORATE has no May 2016
 *   payment at all, and 675.83 GBP is VODAFONE LTD's first payment (no history to compare with).
 * - Keyed per carrier (both names are Vodafone, as a TEM analyst would file them) and service area, the
 *   collapse (May 2016: 675.83 against an average of 14,342.13, -95.29%) and the jump (August 2016:
 *   38,649.12 against 8,733.03, +342.56%) are both flagged, along with many other months: these are
 *   payments by paid date, not bill-period charges, so a late payment shows as a collapse and the catch-up
 *   as a jump. The rule is right about the numbers; the data is noisy.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { trendSeries, type MonthlyBill, type TrendPoint } from '../../core/audit-rules.ts';
import { parseAmount } from '../../core/money.ts';
import { isMonth } from '../../core/months.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.resolve(repoRoot, 'tests/fixtures/real/oxford-telecom-spend-2014-2018');

interface Row { month: string; supplier_name: string; service_area: string; payment_count: string; total_gbp: string }

const rows: Row[] = parse(readFileSync(path.join(dataDir, 'monthly_by_supplier_service_area.csv'), 'utf8'), {
  columns: true,
  bom: true,
  skip_empty_lines: true,
});

/** Monthly totals in cents per key; every amount through the one parser, every month checked. */
function seriesBy(key: (r: Row) => string | null): Map<string, MonthlyBill[]> {
  const totals = new Map<string, Map<string, number>>();
  rows.forEach((r, i) => {
    const k = key(r);
    if (k === null) return;
    if (!isMonth(r.month)) throw new Error(`monthly_by_supplier_service_area.csv row ${i + 2}, column month: "${r.month}" is not YYYY-MM`);
    const amount = parseAmount(r.total_gbp, 'en-US');
    if (!amount.ok || amount.cents === null) {
      throw new Error(`monthly_by_supplier_service_area.csv row ${i + 2}, column total_gbp: ${amount.ok ? 'empty' : amount.error}`);
    }
    const byMonth = totals.get(k) ?? new Map<string, number>();
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + amount.cents);
    totals.set(k, byMonth);
  });
  return new Map([...totals].map(([k, m]) => [k, [...m].map(([month, cents]) => ({ month, cents }))]));
}

const flagged = (points: TrendPoint[]): string[] => points.filter((p) => p.flag !== null).map((p) => p.month);

const perSupplier = seriesBy((r) => `${r.supplier_name} | ${r.service_area}`);
const perCarrier = seriesBy((r) => (r.supplier_name.startsWith('VODAFONE') ? `Vodafone | ${r.service_area}` : null));

describe('Oxford telecom spend 2014-2018: trend rule (3 previous billed months, 20%)', () => {
  it('reads all 193 rows', () => {
    expect(rows).toHaveLength(193);
    expect(perSupplier.get('VODAFONE LIMITED (CORPORATE) | Business Improvement')).toHaveLength(28);
    expect(perSupplier.get('VODAFONE LTD | Business Improvement')).toHaveLength(16);
    expect(perCarrier.get('Vodafone | Business Improvement')).toHaveLength(32);
  });

  it('Vodafone (both supplier names), Business Improvement: flags the May 2016 collapse and the August 2016 jump', () => {
    const points = trendSeries(perCarrier.get('Vodafone | Business Improvement') ?? []);
    const may = points.find((p) => p.month === '2016-05');
    const aug = points.find((p) => p.month === '2016-08');
    expect(may?.history_months).toEqual(['2016-01', '2016-02', '2016-04']);
    expect(may?.flag).toMatchObject({ direction: 'down', actual_cents: 67583, average_cents: 1434213, change_pct_hundredths: -9529 });
    expect(may?.flag?.explanation).toBe(
      'Trend: 675.83 is 95.29% below the average 14342.13 of the previous 3 bills (16669.23, 11762.88, 14594.28); the limit is 20%.',
    );
    expect(aug?.history_months).toEqual(['2016-04', '2016-05', '2016-06']);
    expect(aug?.flag).toMatchObject({ direction: 'up', actual_cents: 3864912, average_cents: 873303, change_pct_hundredths: 34256 });
    // Every flagged month, exactly. 2015-04..2015-06 have no trend (first three bills). Besides May and August
    // 2016: 2015-07 (-24.4%), 2015-11 (-50.6%) and 2015-12 (+139.4%) are a late and a double payment; 2016-02
    // (-33.0%) and 2016-04 (-23.2%) follow that double; 2016-06 (+21.3%) is measured against an average pulled
    // down by May's 675.83; from 2016-09 on, the two Vodafone entities pay irregularly (4,450 / 2,501 / 28,382 /
    // 4,449 / 27,472 ...) and from 2017-05 CORPORATE falls to ~700 a month, so most months differ by far more
    // than 20% from the three before.
    expect(flagged(points)).toEqual([
      '2015-07', '2015-11', '2015-12', '2016-02', '2016-04', '2016-05', '2016-06', '2016-08', '2016-09', '2016-10',
      '2016-12', '2017-01', '2017-02', '2017-05', '2017-06', '2017-08', '2017-09', '2017-10', '2018-01',
    ]);
  });

  it('VODAFONE LIMITED (CORPORATE), Business Improvement: August 2016 is flagged, May 2016 has no bill', () => {
    const points = trendSeries(perSupplier.get('VODAFONE LIMITED (CORPORATE) | Business Improvement') ?? []);
    expect(points.some((p) => p.month === '2016-05')).toBe(false);
    expect(points.find((p) => p.month === '2016-08')?.flag).toMatchObject({ average_cents: 1242871, change_pct_hundredths: 7179 });
    expect(flagged(points)).toEqual([
      '2015-07', '2015-11', '2015-12', '2016-02', '2016-04', '2016-06', '2016-08', '2016-09', '2016-12',
      '2017-01', '2017-02', '2017-03', '2017-04', '2017-05', '2017-06', '2017-07', '2017-11', '2017-12',
    ]);
  });

  it('VODAFONE LTD, Business Improvement: May 2016 is its first bill, so no trend yet', () => {
    const points = trendSeries(perSupplier.get('VODAFONE LTD | Business Improvement') ?? []);
    expect(points[0]).toMatchObject({ month: '2016-05', actual_cents: 67583, history_months: [], flag: null });
    expect(flagged(points)).toEqual([
      '2016-10', '2016-11', '2017-01', '2017-03', '2017-05', '2017-06', '2017-08', '2017-10', '2017-11', '2017-12', '2018-01',
    ]);
  });

  it('every (supplier, service area) series runs through the rule without error', () => {
    let bills = 0;
    for (const series of perSupplier.values()) bills += trendSeries(series).length;
    expect(bills).toBe(new Set(rows.map((r) => `${r.supplier_name}|${r.service_area}|${r.month}`)).size);
  });
});

// The same data through the product's own import path: the built-in "oxford" bill import profile (supplier =
// carrier through explicit aliases, service area = location and account, monthly totals as actuals, no
// contracts), then the month's audit flags (bills.flags) as the grid shows them.
describe('Oxford through the real import path (bills.loadOxford, bills.flags)', async () => {
  const { testApi } = await import('../support/api.ts');
  const { monthRange, addMonthsToMonth } = await import('../../core/months.ts');
  const data = readFileSync(path.join(dataDir, 'monthly_by_supplier_service_area.csv'));
  const months = monthRange('2014-01', '2018-01');

  async function loaded(profile?: string) {
    const t = testApi();
    const run = profile
      ? await t.api('bills.import', { profile, file_name: 'monthly_by_supplier_service_area.csv', data })
      : await t.api('bills.loadOxford', { file_name: 'monthly_by_supplier_service_area.csv', data });
    return { t, run };
  }
  async function accountId(t: Awaited<ReturnType<typeof loaded>>['t'], carrier: string, account: string) {
    const c = (await t.api('carriers.list', {})).find((x) => x.name === carrier)!;
    return (await t.api('accounts.list', { carrier_id: c.id })).find((a) => a.account_number === account)!.id;
  }
  async function trendMonths(t: Awaited<ReturnType<typeof loaded>>['t'], id: string) {
    const out: string[] = [];
    for (const month of months) {
      const f = await t.api('bills.flags', { month, as_of: '2018-06-30', account_ids: [id] });
      if (f.accounts[0]?.flags.some((x) => x.rule === 'trend')) out.push(month);
    }
    return out;
  }

  it('imports 193 rows as 180 bills: the two Vodafone names are one carrier, so their same-month rows are one bill', async () => {
    const { t, run } = await loaded();
    expect(run).toMatchObject({ status: 'done', bills_total: 180, created: 180, on_file: 0, duplicates: 0, accounts_created: 54, carriers_created: 21, actuals_changed: 180, problems: [] });
    expect(run.months).toHaveLength(45);
    const carriers = (await t.api('carriers.list', {})).map((c) => c.name);
    expect(carriers).toContain('Vodafone');
    expect(carriers).toContain('BT Global Services');
    expect(carriers.filter((c) => /vodafone|SERVIES/i.test(c))).toEqual(['Vodafone']);
    // No contracts: the accounts are in the book (customer Oxford City Council, location = service area).
    const id = await accountId(t, 'Vodafone', 'Business Improvement');
    const acc = await t.api('accounts.get', { id });
    const loc = await t.api('locations.get', { id: acc.location_id! });
    expect([loc.name, (await t.api('customers.get', { id: acc.customer_id! })).name, acc.in_book]).toEqual(['Business Improvement', 'Oxford City Council', true]);
    expect(await t.api('contracts.list', {})).toEqual([]);
  });

  it('re-importing the file doubles nothing', async () => {
    const { t } = await loaded();
    const again = await t.api('bills.import', { profile: 'oxford', file_name: 'monthly_by_supplier_service_area.csv', data });
    expect(again).toMatchObject({ created: 0, on_file: 180, duplicates: 0, actuals_changed: 0, batch_ids: [] });
    let fileCents = 0;
    for (const r of rows) fileCents += (parseAmount(r.total_gbp, 'en-US') as { cents: number }).cents;
    const sums = t.db.sqlite.prepare('SELECT (SELECT COUNT(*) FROM bills) n, (SELECT SUM(total_cents) FROM bills) b, (SELECT SUM(amount_cents) FROM actuals) a').get();
    expect(sums).toEqual({ n: 180, b: fileCents, a: fileCents });
  });

  it('Vodafone, Business Improvement: the trend rule flags May 2016 (collapse) and August 2016 (jump), exactly the months of the series test', async () => {
    const { t } = await loaded();
    const id = await accountId(t, 'Vodafone', 'Business Improvement');
    const may = await t.api('bills.flags', { month: '2016-05', as_of: '2018-06-30', account_ids: [id] });
    expect(may.accounts[0]!.flags).toEqual([
      { rule: 'trend', explanation: 'Trend: 675.83 is 95.29% below the average 14342.13 of the previous 3 bills (16669.23, 11762.88, 14594.28); the limit is 20%.' },
    ]);
    const aug = await t.api('bills.flags', { month: '2016-08', as_of: '2018-06-30', account_ids: [id] });
    expect(aug.accounts[0]!.flags.find((f) => f.rule === 'trend')?.explanation).toBe(
      'Trend: 38649.12 is 342.56% above the average 8733.03 of the previous 3 bills (14594.28, 675.83, 10928.97); the limit is 20%.',
    );
    expect(await trendMonths(t, id)).toEqual([
      '2015-07', '2015-11', '2015-12', '2016-02', '2016-04', '2016-05', '2016-06', '2016-08', '2016-09', '2016-10',
      '2016-12', '2017-01', '2017-02', '2017-05', '2017-06', '2017-08', '2017-09', '2017-10', '2018-01',
    ]);
  });

  it('the trend setting changes what is flagged: 6 months and 50% keep the collapse and the jump', async () => {
    const { t } = await loaded();
    await t.api('settings.set', { values: { 'audit.trend.months': 6, 'audit.trend.pct_bp': 5000 } });
    const id = await accountId(t, 'Vodafone', 'Business Improvement');
    const flagged = await trendMonths(t, id);
    expect(flagged).toContain('2016-05');
    expect(flagged).toContain('2016-08');
    expect(flagged.length).toBeLessThan(19);
  });

  it('audit.trend.lookback_months: how far back the previous bills may be changes which Oxford months are flagged', async () => {
    const { t } = await loaded();
    const id = await accountId(t, 'Vodafone', 'Business Improvement');
    const at = async (lookback: number) => {
      await t.api('settings.set', { values: { 'audit.trend.lookback_months': lookback } });
      return trendMonths(t, id);
    };
    // The series test computes the same thing: a point counts when its three previous bills lie within the window.
    const byWindow = (lookback: number) =>
      flagged(trendSeries(perCarrier.get('Vodafone | Business Improvement') ?? []).filter((p) => p.history_months.length === 3 && p.history_months[0]! >= addMonthsToMonth(p.month, -lookback)));
    expect(await at(3)).toEqual(byWindow(3));
    expect(await at(4)).toEqual(byWindow(4));
    // Three months back = the three calendar months right before: neither the May 2016 collapse (March 2016 has
    // no bill) nor the August 2016 jump (July 2016 has none) has a trend then.
    expect(await at(3)).toEqual([
      '2015-07', '2015-11', '2015-12', '2016-02', '2016-12', '2017-01', '2017-02', '2017-05', '2017-06', '2017-08', '2017-09', '2017-10', '2018-01',
    ]);
    // Four months back reaches over one missing month: the collapse and the jump are flagged again, and the
    // list is the one of the default 24 months.
    expect(await at(4)).toEqual([
      '2015-07', '2015-11', '2015-12', '2016-02', '2016-04', '2016-05', '2016-06', '2016-08', '2016-09', '2016-10',
      '2016-12', '2017-01', '2017-02', '2017-05', '2017-06', '2017-08', '2017-09', '2017-10', '2018-01',
    ]);
  });

  it('without the supplier aliases, May 2016 is VODAFONE LTD\'s first bill and is not flagged', async () => {
    const t = testApi();
    await t.api('billProfiles.create', {
      name: 'oxford as written',
      format: 'csv',
      currency: 'GBP',
      config: {
        columns: { carrier: 'supplier_name', account: 'service_area', location: 'service_area', month: 'month', total: 'total_gbp' },
        constants: { customer: 'Oxford City Council' },
        carrier_aliases: {},
      },
    });
    const run = await t.api('bills.import', { profile: 'oxford as written', file_name: 'monthly_by_supplier_service_area.csv', data });
    expect(run.created).toBe(193); // every (supplier as written, service area, month) is its own bill
    const ltd = await accountId(t, 'VODAFONE LTD', 'Business Improvement');
    const corporate = await accountId(t, 'VODAFONE LIMITED (CORPORATE)', 'Business Improvement');
    // No trend flag in either; what is left is CORPORATE's missing May bill (it billed in April).
    expect((await t.api('bills.flags', { month: '2016-05', as_of: '2018-06-30', account_ids: [ltd, corporate] })).accounts).toEqual([
      {
        account_id: corporate,
        flags: [{ rule: 'missing', explanation: "Missing bill: no bill for 2016-05 by 2016-06-02 (the usual bill day 28, as the carrier has none entered, plus 5 days' grace)." }],
      },
    ]);
  });
});
