// Ticket ageing: every ticket not yet resolved or closed, by days since it opened, with what is at stake and
// what the carrier still owes.
import { daysBetween } from '../../core/days.ts';
import { listTickets } from '../workflow/tickets.ts';
import type { Ctx } from '../context.ts';
import type { Input, Output } from '../handlers/index.ts';
import { AGE_BUCKETS, type AgeingRow } from '../contract/reports.ts';
import { sumCents, type ReportColumn, type ReportLayout } from './layout.ts';
import { sumCents as totalCents } from '../../core/money.ts';

type Ageing = Output<'reports.ticketAgeing'>;

export const bucketOf = (days: number): AgeingRow['bucket'] => (days <= 30 ? '0-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+');

const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].join(', ');

export function ticketAgeing(ctx: Ctx, input: Input<'reports.ticketAgeing'>): Ageing {
  const asOf = input.as_of ?? ctx.now().slice(0, 10);
  const tickets = listTickets(ctx, { active: true, carrier_id: input.carrier_id, customer_id: input.customer_id } as Input<'tickets.list'>);
  const rows: AgeingRow[] = tickets.map((t) => {
    const age = Math.max(0, daysBetween(t.opened_on, asOf));
    const overdue = t.due_date !== null && t.due_date < asOf ? daysBetween(t.due_date, asOf) : null;
    return {
      ticket_id: t.id,
      number: t.number,
      title: t.title,
      status: t.status,
      carriers: uniq(t.bills.map((b) => b.carrier)),
      customers: uniq(t.bills.map((b) => b.customer)),
      claim_number: t.claim_number,
      assignee: t.assignee,
      opened_on: t.opened_on,
      age_days: age,
      bucket: bucketOf(age),
      due_date: t.due_date,
      days_overdue: overdue,
      at_stake_cents: t.at_stake_cents,
      expected_credit_cents: t.expected_credit_cents,
      received_cents: t.received_cents,
      owed_cents: t.owed_cents,
    };
  });
  rows.sort((a, b) => b.age_days - a.age_days || a.number - b.number);
  const buckets = AGE_BUCKETS.map((bucket) => {
    const rs = rows.filter((r) => r.bucket === bucket);
    return { bucket, tickets: rs.length, at_stake_cents: totalCents(rs.map((r) => r.at_stake_cents), 'The amounts at stake of the tickets') };
  });
  const sum = (f: (r: AgeingRow) => number | null) => totalCents(rows.map(f), 'The tickets\' amounts');
  return {
    as_of: asOf,
    rows,
    buckets,
    totals: {
      tickets: rows.length,
      overdue: rows.filter((r) => r.days_overdue !== null).length,
      at_stake_cents: sum((r) => r.at_stake_cents),
      expected_credit_cents: sum((r) => r.expected_credit_cents),
      received_cents: sum((r) => r.received_cents),
      owed_cents: sum((r) => r.owed_cents),
    },
  };
}

export const AGEING_COLUMNS: ReportColumn<AgeingRow>[] = [
  { key: 'number', header: 'Ticket', kind: 'int', value: (r) => r.number },
  { key: 'title', header: 'Title', kind: 'text', value: (r) => r.title, width: 2 },
  { key: 'status', header: 'Status', kind: 'text', value: (r) => r.status.replace(/_/g, ' ') },
  { key: 'carriers', header: 'Carrier', kind: 'text', value: (r) => r.carriers, width: 1.3 },
  { key: 'customers', header: 'Customer', kind: 'text', value: (r) => r.customers, width: 1.5 },
  { key: 'claim', header: 'Claim number', kind: 'text', value: (r) => r.claim_number },
  { key: 'opened_on', header: 'Opened', kind: 'date', value: (r) => r.opened_on },
  { key: 'age_days', header: 'Age (days)', kind: 'int', value: (r) => r.age_days },
  { key: 'bucket', header: 'Age band', kind: 'text', value: (r) => r.bucket, width: 0.6 },
  { key: 'due_date', header: 'Due', kind: 'date', value: (r) => r.due_date },
  { key: 'days_overdue', header: 'Days overdue', kind: 'int', value: (r) => r.days_overdue },
  { key: 'at_stake', header: 'At stake', kind: 'cents', value: (r) => r.at_stake_cents },
  { key: 'expected_credit', header: 'Expected credit', kind: 'cents', value: (r) => r.expected_credit_cents },
  { key: 'received', header: 'Received', kind: 'cents', value: (r) => r.received_cents },
  { key: 'owed', header: 'Owed', kind: 'cents', value: (r) => r.owed_cents },
];

/** extra: the ticket fields (user-defined), after the report's own columns. */
export function ageingLayout(data: Ageing, extra: ReportColumn<AgeingRow>[] = []): ReportLayout<AgeingRow> {
  const columns = [...AGEING_COLUMNS, ...extra];
  return {
    id: 'ticket-ageing',
    title: `Ticket ageing ${data.as_of}`,
    subtitle: `Open tickets as of ${data.as_of} · ${data.totals.tickets} tickets, ${data.totals.overdue} overdue`,
    columns,
    rows: data.rows,
    groups: null,
    totals: sumCents(columns, data.rows),
    notes: data.buckets.map((b) => `${b.bucket} days: ${b.tickets} tickets`),
  };
}
