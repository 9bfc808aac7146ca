// User-defined fields of tickets outside the ticket form: tickets.list filters by one (text any case, money by
// amount in the company locale), the filter keeps the client's scope, and the ticket ageing export (where tickets
// leave the product) carries every active ticket field as a column.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { ApiError, makeCtx, client } from '../../api/index.ts';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);

/** Two over bills (Alpha 1,150.00 and Bravo 1,300.00 against 1,000.00) and a ticket on each. */
async function twoTickets(t: TestApi) {
  const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
  const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 100_000, pctBp: 500 });
  await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: '1,150.00' });
  await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: '1,300.00' });
  const t1 = (await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], title: 'Alpha March', opened_on: '2026-04-01' })).ticket;
  const t2 = (await t.api('tickets.open', { bills: [{ account_id: b.account.id, month: '2026-03' }], title: 'Bravo March', opened_on: '2026-04-01' })).ticket;
  return { a, b, t1, t2 };
}

describe('ticket fields in the ticket list', () => {
  it('filters tickets.list by a text, list or money field, refusing an unknown field or a bad amount', async () => {
    const t = testApi();
    const { t1, t2 } = await twoTickets(t);
    await t.api('udf.saveDef', { entity: 'tickets', key: 'case_ref', label: 'Carrier case', type: 'text' });
    await t.api('udf.saveDef', { entity: 'tickets', key: 'disputed', label: 'Disputed amount', type: 'money' });
    await t.api('udf.saveDef', { entity: 'tickets', key: 'region', label: 'Region', type: 'list', options: ['East', 'West'] });
    await t.api('udf.set', { entity: 'tickets', record_id: t1.id, values: { case_ref: 'ACME-CASE-4411', disputed: '1,500.00', region: 'East' } });
    await t.api('udf.set', { entity: 'tickets', record_id: t2.id, values: { case_ref: 'acme-case-9920', disputed: '300.00', region: 'West' } });
    const numbers = async (udf: { key: string; contains: string }) => (await t.api('tickets.list', { udf })).map((x) => x.number);
    expect(await numbers({ key: 'case_ref', contains: 'CASE-44' })).toEqual([1]);
    expect(await numbers({ key: 'case_ref', contains: 'acme-case' })).toEqual([1, 2]);
    expect(await numbers({ key: 'region', contains: 'west' })).toEqual([2]);
    expect(await numbers({ key: 'disputed', contains: '1,500.00' })).toEqual([1]);
    expect(await numbers({ key: 'disputed', contains: '1500' })).toEqual([1]);
    expect(await numbers({ key: 'disputed', contains: '15.00' })).toEqual([]);
    // with the other filters: both must hold
    expect((await t.api('tickets.list', { udf: { key: 'case_ref', contains: 'acme' }, status: ['disputed'] })).map((x) => x.number)).toEqual([]);
    expect((await fail(t.api('tickets.list', { udf: { key: 'nope', contains: 'x' } }))).message).toBe('udf.key: there is no field "nope" on tickets');
    expect((await fail(t.api('tickets.list', { udf: { key: 'disputed', contains: 'lots' } }))).message).toContain('udf.contains: "lots" is not an amount for the field Disputed amount');
  });

  it("keeps a client's scope: filtering never brings back another customer's ticket", async () => {
    const t = testApi();
    const { b, t1, t2 } = await twoTickets(t);
    await t.api('udf.saveDef', { entity: 'tickets', key: 'case_ref', label: 'Carrier case', type: 'text' });
    await t.api('udf.set', { entity: 'tickets', record_id: t1.id, values: { case_ref: 'CASE-1' } });
    await t.api('udf.set', { entity: 'tickets', record_id: t2.id, values: { case_ref: 'CASE-2' } });
    const bravo = client(makeCtx(t.db, 'bravo-user', 'test', { admin: false, modules: { tem: ['view'] } }, [b.customer.id]));
    expect((await bravo('tickets.list', { udf: { key: 'case_ref', contains: 'case' } })).map((x) => x.title)).toEqual(['Bravo March']);
    expect(await bravo('tickets.list', { udf: { key: 'case_ref', contains: 'CASE-1' } })).toEqual([]);
  });

  it('goes out with the ticket ageing export, one column per active ticket field', async () => {
    const t = testApi();
    const { t1, t2 } = await twoTickets(t);
    await t.api('udf.saveDef', { entity: 'tickets', key: 'case_ref', label: 'Carrier case', type: 'text' });
    await t.api('udf.saveDef', { entity: 'tickets', key: 'disputed', label: 'Disputed amount', type: 'money' });
    await t.api('udf.set', { entity: 'tickets', record_id: t1.id, values: { case_ref: '=HYPERLINK("x")', disputed: '1,500.00' } });
    await t.api('udf.set', { entity: 'tickets', record_id: t2.id, values: { case_ref: '007-22' } });
    const f = await t.api('reports.export', { report: 'ticketAgeing', format: 'csv', input: { as_of: '2026-04-11' } });
    const lines = new TextDecoder().decode(f.bytes).replace(/^\uFEFF/, '').split('\r\n');
    const header = lines.find((l) => l.startsWith('Ticket,'))!.split(',');
    expect(header.slice(-2)).toEqual(['Ticket: Carrier case', 'Ticket: Disputed amount']);
    const row = (n: number) => lines.find((l) => l.startsWith(`${n},`))!;
    // text stays text (leading zeros kept, a formula neutralised); money is a number
    expect(row(1).endsWith(`,"'=HYPERLINK(""x"")",1500.00`)).toBe(true);
    expect(row(2).endsWith(',007-22,')).toBe(true);
  });
});
