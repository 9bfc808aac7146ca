// The ready-to-pay register as files for accounts payable: the same columns in CSV (the CLI and the API) and XLSX,
// followed by the user-defined fields' columns where there are any (register-fields.ts). Only the bills ready to
// pay are in the files: a bill changed since its approval is left out until it is approved again.
import type { Ctx } from '../context.ts';
import type { RegisterRow } from '../contract/approvals.ts';
import type { FileOut } from '../contract/attachments.ts';
import { toCsv, type Column } from '../export/csv.ts';
import { toXlsx, CSV_MIME, XLSX_MIME, type XlsxColumn } from '../export/xlsx.ts';
import { registerUserFields } from './register-fields.ts';
import { readyToPay } from './approvals.ts';

export const REGISTER_COLUMNS: Column<RegisterRow>[] = [
  { header: 'Customer', text: (r) => r.customer },
  { header: 'Location', text: (r) => r.location },
  { header: 'Carrier', text: (r) => r.carrier },
  { header: 'Account', text: (r) => r.account },
  { header: 'Invoice', text: (r) => r.invoice_number },
  { header: 'Bill date', text: (r) => r.bill_date },
  { header: 'Expected', cents: (r) => r.expected_cents },
  { header: 'Actual', cents: (r) => r.actual_cents },
  { header: 'Variance', cents: (r) => r.variance_cents },
  { header: 'Status', text: (r) => r.status },
  { header: 'Approved by', text: (r) => r.approved_by },
  { header: 'Approved at', text: (r) => r.approved_at },
  { header: 'Override reason', text: (r) => r.override_reason },
];

/** The register's columns for this data: the fixed ones, then one per user-defined field. */
export function registerColumns(ctx: Ctx, rows: readonly RegisterRow[]): Column<RegisterRow>[] {
  return [...REGISTER_COLUMNS, ...registerUserFields(ctx, rows).map((f) => ({ header: f.header, text: f.value }))];
}

export async function exportRegister(ctx: Ctx, input: { month: string; format: 'csv' | 'xlsx' }): Promise<FileOut> {
  const reg = readyToPay(ctx, { month: input.month });
  const columns = registerColumns(ctx, reg.rows);
  const base = `ready-to-pay-${input.month}`;
  if (input.format === 'csv') {
    return { file_name: `${base}.csv`, mime_type: CSV_MIME, data: new TextEncoder().encode(toCsv(reg.rows, columns)) };
  }
  // In the workbook the bill date is a date cell; everything else as in the CSV.
  const xlsxColumns: XlsxColumn<RegisterRow>[] = columns.map((c) => (c.header === 'Bill date' ? { header: c.header, date: (r) => r.bill_date } : c));
  return { file_name: `${base}.xlsx`, mime_type: XLSX_MIME, data: await toXlsx(reg.rows, xlsxColumns, `Ready to pay ${input.month}`) };
}
