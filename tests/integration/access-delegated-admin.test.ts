// A delegated administrator: a user with no module seats, in a security group of the Administration module with
// "administer" (README, "Users, sign-in and access", step 3). Everything the administration screens need is
// callable at that access alone: the client-login customer picker, adding a client login, the sign-in setting.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openDb, type Db } from '../../db/open.ts';
import { call, ApiError, type Ctx } from '../../api/index.ts';
import { anonymousCtx, resolveSession } from '../../api/auth/sessions.ts';

let db: Db;
let owner: Ctx;
let dana: () => Promise<Ctx>;
const ids: Record<string, string> = {};

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e as ApiError,
  );

async function signIn(name: string, password: string): Promise<Ctx> {
  const s = resolveSession(db, (await call(anonymousCtx(db, 'http'), 'auth.signIn', { name, password })).session!, 'http');
  if (!s.ok) throw new Error(name);
  return s.ctx;
}

beforeAll(async () => {
  db = openDb(':memory:');
  await call(anonymousCtx(db, 'http'), 'auth.setup', { company_name: 'Delegated Brokers', name: 'olivia', password: 'owner-pass-1' });
  owner = await signIn('olivia', 'owner-pass-1');
  // Two customers share a name and differ by code; 60 more make the list longer than a page.
  for (const [name, code] of [['Springfield Schools', 'SPR-01'], ['Springfield Schools', 'SPR-02'], ['Shelbyville Clinic', 'SHB-7']] as const) {
    ids[code] = (await call(owner, 'customers.create', { name, code })).id;
  }
  for (let i = 1; i <= 60; i++) await call(owner, 'customers.create', { name: `Filler ${String(i).padStart(2, '0')}`, code: `F-${i}` });
  const group = await call(owner, 'securityGroups.save', { module: 'admin', name: 'User admins', permissions: ['administer'] });
  await call(owner, 'users.create', { name: 'dana', password: 'dana-pass-12', group_ids: [group.id] });
  dana = () => signIn('dana', 'dana-pass-12');
});

afterAll(() => db?.close());

describe('a delegated administrator (Administration group, no module seats)', () => {
  it('holds administer and nothing else', async () => {
    const me = await call(await dana(), 'auth.me', {});
    expect(me.grants).toEqual({ admin: false, modules: { admin: ['administer'] } });
    expect(me.modules).toEqual([]);
    // The CRM list and the TEM settings stay closed: the picker and the sign-in setting have methods of their own.
    const ctx = await dana();
    expect((await refusal(call(ctx, 'customers.list', {}))).message).toBe('dana may not call customers.list: it needs the "view" permission in CRM');
    expect((await refusal(call(ctx, 'settings.get', {}))).message).toBe('dana may not call settings.get: it needs the "view" permission in Telecom Expense Management');
  });

  it('lists customer choices by name or code, a page at a time, with the codes that tell equal names apart', async () => {
    const ctx = await dana();
    const spring = await call(ctx, 'admin.customerChoices', { search: 'springfield' });
    expect(spring).toEqual({
      rows: [
        { id: ids['SPR-01'], name: 'Springfield Schools', code: 'SPR-01', retired: false },
        { id: ids['SPR-02'], name: 'Springfield Schools', code: 'SPR-02', retired: false },
      ],
      total: 2,
      chosen: [],
    });
    const byCode = await call(ctx, 'admin.customerChoices', { search: 'shb' });
    expect(byCode.rows.map((r) => [r.name, r.code])).toEqual([['Shelbyville Clinic', 'SHB-7']]);
    // The whole book is 63 customers; a page holds what was asked for, in name order.
    const first = await call(ctx, 'admin.customerChoices', { limit: 10 });
    expect(first.total).toBe(63);
    expect(first.rows.map((r) => r.name)).toEqual(['Filler 01', 'Filler 02', 'Filler 03', 'Filler 04', 'Filler 05', 'Filler 06', 'Filler 07', 'Filler 08', 'Filler 09', 'Filler 10']);
    const last = await call(ctx, 'admin.customerChoices', { limit: 10, offset: 60 });
    expect(last.rows.map((r) => r.code)).toEqual(['SHB-7', 'SPR-01', 'SPR-02']);
    // The chosen ones come back by id whatever the search, so the picker can name them.
    const chosen = await call(ctx, 'admin.customerChoices', { search: 'Filler 01', limit: 5, ids: [ids['SPR-02']!] });
    expect(chosen.rows.map((r) => r.name)).toEqual(['Filler 01']);
    expect(chosen.chosen).toEqual([{ id: ids['SPR-02'], name: 'Springfield Schools', code: 'SPR-02', retired: false }]);
    // The default page is 50; at most 200 may be asked for.
    expect((await call(ctx, 'admin.customerChoices', {})).rows).toHaveLength(50);
    expect((await refusal(call(ctx, 'admin.customerChoices', { limit: 5000 }))).code).toBe('invalid_input');
  });

  it('adds a client login bound to a customer and sets the idle time', async () => {
    const ctx = await dana();
    const client = await call(ctx, 'users.create', { name: 'spring-02', password: 'client-pass-1', kind: 'client', customer_ids: [ids['SPR-02']!], modules: ['tem'], confirm: true });
    expect(client).toMatchObject({ name: 'spring-02', kind: 'client', customer_ids: [ids['SPR-02']], modules: ['tem'], admin: false });
    expect((await call(owner, 'users.list', {})).map((u) => [u.name, u.kind])).toEqual([
      ['dana', 'staff'],
      ['olivia', 'staff'],
      ['spring-02', 'client'],
    ]);

    expect((await call(ctx, 'admin.settings', {})).settings.map((x) => [x.key, x.value, x.default])).toEqual([['auth.idle_minutes', 30, 30]]);
    const saved = await call(ctx, 'admin.saveSettings', { values: { 'auth.idle_minutes': 45 } });
    expect([saved.changed, saved.settings.map((x) => [x.key, x.value])]).toEqual([1, [['auth.idle_minutes', 45]]]);
    expect((await call(owner, 'settings.get', { keys: ['auth.idle_minutes'] })).settings[0]!.value).toBe(45);
    const bad = await refusal(call(ctx, 'admin.saveSettings', { values: { 'auth.idle_minutes': 2000 } }));
    expect(bad.message).toBe('nothing was saved: auth.idle_minutes must be between 1 and 1440, not 2000');
    // Only administration's own settings: the TEM rules are not changed through this door.
    const other = await refusal(call(ctx, 'admin.saveSettings', { values: { 'bills.grace_days': 9, 'auth.idle_minutes': 20 } }));
    expect(other.message).toBe('nothing was saved: "bills.grace_days" is not a setting of administration (auth.idle_minutes); other settings are changed with settings.set');
    expect((await call(owner, 'settings.get', { keys: ['bills.grace_days', 'auth.idle_minutes'] })).settings.map((x) => x.value)).toEqual([5, 45]);
  });

  it('loses the picker at once when taken out of the group', async () => {
    const id = (await call(owner, 'users.list', {})).find((u) => u.name === 'dana')!.id;
    await call(owner, 'users.update', { id, patch: { group_ids: [] } });
    const e = await refusal(call(await dana(), 'admin.customerChoices', {}));
    expect([e.code, e.message]).toEqual(['forbidden', 'dana may not call admin.customerChoices: it needs the "administer" permission in Administration']);
  });
});
