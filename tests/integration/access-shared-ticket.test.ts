// A ticket that covers bills of two customers belongs to staff: a client login of one of them neither opens it
// nor sees it beside its bill in the month grid (a number it cannot open would be a dead end). A ticket on the
// client's own bill alone shows in the grid and opens.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/open.ts';
import { call, type Ctx } from '../../api/index.ts';
import { anonymousCtx, resolveSession } from '../../api/auth/sessions.ts';
import { tempDir } from '../support/api.ts';

const MONTH = '2026-03';
const APRIL = '2026-04';
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let client: Ctx;
let owner: Ctx;
const ids: Record<string, string> = {};

beforeAll(async () => {
  tmp = tempDir();
  db = openDb(join(tmp.dir, 'shared-ticket.db'));
  const anon = anonymousCtx(db, 'http');
  const setup = await call(anon, 'auth.setup', { company_name: 'Shared Brokers', name: 'owner', password: 'owner-password' });
  const s = resolveSession(db, setup.session!, 'http');
  if (!s.ok) throw new Error('no owner session');
  owner = s.ctx;
  const carrier = await call(owner, 'carriers.create', { name: 'Bothcomm' });
  for (const [name, number] of [['Alpha Clinic', 'A-1'], ['Zulu Schools', 'Z-1']] as const) {
    const c = await call(owner, 'customers.create', { name });
    const a = await call(owner, 'accounts.create', { carrier_id: carrier.id, customer_id: c.id, account_number: number });
    for (const month of [MONTH, APRIL]) await call(owner, 'actuals.set', { account_id: a.id, month, amount: '100.00' });
    ids[name] = c.id;
    ids[number] = a.id;
  }
  ids.shared = (await call(owner, 'tickets.open', { bills: [{ account_id: ids['A-1']!, month: MONTH }, { account_id: ids['Z-1']!, month: MONTH }], title: 'Both overbilled' })).ticket.id;
  ids.own = (await call(owner, 'tickets.open', { bills: [{ account_id: ids['A-1']!, month: APRIL }], title: 'Alpha only' })).ticket.id;
  await call(owner, 'users.create', { name: 'alpha-client', password: 'alpha-client-pw', kind: 'client', customer_ids: [ids['Alpha Clinic']!], modules: ['tem'], confirm: true });
  const c = resolveSession(db, (await call(anon, 'auth.signIn', { name: 'alpha-client', password: 'alpha-client-pw' })).session!, 'http');
  if (!c.ok) throw new Error('no client session');
  client = c.ctx;
}, 60_000);

afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

describe('a ticket shared by two customers, seen by a client of one', () => {
  it('shows only the ticket the client can open beside its bill, and that one opens; staff see both', async () => {
    const shown = async (c: Ctx, month: string) =>
      (await call(c, 'tickets.forMonth', { month })).map((e) => ({ account: e.account_id, tickets: e.tickets.map((t) => t.number) }));
    expect(await shown(client, MONTH)).toEqual([]);
    expect(await shown(client, APRIL)).toEqual([{ account: ids['A-1'], tickets: [2] }]);
    // Staff see the shared ticket on both bills.
    expect(await shown(owner, MONTH)).toEqual([
      { account: ids['A-1'], tickets: [1] },
      { account: ids['Z-1'], tickets: [1] },
    ]);
    expect((await call(client, 'tickets.get', { id: ids.own! })).title).toBe('Alpha only');
    await expect(call(client, 'tickets.get', { id: ids.shared! })).rejects.toThrow(`Ticket ${ids.shared} was not found.`);
    expect((await call(client, 'tickets.list', {})).map((t) => t.number)).toEqual([2]);
  });
});
