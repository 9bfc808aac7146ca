// The month check as one SQL pass: each account's expected bill (contract total or sum of active services,
// plus a one-off for the month), its tolerance and its actual. Evaluation happens in core/tolerance.
import type { Statement } from 'better-sqlite3';
import { evaluateBill, type Tolerance } from '../../core/tolerance.ts';
import { monthStart, monthEnd } from '../../core/months.ts';
import { monthTotals } from '../../core/totals.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { CheckRow, CheckTotals } from '../contract/month.ts';

const CHECK_BODY = `
SELECT ba.id AS account_id, ba.customer_id, cu.name AS customer, lo.name AS location, ba.carrier_id, ca.name AS carrier,
  ba.account_number AS account, ba.in_book,
  (ba.in_book AND ba.retired_at IS NULL AND (ba.start_month IS NULL OR ba.start_month <= @month)
     AND (ba.end_month IS NULL OR ba.end_month >= @month)) AS active,
  ct.expected_source, ct.expected_cents AS contract_cents, ct.tolerance_pct_bp, ct.tolerance_amount_cents, ct.tolerance_mode,
  (SELECT SUM(s.monthly_cents) FROM services s
     WHERE s.billing_account_id = ba.id AND s.retired_at IS NULL AND s.status <> 'ordered'
       AND (s.install_date IS NULL OR s.install_date <= @month_end)
       AND (s.disconnect_date IS NULL OR s.disconnect_date >= @month_start)) AS services_cents,
  o.amount_cents AS override_cents,
  a.amount_cents AS actual_cents, a.invoice_number, a.bill_date, a.note, a.source
FROM billing_accounts ba
JOIN carriers ca ON ca.id = ba.carrier_id
LEFT JOIN customers cu ON cu.id = ba.customer_id
LEFT JOIN locations lo ON lo.id = ba.location_id
LEFT JOIN contracts ct ON ct.id = (
  SELECT c.id FROM contracts c
  WHERE c.billing_account_id = ba.id AND c.retired_at IS NULL
    AND (c.start_date IS NULL OR c.start_date <= @month_end) AND (c.end_date IS NULL OR c.end_date >= @month_start)
  ORDER BY c.start_date DESC LIMIT 1)
LEFT JOIN expected_overrides o ON o.billing_account_id = ba.id AND o.month = @month
LEFT JOIN actuals a ON a.billing_account_id = ba.id AND a.month = @month`;

/** The month's rows: active accounts and every bill that arrived. Exported so the benchmark times the same SQL raw. */
export const CHECK_SQL = (where: string) => `${CHECK_BODY}
WHERE (active OR a.amount_cents IS NOT NULL) ${where}
ORDER BY ba.customer_id IS NULL, cu.name COLLATE NOCASE, lo.name COLLATE NOCASE, ca.name COLLATE NOCASE, ba.account_number`;

interface RawRow {
  account_id: string;
  customer_id: string | null;
  customer: string | null;
  location: string | null;
  carrier_id: string;
  carrier: string;
  account: string;
  in_book: number;
  active: number;
  expected_source: 'services' | 'entered' | null;
  contract_cents: number | null;
  tolerance_pct_bp: number | null;
  tolerance_amount_cents: number | null;
  tolerance_mode: 'either' | 'both' | null;
  services_cents: number | null;
  override_cents: number | null;
  actual_cents: number | null;
  invoice_number: string | null;
  bill_date: string | null;
  note: string | null;
  source: CheckRow['source'];
}

const NO_TOLERANCE: Tolerance = { pctBp: null, amountCents: null, mode: 'either' };

/** The expected bill: nothing for an account outside the book or its active months; otherwise the contract's
 *  entered total or the sum of its active services; plus any one-off expectation for the month. */
export function expectedOf(r: RawRow): number | null {
  const base = r.in_book && r.active ? (r.expected_source === 'entered' ? r.contract_cents : r.services_cents) : null;
  if (!r.override_cents) return base;
  return (base ?? 0) + r.override_cents;
}

export function toCheckRow(r: RawRow): CheckRow {
  const expected = expectedOf(r);
  const tol: Tolerance =
    r.tolerance_mode === null
      ? NO_TOLERANCE
      : { pctBp: r.tolerance_pct_bp, amountCents: r.tolerance_amount_cents, mode: r.tolerance_mode };
  const ev = evaluateBill(expected, r.actual_cents, tol);
  return {
    account_id: r.account_id,
    customer_id: r.customer_id,
    customer: r.customer,
    location: r.location,
    carrier_id: r.carrier_id,
    carrier: r.carrier,
    account: r.account,
    expected_cents: expected,
    actual_cents: r.actual_cents,
    variance_cents: ev.varianceCents,
    variance_pct: ev.variancePct,
    status: ev.status,
    invoice_number: r.invoice_number,
    bill_date: r.bill_date,
    note: r.note,
    source: r.actual_cents === null ? null : r.source,
  };
}

const params = (month: string) => ({ month, month_start: monthStart(month), month_end: monthEnd(month) });

export interface CheckFilter {
  customer_id?: string;
  carrier_id?: string;
}

function checkStatement(ctx: Ctx, filter: CheckFilter): Statement {
  const where = [filter.customer_id ? 'AND ba.customer_id = @customer_id' : '', filter.carrier_id ? 'AND ba.carrier_id = @carrier_id' : ''];
  return stmt(ctx, CHECK_SQL(where.join(' ')));
}

export function checkMonthRows(ctx: Ctx, month: string, filter: CheckFilter = {}): CheckRow[] {
  const raw = checkStatement(ctx, filter).all({ ...params(month), ...filter }) as RawRow[];
  return raw.map(toCheckRow);
}

/** The rows of the given accounts for a month, whether or not they are active then (order not kept). */
export function checkAccountRows(ctx: Ctx, accountIds: string[], month: string): CheckRow[] {
  const raw = stmt(ctx, `${CHECK_BODY} WHERE ba.id IN (SELECT value FROM json_each(@ids))`).all({ ...params(month), ids: JSON.stringify(accountIds) }) as RawRow[];
  return raw.map(toCheckRow);
}

/** One account's row for a month, whether or not it is active then. */
export function checkAccountRow(ctx: Ctx, accountId: string, month: string): CheckRow {
  const raw = stmt(ctx, `${CHECK_BODY} WHERE ba.id = @account_id`).get({
    ...params(month),
    account_id: accountId,
  }) as RawRow | undefined;
  if (!raw) throw new Error(`billing account ${accountId} vanished`);
  return toCheckRow(raw);
}

/** The month's totals; the rule lives in core so the renderer's header counts the same way. */
export const totalsOf = (rows: CheckRow[]): CheckTotals => monthTotals(rows);
