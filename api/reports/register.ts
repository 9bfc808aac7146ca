// The OK-to-Pay register: approvals.register's rows (the one definition), with totals, as a report.
import { readyToPay } from '../workflow/approvals.ts';
import { inScope } from '../scope.ts';
import type { Ctx } from '../context.ts';
import type { Output } from '../handlers/index.ts';
import type { RegisterRow } from '../contract/approvals.ts';
import { stmt } from '../write.ts';
import { sumCents, STATUS_TEXT, type ReportColumn, type ReportLayout } from './layout.ts';
import { plural } from '../../core/plural.ts';

type Register = Output<'reports.okToPay'>;

export function okToPay(ctx: Ctx, month: string): Register {
  const reg = readyToPay(ctx, { month });
  let rows = reg.rows;
  if (ctx.scope !== null) {
    const customerOf = stmt(ctx, 'SELECT customer_id FROM billing_accounts WHERE id = ?');
    rows = rows.filter((r) => inScope(ctx, (customerOf.get(r.account_id) as { customer_id: string | null } | undefined)?.customer_id));
  }
  const sum = (f: (r: RegisterRow) => number | null) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
  return {
    month,
    rows,
    totals: { bills: rows.length, expected_cents: sum((r) => r.expected_cents), actual_cents: sum((r) => r.actual_cents), variance_cents: sum((r) => r.variance_cents) },
  };
}

export const REGISTER_REPORT_COLUMNS: ReportColumn<RegisterRow>[] = [
  { key: 'customer', header: 'Customer', kind: 'text', value: (r) => r.customer, width: 1.6 },
  { key: 'location', header: 'Location', kind: 'text', value: (r) => r.location },
  { key: 'carrier', header: 'Carrier', kind: 'text', value: (r) => r.carrier, width: 1.3 },
  { key: 'account', header: 'Account', kind: 'text', value: (r) => r.account },
  { key: 'invoice', header: 'Invoice', kind: 'text', value: (r) => r.invoice_number },
  { key: 'bill_date', header: 'Bill date', kind: 'date', value: (r) => r.bill_date },
  { key: 'expected', header: 'Expected', kind: 'cents', value: (r) => r.expected_cents },
  { key: 'actual', header: 'Actual', kind: 'cents', value: (r) => r.actual_cents },
  { key: 'variance', header: 'Variance', kind: 'cents', value: (r) => r.variance_cents },
  { key: 'status', header: 'Status', kind: 'text', value: (r) => STATUS_TEXT[r.status] ?? r.status, width: 0.7 },
  { key: 'approved_by', header: 'Approved by', kind: 'text', value: (r) => r.approved_by },
  { key: 'approved_at', header: 'Approved at (UTC)', kind: 'text', value: (r) => r.approved_at.replace('T', ' ').slice(0, 16) },
  { key: 'override', header: 'Override reason', kind: 'text', value: (r) => r.override_reason, width: 1.4 },
  { key: 'changed', header: 'Changed since approval', kind: 'text', value: (r) => (r.changed_since_approval ? 'yes' : 'no'), width: 0.6 },
];

export function registerLayout(data: Register): ReportLayout<RegisterRow> {
  return {
    id: 'ok-to-pay',
    title: `OK-to-Pay register ${data.month}`,
    subtitle: `Month ${data.month} · ${plural(data.totals.bills, 'bill')} OK to Pay`,
    columns: REGISTER_REPORT_COLUMNS,
    rows: data.rows,
    groups: null,
    totals: sumCents(REGISTER_REPORT_COLUMNS, data.rows),
    notes: data.rows.some((r) => r.changed_since_approval) ? ['Some bills changed after they were approved (see the last column).'] : [],
  };
}
