// Ticket views and their helpers through the API: attachments stored by content hash in the data folder beside
// the database, ticket list filters (status, carrier, customer, assignee, overdue, mine) and sorting by due date
// and amount at stake, and the alerts for bills missing after the carrier's bill day plus the grace period.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { testApi, seedAccount, tempDir, type TestApi } from '../support/api.ts';
import { ApiError, makeCtx, client } from '../../api/index.ts';
import { ctxForUser, userByName } from '../../api/auth/users.ts';

const fail = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a refusal'); }, (e: unknown) => e as ApiError);
const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('attachments', () => {
  it('keeps the bytes beside the database under their SHA-256, once per content, and gives them back', async () => {
    const file = join(tmp.dir, 'att', 'tem.db');
    const t = testApi(file);
    const { account } = await seedAccount(t, { pctBp: 500 });
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 120_000 });
    const { ticket } = await t.api('tickets.open', { bills: [{ account_id: account.id, month: '2026-03' }] });
    const pdf = new TextEncoder().encode('%PDF-1.4\n% the March bill, € and ₹\n');
    const hash = createHash('sha256').update(pdf).digest('hex');
    const one = await t.api('attachments.add', { ticket_id: ticket.id, file_name: 'March bill.pdf', data: pdf });
    expect(one.attachment).toMatchObject({ ticket_id: ticket.id, file_name: 'March bill.pdf', mime_type: 'application/pdf', size_bytes: pdf.byteLength, sha256: hash, added_by: 'tester' });
    const stored = join(tmp.dir, 'att', 'attachments', hash.slice(0, 2), hash);
    expect(readFileSync(stored)).toEqual(Buffer.from(pdf));
    // the same file again (as an email's attachment) is a second entry over the same stored bytes
    const two = await t.api('attachments.add', { ticket_id: ticket.id, file_name: 'from-carrier.eml', data: pdf, mime_type: 'message/rfc822' });
    expect(two.attachment.sha256).toBe(hash);
    expect((await t.api('attachments.list', { ticket_id: ticket.id })).map((a) => [a.file_name, a.mime_type])).toEqual([
      ['March bill.pdf', 'application/pdf'],
      ['from-carrier.eml', 'message/rfc822'],
    ]);
    const back = await t.api('attachments.download', { id: one.attachment.id });
    expect(back).toEqual({ file_name: 'March bill.pdf', mime_type: 'application/pdf', data: pdf });
    expect((await t.api('tickets.get', { id: ticket.id })).attachments).toHaveLength(2);

    // removing retires the entry; the bytes stay (the other entry and the history still point at them)
    expect((await t.api('attachments.remove', { id: two.attachment.id })).changed).toBe(true);
    expect((await t.api('attachments.list', { ticket_id: ticket.id })).map((a) => a.file_name)).toEqual(['March bill.pdf']);
    expect(existsSync(stored)).toBe(true);

    // bad input is named; a damaged file on disk is reported, never handed back
    expect((await fail(t.api('attachments.add', { ticket_id: ticket.id, file_name: 'empty.pdf', data: new Uint8Array() }))).message).toBe(
      'attachments.add: data: empty.pdf is empty (0 bytes), so there is nothing to attach',
    );
    expect((await fail(t.api('attachments.add', { ticket_id: ticket.id, file_name: '../etc/passwd', data: pdf }))).message).toContain('file_name');
    expect((await fail(t.api('attachments.add', { ticket_id: 'nope', file_name: 'a.pdf', data: pdf }))).code).toBe('not_found');
    writeFileSync(stored, 'tampered');
    const damaged = await fail(t.api('attachments.download', { id: one.attachment.id }));
    expect(damaged.code).toBe('not_found');
    expect(damaged.message).toContain('The file March bill.pdf of ticket 1 is missing or damaged in the data folder');
    t.db.close();
  });

  it('are hidden from a client login of another customer', async () => {
    const t = testApi();
    const a = await seedAccount(t, { customer: 'Alpha', account: 'A1', pctBp: 500 });
    const b = await seedAccount(t, { customer: 'Bravo', account: 'B1', pctBp: 500 });
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 120_000 });
    const { ticket } = await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }] });
    const att = await t.api('attachments.add', { ticket_id: ticket.id, file_name: 'a.pdf', data: new Uint8Array([1]) });
    const bravo = client(makeCtx(t.db, 'bravo-user', 'test', { admin: false, modules: { tem: ['view'] } }, [b.customer.id]));
    expect((await fail(bravo('attachments.download', { id: att.attachment.id }))).code).toBe('not_found');
    expect((await fail(bravo('tickets.get', { id: ticket.id }))).code).toBe('not_found');
    expect(await bravo('tickets.list', {})).toEqual([]);
    const alpha = client(makeCtx(t.db, 'alpha-user', 'test', { admin: false, modules: { tem: ['view'] } }, [a.customer.id]));
    expect((await alpha('attachments.download', { id: att.attachment.id })).data).toEqual(new Uint8Array([1]));
  });
});

/** Three tickets: 1 Alpha/Acme over 150.00 due 04-04 (ana), 2 Bravo/Acme over 300.00 due 04-14 (ben), 3 Charlie/Zeta missing, no due date (ana). */
async function threeTickets(t: TestApi) {
  const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
  const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 100_000, pctBp: 500 });
  const c = await seedAccount(t, { account: 'C1', customer: 'Charlie', expected: 20_000, pctBp: 500, carrier: 'Zeta Cloud' });
  await t.api('carriers.update', { id: a.carrier.id, patch: { dispute_window_days: 30 } });
  await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 115_000, bill_date: '2026-03-05' });
  await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 130_000, bill_date: '2026-03-15' });
  // An assignee is an active staff user: ana and ben are users (unless the test made them already).
  for (const name of ['ana', 'ben']) if (!userByName(t.db, name)) await t.api('users.create', { name, password: `${name}-pass-12` });
  const t1 = (await t.api('tickets.open', { bills: [{ account_id: a.account.id, month: '2026-03' }], assignee: 'ana' })).ticket;
  const t2 = (await t.api('tickets.open', { bills: [{ account_id: b.account.id, month: '2026-03' }], assignee: 'ben' })).ticket;
  const t3 = (await t.api('tickets.open', { bills: [{ account_id: c.account.id, month: '2026-03' }], assignee: 'ana' })).ticket;
  return { a, b, c, t1, t2, t3 };
}

describe('the ticket list', () => {
  it('filters by status, carrier, customer, assignee, overdue and mine, and sorts by due date or amount at stake', async () => {
    const t = testApi();
    const { a, b, c, t1, t2, t3 } = await threeTickets(t);
    expect([t1.due_date, t2.due_date, t3.due_date]).toEqual(['2026-04-04', '2026-04-14', null]);
    const numbers = async (input: Parameters<TestApi['api']>[1] & object) => (await t.api('tickets.list', input as never)).map((x) => x.number);
    expect(await numbers({})).toEqual([1, 2, 3]);
    expect(await numbers({ descending: true })).toEqual([2, 1, 3]);
    expect(await numbers({ sort: 'at_stake' })).toEqual([2, 1, 3]);
    expect((await t.api('tickets.list', { sort: 'at_stake' })).map((x) => x.at_stake_cents)).toEqual([30_000, 15_000, 0]);
    expect(await numbers({ sort: 'at_stake', descending: true })).toEqual([3, 1, 2]);
    expect(await numbers({ carrier_id: a.carrier.id })).toEqual([1, 2]);
    expect(await numbers({ carrier_id: c.carrier.id })).toEqual([3]);
    expect(await numbers({ customer_id: b.customer.id })).toEqual([2]);
    expect(await numbers({ assignee: 'ana' })).toEqual([1, 3]);
    expect(await numbers({ overdue_on: '2026-04-10' })).toEqual([1]);
    await t.api('tickets.update', { id: t2.id, patch: { status: 'disputed' } });
    expect(await numbers({ status: ['disputed'] })).toEqual([2]);
    expect(await numbers({ status: ['open', 'disputed'] })).toEqual([1, 2, 3]);
    const ana = client(makeCtx(t.db, 'ana', 'test'));
    expect((await ana('tickets.list', { mine: true })).map((x) => x.number)).toEqual([1, 3]);
    // a manager's team: their own tickets and those of the people reporting to them
    const boss = client(makeCtx(t.db, 'bo', 'test', undefined, null, { report_names: ['ben'] }));
    expect((await boss('tickets.list', { team: true })).map((x) => x.number)).toEqual([2]);
    const ben = client(makeCtx(t.db, 'ben', 'test'));
    expect((await ben('tickets.list', { team: true })).map((x) => x.number)).toEqual([2]);
    // "overdue" is judged on today's date (the API's clock)
    t.ctx.now = () => '2026-04-05T12:00:00.000Z';
    expect(await numbers({ overdue: true })).toEqual([1]);
    expect((await t.api('tickets.list', {})).map((x) => x.overdue)).toEqual([true, false, false]);
    // a resolved ticket is never overdue
    await t.api('tickets.update', { id: t1.id, patch: { status: 'closed_no_credit' } });
    expect(await numbers({ overdue: true })).toEqual([]);
  });
});

describe("a manager's team", () => {
  it('comes from who reports to whom: a report\'s ticket is in the team view, a non-report\'s is not', async () => {
    const t = testApi();
    // mia manages ben (directly) and cal (through ben); ana reports to nobody
    const mia = await t.api('users.create', { name: 'mia', password: 'mia-pass-12', manager: true, modules: ['tem'], confirm: true });
    const ben = await t.api('users.create', { name: 'ben', password: 'ben-pass-12', manager: true, reports_to: mia.id, modules: ['tem'], confirm: true });
    await t.api('users.create', { name: 'cal', password: 'cal-pass-12', reports_to: ben.id, modules: ['tem'], confirm: true });
    await t.api('users.create', { name: 'ana', password: 'ana-pass-12', modules: ['tem'], confirm: true });
    await threeTickets(t);
    const viewers = (await t.api('securityGroups.list', {})).find((g) => g.module === 'tem' && g.permissions.includes('view'))!;
    for (const name of ['mia', 'ben', 'cal', 'ana']) await t.api('users.update', { id: userByName(t.db, name)!.id, patch: { group_ids: [viewers.id] } });
    const as = (name: string) => client(ctxForUser(t.db, userByName(t.db, name)!, 'test'));
    const team = async (name: string) => (await as(name)('tickets.list', { team: true })).map((x) => [x.number, x.assignee]);
    // ticket 2 is ben's (a report of mia); tickets 1 and 3 are ana's (nobody's report)
    expect(await team('mia')).toEqual([[2, 'ben']]);
    // ticket 3 given to cal, further down, joins mia's and ben's team views and leaves ana's
    const t3 = (await t.api('tickets.list', {})).find((x) => x.number === 3)!;
    await t.api('tickets.update', { id: t3.id, patch: { assignee: 'cal' } });
    expect(await team('mia')).toEqual([[2, 'ben'], [3, 'cal']]);
    expect(await team('ben')).toEqual([[2, 'ben'], [3, 'cal']]);
    // ana's team is her own tickets only; moving ana under mia brings hers in, at once
    expect(await team('ana')).toEqual([[1, 'ana']]);
    await t.api('users.update', { id: userByName(t.db, 'ana')!.id, patch: { reports_to: mia.id } });
    expect((await team('mia')).map(([n]) => n)).toEqual([1, 2, 3]);
    // taking the manager flag away leaves mia with her own tickets (none)
    await t.api('users.update', { id: mia.id, patch: { manager: false } });
    expect(await team('mia')).toEqual([]);
  });
});

describe('alerts', () => {
  it("flag bills still missing after the carrier's bill day plus the grace period, per carrier and month", async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000 });
    const b = await seedAccount(t, { account: 'B1', customer: 'Bravo', expected: 50_000 });
    const z = await seedAccount(t, { account: 'Z1', customer: 'Alpha', expected: 10_000, carrier: 'Zeta Cloud' });
    await t.api('carriers.update', { id: a.carrier.id, patch: { bill_day: 5 } });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-03', amount: 50_000 });
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-02', amount: 100_000 });
    await t.api('actuals.set', { account_id: b.account.id, month: '2026-02', amount: 50_000 });
    await t.api('actuals.set', { account_id: z.account.id, month: '2026-02', amount: 10_000 });
    const missing = async (asOf: string) => (await t.api('alerts.list', { as_of: asOf })).alerts.filter((x) => x.kind === 'bill_missing');
    // bill day 5 + 5 days' grace: on the 10th the bill is not late yet, on the 11th it is
    expect(await missing('2026-03-10')).toEqual([]);
    expect(await missing('2026-03-11')).toEqual([
      expect.objectContaining({
        severity: 'urgent',
        carrier_id: a.carrier.id,
        month: '2026-03',
        due_date: '2026-03-10',
        count: 1,
        account_id: a.account.id,
        title: 'Acme Telecom: 1 bill for 2026-03 not received',
        detail: 'Expected by 2026-03-10 (bill day 5 + 5 days grace): Alpha account A1',
      }),
    ]);
    // Zeta has no bill day: the default (28) applies, so its March bill is late from April 3rd (April's not yet)
    expect((await missing('2026-04-03')).map((x) => x.title)).toEqual([
      'Acme Telecom: 1 bill for 2026-03 not received',
      'Zeta Cloud: 1 bill for 2026-03 not received',
    ]);
    // the grace period is a setting
    await t.api('settings.set', { values: { 'bills.grace_days': 0 } });
    expect((await t.api('alerts.list', { as_of: '2026-03-06' })).grace_days).toBe(0);
    expect((await missing('2026-03-06')).map((x) => x.due_date)).toEqual(['2026-03-05']);
  });
});

describe('newly flagged alerts', () => {
  it('give the latest three months one alert each and sum up older months in one', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
    t.ctx.now = () => '2026-06-02T09:00:00.000Z';
    // 2026-03 is within tolerance; the other four months are flagged
    for (const [month, cents] of [['2026-01', 120_000], ['2026-02', 90_000], ['2026-03', 100_000], ['2026-04', 130_000], ['2026-05', 110_000]] as const) {
      await t.api('actuals.set', { account_id: a.account.id, month, amount: cents });
    }
    const alerts = (await t.api('alerts.list', { as_of: '2026-06-03' })).alerts.filter((x) => x.kind === 'newly_flagged');
    expect(alerts.map((x) => [x.title, x.count, x.at_stake_cents])).toEqual([
      ['2026-05: 1 newly flagged bill without a ticket', 1, 10_000],
      ['2026-04: 1 newly flagged bill without a ticket', 1, 30_000],
      ['2026-02: 1 newly flagged bill without a ticket', 1, 10_000],
      ['1 newly flagged bill without a ticket in 1 earlier month (2026-01)', 1, 20_000],
    ]);
    // an actual entered more than 7 days ago is no longer new
    expect((await t.api('alerts.list', { as_of: '2026-06-10' })).alerts.filter((x) => x.kind === 'newly_flagged')).toEqual([]);
  });

  it('leave out bills for months more than six months back: history being loaded is not new work', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A1', customer: 'Alpha', expected: 100_000, pctBp: 500 });
    t.ctx.now = () => '2026-06-02T09:00:00.000Z';
    // 2025-11 is seven months back: entered today, but history
    for (const [month, cents] of [['2025-11', 150_000], ['2025-12', 160_000], ['2026-05', 110_000]] as const) {
      await t.api('actuals.set', { account_id: a.account.id, month, amount: cents });
    }
    const alerts = (await t.api('alerts.list', { as_of: '2026-06-03' })).alerts.filter((x) => x.kind === 'newly_flagged');
    expect(alerts.map((x) => [x.title, x.count, x.at_stake_cents])).toEqual([
      ['2026-05: 1 newly flagged bill without a ticket', 1, 10_000],
      ['2025-12: 1 newly flagged bill without a ticket', 1, 60_000],
    ]);
  });
});
