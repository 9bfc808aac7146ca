// Credits matched to one bill on two desks offline both count after sync, and a one-off expectation set on that
// bill later adds to them: a bill's expectation is its contract, its one-offs, minus every credit matched to it,
// worked out on read rather than kept as one stored figure that the last writer would overwrite.
import { describe, it, expect } from 'vitest';
import { inProcess, sharedBook, at, type Node } from './sync-setup.ts';

const LATER = '2030-03';

const bill = async (n: Node, account: string) => {
  const r = (await n.api('month.check', { month: LATER })).rows.find((x) => x.account_id === account)!;
  return { expected: r.expected_cents, actual: r.actual_cents, status: r.status };
};

describe('credits matched to one bill on two desks', () => {
  it('both lower its expectation on every copy, and a one-off set later adds to what the credits left', async () => {
    const world = await inProcess();
    const { a, b, X, ticket } = await sharedBook(world);
    a.clock(at('09:10'));
    await a.api('actuals.set', { account_id: X, month: LATER, amount: '85.00' });
    await world.sync(a);
    await world.sync(b);

    // Offline, each desk records a credit the carrier put on the later bill.
    a.clock(at('09:20'));
    await a.api('tickets.addCredit', { ticket_id: ticket, amount_cents: 1_000, matched: { account_id: X, month: LATER } });
    b.clock(at('09:21'));
    await b.api('tickets.addCredit', { ticket_id: ticket, amount_cents: 500, matched: { account_id: X, month: LATER } });
    await world.sync(a);
    await world.sync(b);
    await world.sync(a);
    for (const n of [a, b, world.server]) expect(await bill(n, X)).toEqual({ expected: 8_500, actual: 8_500, status: 'ok' });

    // An install fee on that bill, entered after the credits: 100.00 + 15.00 − 10.00 − 5.00.
    a.clock(at('09:30'));
    await a.api('expected.setOverride', { account_id: X, month: LATER, amount_cents: 1_500, note: 'install fee' });
    await world.sync(a);
    await world.sync(b);
    for (const n of [a, b, world.server]) expect(await bill(n, X)).toEqual({ expected: 10_000, actual: 8_500, status: 'under' });
    const t = await b.api('tickets.get', { id: ticket });
    expect([t.received_cents, t.credits.length]).toEqual([1_500, 2]);
    await world.close();
  });
});
