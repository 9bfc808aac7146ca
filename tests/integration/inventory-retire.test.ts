// Retiring customers and locations keeps their history (a past month's check rows and the audit trail do not
// change; the records stay reachable by id) while lists and searches no longer offer them; and a customer has one
// main location: making another one main takes the flag off the first, in the audit trail.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';

// Months well before today: a retirement ends the accounts' months at the month before it happens.
const PAST = ['2025-01', '2025-02'];

/** The month check rows and the whole audit trail so far, to compare after a retirement. */
async function history(t: TestApi) {
  const months = await Promise.all(PAST.map(async (month) => (await t.api('month.check', { month })).rows));
  const trail = await t.api('audit.list', { limit: 10_000 });
  return { months, trail };
}

describe('retiring customers and locations', () => {
  it('a retired customer keeps its past months and audit trail, leaves lists and searches, and is still found by id', async () => {
    const t = testApi();
    const { customer, location, account } = await seedAccount(t, { customer: 'Springfield Schools', expected: 10_000 });
    const other = await seedAccount(t, { customer: 'Shelbyville Library', account: '88', expected: 5_000 });
    await t.api('actuals.set', { account_id: account.id, month: '2025-01', amount: '100.00' });
    await t.api('actuals.set', { account_id: account.id, month: '2025-02', amount: '125.00' });
    await t.api('actuals.set', { account_id: other.account.id, month: '2025-02', amount: '50.00' });
    const before = await history(t);
    expect(before.months[1]!.map((r) => [r.customer, r.expected_cents, r.actual_cents, r.status])).toEqual([
      ['Shelbyville Library', 5_000, 5_000, 'ok'],
      ['Springfield Schools', 10_000, 12_500, 'over'],
    ]);

    const retired = await t.api('customers.retire', { id: customer.id });
    expect(retired.retired_at).not.toBeNull();
    const after = await history(t);
    expect(after.months).toEqual(before.months);
    // the trail up to the retirement is unchanged; the retirement adds to it
    const added = after.trail.slice(0, after.trail.length - before.trail.length);
    expect(after.trail.slice(added.length)).toEqual(before.trail);
    expect(added.find((e) => e.table_name === 'customers')).toMatchObject({ record_id: customer.id, action: 'retire', field: 'retired_at' });
    // its open account ends at the month before today, in the same batch
    expect(added.filter((e) => e.table_name === 'billing_accounts').map((e) => [e.record_id, e.field])).toEqual([[account.id, 'end_month']]);
    expect(new Set(added.map((e) => e.batch_id)).size).toBe(1);

    // hidden from searches and lists
    expect((await t.api('customers.search', {})).rows.map((r) => r.name)).toEqual(['Shelbyville Library']);
    expect((await t.api('customers.search', { text: 'Springfield' })).total).toBe(0);
    expect((await t.api('customers.list', {})).map((c) => c.name)).toEqual(['Shelbyville Library']);
    // reachable by id, and with the list's include_retired
    expect(await t.api('customers.get', { id: customer.id })).toMatchObject({ name: 'Springfield Schools', retired_at: retired.retired_at });
    expect((await t.api('customers.search', { include_retired: true })).total).toBe(2);
    const tree = await t.api('customers.tree', { customer_id: customer.id, through_month: '2025-02', months: 2 });
    expect(tree.locations.map((l) => l.id)).toEqual([location.id]);
    expect(tree.locations[0]!.accounts[0]!.months.map((m) => [m.month, m.expected_cents, m.actual_cents, m.status])).toEqual([
      ['2025-01', 10_000, 10_000, 'ok'],
      ['2025-02', 10_000, 12_500, 'over'],
    ]);
  });

  it('a retired location keeps its past months and audit trail, leaves the list, and is still found by id', async () => {
    const t = testApi();
    const { customer, location, carrier } = await seedAccount(t, { expected: 10_000 });
    const annex = await t.api('locations.create', { customer_id: customer.id, name: 'Annex', address: '2 Side St' });
    const annexAccount = await t.api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, location_id: annex.id, account_number: 'ANX-1' });
    await t.api('services.create', { billing_account_id: annexAccount.id, description: 'DSL', monthly_cents: 4_000 });
    await t.api('actuals.set', { account_id: annexAccount.id, month: '2025-02', amount: '40.00' });
    const before = await history(t);
    expect(before.months[1]!.map((r) => [r.location, r.account, r.expected_cents, r.actual_cents, r.status])).toEqual([
      ['Annex', 'ANX-1', 4_000, 4_000, 'ok'],
      ['Main', '007321', 10_000, null, 'missing'],
    ]);

    const retired = await t.api('locations.retire', { id: annex.id });
    expect(retired.retired_at).not.toBeNull();
    const after = await history(t);
    expect(after.months).toEqual(before.months);
    expect(after.trail.slice(1)).toEqual(before.trail);
    expect(after.trail[0]).toMatchObject({ table_name: 'locations', record_id: annex.id, action: 'retire' });

    expect((await t.api('locations.list', { customer_id: customer.id })).map((l) => l.name)).toEqual(['Main']);
    expect((await t.api('locations.list', { customer_id: customer.id, search: 'Annex' }))).toEqual([]);
    expect(await t.api('locations.get', { id: annex.id })).toMatchObject({ name: 'Annex', address: '2 Side St', retired_at: retired.retired_at });
    expect((await t.api('locations.list', { customer_id: customer.id, include_retired: true })).map((l) => l.name)).toEqual(['Annex', 'Main']);
    // the customer page leaves it out, unless retired records are asked for
    expect((await t.api('customers.tree', { customer_id: customer.id })).locations.map((l) => l.id)).toEqual([location.id]);
    expect((await t.api('customers.tree', { customer_id: customer.id, include_retired: true })).locations.map((l) => l.name).sort()).toEqual(['Annex', 'Main']);
  });
});

describe('one main location per customer', () => {
  it('making a location main takes the flag off the customer\'s other one, audited in the same batch', async () => {
    const t = testApi();
    const { customer, location } = await seedAccount(t);
    const other = await seedAccount(t, { customer: 'Other Customer', account: '99' });
    const mains = async (customerId: string) => (await t.api('locations.list', { customer_id: customerId })).map((l) => [l.name, l.is_main]);
    expect(await mains(customer.id)).toEqual([['Main', true]]);

    // a new location that is not main changes nothing
    const depot = await t.api('locations.create', { customer_id: customer.id, name: 'Depot' });
    expect(await mains(customer.id)).toEqual([['Depot', false], ['Main', true]]);

    // a new main location: the old one gives up the flag
    const hq = await t.api('locations.create', { customer_id: customer.id, name: 'HQ', is_main: true });
    expect(await mains(customer.id)).toEqual([['Depot', false], ['HQ', true], ['Main', false]]);
    const batch = (await t.api('audit.list', { record_id: hq.id }))[0]!.batch_id;
    expect((await t.api('audit.list', { batch_id: batch })).filter((e) => e.action === 'update').map((e) => [e.record_id, e.field, e.old_value, e.new_value])).toEqual([
      [location.id, 'is_main', '1', '0'],
    ]);

    // editing another one to be main moves the flag again
    await t.api('locations.update', { id: depot.id, patch: { is_main: true } });
    expect(await mains(customer.id)).toEqual([['Depot', true], ['HQ', false], ['Main', false]]);
    // another customer's main location is not touched
    expect(await mains(other.customer.id)).toEqual([['Main', true]]);
    // clearing the flag leaves the customer with no main location rather than choosing one
    await t.api('locations.update', { id: depot.id, patch: { is_main: false } });
    expect(await mains(customer.id)).toEqual([['Depot', false], ['HQ', false], ['Main', false]]);
  });
});
