// Bills on file and a bill compared service by service with the inventory.
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import { syncActual } from './apply.ts';
import { scopeClause, assertInScope } from '../scope.ts';
import type { z } from 'zod';
import type { Bill, CompareRow as CompareRowSchema } from '../contract/bills.ts';
import { sumCents } from '../../core/money.ts';

type CompareRow = z.infer<typeof CompareRowSchema>;

const BILL_SELECT = `SELECT b.*, c.name carrier, ba.account_number, ba.customer_id
  FROM bills b JOIN carriers c ON c.id = b.carrier_id JOIN billing_accounts ba ON ba.id = b.billing_account_id`;

export function listBills(ctx: Ctx, input: { month?: string; account_id?: string; include_retired?: boolean; limit?: number }): Bill[] {
  const scope = scopeClause(ctx, 'ba.customer_id');
  const where = [scope.sql];
  if (!input.include_retired) where.push('b.retired_at IS NULL');
  const params: unknown[] = [...scope.params];
  if (input.month) where.push('b.month = ?'), params.push(input.month);
  if (input.account_id) where.push('b.billing_account_id = ?'), params.push(input.account_id);
  return ctx.db.sqlite
    .prepare(`${BILL_SELECT} WHERE ${where.join(' AND ')} ORDER BY b.month, c.name, ba.account_number, b.created_at LIMIT ?`)
    .all(...params, input.limit ?? 10_000) as Bill[];
}

export function compareBill(ctx: Ctx, input: { bill_id: string }) {
  const bill = stmt(ctx, `${BILL_SELECT} WHERE b.id = ?`).get(input.bill_id) as (Bill & { customer_id: string | null }) | undefined;
  if (!bill) throw new ApiError('not_found', `Bill ${input.bill_id} does not exist`);
  assertInScope(ctx, bill.customer_id, `Bill ${input.bill_id}`);
  const lines = stmt(ctx, 'SELECT line_key, description, amount_cents, service_id FROM bill_lines WHERE bill_id = ? ORDER BY rowid').all(bill.id) as {
    line_key: string;
    description: string | null;
    amount_cents: number;
    service_id: string | null;
  }[];
  const services = stmt(
    ctx,
    'SELECT id, description, circuit_id, status, monthly_cents FROM services WHERE billing_account_id = ? AND retired_at IS NULL ORDER BY description',
  ).all(bill.billing_account_id) as { id: string; description: string; circuit_id: string | null; status: string; monthly_cents: number }[];
  const byId = new Map(services.map((s) => [s.id, s]));
  const billedIds = new Set<string>();
  const rows: CompareRow[] = lines.map((l) => {
    const s = l.service_id ? byId.get(l.service_id) : undefined;
    if (s) billedIds.add(s.id);
    const expected = s ? (s.status === 'disconnected' ? 0 : s.monthly_cents) : null;
    const difference = expected === null ? null : l.amount_cents - expected;
    return {
      line_key: l.line_key,
      description: l.description,
      billed_cents: l.amount_cents,
      service_id: s?.id ?? null,
      service: s ? (s.circuit_id ? `${s.description} (${s.circuit_id})` : s.description) : null,
      service_status: s?.status ?? null,
      expected_cents: expected,
      difference_cents: difference,
      outcome: s ? (difference === 0 ? 'match' : 'differs') : 'not_in_inventory',
    };
  });
  for (const s of services) {
    if (billedIds.has(s.id) || s.status !== 'active') continue;
    rows.push({
      line_key: s.circuit_id ?? s.description,
      description: null,
      billed_cents: null,
      service_id: s.id,
      service: s.circuit_id ? `${s.description} (${s.circuit_id})` : s.description,
      service_status: s.status,
      expected_cents: s.monthly_cents,
      difference_cents: null,
      outcome: 'not_billed',
    });
  }
  const { customer_id: _c, ...out } = bill;
  return {
    bill: out,
    rows,
    billed_cents: sumCents(lines.map((l) => l.amount_cents), 'The lines of the bill'),
    expected_cents: sumCents(services.filter((s) => s.status === 'active').map((s) => s.monthly_cents), 'The services of the account'),
  };
}

/** Takes bills back (a wrong file, a bill filed on the wrong account): each is retired and kept for history, and
 *  the actuals they counted in are summed again from the bills that remain. */
export function retireBills(ctx: Ctx, input: { ids?: string[]; run_id?: string }) {
  if (!input.ids?.length && !input.run_id) throw new ApiError('invalid_input', 'name the bills to take back (ids) or the import that wrote them (run_id)');
  const rows = [
    ...(input.ids ?? []).map((id) => {
      const b = stmt(ctx, `${BILL_SELECT} WHERE b.id = ?`).get(id) as (Record<string, unknown> & { id: string; customer_id: string | null }) | undefined;
      if (!b) throw new ApiError('not_found', `Bill ${id} does not exist`);
      return b;
    }),
    ...(input.run_id ? (stmt(ctx, `${BILL_SELECT} WHERE b.run_id = ?`).all(input.run_id) as (Record<string, unknown> & { id: string; customer_id: string | null })[]) : []),
  ];
  for (const b of rows) assertInScope(ctx, b.customer_id, `Bill ${b.id}`);
  return inTransaction(ctx, (w) => {
    let retired = 0;
    let actuals = 0;
    const touched = new Map<string, { account: string; month: string }>();
    for (const b of rows) {
      const row = stmt(ctx, 'SELECT * FROM bills WHERE id = ?').get(b.id) as { id: string; retired_at: string | null; billing_account_id: string; month: string };
      if (w.retire('bills', row)) {
        retired++;
        touched.set(`${row.billing_account_id}|${row.month}`, { account: row.billing_account_id, month: row.month });
      }
    }
    for (const t of touched.values()) if (syncActual(ctx, w, t.account, t.month, true)) actuals++;
    return { batch_id: w.batchId, changed: retired, actuals_changed: actuals };
  });
}
