// Contracts ending soon, for the home screen.
import type { Ctx } from '../context.ts';
import { scopeClause } from '../scope.ts';
import { stmt } from '../write.ts';
import { addDays, daysBetween } from '../../core/days.ts';
import { todayUtc } from '../../core/clock.ts';

export function contractsEnding(ctx: Ctx, input: { days?: number; as_of?: string; limit?: number }) {
  const asOf = input.as_of ?? todayUtc();
  const until = addDays(asOf, input.days ?? 60);
  const sc = scopeClause(ctx, 'ct.customer_id');
  const rows = stmt(
    ctx,
    `SELECT ct.id, ct.customer_id, cu.name AS customer, ct.carrier_id, ca.name AS carrier, ct.billing_account_id,
       ba.account_number AS account, ct.start_date, ct.end_date, ct.auto_renew, ct.expected_source, ct.expected_cents
     FROM contracts ct
     JOIN billing_accounts ba ON ba.id = ct.billing_account_id
     JOIN carriers ca ON ca.id = ct.carrier_id
     LEFT JOIN customers cu ON cu.id = ct.customer_id
     WHERE ct.retired_at IS NULL AND ct.end_date IS NOT NULL AND ct.end_date >= ? AND ct.end_date <= ? AND ${sc.sql}
     ORDER BY ct.end_date, cu.name COLLATE NOCASE, ba.account_number LIMIT ?`,
  ).all(asOf, until, ...sc.params, input.limit ?? 500) as (Record<string, unknown> & { end_date: string; auto_renew: number })[];
  return rows.map((r) => ({ ...r, auto_renew: r.auto_renew === 1, days_left: daysBetween(asOf, r.end_date) })) as never;
}
