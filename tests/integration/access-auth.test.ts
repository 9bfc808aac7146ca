// First run, sign-in, lock-out, password reset, sessions ending on sign-out, idle time and deactivation, and
// grants computed from security groups, module seats and the admin flag.
import { describe, it, expect, beforeEach } from 'vitest';
import { openDb, type Db } from '../../db/open.ts';
import { call, makeCtx, ApiError, type Ctx } from '../../api/index.ts';
import { anonymousCtx, resolveSession } from '../../api/auth/sessions.ts';
import { userByName } from '../../api/auth/users.ts';
import { verifyPassword } from '../../core/auth.ts';

let db: Db;
let anon: Ctx;
let clock: string;

const at = (iso: string) => {
  clock = iso;
};
const withClock = (ctx: Ctx) => Object.assign(ctx, { now: () => clock });
const err = (p: Promise<unknown>) => p.then(() => null, (e: ApiError) => e);

async function setup() {
  return call(anon, 'auth.setup', { company_name: 'Springfield Telecom Brokers', name: 'olivia', full_name: 'Olivia Owner', password: 'owner-pass-1' });
}
function asSession(token: string, now = clock) {
  const s = resolveSession(db, token, 'http', new Date(now));
  if (!s.ok) throw new Error(`no session: ${s.reason}`);
  return withClock(s.ctx);
}

beforeEach(() => {
  db = openDb(':memory:');
  clock = '2026-03-02T09:00:00.000Z';
  anon = withClock(anonymousCtx(db, 'http'));
});

describe('first run', () => {
  it('creates the company and its owner, signs the owner in, and happens once', async () => {
    expect(await call(anon, 'auth.status', {})).toMatchObject({ setup_needed: true, company_name: null, company_locale: 'en-US', me: null, idle_minutes: 30 });
    const r = await setup();
    expect(r.me).toMatchObject({ name: 'olivia', full_name: 'Olivia Owner', admin: true, owner: true, kind: 'staff', modules: ['tem', 'inventory', 'crm'] });
    expect(r.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const owner = asSession(r.session!);
    expect(owner.actor).toBe('olivia');
    expect(owner.grants.admin).toBe(true);
    expect(await call(owner, 'company.get', {})).toMatchObject({ name: 'Springfield Telecom Brokers', currency: 'USD', locale: 'en-US' });
    expect(await call(anon, 'auth.status', {})).toMatchObject({ setup_needed: false, company_name: 'Springfield Telecom Brokers' });
    // Defaults a new company starts with: drop-down values and security groups.
    expect((await call(owner, 'lookups.list', { list: 'customer_stage' })).map((l) => l.code)).toEqual(['prospect', 'onboarding', 'active', 'former']);
    expect((await call(owner, 'securityGroups.list', {})).map((g) => `${g.module}:${g.name}`)).toContain('tem:TEM clerks');
    const again = await err(call(anon, 'auth.setup', { company_name: 'X', name: 'mallory', password: 'mallory-pass' }));
    expect(again).toMatchObject({ code: 'conflict', message: 'TEM desk is already set up: sign in instead.' });
  });

  it('stores the password as a salted scrypt hash, never in the audit trail', async () => {
    await setup();
    const u = userByName(db, 'olivia')!;
    expect(u.password_hash).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(verifyPassword('owner-pass-1', u.password_hash)).toBe(true);
    expect(verifyPassword('owner-pass-2', u.password_hash)).toBe(false);
    const audit = JSON.stringify(db.sqlite.prepare('SELECT * FROM audit_log').all());
    expect(audit).not.toContain(u.password_hash!.split('$')[5]!);
    expect(audit).toContain('password_changed_at');
    const rows = await call(makeCtx(db, 'olivia', 'test'), 'users.list', {});
    expect(JSON.stringify(rows)).not.toContain('scrypt');
  });

  it('refuses a short password with a clear message', async () => {
    expect(await err(call(anon, 'auth.setup', { company_name: 'X', name: 'olivia', password: 'short' }))).toMatchObject({
      code: 'invalid_input',
      message: 'password: A password needs at least 8 characters',
    });
  });
});

describe('sign-in', () => {
  it('refuses every method but the public ones before sign-in', async () => {
    await setup();
    expect(await err(call(anon, 'month.check', { month: '2026-03' }))).toMatchObject({ code: 'unauthenticated', message: 'Please sign in first: month.check needs a signed-in user.' });
    expect(await err(call(anon, 'auth.me', {}))).toMatchObject({ code: 'unauthenticated' });
  });

  it('locks an account for 15 minutes after 5 failed attempts; an admin reset unlocks it', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const bob = await call(owner, 'users.create', { name: 'bob', password: 'bob-pass-123' });
    for (let i = 1; i <= 4; i++) expect(await err(call(anon, 'auth.signIn', { name: 'bob', password: 'wrong-pass' }))).toMatchObject({ code: 'unauthenticated', message: 'The user name or password is not right, or the account is locked for 15 minutes after 5 failed sign-ins in a row (an administrator can reset the password).' });
    const fifth = await err(call(anon, 'auth.signIn', { name: 'bob', password: 'wrong-pass' }));
    expect(fifth!.message).toBe('The user name or password is not right, or the account is locked for 15 minutes after 5 failed sign-ins in a row (an administrator can reset the password).');
    // Locked: even the right password is refused, until 09:15.
    at('2026-03-02T09:14:00.000Z');
    expect(await err(call(anon, 'auth.signIn', { name: 'bob', password: 'bob-pass-123' }))).toMatchObject({
      message: 'The user name or password is not right, or the account is locked for 15 minutes after 5 failed sign-ins in a row (an administrator can reset the password).',
    });
    expect((await call(owner, 'users.get', { id: bob.id })).locked_until).toBe(null); // the owner ctx's clock is real time, later than 09:15
    at('2026-03-02T09:15:01.000Z');
    expect((await call(anon, 'auth.signIn', { name: 'bob', password: 'bob-pass-123' })).me.name).toBe('bob');
    // Locked again, then reset by an admin: unlocked with the new password at once.
    for (let i = 0; i < 5; i++) await err(call(anon, 'auth.signIn', { name: 'bob', password: 'nope-nope' }));
    expect(await err(call(anon, 'auth.signIn', { name: 'bob', password: 'bob-pass-123' }))).toMatchObject({ code: 'unauthenticated' });
    await call(owner, 'users.resetPassword', { id: bob.id, password: 'bob-new-pass' });
    expect((await call(anon, 'auth.signIn', { name: 'bob', password: 'bob-new-pass' })).me.name).toBe('bob');
    expect(await err(call(anon, 'auth.signIn', { name: 'bob', password: 'bob-pass-123' }))).toMatchObject({ code: 'unauthenticated' });
  });

  it('gives an unknown user the same answer as a wrong password', async () => {
    await setup();
    expect(await err(call(anon, 'auth.signIn', { name: 'nobody', password: 'whatever1' }))).toMatchObject({ code: 'unauthenticated', message: 'The user name or password is not right, or the account is locked for 15 minutes after 5 failed sign-ins in a row (an administrator can reset the password).' });
  });

  it('ends sessions on sign-out, after the idle time (a setting), on password reset and on deactivation', async () => {
    const { session } = await setup();
    const owner = asSession(session!);
    await call(owner, 'settings.set', { values: { 'auth.idle_minutes': 10 } });
    // Used at 09:09: still alive, and the idle timer restarts.
    expect(resolveSession(db, session, 'http', new Date('2026-03-02T09:09:00.000Z')).ok).toBe(true);
    expect(resolveSession(db, session, 'http', new Date('2026-03-02T09:18:00.000Z')).ok).toBe(true);
    expect(resolveSession(db, session, 'http', new Date('2026-03-02T09:28:01.000Z'))).toEqual({ ok: false, reason: 'idle' });
    expect(resolveSession(db, session, 'http', new Date('2026-03-02T09:28:02.000Z'))).toEqual({ ok: false, reason: 'idle' });

    const s2 = (await call(anon, 'auth.signIn', { name: 'olivia', password: 'owner-pass-1' })).session!;
    expect(await call(asSession(s2), 'auth.signOut', {})).toEqual({ signed_out: true });
    expect(resolveSession(db, s2, 'http', new Date(clock))).toEqual({ ok: false, reason: 'ended' });

    const o = makeCtx(db, 'olivia', 'test');
    const carl = await call(o, 'users.create', { name: 'carl', password: 'carl-pass-1' });
    const s3 = (await call(anon, 'auth.signIn', { name: 'carl', password: 'carl-pass-1' })).session!;
    await call(o, 'users.resetPassword', { id: carl.id, password: 'carl-pass-2' });
    expect(resolveSession(db, s3, 'http', new Date(clock))).toEqual({ ok: false, reason: 'reset' });
    const s4 = (await call(anon, 'auth.signIn', { name: 'carl', password: 'carl-pass-2' })).session!;
    await call(o, 'users.update', { id: carl.id, patch: { active: false } });
    expect(resolveSession(db, s4, 'http', new Date(clock))).toEqual({ ok: false, reason: 'inactive' });
    expect(await err(call(anon, 'auth.signIn', { name: 'carl', password: 'carl-pass-2' }))).toMatchObject({ message: 'This user is no longer active; ask an administrator.' });
  });

  it('lets a user change their own password with the current one', async () => {
    const { session } = await setup();
    const me = asSession(session!);
    expect(await err(call(me, 'auth.changePassword', { current: 'bad-bad-bad', password: 'owner-pass-2' }))).toMatchObject({ message: 'current: the current password is not right' });
    expect(await call(me, 'auth.changePassword', { current: 'owner-pass-1', password: 'owner-pass-2' })).toEqual({ changed: true });
    expect((await call(anon, 'auth.signIn', { name: 'olivia', password: 'owner-pass-2' })).me.name).toBe('olivia');
  });
});

describe('users, groups and grants', () => {
  it('computes grants from groups within the modules assigned; assigning a module needs confirmation and is audited', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const clerks = (await call(owner, 'securityGroups.list', {})).find((g) => g.name === 'TEM clerks')!;
    const crmView = (await call(owner, 'securityGroups.list', {})).find((g) => g.name === 'CRM viewers')!;
    const refused = await err(call(owner, 'users.create', { name: 'dana', password: 'dana-pass-1', modules: ['tem'], group_ids: [clerks.id] }));
    expect(refused).toMatchObject({ code: 'invalid_input', message: 'Assigning Telecom Expense Management to dana uses a paid seat: confirm it (confirm: true) to go ahead' });
    const dana = await call(owner, 'users.create', { name: 'dana', password: 'dana-pass-1', modules: ['tem'], confirm: true, group_ids: [clerks.id, crmView.id] });
    // CRM viewers gives nothing while CRM is not assigned to her.
    expect(dana.grants).toEqual({ admin: false, modules: { tem: ['view', 'edit', 'import', 'export'] } });
    expect(await err(call(owner, 'users.setModules', { id: dana.id, modules: ['tem', 'crm'] }))).toMatchObject({ message: expect.stringContaining('Assigning CRM to dana uses a paid seat') });
    const after = await call(owner, 'users.setModules', { id: dana.id, modules: ['tem', 'crm'], confirm: true });
    expect(after.grants.modules).toEqual({ tem: ['view', 'edit', 'import', 'export'], crm: ['view'] });
    const trail = await call(owner, 'audit.list', { table_name: 'users', record_id: dana.id });
    expect(trail.some((e) => e.field === 'modules_json' && e.old_value === '"[\\"tem\\"]"' && e.new_value === '"[\\"tem\\",\\"crm\\"]"' && e.actor === 'olivia')).toBe(true);
    // Removing a module needs no confirmation.
    expect((await call(owner, 'users.setModules', { id: dana.id, modules: ['crm'] })).modules).toEqual(['crm']);
    // A company that does not use CRM gives nobody CRM permissions.
    await call(owner, 'company.save', { modules: ['tem', 'inventory'] });
    expect((await call(owner, 'users.get', { id: dana.id })).grants.modules).toEqual({});
  });

  it('gives admin rights to more users; keeps the owner an active admin and at least one admin', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const olivia = userByName(db, 'olivia')!;
    const eve = await call(owner, 'users.create', { name: 'eve', password: 'eve-pass-12', admin: true });
    expect(eve.grants).toEqual({ admin: true, modules: {} });
    expect(await err(call(owner, 'users.update', { id: olivia.id, patch: { admin: false } }))).toMatchObject({ code: 'conflict', message: 'olivia owns this install and stays an active administrator' });
    expect(await err(call(owner, 'users.update', { id: eve.id, patch: { reports_to: eve.id } }))).toMatchObject({ code: 'invalid_input' });
  });

  it('gives the right to administer through a group in Administration, and takes it back with the group', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    expect(await err(call(owner, 'securityGroups.save', { module: 'tem', name: 'Wrong place', permissions: ['view', 'administer'] }))).toMatchObject({
      code: 'invalid_input',
      message: 'permissions: "administer" is given by a group in Administration, not in tem',
    });
    const admins = await call(owner, 'securityGroups.save', { module: 'admin', name: 'Office admins', permissions: ['administer'] });
    const ada = await call(owner, 'users.create', { name: 'ada', password: 'ada-pass-12', group_ids: [admins.id] });
    // not an administrator by the flag: the group alone gives it, with no module seat
    expect([ada.admin, ada.grants]).toEqual([false, { admin: false, modules: { admin: ['administer'] } }]);
    const token = (await call(anon, 'auth.signIn', { name: 'ada', password: 'ada-pass-12' })).session!;
    expect((await call(asSession(token), 'users.list', {})).map((u) => u.name).sort()).toEqual(['ada', 'olivia']);
    const news = await call(asSession(token), 'news.save', { title: 'Office closed Friday', starts_on: '2026-03-01', ends_on: '2026-03-09' });
    expect(news.title).toBe('Office closed Friday');
    // still no work permission: administering is not viewing the bills
    expect(await err(call(asSession(token), 'month.check', { month: '2026-03' }))).toMatchObject({ code: 'forbidden' });
    await call(owner, 'users.update', { id: ada.id, patch: { group_ids: [] } });
    // the same session loses it at once
    expect(await err(call(asSession(token), 'users.list', {}))).toMatchObject({
      code: 'forbidden',
      message: 'ada may not call users.list: it needs the "administer" permission in Administration',
    });
  });

  it('lets a manager see who reports to them, further down too', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const mia = await call(owner, 'users.create', { name: 'mia', password: 'mia-pass-12', manager: true });
    const ned = await call(owner, 'users.create', { name: 'ned', password: 'ned-pass-12', manager: true, reports_to: mia.id });
    await call(owner, 'users.create', { name: 'ola', password: 'ola-pass-12', reports_to: ned.id });
    await call(owner, 'users.create', { name: 'pat', password: 'pat-pass-12' });
    const s = (await call(anon, 'auth.signIn', { name: 'mia', password: 'mia-pass-12' })).session!;
    expect(asSession(s).report_names).toEqual(['ned', 'ola']);
    expect(await err(call(owner, 'users.update', { id: mia.id, patch: { reports_to: ned.id } }))).toMatchObject({
      message: 'reports_to: ned already reports to this user; that would be a circle',
    });
  });

  it('binds a client login to its customers, read-only with comments, never admin', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const c = await call(owner, 'customers.create', { name: 'Shelbyville Clinic' });
    expect(await err(call(owner, 'users.create', { name: 'cli', password: 'client-pass', kind: 'client' }))).toMatchObject({ message: 'customer_ids: a client login is bound to at least one customer' });
    expect(await err(call(owner, 'users.create', { name: 'cli', password: 'client-pass', kind: 'client', customer_ids: [c.id], admin: true }))).toMatchObject({
      message: 'A client login cannot be an administrator or a manager',
    });
    const managers = (await call(owner, 'securityGroups.list', {})).find((g) => g.name === 'TEM managers')!;
    const cli = await call(owner, 'users.create', { name: 'cli', password: 'client-pass', kind: 'client', customer_ids: [c.id], modules: ['tem'], confirm: true, group_ids: [managers.id] });
    // Even in a managers' group a client login keeps only what is safe: view, comment, export.
    expect(cli.grants).toEqual({ admin: false, modules: { tem: ['view', 'export', 'comment'] } });
    const ctx = asSession((await call(anon, 'auth.signIn', { name: 'cli', password: 'client-pass' })).session!);
    expect(ctx.scope).toEqual([c.id]);
  });
});

describe('drop-downs, fields, news, widgets, company', () => {
  it('keeps a retired drop-down value on old records and stops offering it', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const gone = await call(owner, 'customers.create', { name: 'Ogdenville Outlet', stage: 'former' });
    const other = await call(owner, 'customers.create', { name: 'North Haverbrook Mall', stage: 'active' });
    const former = (await call(owner, 'lookups.list', { list: 'customer_stage' })).find((l) => l.code === 'former')!;
    await call(owner, 'lookups.save', { id: former.id, list: 'customer_stage', label: 'Former customer', active: false });
    expect((await call(owner, 'lookups.list', { list: 'customer_stage' })).map((l) => l.code)).toEqual(['prospect', 'onboarding', 'active']);
    expect(await call(owner, 'customers.stages', {})).toEqual(['prospect', 'onboarding', 'active']);
    // The customer holding the retired stage keeps it: the edit form sends it back unchanged with a new name.
    const renamed = await call(owner, 'customers.update', { id: gone.id, patch: { name: 'Ogdenville Outlet (closed)', stage: 'former', notes: 'moved away' } });
    expect([renamed.name, renamed.stage, renamed.notes]).toEqual(['Ogdenville Outlet (closed)', 'former', 'moved away']);
    expect((await call(owner, 'customers.get', { id: gone.id })).stage).toBe('former');
    // As a new choice it is refused, for another customer, a new one, and this one once it has moved on.
    const retiredMessage =
      'stage: "former" is retired in the drop-down table customer_stage: it stays on the records that already have it but cannot be chosen anew; choose one of "prospect", "onboarding", "active"';
    expect(await err(call(owner, 'customers.update', { id: other.id, patch: { stage: 'former' } }))).toMatchObject({ code: 'invalid_input', message: retiredMessage });
    expect(await err(call(owner, 'customers.create', { name: 'Capital City Zoo', stage: 'former' }))).toMatchObject({ code: 'invalid_input', message: retiredMessage });
    expect((await call(owner, 'customers.get', { id: other.id })).stage).toBe('active');
    expect((await call(owner, 'customers.update', { id: gone.id, patch: { stage: 'prospect' } })).stage).toBe('prospect');
    expect(await err(call(owner, 'customers.update', { id: gone.id, patch: { stage: 'former' } }))).toMatchObject({ message: retiredMessage });
    expect(await err(call(owner, 'customers.update', { id: gone.id, patch: { stage: 'closed' } }))).toMatchObject({ message: 'stage: stage "closed" is not one of "prospect", "onboarding", "active"' });
    expect((await call(owner, 'lookups.list', { list: 'customer_stage', include_inactive: true })).find((l) => l.code === 'former')).toMatchObject({ label: 'Former customer', active: false });
    const added = await call(owner, 'lookups.save', { list: 'service_type', label: 'Dark fiber' });
    expect(added).toMatchObject({ code: 'dark_fiber', sort_order: 70, active: true });
    expect(await err(call(owner, 'lookups.save', { list: 'colours', label: 'Red' }))).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('there is no drop-down table "colours"') });
    expect(await err(call(owner, 'lookups.save', { id: added.id, list: 'service_type', code: 'other', label: 'Dark fiber' }))).toMatchObject({ message: expect.stringContaining('cannot change') });
  });

  it('checks user-defined field values by type and saves all or none', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const c = await call(owner, 'customers.create', { name: 'Springfield Schools' });
    await call(owner, 'udf.saveDef', { entity: 'customers', key: 'budget', label: 'Annual budget', type: 'money' });
    await call(owner, 'udf.saveDef', { entity: 'customers', key: 'seats', label: 'Seats', type: 'number' });
    await call(owner, 'udf.saveDef', { entity: 'customers', key: 'renewal', label: 'Renewal', type: 'date' });
    await call(owner, 'udf.saveDef', { entity: 'customers', key: 'tier', label: 'Tier', type: 'list', options: ['Gold', 'Silver'] });
    await call(owner, 'udf.saveDef', { entity: 'customers', key: 'note', label: 'Note', type: 'text' });
    const bad = await err(call(owner, 'udf.set', { entity: 'customers', record_id: c.id, values: { budget: '12,34,5x', seats: 'many', renewal: '2026-02-30', tier: 'Bronze', note: 'ok' } }));
    expect(bad!.code).toBe('invalid_input');
    expect(bad!.message).toMatch(/^Nothing was saved: Annual budget: .*; Seats: "many" is not a number; Renewal: .*; Tier: "Bronze" is not one of the choices \(Gold, Silver\)$/);
    expect((await call(owner, 'udf.get', { entity: 'customers', record_id: c.id })).values).toEqual({ budget: null, seats: null, renewal: null, tier: null, note: null });
    const ok = await call(owner, 'udf.set', { entity: 'customers', record_id: c.id, values: { budget: '1.234,56 €', seats: '42', renewal: '3/15/2027', tier: 'Gold', note: 'Board meets in May' }, locale: 'de-DE' });
    expect(ok).toEqual({ values: { budget: 123456, seats: 42, renewal: '2027-03-15', tier: 'Gold', note: 'Board meets in May' }, changed: 5 });
    // A choice taken off the list stays on the record that holds it.
    const tier = (await call(owner, 'udf.defs', { entity: 'customers' })).find((d) => d.key === 'tier')!;
    await call(owner, 'udf.saveDef', { id: tier.id, entity: 'customers', label: 'Tier', type: 'list', options: ['Platinum', 'Silver'] });
    expect((await call(owner, 'udf.set', { entity: 'customers', record_id: c.id, values: { tier: 'Gold', seats: 43 } })).values.tier).toBe('Gold');
    // Filterable: the records whose field holds a text (any case), or a number exactly.
    const other = await call(owner, 'customers.create', { name: 'Shelbyville Clinic' });
    await call(owner, 'udf.set', { entity: 'customers', record_id: other.id, values: { note: 'No board', seats: 7 } });
    expect((await call(owner, 'udf.list', { entity: 'customers', filter: { key: 'note', contains: 'BOARD MEETS' } })).rows.map((r) => r.record_id)).toEqual([c.id]);
    expect((await call(owner, 'udf.list', { entity: 'customers', filter: { key: 'seats', contains: '7' } })).rows.map((r) => r.record_id)).toEqual([other.id]);
    expect((await call(owner, 'udf.list', { entity: 'customers', filter: { key: 'budget', contains: '123456' } })).rows.map((r) => r.record_id)).toEqual([c.id]);
    const { udfColumns } = await import('../../api/admin/udf.ts');
    const cols = udfColumns(owner, 'customers', [c.id]);
    expect(cols.headers).toEqual(['Annual budget', 'Seats', 'Renewal', 'Tier', 'Note']);
    expect(cols.cells(c.id)).toEqual(['1234.56', '43', '2027-03-15', 'Gold', 'Board meets in May']);
  });

  it('shows news inside its date range only', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    await call(owner, 'news.save', { title: 'Month-end closes on the 5th', starts_on: '2026-03-01', ends_on: '2026-03-06' });
    await call(owner, 'news.save', { title: 'Welcome', body: 'Always on' });
    await call(owner, 'news.save', { title: 'Old news', starts_on: '2026-01-01', ends_on: '2026-01-31' });
    expect((await call(owner, 'news.current', { today: '2026-03-04' })).items.map((i) => i.title).sort()).toEqual(['Month-end closes on the 5th', 'Welcome']);
    expect((await call(owner, 'news.current', { today: '2026-03-07' })).items.map((i) => i.title)).toEqual(['Welcome']);
    expect(await err(call(owner, 'news.save', { title: 'Backwards', starts_on: '2026-03-06', ends_on: '2026-03-01' }))).toMatchObject({ message: 'ends_on: the news ends (2026-03-01) before it starts (2026-03-06)' });
  });

  it('shows each user the widgets of their widget groups and modules', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const viewers = (await call(owner, 'securityGroups.list', {})).find((g) => g.name === 'TEM viewers')!;
    const wg = await call(owner, 'widgetGroups.save', { name: 'Month-end desk', widget_ids: ['month-progress', 'flagged-bills', 'contracts-ending', 'company-news'] });
    expect(await err(call(owner, 'widgetGroups.save', { name: 'Bad', widget_ids: ['no-such-widget'] }))).toMatchObject({ message: 'widget_ids: there is no widget "no-such-widget"' });
    await call(owner, 'users.create', { name: 'wes', password: 'wes-pass-12', modules: ['tem'], confirm: true, group_ids: [viewers.id], widget_group_ids: [wg.id] });
    await call(owner, 'users.create', { name: 'val', password: 'val-pass-12', modules: ['tem'], confirm: true, group_ids: [viewers.id] });
    const wes = asSession((await call(anon, 'auth.signIn', { name: 'wes', password: 'wes-pass-12' })).session!);
    // contracts-ending is an inventory widget: wes cannot view inventory.
    expect((await call(wes, 'widgets.mine', {})).ids).toEqual(['month-progress', 'flagged-bills', 'company-news']);
    const val = asSession((await call(anon, 'auth.signIn', { name: 'val', password: 'val-pass-12' })).session!);
    expect((await call(val, 'widgets.mine', {})).ids).not.toContain('contracts-ending');
    expect((await call(val, 'widgets.mine', {})).ids).toContain('largest-variances');
    expect((await call(owner, 'widgetGroups.list', {}))[0]!.member_ids).toHaveLength(1);
  });

  it('saves the company profile with its logo', async () => {
    await setup();
    const owner = makeCtx(db, 'olivia', 'test');
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const c = await call(owner, 'company.save', { address: '742 Evergreen Terrace', billing_contact: 'Marge', billing_email: 'billing@example.com', currency: 'EUR', locale: 'de-DE', logo: png, logo_type: 'image/png', modules: ['tem', 'crm'] });
    expect(c).toMatchObject({ name: 'Springfield Telecom Brokers', address: '742 Evergreen Terrace', currency: 'EUR', locale: 'de-DE', modules: ['tem', 'crm'], logo_type: 'image/png' });
    expect([...c.logo!]).toEqual([...png]);
    // the screens type and show amounts in the company's locale until a user picks another
    expect(await call(anon, 'auth.status', {})).toMatchObject({ company_locale: 'de-DE' });
    expect(await err(call(owner, 'company.save', { billing_email: 'not-mail' }))).toMatchObject({ message: 'billing_email: "not-mail" is not an e-mail address' });
  });
});
