// Sync keeps the hosted instance's access rules: a desk's user changes there only what they could change there
// through the API; client logins cannot sync; what the hosted instance's own users write reaches every desk.
import { describe, it, expect } from 'vitest';
import { makeCtx } from '../../api/index.ts';
import { link, syncNow } from '../../api/sync/client.ts';
import { localTransport } from '../../api/sync/transport.ts';
import { call } from '../../api/index.ts';
import { inProcess, sharedBook, node, at, MONTH, dump } from './sync-setup.ts';

describe('sync and access', () => {
  it('refuses, keeps and never passes on a change the pushing user may not make there', async () => {
    const world = await inProcess();
    const { a, b, X } = await sharedBook(world);
    const customer = (await a.api('customers.list', {}))[0]!;
    a.clock(at('10:00'));
    await a.api('customers.update', { id: customer.id, patch: { name: 'Renamed on A' } });
    await a.api('actuals.set', { account_id: X, month: MONTH, amount: '101.00' });
    // Desk A signs in at the hosted instance as a user who may edit TEM but not the CRM.
    const clerk = makeCtx(world.server.db, 'clerk', 'http', { admin: false, modules: { tem: ['view', 'edit'] } });
    clerk.now = world.server.ctx.now;
    const r = await syncNow(a.ctx, await localTransport(clerk));
    expect(r.pushed).toMatchObject({ applied: 1, refused: 1 });
    const { items } = await call(world.server.ctx, 'sync.notApplied', {});
    expect(items).toEqual([
      expect.objectContaining({
        table: 'customers',
        field: 'name',
        value: '"Renamed on A"',
        actor: 'desk-a',
        outcome: 'refused',
        detail: 'clerk may not change customers here: it needs the "edit" permission in CRM',
      }),
    ]);
    await world.sync(b);
    expect(b.db.sqlite.prepare('SELECT name FROM customers WHERE id = ?').pluck().get(customer.id)).toBe(customer.name);
    expect(b.db.sqlite.prepare('SELECT amount_cents FROM actuals WHERE billing_account_id = ?').pluck().get(X)).toBe(10_100);
    await world.close();
  });

  it('does not let a client login push or pull', async () => {
    const world = await inProcess();
    const client = makeCtx(world.server.db, 'alpha-client', 'http', { admin: false, modules: { tem: ['view', 'edit'] } }, ['some-customer']);
    await expect(call(client, 'sync.pull', { node: '0123456789abcdef', after: 0 })).rejects.toThrow(
      "alpha-client signs in for one customer's data and cannot sync a desk",
    );
    await expect(call(client, 'sync.push', { node: '0123456789abcdef', after: 0, changes: [] })).rejects.toThrow('cannot sync a desk');
    await world.close();
  });

  it("brings what the hosted instance's own users write to every desk", async () => {
    const world = await inProcess();
    const { a, b, Y } = await sharedBook(world);
    world.server.clock(at('10:30'));
    await world.server.api('actuals.set', { account_id: Y, month: MONTH, amount: '77.70' });
    await world.sync(a);
    await world.sync(b);
    for (const n of [a, b]) expect(n.db.sqlite.prepare('SELECT amount_cents FROM actuals WHERE billing_account_id = ?').pluck().get(Y)).toBe(7_770);
    expect(dump(a.db)).toEqual(dump(world.server.db));
    await world.close();
  });

  it('checks a push: another node\'s changes, disorder and bad clocks are refused with a clear message', async () => {
    const world = await inProcess();
    const a = node('desk-a');
    await a.api('carriers.create', { name: 'Acme' });
    await link(a.ctx, 'http://hosted.example/', await localTransport(world.server.ctx), { cookie: null, as: null });
    const s = a.db.sqlite;
    const change = s
      .prepare(
        `SELECT s.audit_seq AS seq, s.hlc, s.node, a.table_name AS "table", a.record_id AS record, a.action, a.field, a.new_value AS value,
                a.actor, a.at, a.batch_id AS batch FROM sync_changes s JOIN audit_log a ON a.seq = s.audit_seq`,
      )
      .get() as { node: string; seq: number; hlc: string };
    const push = (input: unknown) => call(world.server.ctx, 'sync.push', input as never);
    await expect(push({ node: 'aaaaaaaaaaaaaaaa', after: 0, changes: [change] })).rejects.toThrow(
      `sync.push: change 1 was made by node ${change.node}, not by the pushing node aaaaaaaaaaaaaaaa`,
    );
    await expect(push({ node: change.node, after: change.seq, changes: [change] })).rejects.toThrow(
      `sync.push: change 1 is out of order (sequence ${change.seq} after ${change.seq})`,
    );
    await expect(push({ node: change.node, after: 0, changes: [{ ...change, hlc: 'yesterday' }] })).rejects.toThrow('changes.0.hlc: a clock value like');
    await expect(push({ node: change.node, after: 0, changes: [{ ...change, table: 'users; DROP TABLE x' }] })).rejects.toThrow('changes.0.table: a table or column name');
    const r = await push({ node: change.node, after: 0, changes: [{ ...change, table: 'users' }] });
    expect(r).toMatchObject({ skipped: 1, applied: 0 });
    await world.close();
  });
});

describe('a desk whose clock runs ahead', () => {
  it('is told by how much, and its changes are still kept', async () => {
    const world = await inProcess();
    const { a, X } = await sharedBook(world);
    world.server.clock(at('10:00'));
    a.clock(at('10:00', '2030-03-04'));
    await a.api('actuals.set', { account_id: X, month: MONTH, amount: '1.00' });
    const r = await world.sync(a);
    expect(r.pushed.applied).toBe(1);
    expect(r.clock_ahead_ms).toBe(2 * 86_400_000);
    world.server.clock(at('10:03', '2030-03-04'));
    await a.api('actuals.set', { account_id: X, month: MONTH, amount: '2.00' });
    expect((await world.sync(a)).clock_ahead_ms).toBe(0);
    await world.close();
  });
});
