// Billing history: one account month by month, and roll-ups per customer or carrier. Read-only.
import { addMonthsToMonth, monthRange, monthsBetween } from '../../core/months.ts';
import { monthTotals } from '../../core/totals.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { checkAccountRow, checkMonthRows } from '../month/query.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { CheckRow } from '../contract/month.ts';
import { accountExists } from './bills.ts';

export function accountHistory(ctx: Ctx, input: Input<'history.account'>): Output<'history.account'> {
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  const months = monthRange(addMonthsToMonth(input.to, -((input.months ?? 24) - 1)), input.to);
  const from = months[0]!;
  const tickets = stmt(
    ctx,
    `SELECT tb.month, t.id FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
     WHERE tb.billing_account_id = ? AND tb.month BETWEEN ? AND ? AND t.retired_at IS NULL ORDER BY t.number`,
  ).all(input.account_id, from, input.to) as { month: string; id: string }[];
  const approvals = stmt(
    ctx,
    'SELECT month, approved_by, approved_at FROM approvals WHERE billing_account_id = ? AND month BETWEEN ? AND ? AND withdrawn_at IS NULL',
  ).all(input.account_id, from, input.to) as { month: string; approved_by: string; approved_at: string }[];
  let head: CheckRow | undefined;
  const rows = months.map((month) => {
    const r = checkAccountRow(ctx, input.account_id, month);
    head = r;
    const a = approvals.find((x) => x.month === month);
    return {
      month,
      expected_cents: r.expected_cents,
      actual_cents: r.actual_cents,
      variance_cents: r.variance_cents,
      variance_pct: r.variance_pct,
      status: r.status,
      ticket_ids: tickets.filter((t) => t.month === month).map((t) => t.id),
      approved_by: a?.approved_by ?? null,
      approved_at: a?.approved_at ?? null,
    };
  });
  return { account_id: input.account_id, customer: head!.customer, location: head!.location, carrier: head!.carrier, account: head!.account, rows };
}

export function rollup(ctx: Ctx, input: Input<'history.rollup'>): Output<'history.rollup'> {
  const span = monthsBetween(input.from, input.to);
  if (span < 0) throw new ApiError('invalid_input', `history.rollup: from (${input.from}) is after to (${input.to})`);
  if (span >= 120) throw new ApiError('invalid_input', `history.rollup: at most 120 months at a time, not ${span + 1}`);
  const out: Output<'history.rollup'> = [];
  for (const month of monthRange(input.from, input.to)) {
    const groups = new Map<string, { key_id: string | null; name: string | null; rows: CheckRow[] }>();
    for (const r of checkMonthRows(ctx, month, { customer_id: input.customer_id, carrier_id: input.carrier_id })) {
      const [key_id, name] = input.by === 'customer' ? [r.customer_id, r.customer] : [r.carrier_id, r.carrier];
      const k = key_id ?? '';
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { key_id, name, rows: [] }));
      g.rows.push(r);
    }
    const sorted = [...groups.values()].sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'en', { sensitivity: 'base' }));
    for (const g of sorted) {
      const t = monthTotals(g.rows);
      out.push({
        key_id: g.key_id,
        name: g.name,
        month,
        accounts: t.accounts,
        flagged: t.accounts - t.ok,
        expected_cents: t.expected_cents,
        actual_cents: t.actual_cents,
        variance_cents: t.variance_cents,
        at_stake_cents: t.at_stake_cents,
      });
    }
  }
  return out;
}
