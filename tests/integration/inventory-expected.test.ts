// The rules of the expected bill that the inventory sets: sum of services vs an entered contract total, service
// groups that carry no charge, one-off months and price steps, the contract's end and auto-renewal. The month
// check, the grid (month.check) and the customer tree must give the same cents.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount } from '../support/api.ts';

const check = async (t: ReturnType<typeof testApi>, month: string) => (await t.api('month.check', { month })).rows;

describe('sum of services vs entered total', () => {
  it('sums active services, skips ordered ones and groups without an expected charge, and an entered total replaces the sum', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 10_000 });
    await t.api('services.create', { billing_account_id: account.id, description: 'SIP trunk', monthly_cents: 4_321 });
    await t.api('services.create', { billing_account_id: account.id, description: 'Fiber 1G', monthly_cents: 50_000, status: 'ordered' });
    const freebies = await t.api('groups.create', { name: 'Included extras', carries_expected: false });
    await t.api('services.create', { billing_account_id: account.id, description: 'Static IP', monthly_cents: 1_500, group_id: freebies.id });
    expect((await check(t, '2026-03'))[0]!.expected_cents).toBe(14_321);

    // an installed date in the month makes an ordered line count from that month
    const fiber = (await t.api('services.search', { text: 'Fiber 1G' })).rows[0]!;
    await t.api('services.update', { id: fiber.id, patch: { status: 'active', install_date: '2026-04-10' } });
    expect((await check(t, '2026-03'))[0]!.expected_cents).toBe(14_321);
    expect((await check(t, '2026-04'))[0]!.expected_cents).toBe(64_321);

    await t.api('contracts.update', { id: contract.id, patch: { expected_source: 'entered', expected_cents: 60_000 } });
    expect((await check(t, '2026-04'))[0]!.expected_cents).toBe(60_000);
    // switching back to the services sum restores it
    await t.api('contracts.update', { id: contract.id, patch: { expected_source: 'services' } });
    expect((await check(t, '2026-04'))[0]!.expected_cents).toBe(64_321);
  });
});

describe('one-off months and price steps', () => {
  it('adds a one-off in one month and a step in every month from its month on', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 100_000 });
    await t.api('contracts.update', { id: contract.id, patch: { expected_source: 'entered', expected_cents: 100_000 } });
    await t.api('expected.setOverride', { account_id: account.id, month: '2026-03', amount_cents: 25_000, note: 'install fee' });
    const step = await t.api('expected.setStep', { account_id: account.id, from_month: '2026-07', amount_cents: 20_000, note: 'price step' });
    expect(step.steps).toMatchObject([{ from_month: '2026-07', amount_cents: 20_000, note: 'price step' }]);
    const want: Record<string, number> = { '2026-02': 100_000, '2026-03': 125_000, '2026-04': 100_000, '2026-06': 100_000, '2026-07': 120_000, '2027-01': 120_000 };
    for (const [month, cents] of Object.entries(want)) expect((await check(t, month))[0]!.expected_cents, month).toBe(cents);

    // a second step adds to the first; a one-off in a stepped month adds to both
    await t.api('expected.setStep', { account_id: account.id, from_month: '2027-01', amount_cents: -5_000 });
    await t.api('expected.setOverride', { account_id: account.id, month: '2027-01', amount_cents: 1_234 });
    expect((await check(t, '2027-01'))[0]!.expected_cents).toBe(116_234);
    expect((await check(t, '2026-12'))[0]!.expected_cents).toBe(120_000);
    expect(await t.api('expected.list', { account_id: account.id })).toEqual({
      once: [
        { month: '2026-03', amount_cents: 25_000, note: 'install fee' },
        { month: '2027-01', amount_cents: 1_234, note: null },
      ],
      steps: [
        expect.objectContaining({ from_month: '2026-07', amount_cents: 20_000 }),
        expect.objectContaining({ from_month: '2027-01', amount_cents: -5_000 }),
      ],
    });

    // removing a step takes it out of every month, and the tree shows the same cents as the check
    await t.api('expected.setStep', { account_id: account.id, from_month: '2026-07', amount_cents: null });
    expect((await check(t, '2026-08'))[0]!.expected_cents).toBe(100_000);
    const customerId = (await t.api('accounts.get', { id: account.id })).customer_id!;
    const tree = await t.api('customers.tree', { customer_id: customerId, through_month: '2027-01', months: 6 });
    expect(tree.months).toEqual(['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
    expect(tree.locations[0]!.accounts[0]!.months.map((m) => m.expected_cents)).toEqual([100_000, 100_000, 100_000, 100_000, 100_000, 96_234]);
  });

  it('steps apply to a services-sum contract too, and a step on an account not in its months adds nothing', async () => {
    const t = testApi();
    const { account } = await seedAccount(t, { expected: 10_000 });
    await t.api('accounts.update', { id: account.id, patch: { end_month: '2026-08' } });
    await t.api('expected.setStep', { account_id: account.id, from_month: '2026-07', amount_cents: 2_500 });
    expect((await check(t, '2026-07'))[0]!.expected_cents).toBe(12_500);
    expect(await check(t, '2026-09')).toHaveLength(0);
  });
});

describe('contract end', () => {
  it('after the end date an entered total and its tolerance no longer apply unless the contract auto-renews', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { expected: 10_000 });
    await t.api('contracts.update', {
      id: contract.id,
      patch: { expected_source: 'entered', expected_cents: 12_000, start_date: '2026-01-01', end_date: '2026-06-30', tolerance_amount_cents: 500 },
    });
    await t.api('actuals.set', { account_id: account.id, month: '2026-06', amount: 12_400 });
    await t.api('actuals.set', { account_id: account.id, month: '2026-07', amount: 12_400 });
    expect((await check(t, '2026-06'))[0]).toMatchObject({ expected_cents: 12_000, status: 'ok', variance_cents: 400 });
    // July: out of contract, the services sum (10,000) with no tolerance
    expect((await check(t, '2026-07'))[0]).toMatchObject({ expected_cents: 10_000, status: 'over', variance_cents: 2_400 });

    await t.api('contracts.update', { id: contract.id, patch: { auto_renew: true } });
    expect((await check(t, '2026-07'))[0]).toMatchObject({ expected_cents: 12_000, status: 'ok', variance_cents: 400 });
    expect((await check(t, '2028-01'))[0]!.expected_cents).toBe(12_000);
  });

  it('one contract in force at a time: an overlapping one is refused, a renewal after the end takes over', async () => {
    const t = testApi();
    const { account, contract } = await seedAccount(t, { account: 'R-1', expected: 9_000 });
    await t.api('contracts.update', { id: contract.id, patch: { expected_source: 'entered', expected_cents: 10_000, start_date: '2025-07-01', end_date: '2026-06-30', auto_renew: true } });
    const clash = await t.api('contracts.create', { billing_account_id: account.id, start_date: '2026-06-01', expected_source: 'entered', expected_cents: 12_000 }).catch((e: unknown) => e);
    expect((clash as { message: string }).message).toBe('Billing account R-1 already has a contract from 2025-07-01 to 2026-06-30; end it before this one starts');
    const renewal = await t.api('contracts.create', { billing_account_id: account.id, start_date: '2026-07-01', end_date: '2027-06-30', expected_source: 'entered', expected_cents: 12_000 });
    expect((await check(t, '2026-06'))[0]!.expected_cents).toBe(10_000);
    expect((await check(t, '2026-07'))[0]!.expected_cents).toBe(12_000);
    // the renewal replaced the auto-renewing contract; after the renewal ends the services sum applies
    expect((await check(t, '2027-07'))[0]!.expected_cents).toBe(9_000);
    const bad = await t.api('contracts.update', { id: renewal.id, patch: { expected_cents: null } }).catch((e: unknown) => e);
    expect((bad as { message: string }).message).toContain('expected_cents: a contract with an entered expected total needs the monthly amount');
  });

  it('a contract may cover several accounts of its customer and carrier: each bill is checked on its own services', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'M-1', expected: 100_000 });
    const b = await t.api('accounts.create', { carrier_id: a.carrier.id, customer_id: a.customer.id, location_id: a.location.id, account_number: 'M-2' });
    await t.api('services.create', { billing_account_id: b.id, description: 'Branch line', monthly_cents: 20_000 });
    const c = await t.api('contracts.update', { id: a.contract.id, patch: { other_account_ids: [b.id], tolerance_pct_bp: 1_000, end_date: '2026-12-31' } });
    expect(c.other_account_ids).toEqual([b.id]);
    expect((await t.api('contracts.get', { id: c.id })).other_account_ids).toEqual([b.id]);
    await t.api('actuals.set', { account_id: b.id, month: '2026-03', amount: 21_900 });
    const rows = (await check(t, '2026-03')).map((r) => [r.account, r.expected_cents, r.actual_cents, r.status]);
    expect(rows).toEqual([
      ['M-1', 100_000, null, 'missing'],
      ['M-2', 20_000, 21_900, 'ok'],
    ]);
    // after the contract ends, the covered account has no tolerance either
    await t.api('actuals.set', { account_id: b.id, month: '2027-01', amount: 21_900 });
    expect((await check(t, '2027-01')).find((r) => r.account === 'M-2')!.status).toBe('over');

    const other = await t.api('carriers.create', { name: 'Elsewhere' });
    const foreign = await t.api('accounts.create', { carrier_id: other.id, customer_id: a.customer.id, account_number: 'X-9' });
    const e1 = await t.api('contracts.update', { id: c.id, patch: { other_account_ids: [b.id, foreign.id] } }).catch((e: unknown) => e);
    expect((e1 as { message: string }).message).toBe('other_account_ids: account X-9 is not another account of the same customer and carrier');
    const e2 = await t.api('contracts.update', { id: c.id, patch: { expected_source: 'entered', expected_cents: 5 } }).catch((e: unknown) => e);
    expect((e2 as { message: string }).message).toContain("an entered expected total is for one account's bill");
    const e3 = await t.api('contracts.create', { billing_account_id: b.id, start_date: '2026-06-01' }).catch((e: unknown) => e);
    expect((e3 as { message: string }).message).toBe('Billing account M-2 already has a contract from the beginning to 2026-12-31; end it before this one starts');
    // the book export writes the covering contract's terms on the covered account's rows
    const csv = new TextDecoder().decode((await t.api('export.book', { format: 'csv' })).data);
    expect(csv).toContain('M-2,Branch line,,active,,,,,200.00,,10,,either,,,,2026-12-31,no');
    const again = await t.api('import.book', { file_name: 'b.csv', data: new TextEncoder().encode(csv) });
    expect(again.changed).toBe(false);
    // dropping the link takes M-2 out of the contract
    await t.api('contracts.update', { id: c.id, patch: { other_account_ids: [] } });
    expect((await check(t, '2026-03')).find((r) => r.account === 'M-2')!.status).toBe('over');
  });

  it('lists contracts ending within 60 days (or N), soonest first, with the days left', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A-1', customer: 'Alpha Schools' });
    const b = await seedAccount(t, { account: 'B-2', customer: 'Beta Library' });
    const c = await seedAccount(t, { account: 'C-3', customer: 'Gamma County' });
    await t.api('contracts.update', { id: a.contract.id, patch: { end_date: '2026-05-31' } });
    await t.api('contracts.update', { id: b.contract.id, patch: { end_date: '2026-04-15', auto_renew: true } });
    await t.api('contracts.update', { id: c.contract.id, patch: { end_date: '2026-08-01' } });
    const ending = await t.api('contracts.ending', { as_of: '2026-04-01' });
    expect(ending.map((e) => [e.account, e.customer, e.end_date, e.days_left, e.auto_renew])).toEqual([
      ['B-2', 'Beta Library', '2026-04-15', 14, true],
      ['A-1', 'Alpha Schools', '2026-05-31', 60, false],
    ]);
    expect((await t.api('contracts.ending', { as_of: '2026-04-01', days: 14 })).map((e) => e.account)).toEqual(['B-2']);
    expect((await t.api('contracts.ending', { as_of: '2026-04-01', days: 122 })).map((e) => e.account)).toEqual(['B-2', 'A-1', 'C-3']);
    // a retired contract is not listed; one that ended yesterday is not either
    await t.api('contracts.retire', { id: b.contract.id });
    expect((await t.api('contracts.ending', { as_of: '2026-04-16' })).map((e) => e.account)).toEqual(['A-1']);
  });
});
