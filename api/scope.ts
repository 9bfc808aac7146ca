// Which customers a caller may see. Staff see every customer (scope null); a client access user sees only the
// customers their login is bound to. Every read method filters its rows through these helpers, so a client
// login never receives another customer's row, whatever door or method it uses. How to use them:
// /work/notes/access.md and the README's "Access" section.
import { ApiError } from './errors.ts';
import type { Ctx } from './context.ts';
import { stmt } from './write.ts';

export interface Clause {
  sql: string;
  params: string[];
}

const ALL: Clause = { sql: '1', params: [] };
const scopeJson = (ctx: Ctx) => JSON.stringify(ctx.scope);

/** True for a client access login (bound to some customers). */
export const isClient = (ctx: Ctx) => ctx.scope !== null;

/** A SQL condition on a customer-id column, with its parameters: `WHERE ${c.sql}` binding `...c.params`.
 *  A null customer id (an account known only from a bill) is outside every client's scope. */
export function scopeClause(ctx: Ctx, customerIdColumn: string): Clause {
  if (ctx.scope === null) return ALL;
  return { sql: `${customerIdColumn} IN (SELECT value FROM json_each(?))`, params: [scopeJson(ctx)] };
}

/** A condition on a billing-account-id column: the account's customer is in scope. */
export function accountScopeClause(ctx: Ctx, accountIdColumn: string): Clause {
  if (ctx.scope === null) return ALL;
  return {
    sql: `${accountIdColumn} IN (SELECT id FROM billing_accounts WHERE customer_id IN (SELECT value FROM json_each(?)))`,
    params: [scopeJson(ctx)],
  };
}

/** A condition on a ticket-id column: the ticket covers at least one bill and every bill it covers is of a
 *  customer in scope (a ticket that also covers another customer's bill would show that bill). */
export function ticketScopeClause(ctx: Ctx, ticketIdColumn: string): Clause {
  if (ctx.scope === null) return ALL;
  return {
    sql: `(EXISTS (SELECT 1 FROM ticket_bills tb_s WHERE tb_s.ticket_id = ${ticketIdColumn})
      AND NOT EXISTS (SELECT 1 FROM ticket_bills tb_s JOIN billing_accounts ba_s ON ba_s.id = tb_s.billing_account_id
        WHERE tb_s.ticket_id = ${ticketIdColumn} AND (ba_s.customer_id IS NULL OR ba_s.customer_id NOT IN (SELECT value FROM json_each(?)))))`,
    params: [scopeJson(ctx)],
  };
}

/** Staff work that belongs to no one customer (the runs of an import, with their files and every customer's
 *  bills): a client login is refused outright rather than shown a filtered view of it. */
export function refuseClient(ctx: Ctx, what: string): void {
  if (ctx.scope !== null) throw new ApiError('forbidden', `${ctx.actor} may not see ${what}: imports are staff work, not shown to client logins`);
}

/** For methods that take one record's id: a record of another customer is reported as not found. */
export function inScope(ctx: Ctx, customerId: string | null | undefined): boolean {
  return ctx.scope === null || (customerId != null && ctx.scope.includes(customerId));
}

export function assertInScope(ctx: Ctx, customerId: string | null | undefined, what: string): void {
  if (!inScope(ctx, customerId)) throw new ApiError('not_found', `${what} was not found.`);
}

/** The customer a billing account belongs to (null for an account known only from a bill). */
export function customerOfAccount(ctx: Ctx, accountId: string): string | null {
  const r = stmt(ctx, 'SELECT customer_id FROM billing_accounts WHERE id = ?').get(accountId) as { customer_id: string | null } | undefined;
  return r?.customer_id ?? null;
}

export function assertAccountInScope(ctx: Ctx, accountId: string): void {
  if (ctx.scope === null) return;
  assertInScope(ctx, customerOfAccount(ctx, accountId), `Billing account ${accountId}`);
}

export function ticketInScope(ctx: Ctx, ticketId: string): boolean {
  if (ctx.scope === null) return true;
  const c = ticketScopeClause(ctx, '?');
  return (stmt(ctx, `SELECT ${c.sql} AS ok`).get(ticketId, ticketId, ...c.params) as { ok: number }).ok === 1;
}

export function assertTicketInScope(ctx: Ctx, ticketId: string): void {
  if (!ticketInScope(ctx, ticketId)) throw new ApiError('not_found', `Ticket ${ticketId} was not found.`);
}

/**
 * For each table whose rows belong to a customer: SQL giving that customer's id from the row id `?`. Used by
 * the audit trail and user-defined field values, which point at records of any table. Other areas add their
 * customer-owned tables here (one line each); a table missing here is invisible to client logins in audit.list.
 */
export const CUSTOMER_OF_RECORD: Record<string, string> = {
  customers: 'SELECT id FROM customers WHERE id = ?',
  locations: 'SELECT customer_id FROM locations WHERE id = ?',
  billing_accounts: 'SELECT customer_id FROM billing_accounts WHERE id = ?',
  services: 'SELECT ba.customer_id FROM services s JOIN billing_accounts ba ON ba.id = s.billing_account_id WHERE s.id = ?',
  contracts: 'SELECT ba.customer_id FROM contracts c JOIN billing_accounts ba ON ba.id = c.billing_account_id WHERE c.id = ?',
  actuals: 'SELECT ba.customer_id FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id WHERE a.id = ?',
  expected_overrides:
    'SELECT ba.customer_id FROM expected_overrides o JOIN billing_accounts ba ON ba.id = o.billing_account_id WHERE o.id = ?',
  approvals: 'SELECT ba.customer_id FROM approvals p JOIN billing_accounts ba ON ba.id = p.billing_account_id WHERE p.id = ?',
  ticket_bills: 'SELECT ba.customer_id FROM ticket_bills tb JOIN billing_accounts ba ON ba.id = tb.billing_account_id WHERE tb.id = ?',
};

/** Tables whose rows belong to a ticket: a client sees them when they see the ticket. */
export const TICKET_OF_RECORD: Record<string, string> = {
  tickets: 'SELECT id FROM tickets WHERE id = ?',
  ticket_notes: 'SELECT ticket_id FROM ticket_notes WHERE id = ?',
  ticket_credits: 'SELECT ticket_id FROM ticket_credits WHERE id = ?',
  ticket_attachments: 'SELECT ticket_id FROM ticket_attachments WHERE id = ?',
};

/** Whether the caller may see one row of any table (by the maps above). Unknown tables: staff only. */
export function recordInScope(ctx: Ctx, table: string, id: string): boolean {
  if (ctx.scope === null) return true;
  const c = CUSTOMER_OF_RECORD[table];
  if (c) {
    const r = stmt(ctx, c).get(id) as Record<string, string | null> | undefined;
    return r !== undefined && inScope(ctx, Object.values(r)[0]);
  }
  const t = TICKET_OF_RECORD[table];
  if (t) {
    const r = stmt(ctx, t).get(id) as Record<string, string> | undefined;
    return r !== undefined && ticketInScope(ctx, Object.values(r)[0]!);
  }
  return false;
}

/** The rows of a book-of-business table a caller may see, as a condition on that table's own columns. */
export function tableScopeClause(ctx: Ctx, table: string): Clause {
  if (ctx.scope === null) return ALL;
  switch (table) {
    case 'customers':
      return scopeClause(ctx, 'id');
    case 'locations':
    case 'billing_accounts':
      return scopeClause(ctx, 'customer_id');
    case 'carriers': {
      // A client sees the carriers of its own accounts only.
      const c = scopeClause(ctx, 'customer_id');
      return { sql: `id IN (SELECT carrier_id FROM billing_accounts WHERE ${c.sql})`, params: c.params };
    }
    case 'services':
    case 'contracts':
    case 'expected_overrides':
    case 'actuals':
    case 'approvals':
      return accountScopeClause(ctx, 'billing_account_id');
    default:
      // A table nobody mapped is not shown to client logins at all.
      return { sql: '0', params: [] };
  }
}
