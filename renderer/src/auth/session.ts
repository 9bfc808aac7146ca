// Who is signed in, for every screen: the auth gate fills it, pages read it (to hide what a user may not do;
// the API refuses it anyway).
import { createContext, useContext } from 'react';
import type { ApiOutput } from '../api/index.ts';

export type Me = ApiOutput<'auth.me'>;

export interface Session {
  me: Me;
  companyName: string | null;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session | null {
  return useContext(SessionContext);
}

type Module = 'tem' | 'inventory' | 'crm' | 'admin';
type Permission = 'view' | 'edit' | 'import' | 'approve' | 'override' | 'export' | 'administer' | 'comment';

/** Whether the signed-in user holds a permission (same rule as core/permissions.ts can()). */
export function mayDo(me: Me | null | undefined, module: Module, permission: Permission): boolean {
  if (!me) return false;
  if (me.grants.admin) return true;
  const held = (me.grants.modules as Partial<Record<Module, Permission[]>>)[module] ?? [];
  return held.includes(permission) || (permission === 'comment' && held.includes('edit'));
}
