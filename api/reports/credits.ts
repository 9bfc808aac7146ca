// Credits recovered: every credit received from a carrier, with the customer it was for (the matched bill's
// customer, else the first bill of the ticket), per month and per customer: the broker's value report.
import { monthRange } from '../../core/months.ts';
import { centsToDecimalString } from '../../core/money.ts';
import { ApiError } from '../errors.ts';
import { inScope } from '../scope.ts';
import { idByName } from './lookup.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { CreditRow } from '../contract/reports.ts';
import { groupRows, sumCents, type ReportColumn, type ReportLayout } from './layout.ts';
import { plural } from '../../core/plural.ts';
import { sumCents as totalCents, addCents } from '../../core/money.ts';

type Credits = Output<'reports.credits'>;

const CREDITS_SQL = `
SELECT c.id AS credit_id, c.month, c.amount_cents, c.note, t.number AS ticket_number, t.claim_number,
  ba.customer_id, cu.name AS customer, ca.name AS carrier, ba.account_number AS account
FROM ticket_credits c
JOIN tickets t ON t.id = c.ticket_id
LEFT JOIN billing_accounts ba ON ba.id = COALESCE(c.matched_account_id,
  (SELECT tb.billing_account_id FROM ticket_bills tb WHERE tb.ticket_id = t.id ORDER BY tb.month, tb.created_at, tb.id LIMIT 1))
LEFT JOIN customers cu ON cu.id = ba.customer_id
LEFT JOIN carriers ca ON ca.id = ba.carrier_id
WHERE t.retired_at IS NULL AND c.month >= ? AND c.month <= ?
ORDER BY c.month, cu.name COLLATE NOCASE, t.number, c.created_at`;

export function creditsRecovered(ctx: Ctx, input: Input<'reports.credits'>): Credits {
  if (input.from > input.to) throw new ApiError('invalid_input', `reports.credits: from (${input.from}) is after to (${input.to})`);
  // A name is looked up as every report's filters are (lookup.ts), so a typo is refused with the close names
  // instead of giving an empty report that reads as "nothing recovered".
  const customerId = input.customer_id ?? (input.customer ? idByName(ctx, 'customers', input.customer) : undefined);
  if (customerId && !inScope(ctx, customerId)) throw new ApiError('not_found', `Customer ${input.customer ?? customerId} was not found.`);
  const rows = (stmt(ctx, CREDITS_SQL).all(input.from, input.to) as CreditRow[]).filter(
    (r) => inScope(ctx, r.customer_id) && (customerId === undefined || r.customer_id === customerId),
  );
  const by_month = monthRange(input.from, input.to).map((month) => {
    const rs = rows.filter((r) => r.month === month);
    return { month, credits: rs.length, amount_cents: totalCents(rs.map((r) => r.amount_cents), `The credits of ${month}`) };
  });
  const customers = new Map<string, { customer_id: string | null; customer: string; credits: number; amount_cents: number }>();
  for (const r of rows) {
    const k = r.customer_id ?? '';
    const e = customers.get(k) ?? { customer_id: r.customer_id, customer: r.customer ?? '(not in book)', credits: 0, amount_cents: 0 };
    e.credits++;
    e.amount_cents = addCents(e.amount_cents, r.amount_cents, `The credits of ${e.customer}`);
    customers.set(k, e);
  }
  const by_customer = [...customers.values()].sort((a, b) => b.amount_cents - a.amount_cents || a.customer.localeCompare(b.customer));
  return {
    from: input.from,
    to: input.to,
    rows,
    by_month,
    by_customer,
    totals: { credits: rows.length, amount_cents: totalCents(rows.map((r) => r.amount_cents), 'The credits') },
  };
}

export const CREDIT_COLUMNS: ReportColumn<CreditRow>[] = [
  { key: 'month', header: 'Month', kind: 'text', value: (r) => r.month, width: 0.6 },
  { key: 'customer', header: 'Customer', kind: 'text', value: (r) => r.customer, width: 1.6 },
  { key: 'carrier', header: 'Carrier', kind: 'text', value: (r) => r.carrier, width: 1.3 },
  { key: 'account', header: 'Account', kind: 'text', value: (r) => r.account },
  { key: 'ticket', header: 'Ticket', kind: 'int', value: (r) => r.ticket_number },
  { key: 'claim', header: 'Claim number', kind: 'text', value: (r) => r.claim_number },
  { key: 'note', header: 'Note', kind: 'text', value: (r) => r.note, width: 1.6 },
  { key: 'amount', header: 'Credit', kind: 'cents', value: (r) => r.amount_cents },
];

export function creditsLayout(data: Credits): ReportLayout<CreditRow> {
  // Grouped by customer: each customer's page is the value report the broker hands that customer.
  const sorted = [...data.rows].sort((a, b) => (a.customer ?? '\uffff').localeCompare(b.customer ?? '\uffff', 'en', { sensitivity: 'base' }) || a.month.localeCompare(b.month));
  return {
    id: 'credits-recovered',
    title: `Credits recovered ${data.from} to ${data.to}`,
    subtitle: `${plural(data.totals.credits, 'credit')} from ${data.from} to ${data.to}`,
    columns: CREDIT_COLUMNS,
    rows: sorted,
    groups: groupRows(CREDIT_COLUMNS, sorted, (r) => r.customer_id ?? '', (r) => ({ heading: r.customer ?? '(not in book)', lines: [] })),
    totals: sumCents(CREDIT_COLUMNS, sorted),
    notes: data.by_month.filter((m) => m.credits > 0).map((m) => `${m.month}: ${plural(m.credits, 'credit')}, ${centsToDecimalString(m.amount_cents)}`),
  };
}
