// Whether the signed-in user may call an API method: the API's own rule (core/permissions.ts can() with the
// method's entry in api/contract/access.ts), read here only to hide or disable what would be refused anyway.
import { can, describeAccess, type Grants } from '../../../core/permissions.ts';
import { ACCESS } from '../../../api/contract/access.ts';
import type { MethodName } from '../../../api/contract/index.ts';
import { useSession, type Me } from './session.ts';

export function mayCall(me: Me | null | undefined, method: MethodName): boolean {
  return !!me && can(me.grants as Grants, ACCESS[method]);
}

export function useCan(method: MethodName): boolean {
  return mayCall(useSession()?.me, method);
}

/** What a method needs, in words: `the "edit" permission in Telecom Expense Management`. */
export const needed = (method: MethodName) => describeAccess(ACCESS[method]);
/** The reason shown on a disabled action. */
export const needs = (method: MethodName) => `You need ${needed(method)}.`;
