// Two desks that add the same thing offline (one unique key, two row ids) end with one row on every copy: the
// one added first keeps its id, rows that pointed at the other follow it, and later values win field by field.
import { describe, it, expect } from 'vitest';
import { inProcess, sharedBook, dump, changeIds, at, MONTH, node } from './sync-setup.ts';
import { seedAccount } from '../support/api.ts';

describe('the same thing added on two desks', () => {
  it('merges two accounts with one carrier and number, with the services of both', async () => {
    const world = await inProcess();
    const { a, b } = await sharedBook(world);
    const carrier = (await a.api('carriers.list', {}))[0]!;
    const customer = (await a.api('customers.list', {}))[0]!;
    a.clock(at('10:00'));
    const accA = await a.api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, account_number: '555-NEW' });
    await a.api('services.create', { billing_account_id: accA.id, description: 'Added on A', monthly_cents: 1_000 });
    b.clock(at('10:01'));
    const accB = await b.api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, account_number: '555-NEW', start_month: '2030-01' });
    await b.api('services.create', { billing_account_id: accB.id, description: 'Added on B', monthly_cents: 2_000 });
    await b.api('actuals.set', { account_id: accB.id, month: MONTH, amount: '30.00' });
    expect(accA.id).not.toBe(accB.id);

    await world.sync(a);
    await world.sync(b);
    await world.sync(a);
    for (const n of [a, b, world.server]) {
      const accounts = n.db.sqlite.prepare("SELECT id, start_month FROM billing_accounts WHERE account_number = '555-NEW'").all();
      expect(accounts).toEqual([{ id: accA.id, start_month: '2030-01' }]);
      const services = n.db.sqlite.prepare('SELECT description, billing_account_id FROM services WHERE monthly_cents IN (1000, 2000) ORDER BY description').all();
      expect(services).toEqual([
        { description: 'Added on A', billing_account_id: accA.id },
        { description: 'Added on B', billing_account_id: accA.id },
      ]);
      expect(n.db.sqlite.prepare('SELECT amount_cents FROM actuals WHERE billing_account_id = ?').pluck().get(accA.id)).toBe(3_000);
    }
    // B's later edit of its merged-away account reaches the row that stands.
    b.clock(at('10:05'));
    await b.api('accounts.update', { id: accA.id, patch: { end_month: '2030-12' } });
    await world.sync(b);
    await world.sync(a);
    expect(a.db.sqlite.prepare('SELECT end_month FROM billing_accounts WHERE id = ?').pluck().get(accA.id)).toBe('2030-12');
    for (const n of [a, b]) {
      expect(dump(n.db)).toEqual(dump(world.server.db));
      expect(changeIds(n.db)).toEqual(changeIds(world.server.db));
    }
    await world.close();
  });
});

describe('a database written before it recorded changes', () => {
  it('stamps its older audit rows when it links, so its whole book syncs', async () => {
    const world = await inProcess();
    const a = node('desk-a');
    const { account } = await seedAccount(a, { account: 'OLD-1' });
    await a.api('actuals.set', { account_id: account.id, month: MONTH, amount: '12.34' });
    // As an older version left it: the audit trail, no stamps.
    a.db.sqlite.exec('DELETE FROM sync_changes');
    await world.link(a);
    const stamped = a.db.sqlite.prepare('SELECT count(*) FROM sync_changes').pluck().get() as number;
    const audited = a.db.sqlite.prepare("SELECT count(*) FROM audit_log WHERE table_name NOT IN ('users', 'sessions', 'settings', 'company')").pluck().get();
    expect(stamped).toBe(audited);
    await world.sync(a);
    const b = node('desk-b');
    await world.link(b);
    await world.sync(b);
    expect(b.db.sqlite.prepare('SELECT amount_cents FROM actuals WHERE billing_account_id = ?').pluck().get(account.id)).toBe(1_234);
    expect(dump(b.db)).toEqual(dump(a.db));
    await world.close();
  });
});
