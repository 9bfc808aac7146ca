/**
 * Who may do what. Every API method declares the module it belongs to and the permission it needs; a caller's
 * grants say which permissions they hold per module. Pure module: no I/O.
 */
export const MODULES = ['tem', 'inventory', 'crm', 'admin'] as const;
export type Module = (typeof MODULES)[number];

export const PERMISSIONS = ['view', 'edit', 'import', 'approve', 'override', 'export', 'administer'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export interface Access {
  module: Module;
  permission: Permission;
}

/** What one signed-in caller holds. An admin holds every permission in every module. */
export interface Grants {
  admin: boolean;
  modules: Partial<Record<Module, readonly Permission[]>>;
}

export const FULL_ACCESS: Grants = { admin: true, modules: {} };

export function can(grants: Grants, access: Access): boolean {
  if (grants.admin) return true;
  return grants.modules[access.module]?.includes(access.permission) ?? false;
}

const MODULE_NAMES: Record<Module, string> = {
  tem: 'Telecom Expense Management',
  inventory: 'Service Inventory',
  crm: 'CRM',
  admin: 'Administration',
};

export const describeAccess = (a: Access) => `the "${a.permission}" permission in ${MODULE_NAMES[a.module]}`;
