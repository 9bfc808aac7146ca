// Missing bills: accounts expected to bill in the month whose bill has not arrived, with the day it was due
// (the carrier's bill day in that month, when known).
import { checkMonthRows } from '../month/query.ts';
import { daysInMonth } from '../../core/months.ts';
import { inScope } from '../scope.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { MissingRow } from '../contract/reports.ts';
import { sumCents, type ReportColumn, type ReportLayout } from './layout.ts';
import { plural } from '../../core/plural.ts';
import { sumCents as totalCents } from '../../core/money.ts';

type Missing = Output<'reports.missingBills'>;

export function missingBills(ctx: Ctx, input: Input<'reports.missingBills'>): Missing {
  const rows = checkMonthRows(ctx, input.month, { carrier_id: input.carrier_id, customer_id: input.customer_id }).filter(
    (r) => r.status === 'missing' && inScope(ctx, r.customer_id),
  );
  const billDay = new Map((stmt(ctx, 'SELECT id, bill_day FROM carriers').all() as { id: string; bill_day: number | null }[]).map((c) => [c.id, c.bill_day]));
  const tickets = stmt(
    ctx,
    `SELECT tb.billing_account_id AS account_id, group_concat(t.number, ', ') AS numbers FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
     WHERE tb.month = ? AND t.retired_at IS NULL GROUP BY tb.billing_account_id`,
  ).all(input.month) as { account_id: string; numbers: string }[];
  const ticketsOf = new Map(tickets.map((t) => [t.account_id, t.numbers]));
  const last = daysInMonth(input.month);
  const out: MissingRow[] = rows.map((r) => {
    const day = billDay.get(r.carrier_id);
    return {
      account_id: r.account_id,
      customer: r.customer,
      location: r.location,
      carrier: r.carrier,
      account: r.account,
      expected_cents: r.expected_cents,
      expected_by: day ? `${input.month}-${String(Math.min(day, last)).padStart(2, '0')}` : null,
      tickets: ticketsOf.get(r.account_id) ?? null,
    };
  });
  return { month: input.month, rows: out, totals: { bills: out.length, expected_cents: totalCents(out.map((r) => r.expected_cents), `The missing bills of ${input.month}`) } };
}

export const MISSING_COLUMNS: ReportColumn<MissingRow>[] = [
  { key: 'customer', header: 'Customer', kind: 'text', value: (r) => r.customer, width: 1.8 },
  { key: 'location', header: 'Location', kind: 'text', value: (r) => r.location },
  { key: 'carrier', header: 'Carrier', kind: 'text', value: (r) => r.carrier, width: 1.4 },
  { key: 'account', header: 'Account', kind: 'text', value: (r) => r.account },
  { key: 'expected_by', header: 'Expected by', kind: 'date', value: (r) => r.expected_by },
  { key: 'expected', header: 'Expected', kind: 'cents', value: (r) => r.expected_cents },
  { key: 'tickets', header: 'Ticket', kind: 'text', value: (r) => r.tickets, width: 0.6 },
];

export function missingLayout(data: Missing): ReportLayout<MissingRow> {
  return {
    id: 'missing-bills',
    title: `Missing bills ${data.month}`,
    subtitle: `Month ${data.month} · ${plural(data.totals.bills, 'bill')} not arrived`,
    columns: MISSING_COLUMNS,
    rows: data.rows,
    groups: null,
    totals: sumCents(MISSING_COLUMNS, data.rows),
    notes: [],
  };
}
