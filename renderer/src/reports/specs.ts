// What each report shows on screen: its title, its inputs (kept in the address, so a widget can link to a
// filtered report), and its columns. The figures come from the report's own API method; files come from
// reports.export, so the screen and the files read the same rows.
import type { ApiInput, ApiOutput, MethodName } from '../api/index.ts';
import type { BillStatus } from '../../../core/tolerance.ts';
import { STATUS_LABEL } from '../month/format.ts';
import { sumCents } from '../../../core/money.ts';

export type Kind = 'text' | 'cents' | 'percent' | 'int' | 'date';
export interface Col {
  key: string;
  header: string;
  kind: Kind;
}

export type ReportId = ApiInput<'reports.export'>['report'];
export type Field = 'month' | 'carrier' | 'customer' | 'location' | 'status' | 'from' | 'to' | 'as_of' | 'days';

/** A group of rows on screen (the discrepancy report's carriers): its heading and its subtotals, in cents from
 *  the report method (the same figures as the XLSX and PDF subtotals). */
export interface RowGroup {
  id: string;
  heading: string;
  detail?: string;
  totals: Record<string, number>;
}

export interface ReportSpec {
  id: ReportId;
  title: string;
  summary: string;
  method: MethodName;
  fields: Field[];
  columns: Col[];
  /** The method's rows as plain records, keyed as the columns are. */
  rows(out: never): Record<string, unknown>[];
  /** Lines under the table: totals in words. */
  totals(out: never): { label: string; cents?: number; count?: number }[];
  /** Per-column totals in the table's footer. */
  footer(out: never): Record<string, number>;
  /** Rows shown in groups: the row field naming the group, and the groups in order with their subtotals. */
  groupBy?: { key: string; column?: string; groups(out: never): RowGroup[] };
}

const money = (key: string, header: string): Col => ({ key, header, kind: 'cents' });
const text = (key: string, header: string): Col => ({ key, header, kind: 'text' });

type Out<M extends MethodName> = ApiOutput<M>;

function spec<M extends MethodName>(s: {
  id: ReportId;
  title: string;
  summary: string;
  method: M;
  fields: Field[];
  columns: Col[];
  rows(out: Out<M>): Record<string, unknown>[];
  totals(out: Out<M>): { label: string; cents?: number; count?: number }[];
  footer(out: Out<M>): Record<string, number>;
  /** column: the column each group's heading already names, left out of the rows as the PDF does. */
  groupBy?: { key: string; column?: string; groups(out: Out<M>): RowGroup[] };
}): ReportSpec {
  return s as unknown as ReportSpec;
}

const sum = (rows: Record<string, unknown>[], key: string) => sumCents(rows.map((r) => (typeof r[key] === 'number' ? (r[key] as number) : 0)), `The column ${key}`);
const footerOf = (cols: Col[], rows: Record<string, unknown>[]) =>
  Object.fromEntries(cols.filter((c) => c.kind === 'cents').map((c) => [c.key, sum(rows, c.key)]));

const DISCREPANCY_COLS: Col[] = [
  text('carrier', 'Carrier'),
  text('customer', 'Customer'),
  text('location', 'Location'),
  text('account', 'Account'),
  text('invoice_number', 'Invoice'),
  { key: 'bill_date', header: 'Bill date', kind: 'date' },
  money('expected_cents', 'Expected'),
  money('actual_cents', 'Actual'),
  money('variance_cents', 'Variance'),
  { key: 'variance_pct', header: 'Variance %', kind: 'percent' },
  text('status', 'Status'),
  text('tickets', 'Ticket'),
  text('claim_numbers', 'Claim number'),
  text('notes', 'Notes'),
];

const SUMMARY_COLS = (by: string): Col[] => [
  text('name', by),
  { key: 'accounts', header: 'Accounts', kind: 'int' },
  { key: 'entered', header: 'Entered', kind: 'int' },
  { key: 'ok', header: 'OK', kind: 'int' },
  { key: 'flagged', header: 'Flagged', kind: 'int' },
  money('expected_cents', 'Expected'),
  money('actual_cents', 'Actual'),
  money('variance_cents', 'Variance'),
  money('at_stake_cents', 'At stake'),
];

const asRows = (rows: object[]) => rows as Record<string, unknown>[];

/** The two month summaries differ only in what they sum by. */
const monthSummary = (by: 'Customer' | 'Carrier') =>
  spec({
    id: `monthBy${by}`,
    title: `Month summary by ${by.toLowerCase()}`,
    summary: `The month's bills summed per ${by.toLowerCase()}`,
    method: `reports.monthBy${by}`,
    fields: ['month'],
    columns: SUMMARY_COLS(by),
    rows: (o) => asRows(o.rows),
    totals: (o) => [
      { label: 'Accounts', count: o.totals.accounts },
      { label: 'Flagged', count: o.totals.flagged },
      { label: 'At stake', cents: o.totals.at_stake_cents },
    ],
    footer: (o) => o.totals,
  });

/** Bill statuses in words, as the grid and the files show them. */
const withStatusWords = (rows: { status: BillStatus }[]) => asRows(rows.map((r) => ({ ...r, status: STATUS_LABEL[r.status] })));

export const REPORTS: ReportSpec[] = [
  spec({
    id: 'discrepancies',
    title: 'Discrepancy report',
    summary: 'Flagged bills with variance, tickets and claim numbers, per carrier',
    method: 'reports.discrepancies',
    fields: ['month', 'carrier', 'customer', 'location', 'status'],
    columns: DISCREPANCY_COLS,
    rows: (o) => withStatusWords(o.rows),
    totals: (o) => [
      { label: 'Bills', count: o.totals.bills },
      { label: 'Carriers', count: o.carriers.length },
      { label: 'Variance', cents: o.totals.variance_cents },
      { label: 'At stake', cents: o.totals.at_stake_cents },
    ],
    footer: (o) => ({ expected_cents: o.totals.expected_cents, actual_cents: o.totals.actual_cents, variance_cents: o.totals.variance_cents }),
    // Per carrier, as the files are: the report is sent carrier by carrier, each with its own total.
    groupBy: {
      key: 'carrier_id',
      column: 'carrier',
      groups: (o) =>
        o.carriers.map((c) => ({
          id: c.carrier_id,
          heading: c.carrier,
          detail: c.dispute_contact ? `Disputes: ${c.dispute_contact}` : 'Disputes: no dispute contact on file',
          totals: { expected_cents: c.expected_cents, actual_cents: c.actual_cents, variance_cents: c.variance_cents },
        })),
    },
  }),
  monthSummary('Customer'),
  monthSummary('Carrier'),
  spec({
    id: 'okToPay',
    title: 'OK-to-Pay register',
    summary: 'Every bill marked OK to Pay in the month',
    method: 'reports.okToPay',
    fields: ['month'],
    columns: [
      text('customer', 'Customer'),
      text('carrier', 'Carrier'),
      text('account', 'Account'),
      text('invoice_number', 'Invoice'),
      money('expected_cents', 'Expected'),
      money('actual_cents', 'Actual'),
      money('variance_cents', 'Variance'),
      text('status', 'Status'),
      text('approved_by', 'Approved by'),
      text('override_reason', 'Override reason'),
    ],
    rows: (o) => withStatusWords(o.rows),
    totals: (o) => [
      { label: 'Bills', count: o.totals.bills },
      { label: 'To pay', cents: o.totals.actual_cents },
    ],
    footer: (o) => o.totals,
  }),
  spec({
    id: 'ticketAgeing',
    title: 'Ticket ageing',
    summary: 'Open tickets by age, with what is at stake and still owed',
    method: 'reports.ticketAgeing',
    fields: ['as_of'],
    columns: [
      { key: 'number', header: 'Ticket', kind: 'int' },
      text('title', 'Title'),
      text('status', 'Status'),
      text('carriers', 'Carrier'),
      text('customers', 'Customer'),
      text('claim_number', 'Claim number'),
      { key: 'opened_on', header: 'Opened', kind: 'date' },
      { key: 'age_days', header: 'Age (days)', kind: 'int' },
      text('bucket', 'Age band'),
      { key: 'due_date', header: 'Due', kind: 'date' },
      { key: 'days_overdue', header: 'Days overdue', kind: 'int' },
      money('at_stake_cents', 'At stake'),
      money('received_cents', 'Received'),
      money('owed_cents', 'Owed'),
    ],
    rows: (o) => asRows(o.rows),
    totals: (o) => [
      { label: 'Tickets', count: o.totals.tickets },
      { label: 'Overdue', count: o.totals.overdue },
      ...o.buckets.map((b) => ({ label: `${b.bucket} days`, count: b.tickets })),
    ],
    footer: (o) => ({ at_stake_cents: o.totals.at_stake_cents, received_cents: o.totals.received_cents, owed_cents: o.totals.owed_cents }),
  }),
  spec({
    id: 'credits',
    title: 'Credits recovered',
    summary: 'Credits from carriers per month and per customer',
    method: 'reports.credits',
    fields: ['from', 'to', 'customer'],
    columns: [
      text('month', 'Month'),
      text('customer', 'Customer'),
      text('carrier', 'Carrier'),
      text('account', 'Account'),
      { key: 'ticket_number', header: 'Ticket', kind: 'int' },
      text('claim_number', 'Claim number'),
      text('note', 'Note'),
      money('amount_cents', 'Credit'),
    ],
    rows: (o) => asRows(o.rows),
    totals: (o) => [
      { label: 'Credits', count: o.totals.credits },
      { label: 'Recovered', cents: o.totals.amount_cents },
      ...o.by_customer.map((c) => ({ label: c.customer, cents: c.amount_cents })),
    ],
    footer: (o) => ({ amount_cents: o.totals.amount_cents }),
  }),
  spec({
    id: 'missingBills',
    title: 'Missing bills',
    summary: 'Bills expected in the month that have not arrived',
    method: 'reports.missingBills',
    fields: ['month'],
    columns: [
      text('customer', 'Customer'),
      text('location', 'Location'),
      text('carrier', 'Carrier'),
      text('account', 'Account'),
      { key: 'expected_by', header: 'Expected by', kind: 'date' },
      money('expected_cents', 'Expected'),
      text('tickets', 'Ticket'),
    ],
    rows: (o) => asRows(o.rows),
    totals: (o) => [
      { label: 'Bills', count: o.totals.bills },
      { label: 'Expected', cents: o.totals.expected_cents },
    ],
    footer: (o) => ({ expected_cents: o.totals.expected_cents }),
  }),
  spec({
    id: 'contractsEnding',
    title: 'Contracts ending',
    summary: 'Contracts whose end date is near',
    method: 'reports.contractsEnding',
    fields: ['days'],
    columns: [
      text('customer', 'Customer'),
      text('carrier', 'Carrier'),
      text('account', 'Account'),
      { key: 'start_date', header: 'Start', kind: 'date' },
      { key: 'end_date', header: 'End', kind: 'date' },
      { key: 'days_left', header: 'Days left', kind: 'int' },
      text('auto_renew', 'Auto-renews'),
      money('monthly_cents', 'Monthly (entered)'),
    ],
    rows: (o) => asRows(o.rows.map((r) => ({ ...r, auto_renew: r.auto_renew ? 'yes' : 'no' }))),
    totals: (o) => [{ label: 'Contracts', count: o.totals.contracts }],
    footer: (o) => ({ monthly_cents: o.totals.monthly_cents }),
  }),
];

export const reportById = (id: string | undefined) => REPORTS.find((r) => r.id === id) ?? REPORTS[0]!;
export { footerOf };
