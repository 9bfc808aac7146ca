// Drop-down tables where the product has drop-downs (tickets: category and dispute reason), with retired values
// staying on the records that hold them; and udf.accounts, the month grid's one call for its optional columns.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { ApiError } from '../../api/index.ts';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

async function overBill(t: TestApi) {
  const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
  await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,150.00' });
  return a;
}

async function dropDowns(t: TestApi) {
  await t.api('lookups.save', { list: 'ticket_category', code: 'overcharge', label: 'Overcharge' });
  await t.api('lookups.save', { list: 'ticket_category', code: 'wrong_rate', label: 'Wrong rate' });
  return t.api('lookups.save', { list: 'dispute_reason', code: 'duplicate_charge', label: 'Duplicate charge' });
}

describe('ticket category and dispute reason from the drop-down tables', () => {
  it('a ticket takes active values only, and keeps a value retired since', async () => {
    const t = testApi();
    const a = await overBill(t);
    const duplicate = await dropDowns(t);
    const bad = await fail(t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], category: 'fraud' }));
    expect(bad.code).toBe('invalid_input');
    expect(bad.message).toBe('category: "fraud" is not a value of the drop-down table ticket_category; choose one of "overcharge", "wrong_rate"');
    expect(await t.api('tickets.list', {})).toEqual([]);

    const opened = await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], category: 'overcharge', dispute_reason: 'duplicate_charge' });
    expect([opened.ticket.category, opened.ticket.dispute_reason]).toEqual(['overcharge', 'duplicate_charge']);

    // Retiring a value: the ticket keeps it (and saving the ticket again with it is fine), a new choice of it is refused.
    await t.api('lookups.save', { id: duplicate.id, list: 'dispute_reason', label: 'Duplicate charge', active: false });
    const again = await t.api('tickets.update', { id: opened.ticket.id, patch: { claim_number: 'CL-9', dispute_reason: 'duplicate_charge', category: 'wrong_rate' } });
    expect([again.ticket.category, again.ticket.dispute_reason, again.ticket.claim_number]).toEqual(['wrong_rate', 'duplicate_charge', 'CL-9']);
    expect((await t.api('tickets.get', { id: opened.ticket.id })).dispute_reason).toBe('duplicate_charge');
    await t.api('tickets.update', { id: opened.ticket.id, patch: { dispute_reason: null } });
    const retired = await fail(t.api('tickets.update', { id: opened.ticket.id, patch: { dispute_reason: 'duplicate_charge' } }));
    expect(retired.message).toBe('dispute_reason: "duplicate_charge" is retired in the drop-down table dispute_reason: it stays on the records that already have it but cannot be chosen anew; choose one of (none: add values in Administration)');
    expect((await t.api('tickets.list', {}))[0]).toMatchObject({ category: 'wrong_rate', dispute_reason: null });
    // the changes are audited field by field
    const fields = (await t.api('audit.list', { table_name: 'tickets', record_id: opened.ticket.id })).map((e) => e.field).filter((f) => f === 'category' || f === 'dispute_reason');
    expect(fields.sort()).toEqual(['category', 'dispute_reason']);
  });
});

describe('udf.accounts: the month grid optional columns in one call', () => {
  it("gives each account's customer and location values (null for an account without either)", async () => {
    const t = testApi();
    await t.api('udf.saveDef', { entity: 'customers', label: 'GL code', type: 'text' });
    await t.api('udf.saveDef', { entity: 'customers', label: 'Budget', type: 'money' });
    await t.api('udf.saveDef', { entity: 'locations', label: 'Floor', type: 'number' });
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha' });
    const b = await seedAccount(t, { account: 'B1', customer: 'Bravo' });
    const loose = await t.api('accounts.create', { carrier_id: a.carrier.id, account_number: 'X-1' });
    await t.api('udf.set', { entity: 'customers', record_id: a.customer.id, values: { f_gl_code: 'GL-1', f_budget: '12.50' } });
    await t.api('udf.set', { entity: 'locations', record_id: b.location.id, values: { f_floor: 2 } });
    const r = await t.api('udf.accounts', { account_ids: [a.account.id, b.account.id, loose.id, 'unknown'] });
    const byAccount = Object.fromEntries(r.rows.map((x) => [x.account_id, [x.customer, x.location]]));
    expect(byAccount).toEqual({
      [a.account.id]: [{ f_gl_code: 'GL-1', f_budget: 1_250 }, { f_floor: null }],
      [b.account.id]: [{ f_gl_code: null, f_budget: null }, { f_floor: 2 }],
      [loose.id]: [null, null],
    });
  });
});
