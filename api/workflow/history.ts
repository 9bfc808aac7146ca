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
import { approvalsOfAccount } from './approvals.ts';
import { assertAccountInScope, inScope, scopeClause } from '../scope.ts';

export function accountHistory(ctx: Ctx, input: Input<'history.account'>): Output<'history.account'> {
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  assertAccountInScope(ctx, input.account_id);
  const span = stmt(ctx, 'SELECT MIN(month) AS first, MAX(month) AS last FROM actuals WHERE billing_account_id = ? AND amount_cents IS NOT NULL').get(
    input.account_id,
  ) as { first: string | null; last: string | null };
  const to = input.to ?? span.last ?? ctx.now().slice(0, 7);
  const months = monthRange(addMonthsToMonth(to, -((input.months ?? 24) - 1)), to);
  const from = months[0]!;
  const tickets = stmt(
    ctx,
    `SELECT tb.month, t.id, t.number, t.status FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
     WHERE tb.billing_account_id = ? AND tb.month BETWEEN ? AND ? AND t.retired_at IS NULL ORDER BY t.number`,
  ).all(input.account_id, from, to) as { month: string; id: string; number: number; status: string }[];
  const approvals = approvalsOfAccount(ctx, input.account_id, from, to);
  let head: CheckRow | undefined;
  const rows = months.map((month) => {
    const r = checkAccountRow(ctx, input.account_id, month);
    head = r;
    const a = approvals.get(month);
    return {
      month,
      expected_cents: r.expected_cents,
      actual_cents: r.actual_cents,
      variance_cents: r.variance_cents,
      variance_pct: r.variance_pct,
      status: r.status,
      ticket_ids: tickets.filter((t) => t.month === month).map((t) => t.id),
      tickets: tickets.filter((t) => t.month === month).map(({ id, number, status }) => ({ id, number, status })),
      approved_by: a?.approved_by ?? null,
      approved_at: a?.approved_at ?? null,
      changed_since_approval: a?.changed_since_approval ?? false,
    };
  });
  return {
    account_id: input.account_id,
    customer: head!.customer,
    location: head!.location,
    carrier: head!.carrier,
    account: head!.account,
    first_bill_month: span.first,
    last_bill_month: span.last,
    rows,
  };
}

export function rollup(ctx: Ctx, input: Input<'history.rollup'>): Output<'history.rollup'> {
  const span = monthsBetween(input.from, input.to);
  if (span < 0) throw new ApiError('invalid_input', `history.rollup: from (${input.from}) is after to (${input.to})`);
  if (span >= 120) throw new ApiError('invalid_input', `history.rollup: at most 120 months at a time, not ${span + 1}`);
  const out: Output<'history.rollup'> = [];
  for (const month of monthRange(input.from, input.to)) {
    const groups = new Map<string, { key_id: string | null; name: string | null; rows: CheckRow[] }>();
    for (const r of checkMonthRows(ctx, month, { customer_id: input.customer_id, carrier_id: input.carrier_id })) {
      if (!inScope(ctx, r.customer_id)) continue;
      const [key_id, name] = input.by === 'customer' ? [r.customer_id, r.customer] : [r.carrier_id, r.carrier];
      const k = key_id ?? '';
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { key_id, name, rows: [] }));
      g.rows.push(r);
    }
    const sorted = [...groups.values()].sort((a, b) => (a.name ?? '\uffff').localeCompare(b.name ?? '\uffff', 'en', { sensitivity: 'base' }));
    for (const g of sorted) {
      const t = monthTotals(g.rows, `${month} (${g.name ?? 'not in the book'})`);
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

export function findAccounts(ctx: Ctx, input: Input<'history.findAccounts'>): Output<'history.findAccounts'> {
  const s = scopeClause(ctx, 'ba.customer_id');
  const like = `%${input.search.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  const where = [`(ba.account_number LIKE @like ESCAPE '\\' OR cu.name LIKE @like ESCAPE '\\' OR lo.name LIKE @like ESCAPE '\\' OR ca.name LIKE @like ESCAPE '\\')`, 'ba.retired_at IS NULL'];
  if (input.customer_id) where.push('ba.customer_id = @customer_id');
  if (input.carrier_id) where.push('ba.carrier_id = @carrier_id');
  const sql = `SELECT ba.id AS account_id, ba.account_number AS account, cu.name AS customer, lo.name AS location, ca.name AS carrier,
      (SELECT MIN(month) FROM actuals a WHERE a.billing_account_id = ba.id AND a.amount_cents IS NOT NULL) AS first_bill_month,
      (SELECT MAX(month) FROM actuals a WHERE a.billing_account_id = ba.id AND a.amount_cents IS NOT NULL) AS last_bill_month,
      (SELECT COUNT(*) FROM actuals a WHERE a.billing_account_id = ba.id AND a.amount_cents IS NOT NULL) AS bills
    FROM billing_accounts ba JOIN carriers ca ON ca.id = ba.carrier_id
    LEFT JOIN customers cu ON cu.id = ba.customer_id LEFT JOIN locations lo ON lo.id = ba.location_id
    WHERE ${where.join(' AND ')} AND ${s.sql.replace('?', '@scope')}
    ORDER BY cu.name COLLATE NOCASE, lo.name COLLATE NOCASE, ca.name COLLATE NOCASE, ba.account_number LIMIT @limit`;
  return ctx.db.sqlite.prepare(sql).all({
    like,
    limit: input.limit ?? 50,
    ...(input.customer_id ? { customer_id: input.customer_id } : {}),
    ...(input.carrier_id ? { carrier_id: input.carrier_id } : {}),
    ...(s.params.length ? { scope: s.params[0] } : {}),
  }) as Output<'history.findAccounts'>;
}
