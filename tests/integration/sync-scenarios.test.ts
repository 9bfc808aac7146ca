// The scenarios of issue 10, each played with two desks and a hosted instance, in process and over loopback
// HTTP, with the clock of every database set by the test; and again with the hosted instance on PostgreSQL
// (TEM_TEST_DATABASE_URL, see tests/support/pg.ts).
import { describe, it, expect, afterEach } from 'vitest';
import { inProcess, overHttp, pgInProcess, pgOverHttp, sharedBook, dump, changeIds, actual, at, MONTH, type World, type Node } from './sync-setup.ts';
import { withPostgres } from '../support/pg.ts';

const doors: [string, () => Promise<World>][] = [
  ['in process', () => inProcess()],
  ['over loopback HTTP', () => overHttp()],
  ...(withPostgres('the sync scenarios')
    ? ([
        ['in process, hosted on PostgreSQL', () => pgInProcess()],
        ['over loopback HTTP, hosted on PostgreSQL', () => pgOverHttp()],
      ] as [string, () => Promise<World>][])
    : []),
];

describe.each(doors)('sync %s', (_door, makeWorld) => {
  let world: World;
  afterEach(async () => world?.close());

  const sameEverywhere = (...nodes: Node[]) => {
    const d = dump(world.server.db);
    for (const n of nodes) expect(dump(n.db)).toEqual(d);
    const ids = changeIds(world.server.db);
    for (const n of nodes) expect(changeIds(n.db)).toEqual(ids);
  };

  it('A edits bill X at 10:20 and syncs at 10:24; B, offline, edited bill Y at 10:22 and syncs at 10:25; A syncs at 10:28 and has Y', async () => {
    world = await makeWorld();
    const { a, b, X, Y } = await sharedBook(world);
    expect(actual(b, X)).toBe(11_250);

    a.clock(at('10:20'));
    await a.api('actuals.set', { account_id: X, month: MONTH, amount: '120.00' });
    b.clock(at('10:22'));
    await b.api('actuals.set', { account_id: Y, month: MONTH, amount: '99.99' });
    a.clock(at('10:24'));
    const first = await world.sync(a);
    expect(first.pushed.applied).toBe(1);
    b.clock(at('10:25'));
    await world.sync(b);
    expect(actual(b, X)).toBe(12_000);
    expect(actual(b, Y)).toBe(9_999);
    expect(actual(a, Y)).toBe(11_250);
    a.clock(at('10:28'));
    const later = await world.sync(a);
    expect(later.pulled.applied).toBe(1);
    expect(actual(a, Y)).toBe(9_999);
    expect(actual(world.server, X)).toBe(12_000);
    expect(actual(world.server, Y)).toBe(9_999);
    // Who wrote Y, and when, travelled with it.
    const trail = await a.api('audit.list', { table_name: 'actuals', door: 'sync' });
    expect(trail.map((e) => [e.actor, e.at, e.field, e.new_value])).toContainEqual(['desk-b', at('10:22'), 'amount_cents', '9999']);
    sameEverywhere(a, b);
  });

  it('A, offline, sets the ticket to disputed; B changes the bill from 112.50 to 112.05 and syncs; both stand everywhere', async () => {
    world = await makeWorld();
    const { a, b, X, ticket } = await sharedBook(world);
    a.clock(at('10:30'));
    await a.api('tickets.update', { id: ticket, patch: { status: 'disputed' } });
    b.clock(at('10:31'));
    await b.api('actuals.set', { account_id: X, month: MONTH, amount: '112.05' });
    await world.sync(b);
    a.clock(at('10:32'));
    await world.sync(a);
    b.clock(at('10:33'));
    await world.sync(b);
    for (const n of [a, b, world.server]) {
      expect(actual(n, X)).toBe(11_205);
      expect(n.db.sqlite.prepare('SELECT status FROM tickets WHERE id = ?').pluck().get(ticket)).toBe('disputed');
    }
    expect((await b.api('tickets.get', { id: ticket })).status).toBe('disputed');
    sameEverywhere(a, b);
  });

  it('edits of different fields of one row both survive', async () => {
    world = await makeWorld();
    const { a, b, X } = await sharedBook(world);
    a.clock(at('11:00'));
    await a.api('actuals.set', { account_id: X, month: MONTH, amount: '112.50', invoice_number: 'INV-77' });
    b.clock(at('11:01'));
    await b.api('actuals.set', { account_id: X, month: MONTH, amount: '130.00' });
    await world.sync(a);
    await world.sync(b);
    await world.sync(a);
    for (const n of [a, b, world.server]) {
      const row = n.db.sqlite.prepare('SELECT amount_cents, invoice_number FROM actuals WHERE billing_account_id = ? AND month = ?').get(X, MONTH);
      expect(row).toEqual({ amount_cents: 13_000, invoice_number: 'INV-77' });
    }
    sameEverywhere(a, b);
  });

  it('B, offline, sets 90.00 at 10:00; A sets 95.00 at 10:05 and syncs; B syncs at 10:10: 95.00 stands and 90.00 is in the trail', async () => {
    world = await makeWorld();
    const { a, b, X } = await sharedBook(world);
    b.clock(at('10:00'));
    await b.api('actuals.set', { account_id: X, month: MONTH, amount: '90.00' });
    a.clock(at('10:05'));
    await a.api('actuals.set', { account_id: X, month: MONTH, amount: '95.00' });
    await world.sync(a);
    b.clock(at('10:10'));
    const r = await world.sync(b);
    expect(r.pushed.lost).toBe(1);
    expect(r.pulled.applied).toBe(1);
    a.clock(at('10:11'));
    await world.sync(a);
    for (const n of [a, b, world.server]) expect(actual(n, X)).toBe(9_500);

    // Everywhere the trail holds B's 90.00: on B as its own edit, on the others as a change that lost.
    const rowId = a.db.sqlite.prepare('SELECT id FROM actuals WHERE billing_account_id = ?').pluck().get(X) as string;
    for (const n of [a, b, world.server]) {
      const trail = await n.api('audit.list', { table_name: 'actuals', record_id: rowId });
      expect(trail.filter((e) => e.new_value === '9000').map((e) => [e.actor, e.at])).toEqual([['desk-b', at('10:00')]]);
    }
    for (const n of [a, world.server]) {
      const { items } = await n.api('sync.notApplied', {});
      expect(items.map((i) => [i.table, i.field, i.value, i.standing, i.actor, i.outcome])).toEqual([
        ['actuals', 'amount_cents', '9000', '9500', 'desk-b', 'lost'],
      ]);
    }
    sameEverywhere(a, b);
  });

  it('a retired row is a tombstone on every copy', async () => {
    world = await makeWorld();
    const { a, b } = await sharedBook(world);
    const service = (await a.api('services.list', {}))[0]!;
    a.clock(at('12:00'));
    await a.api('services.retire', { id: service.id });
    await world.sync(a);
    await world.sync(b);
    expect(b.db.sqlite.prepare('SELECT retired_at FROM services WHERE id = ?').pluck().get(service.id)).toBe(at('12:00'));
    sameEverywhere(a, b);
  });

  it('unlinking keeps every row on the desk', async () => {
    world = await makeWorld();
    const { a, b } = await sharedBook(world);
    const before = dump(b.db);
    expect(await b.api('sync.unlink', {})).toMatchObject({ unlinked: true });
    expect(dump(b.db)).toEqual(before);
    expect(await b.api('sync.status', {})).toMatchObject({ linked: false, url: null });
    await expect(b.api('sync.now', {})).rejects.toThrow('This desk is not linked to a hosted instance');
    void a;
  });
});
