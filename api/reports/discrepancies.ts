// The discrepancy report: a month's flagged bills with their tickets and claim numbers, per carrier, for
// sending to carriers (to get credits) and to customers. The bills' figures are month.check's rows as they are.
import { checkMonthRows } from '../month/query.ts';
import { inScope } from '../scope.ts';
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { companyLocale } from '../company.ts';
import { formatCents, addCents } from '../../core/money.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { DiscrepancyRow, Discrepancies } from '../contract/reports.ts';
import type { CheckRow } from '../contract/month.ts';
import { FLAGGED_STATUSES } from '../workflow/bills.ts';
import { idByName } from './lookup.ts';
import { groupRows, sumCents, STATUS_TEXT, type ReportColumn, type ReportLayout } from './layout.ts';
import { plural } from '../../core/plural.ts';

type In = Input<'reports.discrepancies'>;

interface BillTickets {
  numbers: number[];
  claims: string[];
}

/** Every live ticket covering a bill of the month, by account. */
function ticketsOfMonth(ctx: Ctx, month: string): Map<string, BillTickets> {
  const rows = stmt(
    ctx,
    `SELECT tb.billing_account_id AS account_id, t.number, t.claim_number FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
     WHERE tb.month = ? AND t.retired_at IS NULL ORDER BY t.number`,
  ).all(month) as { account_id: string; number: number; claim_number: string | null }[];
  const out = new Map<string, BillTickets>();
  for (const r of rows) {
    const e = out.get(r.account_id) ?? { numbers: [], claims: [] };
    e.numbers.push(r.number);
    if (r.claim_number && !e.claims.includes(r.claim_number)) e.claims.push(r.claim_number);
    out.set(r.account_id, e);
  }
  return out;
}

const moneyTotals = (rows: CheckRow[] | DiscrepancyRow[]) => {
  let expected = 0, actual = 0, variance = 0, stake = 0;
  for (const r of rows) {
    expected = addCents(expected, r.expected_cents ?? 0, 'The expected bills of the report');
    actual = addCents(actual, r.actual_cents ?? 0, 'The actual bills of the report');
    if (r.variance_cents !== null) {
      variance = addCents(variance, r.variance_cents, 'The variances of the report');
      if (r.status === 'over' || r.status === 'under') stake = addCents(stake, Math.abs(r.variance_cents), 'The amounts at stake of the report');
    }
  }
  return { bills: rows.length, expected_cents: expected, actual_cents: actual, variance_cents: variance, at_stake_cents: stake };
};

export function discrepancies(ctx: Ctx, input: In): Output<'reports.discrepancies'> {
  const carrierId = input.carrier_id ?? (input.carrier ? idByName(ctx, 'carriers', input.carrier) : undefined);
  const customerId = input.customer_id ?? (input.customer ? idByName(ctx, 'customers', input.customer) : undefined);
  if (customerId && !inScope(ctx, customerId)) throw new ApiError('not_found', `Customer ${input.customer ?? customerId} was not found.`);
  const statuses: readonly string[] = input.status ?? FLAGGED_STATUSES;
  const location = input.location?.toLowerCase();
  const rows = checkMonthRows(ctx, input.month, { carrier_id: carrierId, customer_id: customerId }).filter(
    (r) => statuses.includes(r.status) && inScope(ctx, r.customer_id) && (location === undefined || r.location?.toLowerCase() === location),
  );
  const tickets = ticketsOfMonth(ctx, input.month);
  const out: DiscrepancyRow[] = rows.map((r) => {
    const t = tickets.get(r.account_id);
    return {
      account_id: r.account_id,
      carrier_id: r.carrier_id,
      carrier: r.carrier,
      customer_id: r.customer_id,
      customer: r.customer,
      location: r.location,
      account: r.account,
      invoice_number: r.invoice_number,
      bill_date: r.bill_date,
      expected_cents: r.expected_cents,
      actual_cents: r.actual_cents,
      variance_cents: r.variance_cents,
      variance_pct: r.variance_pct,
      status: r.status,
      tickets: t?.numbers.length ? t.numbers.join(', ') : null,
      claim_numbers: t?.claims.length ? t.claims.join(', ') : null,
      notes: r.note,
    };
  });
  // Per carrier: carriers by name, bills in the check's order inside each.
  const cmp = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' });
  out.sort((a, b) => cmp(a.carrier, b.carrier) || (a.carrier_id < b.carrier_id ? -1 : a.carrier_id > b.carrier_id ? 1 : 0));
  const contacts = new Map(
    (stmt(ctx, 'SELECT id, dispute_contact FROM carriers').all() as { id: string; dispute_contact: string | null }[]).map((c) => [c.id, c.dispute_contact]),
  );
  const byCarrier = new Map<string, DiscrepancyRow[]>();
  for (const r of out) byCarrier.set(r.carrier_id, [...(byCarrier.get(r.carrier_id) ?? []), r]);
  const carriers = [...byCarrier.entries()].map(([id, rs]) => ({
    carrier_id: id,
    carrier: rs[0]!.carrier,
    dispute_contact: contacts.get(id) ?? null,
    ...moneyTotals(rs),
  }));
  return { month: input.month, rows: out, carriers, totals: moneyTotals(out) };
}

export const DISCREPANCY_COLUMNS: ReportColumn<DiscrepancyRow>[] = [
  { key: 'carrier', header: 'Carrier', kind: 'text', value: (r) => r.carrier, width: 1.3 },
  { key: 'customer', header: 'Customer', kind: 'text', value: (r) => r.customer, width: 1.6 },
  { key: 'location', header: 'Location', kind: 'text', value: (r) => r.location, width: 0.9 },
  { key: 'account', header: 'Account', kind: 'text', value: (r) => r.account, points: 78 },
  { key: 'invoice', header: 'Invoice', kind: 'text', value: (r) => r.invoice_number, width: 0.9 },
  { key: 'bill_date', header: 'Bill date', kind: 'date', value: (r) => r.bill_date },
  { key: 'expected', header: 'Expected', kind: 'cents', value: (r) => r.expected_cents },
  { key: 'actual', header: 'Actual', kind: 'cents', value: (r) => r.actual_cents },
  { key: 'variance', header: 'Variance', kind: 'cents', value: (r) => r.variance_cents },
  { key: 'variance_pct', header: 'Variance %', kind: 'percent', value: (r) => r.variance_pct },
  { key: 'status', header: 'Status', kind: 'text', value: (r) => STATUS_TEXT[r.status] ?? r.status, points: 42 },
  { key: 'tickets', header: 'Ticket', kind: 'text', value: (r) => r.tickets, points: 34 },
  { key: 'claim', header: 'Claim number', kind: 'text', value: (r) => r.claim_numbers, points: 56 },
  { key: 'notes', header: 'Notes', kind: 'text', value: (r) => r.notes, width: 2.4 },
];

export function filterText(ctx: Ctx, input: In, data: Discrepancies): string {
  const parts = [`Month ${input.month}`];
  if (input.carrier_id || input.carrier) parts.push(`carrier ${data.carriers[0]?.carrier ?? input.carrier ?? input.carrier_id}`);
  if (input.customer_id || input.customer) parts.push(`customer ${data.rows[0]?.customer ?? input.customer ?? input.customer_id}`);
  if (input.location) parts.push(`location ${input.location}`);
  parts.push(`status ${(input.status ?? FLAGGED_STATUSES).join(', ')}`);
  void ctx;
  return parts.join(' · ');
}

export function discrepancyLayout(ctx: Ctx, input: In, data = discrepancies(ctx, input)): ReportLayout<DiscrepancyRow> {
  const columns = DISCREPANCY_COLUMNS;
  const contact = new Map(data.carriers.map((c) => [c.carrier_id, c.dispute_contact]));
  return {
    id: 'discrepancies',
    title: `Discrepancy report ${input.month}`,
    subtitle: filterText(ctx, input, data),
    columns,
    rows: data.rows,
    groupColumn: 'carrier',
    groups: groupRows(columns, data.rows, (r) => r.carrier_id, (r) => {
      const c = contact.get(r.carrier_id);
      return { heading: r.carrier, lines: c ? [`Disputes: ${c}`] : ['Disputes: no dispute contact on file'] };
    }),
    totals: sumCents(columns, data.rows),
    notes: [
      `${plural(data.totals.bills, 'bill')}; at stake (over and under): ${formatCents(data.totals.at_stake_cents, companyLocale(ctx))}`,
      // Otherwise Actual − Expected ≠ Variance on the totals lines, and a carrier's accountant asks why.
      ...(data.rows.some((r) => r.status === 'missing' || r.status === 'unexpected')
        ? ['Variance totals add up only the bills with both an expected and an actual amount: a missing bill counts in Expected only, an unexpected bill in Actual only.']
        : []),
    ],
  };
}
