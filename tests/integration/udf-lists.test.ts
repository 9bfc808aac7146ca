// User-defined fields across the inventory: services.search filters by a field of the service, its customer,
// its location or its contract (text in part, any case; numbers and amounts exactly); udf.list answers many
// records at once; a book file's field columns are checked like every other cell.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, bytes } from '../support/api.ts';
import { ApiError } from '../../api/index.ts';

async function twoCustomers() {
  const t = testApi();
  await t.api('udf.saveDef', { entity: 'customers', label: 'GL code', type: 'text' });
  await t.api('udf.saveDef', { entity: 'customers', label: 'Budget', type: 'money' });
  await t.api('udf.saveDef', { entity: 'locations', label: 'Floor', type: 'number' });
  await t.api('udf.saveDef', { entity: 'services', label: 'Tier', type: 'list', options: ['Gold', 'Silver'] });
  await t.api('udf.saveDef', { entity: 'contracts', label: 'Signed on', type: 'date' });
  const a = await seedAccount(t, { customer: 'Alpha Schools', account: 'A-1', expected: 10_000 });
  const z = await seedAccount(t, { customer: 'Zulu Library', account: 'Z-9', expected: 20_000 });
  await t.api('udf.set', { entity: 'customers', record_id: a.customer.id, values: { f_gl_code: 'GL-4410-West', f_budget: '1,500.00' } });
  await t.api('udf.set', { entity: 'customers', record_id: z.customer.id, values: { f_gl_code: 'GL-9000', f_budget: '15.00' } });
  await t.api('udf.set', { entity: 'locations', record_id: z.location.id, values: { f_floor: '3' } });
  await t.api('udf.set', { entity: 'contracts', record_id: a.contract.id, values: { f_signed_on: '2025-11-30' } });
  const zService = (await t.api('services.search', { customer_id: z.customer.id })).rows[0]!;
  await t.api('udf.set', { entity: 'services', record_id: zService.id, values: { f_tier: 'Gold' } });
  return { t, a, z, zService };
}

const customersOf = (r: { rows: { customer: string | null; monthly_cents: number }[]; total: number; monthly_cents: number }) => [r.rows.map((x) => x.customer), r.total, r.monthly_cents];

describe('services.search by a user-defined field', () => {
  it('matches part of a text field in any case, on the customer of each service', async () => {
    const { t } = await twoCustomers();
    expect(customersOf(await t.api('services.search', { udf: { entity: 'customers', key: 'f_gl_code', contains: 'west' } }))).toEqual([['Alpha Schools'], 1, 10_000]);
    expect(customersOf(await t.api('services.search', { udf: { entity: 'customers', key: 'f_gl_code', contains: 'gl-' } }))).toEqual([['Alpha Schools', 'Zulu Library'], 2, 30_000]);
    expect(customersOf(await t.api('services.search', { udf: { entity: 'customers', key: 'f_gl_code', contains: 'nowhere' } }))).toEqual([[], 0, 0]);
  });

  it('matches an amount as typed (company locale) against the cents, and a number exactly', async () => {
    const { t } = await twoCustomers();
    expect(customersOf(await t.api('services.search', { udf: { entity: 'customers', key: 'f_budget', contains: '1,500.00' } }))).toEqual([['Alpha Schools'], 1, 10_000]);
    expect(customersOf(await t.api('services.search', { udf: { entity: 'customers', key: 'f_budget', contains: '1500' } }))).toEqual([['Alpha Schools'], 1, 10_000]);
    // 15.00 is not 1,500.00: amounts match exactly, not in part
    expect(customersOf(await t.api('services.search', { udf: { entity: 'customers', key: 'f_budget', contains: '15' } }))).toEqual([['Zulu Library'], 1, 20_000]);
    expect(customersOf(await t.api('services.search', { udf: { entity: 'locations', key: 'f_floor', contains: '3.0' } }))).toEqual([['Zulu Library'], 1, 20_000]);
  });

  it("filters by the service's own list field and by its account's contract date, combined with other filters", async () => {
    const { t, a, zService } = await twoCustomers();
    const gold = await t.api('services.search', { udf: { entity: 'services', key: 'f_tier', contains: 'gold' } });
    expect(gold.rows.map((r) => r.id)).toEqual([zService.id]);
    expect(customersOf(await t.api('services.search', { udf: { entity: 'contracts', key: 'f_signed_on', contains: '2025-11' } }))).toEqual([['Alpha Schools'], 1, 10_000]);
    expect((await t.api('services.search', { customer_id: a.customer.id, udf: { entity: 'services', key: 'f_tier', contains: 'Gold' } })).total).toBe(0);
  });

  it('refuses an unknown field and a value that is not an amount, naming them', async () => {
    const { t } = await twoCustomers();
    await expect(t.api('services.search', { udf: { entity: 'customers', key: 'f_nope', contains: 'x' } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'udf.key: there is no field "f_nope" on customers',
    });
    const e = await t.api('services.search', { udf: { entity: 'customers', key: 'f_budget', contains: 'lots' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).message).toMatch(/^udf\.contains: "lots" is not an amount for the field Budget/);
  });
});

describe('udf.list for many records at once', () => {
  it('answers the asked records in order, each with every field (empty as null), skipping unknown ids', async () => {
    const { t, a, z } = await twoCustomers();
    const r = await t.api('udf.list', { entity: 'customers', record_ids: [z.customer.id, 'no-such-id', a.customer.id, z.customer.id] });
    expect(r.rows).toEqual([
      { record_id: z.customer.id, values: { f_gl_code: 'GL-9000', f_budget: 1_500 } },
      { record_id: a.customer.id, values: { f_gl_code: 'GL-4410-West', f_budget: 150_000 } },
    ]);
    const locs = await t.api('udf.list', { entity: 'locations', record_ids: [a.location.id, z.location.id] });
    expect(locs.rows.map((x) => x.values)).toEqual([{ f_floor: null }, { f_floor: 3 }]);
  });
});

describe('book files with user-defined field columns', () => {
  it('checks every field cell like any other and names row, column and reason; good rows set the values', async () => {
    const t = testApi();
    await t.api('udf.saveDef', { entity: 'customers', label: 'Budget', type: 'money' });
    await t.api('udf.saveDef', { entity: 'services', label: 'Tier', type: 'list', options: ['Gold', 'Silver'] });
    await t.api('udf.saveDef', { entity: 'locations', label: 'Opened', type: 'date' });
    const csv = [
      'customer,carrier,account,service,expected,customer: budget,Service: Tier,Location: Opened',
      'Alpha,Lumen,1,Fiber,10.00,"2,500.00",Gold,2019-08-01',
      'Beta,Lumen,2,Fiber,10.00,much,Platinum,31/31/2019',
    ].join('\r\n');
    const p = await t.api('book.preview', { file_name: 'b.csv', data: bytes(csv) });
    expect(p.problems.map((x) => [x.row, x.column, x.value])).toEqual([
      [3, 'customer: budget', 'much'],
      [3, 'Location: Opened', '31/31/2019'],
      [3, 'Service: Tier', 'Platinum'],
    ]);
    expect(p.problems[2]!.reason).toBe('Service: Tier: "Platinum" is not one of the choices (Gold, Silver)');
    const r = await t.api('import.book', { file_name: 'b.csv', data: bytes(csv), skip_invalid: true });
    expect([r.rows_imported, r.rows_total]).toEqual([1, 2]);
    const alpha = (await t.api('customers.search', { text: 'Alpha' })).rows[0]!;
    expect((await t.api('udf.get', { entity: 'customers', record_id: alpha.id })).values).toEqual({ f_budget: 250_000 });
    const service = (await t.api('services.search', { customer_id: alpha.id })).rows[0]!;
    expect((await t.api('udf.get', { entity: 'services', record_id: service.id })).values).toEqual({ f_tier: 'Gold' });
    expect((await t.api('udf.get', { entity: 'locations', record_id: service.location_id! })).values).toEqual({ f_opened: '2019-08-01' });
    // a file without a field's column leaves its values alone; an empty cell clears it
    await t.api('import.book', { file_name: 'c.csv', data: bytes('customer,carrier,account,service,expected\r\nAlpha,Lumen,1,Fiber,10.00') });
    expect((await t.api('udf.get', { entity: 'customers', record_id: alpha.id })).values).toEqual({ f_budget: 250_000 });
    await t.api('import.book', { file_name: 'd.csv', data: bytes('customer,carrier,account,service,expected,Customer: Budget\r\nAlpha,Lumen,1,Fiber,10.00,') });
    expect((await t.api('udf.get', { entity: 'customers', record_id: alpha.id })).values).toEqual({ f_budget: null });
  });
});
