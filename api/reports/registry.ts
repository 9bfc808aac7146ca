// Every report: its method (typed input, rows and totals) and how it lays out for a file. reports.export looks
// a report up here, checks its input with the method's own schema, and writes the file with one writer per format.
import { methods, type MethodName } from '../contract/index.ts';
import { ACCESS } from '../contract/access.ts';
import { can, describeAccess } from '../../core/permissions.ts';
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import type { ExportFormat, ReportId } from '../contract/reports.ts';
import { discrepancyLayout } from './discrepancies.ts';
import { monthSummary, summaryLayout } from './summary.ts';
import { okToPay, registerLayout } from './register.ts';
import { ticketAgeing, ageingLayout } from './ageing.ts';
import { creditsRecovered, creditsLayout } from './credits.ts';
import { missingBills, missingLayout } from './missing.ts';
import { contractsEnding, endingLayout } from './contracts.ts';
import { reportCompany } from './company.ts';
import { companyLocale } from '../company.ts';
import { udfReportColumns } from '../admin/udf.ts';
import { reportCsv } from './csv.ts';
import { safeFileName, type ReportLayout } from './layout.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type AnyLayout = ReportLayout<any>;

interface ReportEntry {
  method: keyof typeof methods;
  layout: (ctx: Ctx, input: any) => AnyLayout;
}

export const REPORTS: Record<ReportId, ReportEntry> = {
  discrepancies: { method: 'reports.discrepancies', layout: (ctx, i) => discrepancyLayout(ctx, i) },
  monthByCustomer: { method: 'reports.monthByCustomer', layout: (ctx, i) => summaryLayout(monthSummary(ctx, i.month, 'customer'), 'customer') },
  monthByCarrier: { method: 'reports.monthByCarrier', layout: (ctx, i) => summaryLayout(monthSummary(ctx, i.month, 'carrier'), 'carrier') },
  okToPay: { method: 'reports.okToPay', layout: (ctx, i) => registerLayout(okToPay(ctx, i.month), companyLocale(ctx)) },
  // Tickets leave the product through this export: it carries their user-defined fields too.
  ticketAgeing: {
    method: 'reports.ticketAgeing',
    layout: (ctx, i) => {
      const data = ticketAgeing(ctx, i);
      return ageingLayout(data, udfReportColumns(ctx, 'tickets', data.rows, (r) => r.ticket_id));
    },
  },
  credits: { method: 'reports.credits', layout: (ctx, i) => creditsLayout(creditsRecovered(ctx, i)) },
  missingBills: { method: 'reports.missingBills', layout: (ctx, i) => missingLayout(missingBills(ctx, i)) },
  contractsEnding: { method: 'reports.contractsEnding', layout: (ctx, i) => endingLayout(contractsEnding(ctx, i)) },
};

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
};

/** The report's input checked with its own method's schema, so an export takes exactly what the screen takes. */
export function reportInput(report: ReportId, input: unknown): unknown {
  const def = methods[REPORTS[report].method];
  const parsed = def.input.safeParse(input ?? {});
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.length ? 'input.' + i.path.join('.') : 'input'}: ${i.message}`).join('; ');
    throw new ApiError('invalid_input', `reports.export (${report}): ${why}`, parsed.error.issues);
  }
  return parsed.data;
}

/** Exporting a report also needs what viewing it needs (contracts ending: view in Service Inventory). */
export function assertMayView(ctx: Ctx, method: MethodName) {
  const access = ACCESS[method];
  if (!can(ctx.grants, access)) throw new ApiError('forbidden', `${ctx.actor} may not export this report: it needs ${describeAccess(access)}`);
}

/** A PDF is laid out in one go on the thread that serves the API (about 2 ms a row): beyond this many rows it is
 *  refused with a way out rather than holding every other request for minutes. */
export const MAX_PDF_ROWS = 20_000;

export async function writeLayout(ctx: Ctx, layout: AnyLayout, format: ExportFormat, stem: string) {
  if (format === 'pdf' && layout.rows.length > MAX_PDF_ROWS) {
    throw new ApiError(
      'invalid_input',
      `${layout.title} has ${layout.rows.length} rows; a PDF holds at most ${MAX_PDF_ROWS}: filter it (carrier, customer, status) or export XLSX or CSV`,
    );
  }
  const company = reportCompany(ctx);
  let bytes: Uint8Array<ArrayBuffer>;
  if (format === 'csv') bytes = reportCsv(layout);
  // The XLSX and PDF libraries load on first use, so commands that never write one start faster.
  else if (format === 'xlsx') bytes = await (await import('./xlsx.ts')).reportXlsx(layout, company);
  else bytes = await (await import('./pdf.ts')).reportPdf(layout, company, ctx.now().slice(0, 10));
  return { file_name: `${safeFileName(stem)}.${format}`, content_type: CONTENT_TYPES[format], bytes };
}

export async function exportReport(ctx: Ctx, input: { report: ReportId; format: ExportFormat; input: Record<string, unknown> }) {
  assertMayView(ctx, REPORTS[input.report].method);
  const parsed = reportInput(input.report, input.input);
  const layout = REPORTS[input.report].layout(ctx, parsed);
  const stem = `${layout.title}${subtitleSuffix(input.report, parsed)}`;
  return writeLayout(ctx, layout, input.format, stem);
}

/** A filtered discrepancy report says so in its file name. */
function subtitleSuffix(report: ReportId, input: any): string {
  if (report !== 'discrepancies') return '';
  return [input.carrier, input.customer, input.location].filter(Boolean).map((s: string) => ` ${s}`).join('');
}

