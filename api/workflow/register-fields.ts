// User-defined fields in the ready-to-pay register (issue 5 x the admin area's user-defined fields, issue 6).
// Accounts payable wants columns such as GL code or cost centre next to each bill. Fields are defined per record
// type; the register adds those of the bill's customer and of its location, after the fixed columns, in the
// fields' order. A location field whose label repeats a customer field's is marked "(location)".
import type { Ctx } from '../context.ts';
import type { RegisterRow } from '../contract/approvals.ts';
import { udfColumns } from '../admin/udf.ts';

export interface RegisterField {
  header: string;
  value(row: RegisterRow): string | null;
}

export function registerUserFields(ctx: Ctx, rows: readonly RegisterRow[]): RegisterField[] {
  if (!rows.length) return [];
  const owners = new Map(
    (
      ctx.db.sqlite
        .prepare('SELECT id, customer_id, location_id FROM billing_accounts WHERE id IN (SELECT value FROM json_each(?))')
        .all(JSON.stringify(rows.map((r) => r.account_id))) as { id: string; customer_id: string | null; location_id: string | null }[]
    ).map((a) => [a.id, a]),
  );
  const ids = (k: 'customer_id' | 'location_id') => [...new Set([...owners.values()].map((a) => a[k]).filter((x): x is string => x !== null))];
  const customers = udfColumns(ctx, 'customers', ids('customer_id'));
  const locations = udfColumns(ctx, 'locations', ids('location_id'));
  const cell = (cols: typeof customers, id: string | null | undefined, i: number) => (id ? cols.cells(id)[i] || null : null);
  return [
    ...customers.headers.map((header, i) => ({ header, value: (r: RegisterRow) => cell(customers, owners.get(r.account_id)?.customer_id, i) })),
    ...locations.headers.map((h, i) => ({
      header: customers.headers.includes(h) ? `${h} (location)` : h,
      value: (r: RegisterRow) => cell(locations, owners.get(r.account_id)?.location_id, i),
    })),
  ];
}
