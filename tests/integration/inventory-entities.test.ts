// Customers, carriers, locations, service groups and services through the API: stages, search and paging,
// retiring with history kept, group fields checked by type, bulk edit as one undo step, the customer tree.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount } from '../support/api.ts';
import { ApiError, makeCtx, client } from '../../api/index.ts';

const rejects = async (p: Promise<unknown>, code: string, text: string) => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  expect((e as ApiError).code).toBe(code);
  expect((e as ApiError).message).toContain(text);
};

describe('customers and carriers', () => {
  it('checks the stage against the stage list and finds customers by name or code, paged', async () => {
    const t = testApi();
    expect(await t.api('customers.stages', {})).toEqual(['prospect', 'onboarding', 'active', 'former']);
    await rejects(t.api('customers.create', { name: 'X', stage: 'lead' }), 'invalid_input', 'stage "lead" is not one of "prospect", "onboarding", "active", "former"');
    const c = await t.api('customers.create', { name: 'Springfield Schools', code: '141559', stage: 'Prospect' });
    expect(c.stage).toBe('prospect');
    for (let i = 1; i <= 30; i++) await t.api('customers.create', { name: `Shelbyville Library ${String(i).padStart(2, '0')}`, code: `9${i}` });
    const page = await t.api('customers.search', { text: 'shelbyville', limit: 10, offset: 10 });
    expect(page.total).toBe(30);
    expect(page.rows.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Shelbyville Library ${String(i + 11).padStart(2, '0')}`));
    expect((await t.api('customers.search', { text: '14155' })).rows.map((r) => r.name)).toEqual(['Springfield Schools']);
    expect((await t.api('customers.search', { stage: 'prospect' })).total).toBe(1);
    // LIKE wildcards in the text are literal
    expect((await t.api('customers.search', { text: '%' })).total).toBe(0);
  });

  it('keeps a carrier\'s account rep and dispute contacts, bill day and dispute window', async () => {
    const t = testApi();
    const c = await t.api('carriers.create', {
      name: 'Windstream Communications, LLC',
      account_rep_contact: 'Pat Rep, pat@example.com',
      dispute_contact: 'disputes@example.com',
      bill_day: 12,
      dispute_window_days: 90,
    });
    expect(c).toMatchObject({ account_rep_contact: 'Pat Rep, pat@example.com', dispute_contact: 'disputes@example.com', bill_day: 12, dispute_window_days: 90 });
    await seedAccount(t, { carrier: 'Windstream Communications, LLC' });
    const hits = await t.api('carriers.search', { text: 'windstream' });
    expect(hits).toMatchObject({ total: 1, rows: [{ name: 'Windstream Communications, LLC', accounts: 1, services: 1 }] });
    await rejects(t.api('carriers.create', { name: 'X', bill_day: 32 }), 'invalid_input', 'bill_day');
  });

  it('retiring a carrier keeps its history: past months still show its bills, later months no longer expect them', async () => {
    const t = testApi();
    const { account, carrier } = await seedAccount(t, { expected: 10_000, carrier: 'Old Telco' });
    // months well before today: the retirement ends the account's months at the month before it happens
    await t.api('actuals.set', { account_id: account.id, month: '2025-01', amount: 10_000 });
    await t.api('actuals.set', { account_id: account.id, month: '2025-02', amount: 11_000 });
    const before = (await t.api('month.check', { month: '2025-02' })).rows;
    const retired = await t.api('carriers.retire', { id: carrier.id });
    expect(retired.retired_at).not.toBeNull();
    expect((await t.api('month.check', { month: '2025-02' })).rows).toEqual(before);
    expect((await t.api('month.check', { month: '2025-01' })).rows[0]).toMatchObject({ carrier: 'Old Telco', expected_cents: 10_000, actual_cents: 10_000, status: 'ok' });
    const last = (await t.api('accounts.get', { id: account.id })).end_month!;
    const today = new Date().toISOString().slice(0, 7);
    expect(last < today).toBe(true);
    expect((await t.api('month.check', { month: today })).rows).toHaveLength(0);
    // a bill that still arrives is unexpected, and shown with the retired carrier's name
    const late = await t.api('actuals.set', { account_id: account.id, month: today, amount: 10_000 });
    expect(late.row).toMatchObject({ status: 'unexpected', carrier: 'Old Telco' });
    // hidden from lists and pickers, refused for new accounts, kept in the audit trail
    expect((await t.api('carriers.search', {})).total).toBe(0);
    expect((await t.api('carriers.search', { include_retired: true })).total).toBe(1);
    const customer = (await t.api('customers.list', {}))[0]!;
    await rejects(t.api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, account_number: 'NEW' }), 'conflict', 'is retired');
    const trail = await t.api('audit.list', { table_name: 'carriers', record_id: carrier.id });
    expect(JSON.stringify(trail)).toContain('retire');
  });
});

describe('service groups and services', () => {
  it('checks a service\'s field values by the group\'s types: money in cents, dates, numbers, list options', async () => {
    const t = testApi();
    const { account } = await seedAccount(t);
    const g = await t.api('groups.create', {
      name: 'Circuit',
      fields: [
        { key: 'speed_mbps', name: 'Speed (Mbps)', type: 'number', required: true },
        { key: 'install_fee', name: 'Install fee', type: 'money' },
        { key: 'term_end', name: 'Term end', type: 'date' },
        { key: 'handoff', name: 'Handoff', type: 'list', options: ['Copper', 'Fiber'] },
        { key: 'notes', name: 'Notes', type: 'text' },
      ],
    });
    const s = await t.api('services.create', {
      billing_account_id: account.id,
      group_id: g.id,
      description: 'MPLS',
      circuit_id: '12.KXGS.123456',
      monthly_cents: 45_000,
      fields: { speed_mbps: '100', install_fee: '1.234,56 €', term_end: '6/30/2018', handoff: 'fiber', notes: 'rack 4' },
      locale: 'de-DE',
    });
    expect(s.fields).toEqual({ speed_mbps: 100, install_fee: 123_456, term_end: '2018-06-30', handoff: 'Fiber', notes: 'rack 4' });
    await rejects(
      t.api('services.update', { id: s.id, patch: { fields: { speed_mbps: 'fast', handoff: 'Wireless', install_fee: '12,3,4' } } }),
      'invalid_input',
      'fields.speed_mbps: Speed (Mbps): "fast" is not a number',
    );
    await rejects(t.api('services.update', { id: s.id, patch: { fields: { color: 'red' } } }), 'invalid_input', 'the group has no field "color"');
    await rejects(t.api('services.create', { billing_account_id: account.id, group_id: g.id }), 'invalid_input', 'fields.speed_mbps: Speed (Mbps) is required');
    // a change of one field keeps the others
    const s2 = await t.api('services.update', { id: s.id, patch: { fields: { notes: null } } });
    expect(s2.fields).toEqual({ speed_mbps: 100, install_fee: 123_456, term_end: '2018-06-30', handoff: 'Fiber' });
    await rejects(t.api('groups.create', { name: 'Bad', fields: [{ key: 'kind', name: 'Kind', type: 'list' }] }), 'invalid_input', 'a list field needs its options');
    await rejects(t.api('groups.create', { name: 'circuit' }), 'conflict', 'exists already');
    await rejects(t.api('services.create', { billing_account_id: account.id, status: 'disconnected' }), 'invalid_input', 'needs its disconnect date');
  });

  it('the inventory list filters by customer, carrier, group, status and text, sorts and pages', async () => {
    const t = testApi();
    const a = await seedAccount(t, { customer: 'Alpha', carrier: 'AT&T', account: '100', expected: 1_000 });
    const b = await seedAccount(t, { customer: 'Beta', carrier: 'Comcast', account: '200', expected: 2_000 });
    const wireless = await t.api('groups.create', { name: 'Wireless line' });
    for (let i = 0; i < 5; i++) await t.api('services.create', { billing_account_id: b.account.id, group_id: wireless.id, description: `Phone ${i}`, circuit_id: `555-010${i}`, monthly_cents: 500 + i });
    await t.api('services.create', { billing_account_id: a.account.id, description: 'Old T1', status: 'disconnected', disconnect_date: '2025-12-31', monthly_cents: 30_000 });
    const all = await t.api('services.search', {});
    expect(all.total).toBe(8);
    expect(all.monthly_cents).toBe(1_000 + 2_000 + 500 + 501 + 502 + 503 + 504 + 30_000);
    expect(all.rows[0]!.customer).toBe('Alpha');
    expect((await t.api('services.search', { customer_id: b.customer.id })).total).toBe(6);
    expect((await t.api('services.search', { carrier_id: a.carrier.id })).total).toBe(2);
    expect((await t.api('services.search', { group_id: wireless.id, sort: 'monthly_cents', dir: 'desc', limit: 2, offset: 1 })).rows.map((r) => r.monthly_cents)).toEqual([503, 502]);
    expect((await t.api('services.search', { status: ['disconnected'] })).rows.map((r) => [r.description, r.carrier, r.account])).toEqual([['Old T1', 'AT&T', '100']]);
    expect((await t.api('services.search', { text: '555-0103' })).rows.map((r) => r.description)).toEqual(['Phone 3']);
    expect((await t.api('services.search', { text: 'comcast' })).total).toBe(6);
  });

  it('bulk edit changes carrier account, status and charge in one batch that audit.undo takes back', async () => {
    const t = testApi();
    const a = await seedAccount(t, { customer: 'Alpha', carrier: 'AT&T', account: '100', expected: 1_000 });
    const other = await t.api('carriers.create', { name: 'Lumen' });
    const target = await t.api('accounts.create', { carrier_id: other.id, customer_id: a.customer.id, location_id: a.location.id, account_number: 'L-9' });
    const s1 = await t.api('services.create', { billing_account_id: a.account.id, description: 'Line 1', monthly_cents: 2_000 });
    const s2 = await t.api('services.create', { billing_account_id: a.account.id, description: 'Line 2', monthly_cents: 3_000 });
    expect((await t.api('month.check', { month: '2026-03' })).rows.find((r) => r.account === '100')!.expected_cents).toBe(6_000);

    const r = await t.api('services.bulkUpdate', { ids: [s1.id, s2.id], patch: { billing_account_id: target.id, monthly: '2.500,00' }, locale: 'de-DE' });
    expect(r.changed).toBe(2);
    const moved = await t.api('services.search', { billing_account_id: target.id });
    expect(moved.rows.map((x) => [x.description, x.carrier, x.monthly_cents])).toEqual([
      ['Line 1', 'Lumen', 250_000],
      ['Line 2', 'Lumen', 250_000],
    ]);
    let rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.map((x) => [x.account, x.expected_cents])).toEqual([
      ['100', 1_000],
      ['L-9', 500_000],
    ]);
    const batch = await t.api('audit.list', { batch_id: r.batch_id });
    expect(batch.length).toBe(6); // account, carrier and charge of two services

    await t.api('audit.undo', { batch_id: r.batch_id });
    rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.find((x) => x.account === '100')!.expected_cents).toBe(6_000);
    expect((await t.api('services.get', { id: s2.id })).carrier_id).toBe(a.carrier.id);

    // all or nothing: one bad service leaves every one as it was
    await rejects(t.api('services.bulkUpdate', { ids: [s1.id, s2.id], patch: { status: 'disconnected' } }), 'invalid_input', 'needs its disconnect date');
    await rejects(t.api('services.bulkUpdate', { ids: [s1.id, 'nope'], patch: { monthly: 1 } }), 'not_found', 'Service nope');
    expect((await t.api('services.get', { id: s1.id })).monthly_cents).toBe(2_000);
    await rejects(t.api('services.bulkUpdate', { ids: [s1.id], patch: { monthly: '12,34,5' } }), 'invalid_input', 'monthly:');
    const ok = await t.api('services.bulkUpdate', { ids: [s1.id, s2.id], patch: { status: 'disconnected', disconnect_date: '2026-04-30' } });
    expect(ok.changed).toBe(2);
    expect((await t.api('month.check', { month: '2026-05' })).rows.find((x) => x.account === '100')!.expected_cents).toBe(1_000);
  });

  it('the customer tree holds locations, accounts, services, contracts and the last months', async () => {
    const t = testApi();
    const { customer, location, account } = await seedAccount(t, { customer: 'Alpha', expected: 10_000 });
    const branch = await t.api('locations.create', { customer_id: customer.id, name: 'Branch', address: '1 Elm St' });
    const c2 = await t.api('carriers.create', { name: 'Verizon' });
    const acc2 = await t.api('accounts.create', { carrier_id: c2.id, customer_id: customer.id, location_id: branch.id, account_number: 'V-1' });
    await t.api('services.create', { billing_account_id: acc2.id, description: 'LTE', monthly_cents: 4_000 });
    await t.api('actuals.set', { account_id: account.id, month: '2026-02', amount: 10_000 });
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 12_000 });
    const tree = await t.api('customers.tree', { customer_id: customer.id, through_month: '2026-03', months: 3 });
    expect(tree.customer.name).toBe('Alpha');
    expect(tree.locations.map((l) => [l.name, l.is_main, l.accounts.map((a) => a.account_number)])).toEqual([
      ['Main', true, ['007321']],
      ['Branch', false, ['V-1']],
    ]);
    const main = tree.locations[0]!.accounts[0]!;
    expect(main.services.map((s) => [s.description, s.monthly_cents])).toEqual([['Fiber 100M', 10_000]]);
    expect(main.contracts).toHaveLength(1);
    expect(main.months).toEqual([
      { month: '2026-01', expected_cents: 10_000, actual_cents: null, status: 'missing' },
      { month: '2026-02', expected_cents: 10_000, actual_cents: 10_000, status: 'ok' },
      { month: '2026-03', expected_cents: 10_000, actual_cents: 12_000, status: 'over' },
    ]);
    expect(tree.locations[1]!.accounts[0]!.months.map((m) => m.expected_cents)).toEqual([4_000, 4_000, 4_000]);
    expect(location.id).toBe(tree.locations[0]!.id);
  });
});

describe('a client login', () => {
  it('finds only its own customer\'s inventory, tree, contracts and book', async () => {
    const t = testApi();
    const mine = await seedAccount(t, { customer: 'Alpha', account: 'A-1', expected: 1_000 });
    const theirs = await seedAccount(t, { customer: 'Beta', account: 'B-1', expected: 2_000 });
    await t.api('contracts.update', { id: mine.contract.id, patch: { end_date: '2026-05-01' } });
    await t.api('contracts.update', { id: theirs.contract.id, patch: { end_date: '2026-05-01' } });
    const grants = { admin: false, modules: { inventory: ['view', 'export'] as const, crm: ['view'] as const, tem: ['view'] as const } };
    const api = client(makeCtx(t.db, 'alpha-user', 'test', grants as never, [mine.customer.id]));
    expect((await api('services.search', {})).rows.map((r) => r.account)).toEqual(['A-1']);
    expect((await api('customers.search', {})).rows.map((r) => r.name)).toEqual(['Alpha']);
    expect((await api('carriers.search', {})).rows.map((r) => [r.name, r.accounts])).toEqual([['Acme Telecom', 1]]);
    expect((await api('contracts.ending', { as_of: '2026-04-01' })).map((r) => r.account)).toEqual(['A-1']);
    const e = await api('customers.tree', { customer_id: theirs.customer.id }).catch((x: unknown) => x);
    expect((e as ApiError).code).toBe('not_found');
    const book = new TextDecoder().decode((await api('export.book', { format: 'csv' })).data);
    expect(book).toContain('A-1');
    expect(book).not.toContain('B-1');
    const bulk = await api('services.bulkUpdate', { ids: [theirs.account.id], patch: { monthly: 1 } }).catch((x: unknown) => x);
    expect((bulk as ApiError).code).toBe('forbidden');
  });
});
