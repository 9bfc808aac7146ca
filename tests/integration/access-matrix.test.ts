// Every role against every method of the contract (read from the contract, so methods added later are
// covered): the call is let through to the method (which then rejects the deliberately bad input) or refused
// before it runs, with a message naming the user, the method and the permission it needs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { openDb, type Db } from '../../db/open.ts';
import { call, methods, METHOD_NAMES, ACCESS, ApiError, type Ctx, type MethodName } from '../../api/index.ts';
import { anonymousCtx, resolveSession } from '../../api/auth/sessions.ts';
import { CLIENT_PERMISSIONS, PERMISSION_VERB, moduleName, type Module, type Permission } from '../../core/permissions.ts';

type Held = Partial<Record<Module, Permission[]>>;
interface Role {
  name: string;
  /** What this role should hold, written out here (not computed by the code under test). */
  admin: boolean;
  holds: Held;
  create?: { kind?: 'staff' | 'client'; admin?: boolean; manager?: boolean; modules: ('tem' | 'inventory' | 'crm')[]; groups: string[] };
}

const ROLES: Role[] = [
  { name: 'owner', admin: true, holds: {} },
  { name: 'second-admin', admin: true, holds: {}, create: { admin: true, modules: [], groups: [] } },
  { name: 'tem-viewer', admin: false, holds: { tem: ['view'] }, create: { modules: ['tem'], groups: ['TEM viewers'] } },
  {
    name: 'clerk',
    admin: false,
    holds: { tem: ['view', 'edit', 'import', 'export'], inventory: ['view', 'edit', 'import', 'export'], crm: ['view'] },
    create: { modules: ['tem', 'inventory', 'crm'], groups: ['TEM clerks', 'Inventory editors', 'CRM viewers'] },
  },
  {
    name: 'tem-manager',
    admin: false,
    holds: { tem: ['view', 'edit', 'import', 'export', 'approve', 'override'] },
    create: { manager: true, modules: ['tem'], groups: ['TEM managers'] },
  },
  // In a CRM group without the CRM seat: the group gives nothing.
  { name: 'no-seat', admin: false, holds: { tem: ['view'] }, create: { modules: ['tem'], groups: ['TEM viewers', 'CRM editors'] } },
  { name: 'no-groups', admin: false, holds: {}, create: { modules: ['tem', 'inventory', 'crm'], groups: [] } },
  {
    name: 'client',
    admin: false,
    // The managers' group gives a client only what is safe for it: export (no edit, import, approve, override).
    holds: { tem: ['view', 'comment', 'export'], inventory: ['view'], crm: ['view'] },
    create: { kind: 'client', modules: ['tem', 'inventory', 'crm'], groups: ['TEM managers'] },
  },
];

let db: Db;
const ctxs = new Map<string, Ctx>();
const PASSWORD = 'matrix-password';

beforeAll(async () => {
  db = openDb(':memory:');
  const anon = anonymousCtx(db, 'http');
  const setup = await call(anon, 'auth.setup', { company_name: 'Matrix Brokers', name: 'owner', password: PASSWORD });
  const ownerState = resolveSession(db, setup.session!, 'http');
  if (!ownerState.ok) throw new Error('owner');
  const owner = ownerState.ctx;
  const customer = await call(owner, 'customers.create', { name: 'Client Co' });
  const groups = await call(owner, 'securityGroups.list', {});
  for (const r of ROLES) {
    if (r.create) {
      await call(owner, 'users.create', {
        name: r.name,
        password: PASSWORD,
        kind: r.create.kind,
        admin: r.create.admin,
        manager: r.create.manager,
        modules: r.create.modules,
        confirm: true,
        group_ids: r.create.groups.map((g) => groups.find((x) => x.name === g)!.id),
        customer_ids: r.create.kind === 'client' ? [customer.id] : undefined,
      });
    }
    // Every role signs in through the same path as a browser, and its context comes from the session.
    const s = resolveSession(db, (await call(anon, 'auth.signIn', { name: r.name, password: PASSWORD })).session!, 'http');
    if (!s.ok) throw new Error(r.name);
    ctxs.set(r.name, s.ctx);
  }
  ctxs.set('anonymous', anon);
});

afterAll(() => db?.close());

function expectedAllowed(r: Role, m: MethodName): boolean {
  const a = ACCESS[m];
  if (a.open) return true;
  if (r.admin) return true;
  const held = r.holds[a.module] ?? [];
  return held.includes(a.permission) || (a.permission === 'comment' && held.includes('edit'));
}

/** Calls with an input no method accepts: an allowed call reaches the input check, a refused one never does. */
async function outcome(ctx: Ctx, m: MethodName): Promise<ApiError> {
  try {
    await call(ctx, m, 42 as never);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error(`${m} accepted 42 as its input`);
}

describe('the access matrix', () => {
  it('covers every method of the contract', () => {
    expect(METHOD_NAMES.length).toBeGreaterThan(100);
    expect(Object.keys(ACCESS).sort()).toEqual([...METHOD_NAMES].sort());
  });

  for (const r of ROLES) {
    it(`${r.name}: every method allowed or refused as its grants say, with a clear message`, async () => {
      const ctx = ctxs.get(r.name)!;
      const wrong: string[] = [];
      let allowed = 0;
      for (const m of METHOD_NAMES) {
        const e = await outcome(ctx, m);
        const a = ACCESS[m];
        if (expectedAllowed(r, m)) {
          allowed++;
          if (e.code !== 'invalid_input') wrong.push(`${m} should be allowed: ${e.code} ${e.message}`);
        } else {
          // A client login is told it is read-only for what no group can give it, not to ask for a permission.
          const message =
            r.create?.kind === 'client' && !CLIENT_PERMISSIONS.includes(a.permission)
              ? `${r.name} may not call ${m}: client logins can view, export and comment on their tickets, not ${PERMISSION_VERB[a.permission]}`
              : `${r.name} may not call ${m}: it needs the "${a.permission}" permission in ${moduleName(a.module)}`;
          if (e.code !== 'forbidden' || e.message !== message) wrong.push(`${m} should be refused: ${e.code} ${e.message}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(allowed).toBeGreaterThan(0);
    });
  }

  it('anonymous: only the public methods answer; everything else asks to sign in', async () => {
    const anon = ctxs.get('anonymous')!;
    const reached: string[] = [];
    for (const m of METHOD_NAMES) {
      const e = await outcome(anon, m);
      if (e.code === 'invalid_input') reached.push(m);
      else expect(e, m).toMatchObject({ code: 'unauthenticated', message: `Please sign in first: ${m} needs a signed-in user.` });
    }
    expect(reached.sort()).toEqual(['auth.setup', 'auth.signIn', 'auth.status']);
  });

  it('a client login can change nothing but its ticket comments, its own password and sign-out', async () => {
    const client = ctxs.get('client')!;
    const writable: string[] = [];
    for (const m of METHOD_NAMES.filter((x) => methods[x].kind === 'mutation')) {
      if ((await outcome(client, m)).code !== 'forbidden') writable.push(m);
    }
    // udf.set passes the door but checks the record type's edit permission inside (tested in access-scope).
    expect(writable.sort()).toEqual(['auth.changePassword', 'auth.setup', 'auth.signIn', 'auth.signOut', 'tickets.addNote', 'udf.set']);
  });

  it('the dashboard answers every signed-in user, with only the figures of the widgets their grants allow', async () => {
    // reports.dashboard is open to any signed-in user (so news and contracts ending reach users without TEM);
    // widget security is checked per widget inside, so what each role gets is written out here.
    expect(ACCESS['reports.dashboard'].open).toBe('signed-in');
    const TEM = ['progress', 'flagged', 'tickets_by_status', 'overdue', 'credits_year', 'missing', 'series', 'largest_variances'];
    const ALL = [...TEM, 'contracts_ending'];
    const want: Record<string, string[]> = {
      owner: ALL,
      'second-admin': ALL,
      'tem-viewer': TEM,
      clerk: ALL,
      'tem-manager': TEM,
      'no-seat': TEM,
      'no-groups': [],
      client: ALL,
    };
    for (const r of ROLES) {
      const d = await call(ctxs.get(r.name)!, 'reports.dashboard', { month: '2026-04', today: '2026-04-15', with_series: false });
      expect(Object.keys(d).sort(), r.name).toEqual(['month', 'today', ...want[r.name]!].sort());
    }
  });

  it('a view-only user can change nothing in the data', async () => {
    const viewer = ctxs.get('tem-viewer')!;
    const writable: string[] = [];
    for (const m of METHOD_NAMES.filter((x) => methods[x].kind === 'mutation' && !ACCESS[x].open)) {
      if ((await outcome(viewer, m)).code !== 'forbidden') writable.push(m);
    }
    expect(writable).toEqual([]);
  });
});
