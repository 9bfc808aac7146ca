// Which customers a caller may see. Staff see every customer (scope null); a client access user sees only the
// customers their login is bound to. Every read method filters its rows through these two helpers, so a client
// login never receives another customer's row, whatever door or method it uses.
import { ApiError } from './errors.ts';
import type { Ctx } from './context.ts';

/** A SQL condition on a customer-id column, with its parameters: `WHERE ${c.sql}` binding `...c.params`. */
export function scopeClause(ctx: Ctx, customerIdColumn: string): { sql: string; params: string[] } {
  if (ctx.scope === null) return { sql: '1', params: [] };
  return { sql: `${customerIdColumn} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(ctx.scope)] };
}

/** For methods that take one record's id: a record of another customer is reported as not found. */
export function inScope(ctx: Ctx, customerId: string | null): boolean {
  return ctx.scope === null || (customerId !== null && ctx.scope.includes(customerId));
}

export function assertInScope(ctx: Ctx, customerId: string | null, what: string): void {
  if (!inScope(ctx, customerId)) throw new ApiError('not_found', `${what} was not found.`);
}
