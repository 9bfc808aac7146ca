// The OK-to-Pay register: approvals.register's rows (the one definition), with totals, as a report. The bills changed
// since approval are not ready to pay: they are named in the notes under the total, never in it.
import { readyToPay } from '../workflow/approvals.ts';
import { inScope } from '../scope.ts';
import type { Ctx } from '../context.ts';
import type { Output } from '../handlers/index.ts';
import type { RegisterRow } from '../contract/approvals.ts';
import { stmt } from '../write.ts';
import { sumCents, STATUS_TEXT, type ReportColumn, type ReportLayout } from './layout.ts';
import { plural } from '../../core/plural.ts';
import { formatCents, type AmountLocale } from '../../core/money.ts';
import { sumCents as totalCents } from '../../core/money.ts';

type Register = Output<'reports.okToPay'>;

export function okToPay(ctx: Ctx, month: string): Register {
  const reg = readyToPay(ctx, { month });
  let rows = reg.rows;
  let changed = reg.changed_since_approval;
  if (ctx.scope !== null) {
    const customerOf = stmt(ctx, 'SELECT customer_id FROM billing_accounts WHERE id = ?');
    const visible = (r: RegisterRow) => inScope(ctx, (customerOf.get(r.account_id) as { customer_id: string | null } | undefined)?.customer_id);
    rows = rows.filter(visible);
    changed = changed.filter(visible);
  }
  const sum = (f: (r: RegisterRow) => number | null) => totalCents(rows.map(f), `The OK-to-Pay register of ${month}`);
  return {
    month,
    rows,
    totals: { bills: rows.length, expected_cents: sum((r) => r.expected_cents), actual_cents: sum((r) => r.actual_cents), variance_cents: sum((r) => r.variance_cents) },
    changed_since_approval: changed,
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
];

/** "Changed since approval, not ready to pay: Alpha, Acme Telecom account A1 approved 1,000.00 (invoice A-301), now 1,004.00 (invoice A-301)". */
export function changedSinceApprovalNote(changed: readonly RegisterRow[], locale: AmountLocale = 'en-US'): string[] {
  if (!changed.length) return [];
  const amount = (c: number | null) => (c === null ? 'no bill' : formatCents(c, locale));
  const invoice = (i: string | null) => (i ? ` (invoice ${i})` : '');
  return [
    `Changed since approval, not ready to pay and not in the total (${plural(changed.length, 'bill')}; approve again to pay): ` +
      changed
        .map(
          (r) =>
            `${r.customer ?? '(not in book)'}, ${r.carrier} account ${r.account} approved ${amount(r.approved_actual_cents)}${invoice(r.approved_invoice_number)}, ` +
            `now ${amount(r.actual_cents)}${invoice(r.invoice_number)}`,
        )
        .join('; '),
  ];
}

export function registerLayout(data: Register, locale: AmountLocale): ReportLayout<RegisterRow> {
  return {
    id: 'ok-to-pay',
    title: `OK-to-Pay register ${data.month}`,
    subtitle: `Month ${data.month} · ${plural(data.totals.bills, 'bill')} OK to Pay`,
    columns: REGISTER_REPORT_COLUMNS,
    rows: data.rows,
    groups: null,
    totals: sumCents(REGISTER_REPORT_COLUMNS, data.rows),
    notes: changedSinceApprovalNote(data.changed_since_approval, locale),
  };
}
