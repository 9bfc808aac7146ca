// Service types and bill sources from the drop-down tables: active values accepted, unknown and newly chosen
// retired values refused with the field and the value named, a value retired since stays on the record holding it;
// the inventory list filters by service type and the book carries it; actuals keep their system `source` apart from
// the user's `bill_source`.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, bytes, type TestApi } from '../support/api.ts';
import { ApiError } from '../../api/index.ts';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

async function serviceTypes(t: TestApi) {
  const fiber = await t.api('lookups.save', { list: 'service_type', code: 'fiber', label: 'Fiber' });
  await t.api('lookups.save', { list: 'service_type', code: 'mpls', label: 'MPLS' });
  const pots = await t.api('lookups.save', { list: 'service_type', code: 'pots', label: 'POTS line' });
  return { fiber, pots };
}

const retire = (t: TestApi, v: { id: string; list: string; label: string }) => t.api('lookups.save', { id: v.id, list: v.list, label: v.label, active: false });

describe('services.service_type', () => {
  it('takes active values, refuses unknown ones by field and value, keeps a retired one on the service holding it', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha' });
    const { pots } = await serviceTypes(t);
    const pri = await t.api('services.create', { billing_account_id: a.account.id, description: 'PRI', monthly_cents: 45_000, service_type: 'pots' });
    expect(pri.service_type).toBe('pots');

    const unknown = await fail(t.api('services.create', { billing_account_id: a.account.id, description: 'LTE', monthly_cents: 2_000, service_type: 'lte' }));
    expect(unknown.code).toBe('invalid_input');
    expect(unknown.message).toBe('service_type: "lte" is not a value of the drop-down table service_type; choose one of "fiber", "mpls", "pots"');
    expect((await t.api('services.search', { text: 'LTE' })).total).toBe(0);

    await retire(t, pots);
    // the service keeps it, shows it, and saving it again with it is fine
    const again = await t.api('services.update', { id: pri.id, patch: { service_type: 'pots', monthly_cents: 46_000 } });
    expect([again.service_type, again.monthly_cents]).toEqual(['pots', 46_000]);
    expect((await t.api('services.get', { id: pri.id })).service_type).toBe('pots');
    // a new service cannot take it
    const fresh = await fail(t.api('services.create', { billing_account_id: a.account.id, description: 'PRI 2', monthly_cents: 1, service_type: 'pots' }));
    expect(fresh.message).toBe('service_type: "pots" is retired in the drop-down table service_type: it stays on the records that already have it but cannot be chosen anew; choose one of "fiber", "mpls"');
    // nor another existing one
    const fiberLine = (await t.api('services.search', { billing_account_id: a.account.id, text: 'Fiber' })).rows[0]!;
    const other = await fail(t.api('services.update', { id: fiberLine.id, patch: { service_type: 'pots' } }));
    expect(other.message).toBe('service_type: "pots" is retired in the drop-down table service_type: it stays on the records that already have it but cannot be chosen anew; choose one of "fiber", "mpls"');
    // once cleared, the retired value cannot come back
    await t.api('services.update', { id: pri.id, patch: { service_type: null } });
    expect((await t.api('services.get', { id: pri.id })).service_type).toBeNull();
    const back = await fail(t.api('services.update', { id: pri.id, patch: { service_type: 'pots' } }));
    expect(back.code).toBe('invalid_input');
    // changes are audited field by field
    const changes = (await t.api('audit.list', { table_name: 'services', record_id: pri.id })).filter((e) => e.field === 'service_type');
    expect(changes.map((e) => [e.action, e.old_value, e.new_value])).toEqual([['update', '"pots"', null]]);
  });

  it('bulk edit sets it on many services, refusing an unknown value and writing nothing', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha' });
    await serviceTypes(t);
    const s2 = await t.api('services.create', { billing_account_id: a.account.id, description: 'Backup', monthly_cents: 5_000 });
    const ids = (await t.api('services.search', { billing_account_id: a.account.id })).rows.map((r) => r.id);
    expect(ids.length).toBe(2);
    const bad = await fail(t.api('services.bulkUpdate', { ids, patch: { service_type: 'dsl', status: 'ordered' } }));
    expect(bad.message).toBe('service_type: "dsl" is not a value of the drop-down table service_type; choose one of "fiber", "mpls", "pots"');
    expect((await t.api('services.get', { id: s2.id })).status).toBe('active');
    const done = await t.api('services.bulkUpdate', { ids, patch: { service_type: 'fiber' } });
    expect(done.changed).toBe(2);
    expect((await t.api('services.search', { billing_account_id: a.account.id })).rows.map((r) => r.service_type)).toEqual(['fiber', 'fiber']);
  });

  it('services.search returns it and filters by it (retired codes too)', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha' });
    const b = await seedAccount(t, { account: 'B1', customer: 'Bravo' });
    const { pots } = await serviceTypes(t);
    await t.api('services.create', { billing_account_id: a.account.id, description: 'PRI', monthly_cents: 45_000, service_type: 'pots' });
    await t.api('services.create', { billing_account_id: b.account.id, description: 'Analog fax', monthly_cents: 3_000, service_type: 'pots' });
    await t.api('services.create', { billing_account_id: b.account.id, description: 'WAN', monthly_cents: 80_000, service_type: 'mpls' });
    await retire(t, pots);
    const potsList = await t.api('services.search', { service_type: 'pots', sort: 'description' });
    expect(potsList.rows.map((r) => [r.description, r.customer, r.service_type])).toEqual([
      ['Analog fax', 'Bravo', 'pots'],
      ['PRI', 'Alpha', 'pots'],
    ]);
    expect([potsList.total, potsList.monthly_cents]).toEqual([2, 48_000]);
    const mpls = await t.api('services.search', { service_type: 'mpls', customer_id: b.customer.id });
    expect(mpls.rows.map((r) => r.description)).toEqual(['WAN']);
    expect((await t.api('services.search', { service_type: 'fiber' })).total).toBe(0);
    // the customer tree carries it too (the service form reads it from there)
    const tree = await t.api('customers.tree', { customer_id: a.customer.id });
    expect(tree.locations[0]!.accounts[0]!.services.map((s) => [s.description, s.service_type]).sort()).toEqual([['Fiber 100M', null], ['PRI', 'pots']]);
  });

  it('the book round trip carries service_type byte for byte; an unknown type is refused by row and column', async () => {
    const t1 = testApi();
    const a = await seedAccount(t1, { account: 'A1', customer: 'Alpha' });
    const { pots } = await serviceTypes(t1);
    await t1.api('services.create', { billing_account_id: a.account.id, description: 'PRI', monthly_cents: 45_000, service_type: 'pots' });
    await t1.api('services.create', { billing_account_id: a.account.id, description: 'WAN', monthly_cents: 80_000, service_type: 'mpls' });
    await retire(t1, pots);
    const first = await t1.api('export.book', { format: 'csv' });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(first.data);
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFcustomer,customer_code,location,carrier,account,service,circuit_id,status,install_date,disconnect_date,group,service_type,expected,account_expected,tolerance_pct,tolerance_amount,tolerance_mode,start,end,contract_start,contract_end,auto_renew,' +
        'record,contract_account,customer_stage,customer_notes,location_address,location_main,carrier_rep_contact,carrier_dispute_contact,carrier_bill_day,carrier_dispute_window,carrier_notes,expectation_month,expectation_amount,expectation_note',
    );
    expect(text).toContain('Alpha,,Main,Acme Telecom,A1,PRI,,active,,,,pots,450.00,');
    expect(text).toContain('Alpha,,Main,Acme Telecom,A1,WAN,,active,,,,mpls,800.00,');
    expect(text).toContain('Alpha,,Main,Acme Telecom,A1,Fiber 100M,,active,,,,,1000.00,');

    // into a database where the types exist: same bytes back
    const t2 = testApi();
    await serviceTypes(t2);
    const imported = await t2.api('import.book', { file_name: first.file_name, data: first.data });
    expect(imported.rows_imported).toBe(3);
    const second = await t2.api('export.book', { format: 'csv' });
    expect(Buffer.from(second.data).equals(Buffer.from(first.data))).toBe(true);
    // into the database it came from (pots retired there, but its service holds it): nothing changes
    expect((await t1.api('import.book', { file_name: first.file_name, data: first.data })).changed).toBe(false);

    // a type the table does not have: the row is refused, naming the column and the value
    const t3 = testApi();
    await t3.api('lookups.save', { list: 'service_type', code: 'mpls', label: 'MPLS' });
    const csv = ['customer,carrier,account,service,service_type,expected', 'Alpha,Acme Telecom,A1,PRI,pots,450.00', 'Alpha,Acme Telecom,A1,WAN,mpls,800.00'].join('\r\n');
    const p = await t3.api('book.preview', { file_name: 'b.csv', data: bytes(csv) });
    expect([p.rows_valid, p.rows_invalid]).toEqual([1, 1]);
    expect(p.problems.map((x) => [x.row, x.column, x.value, x.reason])).toEqual([
      [2, 'service_type', 'pots', 'service_type: "pots" is not a value of the drop-down table service_type; choose one of "mpls"'],
    ]);
  });
});

describe('actuals.bill_source', () => {
  it('is the user-chosen way a bill arrived, apart from the system source; retired values stay on old bills only', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000 });
    const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 20_000 });
    await t.api('lookups.save', { list: 'bill_source', code: 'paper', label: 'Paper' });
    const edi = await t.api('lookups.save', { list: 'bill_source', code: 'edi', label: 'EDI 811' });
    await t.api('lookups.save', { list: 'bill_source', code: 'portal', label: 'Carrier portal' });

    const set = await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,000.00', bill_source: 'edi' });
    expect([set.row.actual_cents, set.row.source, set.row.bill_source, set.row.status]).toEqual([100_000, 'keyed', 'edi', 'ok']);

    const unknown = await fail(t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: '200.00', bill_source: 'fax' }));
    expect(unknown.code).toBe('invalid_input');
    expect(unknown.message).toBe('bill_source: "fax" is not a value of the drop-down table bill_source; choose one of "paper", "edi", "portal"');
    // nothing written for the refused bill
    expect((await t.api('month.check', { month: '2026-03' })).rows.find((r) => r.account === 'B1')).toMatchObject({ actual_cents: null, bill_source: null });

    await retire(t, edi);
    // the old bill keeps it (changing its amount with it given again is fine); month.check shows it
    const again = await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,010.00', bill_source: 'edi' });
    expect([again.row.actual_cents, again.row.bill_source]).toEqual([101_000, 'edi']);
    // left out: unchanged
    const kept = await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,020.00' });
    expect(kept.row.bill_source).toBe('edi');
    // a new bill cannot take it
    const retired = await fail(t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: '200.00', bill_source: 'edi' }));
    expect(retired.message).toBe('bill_source: "edi" is retired in the drop-down table bill_source: it stays on the records that already have it but cannot be chosen anew; choose one of "paper", "portal"');
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: '200.00', bill_source: 'paper' });
    const rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.map((r) => [r.account, r.actual_cents, r.source, r.bill_source])).toEqual([
      ['A1', 102_000, 'keyed', 'edi'],
      ['B1', 20_000, 'keyed', 'paper'],
    ]);
    // cleared with null
    const cleared = await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,020.00', bill_source: null });
    expect(cleared.row.bill_source).toBeNull();
    const changes = (await t.api('audit.list', { table_name: 'actuals' })).filter((e) => e.field === 'bill_source');
    expect(changes.map((e) => [e.action, e.old_value, e.new_value])).toEqual([['update', '"edi"', null]]);
  });
});
