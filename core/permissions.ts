/**
 * Who may do what. Every API method declares the module it belongs to and the permission it needs; a caller's
 * grants say which permissions they hold per module. Pure module: no I/O.
 */
export const MODULES = ['tem', 'inventory', 'crm', 'admin'] as const;
export type Module = (typeof MODULES)[number];

export const PERMISSIONS = ['view', 'edit', 'import', 'approve', 'override', 'export', 'administer', 'comment'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** All a client login may ever hold, whatever group it is put in: it never administers, edits, imports or approves. */
export const CLIENT_PERMISSIONS: readonly Permission[] = ['view', 'comment', 'export'];

/** The modules a company can switch on and assign to users (a paid seat each); 'admin' is the administration. */
export const PRODUCT_MODULES = ['tem', 'inventory', 'crm'] as const satisfies readonly Module[];
export type ProductModule = (typeof PRODUCT_MODULES)[number];

export interface Access {
  module: Module;
  permission: Permission;
  /** 'public': callable before sign-in (first run, sign-in itself); 'signed-in': any signed-in user, whatever
   *  their groups (their own profile, company news, drop-down values). Absent: module + permission decide. */
  open?: 'public' | 'signed-in';
}

/** Methods anyone may call, even before signing in. */
export const PUBLIC: Access = { module: 'admin', permission: 'view', open: 'public' };
/** Methods every signed-in user may call. */
export const SIGNED_IN: Access = { module: 'admin', permission: 'view', open: 'signed-in' };
/** Administration: users, groups, company profile, drop-down tables, fields, news. */
export const ADMINISTER: Access = { module: 'admin', permission: 'administer' };

/** What one signed-in caller holds. An admin holds every permission in every module. */
export interface Grants {
  admin: boolean;
  modules: Partial<Record<Module, readonly Permission[]>>;
}

export const FULL_ACCESS: Grants = { admin: true, modules: {} };

export const NO_ACCESS: Grants = { admin: false, modules: {} };

/** Permissions that come with another: whoever may edit tickets may also comment on them. */
const IMPLIED_BY: Partial<Record<Permission, Permission>> = { comment: 'edit' };

export function can(grants: Grants, access: Access): boolean {
  if (access.open) return true;
  if (grants.admin) return true;
  const held = grants.modules[access.module];
  if (!held) return false;
  if (held.includes(access.permission)) return true;
  const implied = IMPLIED_BY[access.permission];
  return implied !== undefined && held.includes(implied);
}

/** Joins several permission sets (a user's groups) into one. */
export function mergeGrants(admin: boolean, sets: readonly { module: Module; permissions: readonly Permission[] }[]): Grants {
  const modules: Partial<Record<Module, Permission[]>> = {};
  for (const s of sets) {
    const held = (modules[s.module] ??= []);
    for (const p of s.permissions) if (!held.includes(p)) held.push(p);
  }
  return { admin, modules };
}

const MODULE_NAMES: Record<Module, string> = {
  tem: 'Telecom Expense Management',
  inventory: 'Service Inventory',
  crm: 'CRM',
  admin: 'Administration',
};

export const moduleName = (m: Module) => MODULE_NAMES[m];

export const describeAccess = (a: Access) => `the "${a.permission}" permission in ${MODULE_NAMES[a.module]}`;

/** What each permission lets a user do, as the end of a sentence ("…, not change data"). */
export const PERMISSION_VERB: Record<Permission, string> = {
  view: 'see data',
  edit: 'change data',
  import: 'import files',
  approve: 'approve bills for payment',
  override: 'override a check',
  export: 'export files',
  administer: 'administer the company',
  comment: 'comment on tickets',
};
