// users.* and groups.*: who may sign in, their groups, manager, customers (client logins) and module seats.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import { grantsOf, grantsView, json, userById, userByName, userCount, type UserRow } from '../auth/users.ts';
import { checkPassword, storePassword } from '../auth/handlers.ts';
import { endUserSessions } from '../auth/sessions.ts';
import { moduleName, PRODUCT_MODULES, type Module } from '../../core/permissions.ts';
import { seedDefaults } from './defaults.ts';

type Row = Record<string, unknown> & { id: string };

export function userView(ctx: Ctx, u: UserRow): Output<'users.get'> {
  return {
    id: u.id,
    name: u.name,
    full_name: u.full_name,
    email: u.email,
    kind: u.kind,
    active: Boolean(u.active),
    owner: Boolean(u.owner),
    admin: Boolean(u.admin),
    manager: Boolean(u.manager),
    reports_to: u.reports_to,
    modules: json<string[]>(u.modules_json, []),
    group_ids: json<string[]>(u.group_ids_json, []),
    widget_group_ids: json<string[]>(u.widget_group_ids_json, []),
    customer_ids: json<string[]>(u.customer_ids_json, []),
    locked_until: u.locked_until && Date.parse(u.locked_until) > Date.parse(ctx.now()) ? u.locked_until : null,
    grants: grantsView(grantsOf(ctx.db, u)),
    created_at: u.created_at,
    updated_at: u.updated_at,
  };
}

const mustUser = (ctx: Ctx, id: string) => {
  const u = userById(ctx.db, id);
  if (!u) throw notFound('User', id);
  return u;
};

export function listUsers(ctx: Ctx, input: Input<'users.list'>): Output<'users.list'> {
  const rows = stmt(ctx, `SELECT * FROM users ${input.include_inactive ? '' : 'WHERE active = 1'} ORDER BY name COLLATE NOCASE`).all() as UserRow[];
  return rows.map((u) => userView(ctx, u));
}

export const getUser = (ctx: Ctx, input: Input<'users.get'>) => userView(ctx, mustUser(ctx, input.id));

interface UserPatch {
  full_name?: string | null;
  email?: string | null;
  active?: boolean;
  admin?: boolean;
  manager?: boolean;
  reports_to?: string | null;
  group_ids?: string[];
  widget_group_ids?: string[];
  customer_ids?: string[];
}

/** Checks a patch against the user it applies to and turns it into columns. */
function columns(ctx: Ctx, kind: 'staff' | 'client', p: UserPatch, userId: string | null, before?: UserRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['full_name', 'email', 'active', 'admin', 'manager'] as const) if (p[k] !== undefined) out[k] = p[k] === '' ? null : p[k];
  if (p.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email)) throw new ApiError('invalid_input', `email: "${p.email}" is not an e-mail address`);
  if (kind === 'client' && (p.admin || p.manager)) throw new ApiError('invalid_input', 'A client login cannot be an administrator or a manager');
  if (p.reports_to !== undefined) {
    if (p.reports_to !== null) {
      const boss = mustUser(ctx, p.reports_to);
      if (boss.kind !== 'staff') throw new ApiError('invalid_input', `reports_to: ${boss.name} is a client login`);
      // Walk up from the new manager: meeting the user again would make a circle.
      for (let at: UserRow | undefined = boss, n = 0; at && n < 1000; at = at.reports_to ? userById(ctx.db, at.reports_to) : undefined, n++) {
        if (at.id === userId) throw new ApiError('invalid_input', `reports_to: ${boss.name} already reports to this user; that would be a circle`);
      }
    }
    out.reports_to = p.reports_to;
  }
  if (p.group_ids !== undefined) {
    for (const g of p.group_ids) if (!stmt(ctx, 'SELECT 1 FROM security_groups WHERE id = ?').get(g)) throw notFound('Security group', g);
    out.group_ids_json = JSON.stringify([...new Set(p.group_ids)]);
  }
  if (p.widget_group_ids !== undefined) {
    for (const g of p.widget_group_ids) if (!stmt(ctx, 'SELECT 1 FROM widget_groups WHERE id = ?').get(g)) throw notFound('Widget group', g);
    out.widget_group_ids_json = JSON.stringify([...new Set(p.widget_group_ids)]);
  }
  if (p.customer_ids !== undefined) {
    if (kind === 'staff' && p.customer_ids.length) throw new ApiError('invalid_input', 'customer_ids: only client logins are bound to customers; staff see every customer');
    for (const c of p.customer_ids) if (!stmt(ctx, 'SELECT 1 FROM customers WHERE id = ?').get(c)) throw notFound('Customer', c);
    out.customer_ids_json = JSON.stringify([...new Set(p.customer_ids)]);
  }
  if (before?.owner && (p.active === false || p.admin === false)) throw new ApiError('conflict', `${before.name} owns this install and stays an active administrator`);
  return out;
}

/** Adding a module to a user uses a paid seat, so it needs an explicit confirmation. */
function checkSeats(added: string[], name: string, confirm: boolean | undefined) {
  if (added.length && confirm !== true) {
    const names = added.map((m) => moduleName(m as Module)).join(', ');
    throw new ApiError('invalid_input', `Assigning ${names} to ${name} uses a paid seat: confirm it (confirm: true) to go ahead`, { needs_confirm: added });
  }
}

export function createUser(ctx: Ctx, input: Input<'users.create'>): Output<'users.create'> {
  if (userByName(ctx.db, input.name)) throw new ApiError('conflict', `There is already a user called ${input.name}`);
  checkPassword(input.password);
  const kind = input.kind ?? 'staff';
  const modules = [...new Set(input.modules ?? [])];
  checkSeats(modules, input.name, input.confirm);
  if (kind === 'client' && !(input.customer_ids ?? []).length) throw new ApiError('invalid_input', 'customer_ids: a client login is bound to at least one customer');
  const first = userCount(ctx.db) === 0;
  const id = inTransaction(ctx, (w) => {
    const cols = columns(ctx, kind, input, null);
    const row = w.insert('users', {
      name: input.name,
      kind,
      active: true,
      ...cols,
      // The first user of an install set up from the command line owns it.
      modules_json: JSON.stringify(first ? PRODUCT_MODULES : modules),
      ...(first ? { owner: true, admin: true } : {}),
    });
    if (first) seedDefaults(ctx, w);
    return row.id;
  });
  storePassword(ctx, mustUser(ctx, id), input.password);
  return userView(ctx, mustUser(ctx, id));
}

export function updateUser(ctx: Ctx, input: Input<'users.update'>): Output<'users.update'> {
  const before = mustUser(ctx, input.id);
  inTransaction(ctx, (w) => {
    const cols = columns(ctx, before.kind, input.patch, before.id, before);
    if (before.kind === 'client' && input.patch.customer_ids && !input.patch.customer_ids.length)
      throw new ApiError('invalid_input', 'customer_ids: a client login is bound to at least one customer');
    if ((cols.admin === false || cols.active === false) && before.admin && before.active) {
      const others = (stmt(ctx, 'SELECT COUNT(*) AS n FROM users WHERE admin = 1 AND active = 1 AND id <> ?').get(before.id) as { n: number }).n;
      if (others === 0) throw new ApiError('conflict', `${before.name} is the last active administrator`);
    }
    w.update('users', before as Row, cols);
  });
  if (input.patch.active === false) endUserSessions(ctx.db, before.id, 'deactivated', new Date(ctx.now()));
  return userView(ctx, mustUser(ctx, input.id));
}

export function setModules(ctx: Ctx, input: Input<'users.setModules'>): Output<'users.setModules'> {
  const before = mustUser(ctx, input.id);
  const had = json<string[]>(before.modules_json, []);
  const modules = [...new Set(input.modules)];
  checkSeats(modules.filter((m) => !had.includes(m)), before.name, input.confirm);
  inTransaction(ctx, (w) => w.update('users', before as Row, { modules_json: JSON.stringify(modules) }));
  return userView(ctx, mustUser(ctx, input.id));
}

export function resetPassword(ctx: Ctx, input: Input<'users.resetPassword'>): Output<'users.resetPassword'> {
  const u = mustUser(ctx, input.id);
  checkPassword(input.password);
  storePassword(ctx, u, input.password);
  endUserSessions(ctx.db, u.id, 'password reset', new Date(ctx.now()));
  return { reset: true };
}

// ---- security groups
interface GroupRow {
  id: string;
  module: Module;
  name: string;
  permissions_json: string;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

function membersOf(ctx: Ctx, column: 'group_ids_json' | 'widget_group_ids_json', id: string): string[] {
  return (stmt(ctx, `SELECT u.id FROM users u, json_each(u.${column}) j WHERE j.value = ? ORDER BY u.name`).all(id) as { id: string }[]).map((r) => r.id);
}

const groupView = (ctx: Ctx, g: GroupRow): Output<'securityGroups.save'> => ({
  id: g.id,
  module: g.module,
  name: g.name,
  permissions: json(g.permissions_json, []),
  member_ids: membersOf(ctx, 'group_ids_json', g.id),
  retired_at: g.retired_at,
  created_at: g.created_at,
  updated_at: g.updated_at,
});

const groupRow = (ctx: Ctx, id: string) => {
  const g = stmt(ctx, 'SELECT * FROM security_groups WHERE id = ?').get(id) as GroupRow | undefined;
  if (!g) throw notFound('Security group', id);
  return g;
};

export function listGroups(ctx: Ctx, input: Input<'securityGroups.list'>): Output<'securityGroups.list'> {
  const rows = stmt(ctx, `SELECT * FROM security_groups ${input.include_retired ? '' : 'WHERE retired_at IS NULL'} ORDER BY module, name COLLATE NOCASE`).all() as GroupRow[];
  return rows.map((g) => groupView(ctx, g));
}

export function saveGroup(ctx: Ctx, input: Input<'securityGroups.save'>): Output<'securityGroups.save'> {
  const permissions = [...new Set(input.permissions)];
  // "administer" means something only in Administration (ADMINISTER), and that module has no other work to grant:
  // a misplaced tick would silently give nothing, so it is refused.
  const misplaced = input.module === 'admin' ? permissions.filter((p) => p !== 'administer' && p !== 'view') : permissions.filter((p) => p === 'administer');
  if (misplaced.length)
    throw new ApiError(
      'invalid_input',
      input.module === 'admin'
        ? `permissions: a group in Administration gives "administer" only, not ${misplaced.map((p) => `"${p}"`).join(', ')}`
        : `permissions: "administer" is given by a group in Administration, not in ${input.module}`,
    );
  const id = inTransaction(ctx, (w) => {
    const values = { module: input.module, name: input.name, permissions_json: JSON.stringify(permissions) };
    if (!input.id) return w.insert('security_groups', values).id;
    const before = groupRow(ctx, input.id);
    if (before.retired_at) throw new ApiError('conflict', `The group ${before.name} is retired`);
    w.update('security_groups', before, values);
    return before.id;
  });
  return groupView(ctx, groupRow(ctx, id));
}

export function retireGroup(ctx: Ctx, input: Input<'securityGroups.retire'>): Output<'securityGroups.retire'> {
  inTransaction(ctx, (w) => w.retire('security_groups', groupRow(ctx, input.id)));
  return groupView(ctx, groupRow(ctx, input.id));
}

export { membersOf };
