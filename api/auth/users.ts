// Users as the access model sees them: their grants (from admin flag, assigned modules and security groups),
// their customer scope (client logins), and the people who report to them. Builds a signed-in caller's Ctx.
import type { Db } from '../../db/open.ts';
import { CLIENT_PERMISSIONS, FULL_ACCESS, NO_ACCESS, PRODUCT_MODULES, mergeGrants, type Grants, type Module, type Permission } from '../../core/permissions.ts';
import { makeCtx, type Ctx, type Door } from '../context.ts';

export interface UserRow {
  id: string;
  name: string;
  full_name: string | null;
  email: string | null;
  kind: 'staff' | 'client';
  active: number | boolean;
  owner: number | boolean;
  admin: number | boolean;
  manager: number | boolean;
  reports_to: string | null;
  modules_json: string;
  group_ids_json: string;
  widget_group_ids_json: string;
  customer_ids_json: string;
  password_hash: string | null;
  password_changed_at: string | null;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

export const json = <T>(s: string | null | undefined, fallback: T): T => {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export const userById = (db: Db, id: string) => db.sqlite.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
export const userByName = (db: Db, name: string) =>
  db.sqlite.prepare('SELECT * FROM users WHERE name = ? COLLATE NOCASE').get(name) as UserRow | undefined;
export const userCount = (db: Db) => (db.sqlite.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
export const ownerOf = (db: Db) => db.sqlite.prepare('SELECT * FROM users WHERE owner = 1 ORDER BY created_at LIMIT 1').get() as UserRow | undefined;

/** The modules the company uses (company profile); every product module before the profile is saved. */
export function companyModules(db: Db): Module[] {
  const r = db.sqlite.prepare('SELECT modules_json FROM company LIMIT 1').get() as { modules_json: string } | undefined;
  return r ? json<Module[]>(r.modules_json, [...PRODUCT_MODULES]) : [...PRODUCT_MODULES];
}

/** What a user may do. Admins hold everything; others hold their groups' permissions in the modules assigned
 *  to them (and used by the company); a client login is read-only (plus commenting on tickets) unless a group
 *  gives more, and is never an admin. */
export function grantsOf(db: Db, u: UserRow): Grants {
  if (!u.active) return NO_ACCESS;
  if (u.admin && u.kind === 'staff') return FULL_ACCESS;
  const used = new Set<Module>([...companyModules(db), 'admin']);
  const assigned = new Set<Module>(json<Module[]>(u.modules_json, []).filter((m) => used.has(m)));
  const ids = json<string[]>(u.group_ids_json, []);
  const groups = ids.length
    ? (db.sqlite
        .prepare('SELECT module, permissions_json FROM security_groups WHERE retired_at IS NULL AND id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(ids)) as { module: Module; permissions_json: string }[])
    : [];
  const sets = groups
    .filter((g) => g.module === 'admin' || assigned.has(g.module))
    .map((g) => ({ module: g.module, permissions: json<Permission[]>(g.permissions_json, []) }));
  if (u.kind === 'client') {
    for (const m of assigned) sets.push({ module: m, permissions: m === 'tem' ? ['view', 'comment'] : ['view'] });
    for (const s of sets) s.permissions = s.permissions.filter((p) => CLIENT_PERMISSIONS.includes(p));
  }
  return mergeGrants(false, sets);
}

/** Everyone who reports to the user, directly or through their own reports. */
export function reportsOf(db: Db, userId: string): { ids: string[]; names: string[] } {
  const rows = db.sqlite
    .prepare(
      `WITH RECURSIVE r(id) AS (SELECT id FROM users WHERE reports_to = ? UNION SELECT u.id FROM users u JOIN r ON u.reports_to = r.id)
       SELECT u.id, u.name FROM users u JOIN r ON r.id = u.id WHERE u.id <> ? ORDER BY u.name`,
    )
    .all(userId, userId) as { id: string; name: string }[];
  return { ids: rows.map((r) => r.id), names: rows.map((r) => r.name) };
}

/** The Ctx of a signed-in user. */
export function ctxForUser(db: Db, u: UserRow, door: Door, session_token: string | null = null): Ctx {
  const reports = u.manager ? reportsOf(db, u.id) : { ids: [], names: [] };
  const scope = u.kind === 'client' ? json<string[]>(u.customer_ids_json, []) : null;
  return makeCtx(db, u.name, door, grantsOf(db, u), scope, { user_id: u.id, reports: reports.ids, report_names: reports.names, session_token });
}

/** Grants as plain data for an API answer. */
export function grantsView(g: Grants): { admin: boolean; modules: Partial<Record<Module, Permission[]>> } {
  return { admin: g.admin, modules: Object.fromEntries(Object.entries(g.modules).map(([m, p]) => [m, [...(p ?? [])]])) };
}

/** Who a caller is, as the renderer shows it. */
export function meOf(db: Db, u: UserRow) {
  return {
    id: u.id,
    name: u.name,
    full_name: u.full_name,
    email: u.email,
    kind: u.kind,
    admin: Boolean(u.admin),
    owner: Boolean(u.owner),
    manager: Boolean(u.manager),
    modules: json<string[]>(u.modules_json, []),
    customer_ids: json<string[]>(u.customer_ids_json, []),
    grants: grantsView(grantsOf(db, u)),
  };
}
