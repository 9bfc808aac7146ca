// Reports: each report is a query returning typed rows and totals in cents; reports.export writes any of them
// as CSV, XLSX or PDF through one engine (api/reports), and reports.shareWithCarriers writes one discrepancy
// file per carrier. reports.dashboard gives the home screen's figures in one call.
import { z } from 'zod';
import { query } from '../define.ts';
import { Id, Month, CalendarDate, TotalCents, BillStatus } from './common.ts';
import { TicketStatus } from './tickets.ts';
import { RegisterRow } from './approvals.ts';

const Name = z.string().trim().min(1).max(300);

// ---- Discrepancies -------------------------------------------------------------------------------------------

export const DiscrepancyInput = z.object({
  month: Month,
  carrier_id: Id.optional(),
  /** A carrier by name (exact, ignoring case), as the command line takes it. */
  carrier: Name.optional(),
  customer_id: Id.optional(),
  customer: Name.optional(),
  /** A location by name (exact, ignoring case). */
  location: Name.optional(),
  /** Default: every flagged status (over, under, missing, unexpected). */
  status: z.array(BillStatus).min(1).optional(),
});

export const DiscrepancyRow = z.object({
  account_id: Id,
  carrier_id: Id,
  carrier: z.string(),
  customer_id: Id.nullable(),
  customer: z.string().nullable(),
  location: z.string().nullable(),
  account: z.string(),
  invoice_number: z.string().nullable(),
  bill_date: z.string().nullable(),
  expected_cents: TotalCents.nullable(),
  actual_cents: TotalCents.nullable(),
  variance_cents: TotalCents.nullable(),
  variance_pct: z.number().nullable(),
  status: BillStatus,
  /** Ticket numbers covering the bill, e.g. "12, 15". */
  tickets: z.string().nullable(),
  claim_numbers: z.string().nullable(),
  notes: z.string().nullable(),
});
export type DiscrepancyRow = z.infer<typeof DiscrepancyRow>;

export const MoneyTotals = z.object({
  bills: z.number().int(),
  expected_cents: TotalCents,
  actual_cents: TotalCents,
  variance_cents: TotalCents,
  at_stake_cents: TotalCents,
});

export const CarrierTotals = MoneyTotals.extend({ carrier_id: Id, carrier: z.string(), dispute_contact: z.string().nullable() });

export const Discrepancies = z.object({
  month: Month,
  rows: z.array(DiscrepancyRow),
  carriers: z.array(CarrierTotals),
  totals: MoneyTotals,
});
export type Discrepancies = z.infer<typeof Discrepancies>;

export const discrepancies = query(
  'reports.discrepancies',
  'The discrepancy report of a month: flagged bills with expected, actual, variance, tickets and claims; totals per carrier and overall',
  DiscrepancyInput,
  Discrepancies,
);

// ---- Month summaries -----------------------------------------------------------------------------------------

export const SummaryRow = z.object({
  id: Id.nullable(),
  name: z.string(),
  accounts: z.number().int(),
  entered: z.number().int(),
  ok: z.number().int(),
  flagged: z.number().int(),
  expected_cents: TotalCents,
  actual_cents: TotalCents,
  variance_cents: TotalCents,
  at_stake_cents: TotalCents,
});
export type SummaryRow = z.infer<typeof SummaryRow>;

/** The month's totals carry the same figures as a row, without the row's name. */
export const SummaryTotals = SummaryRow.omit({ id: true, name: true });

const MonthSummary = z.object({ month: Month, rows: z.array(SummaryRow), totals: SummaryTotals });

export const monthByCustomer = query('reports.monthByCustomer', 'A month\'s bills summed per customer', z.object({ month: Month }), MonthSummary);
export const monthByCarrier = query('reports.monthByCarrier', 'A month\'s bills summed per carrier', z.object({ month: Month }), MonthSummary);

// ---- OK to Pay register --------------------------------------------------------------------------------------

export const okToPay = query(
  'reports.okToPay',
  'The OK-to-Pay register of a month (the ready-to-pay register) with its total; the bills changed since approval apart, not in the total',
  z.object({ month: Month }),
  z.object({
    month: Month,
    rows: z.array(RegisterRow),
    totals: z.object({ bills: z.number().int(), expected_cents: TotalCents, actual_cents: TotalCents, variance_cents: TotalCents }),
    changed_since_approval: z.array(RegisterRow),
  }),
);

// ---- Ticket ageing -------------------------------------------------------------------------------------------

export const AGE_BUCKETS = ['0-30', '31-60', '61-90', '90+'] as const;

export const AgeingRow = z.object({
  ticket_id: Id,
  number: z.number().int(),
  title: z.string(),
  status: TicketStatus,
  carriers: z.string(),
  customers: z.string(),
  claim_number: z.string().nullable(),
  assignee: z.string().nullable(),
  opened_on: CalendarDate,
  age_days: z.number().int(),
  bucket: z.enum(AGE_BUCKETS),
  due_date: CalendarDate.nullable(),
  days_overdue: z.number().int().nullable(),
  at_stake_cents: TotalCents,
  expected_credit_cents: TotalCents.nullable(),
  received_cents: TotalCents,
  owed_cents: TotalCents.nullable(),
});
export type AgeingRow = z.infer<typeof AgeingRow>;

export const ticketAgeing = query(
  'reports.ticketAgeing',
  'Open tickets by age (days since opened) with what is at stake, expected and received',
  z.object({ as_of: CalendarDate.optional(), carrier_id: Id.optional(), customer_id: Id.optional() }),
  z.object({
    as_of: CalendarDate,
    rows: z.array(AgeingRow),
    buckets: z.array(z.object({ bucket: z.enum(AGE_BUCKETS), tickets: z.number().int(), at_stake_cents: TotalCents })),
    totals: z.object({ tickets: z.number().int(), overdue: z.number().int(), at_stake_cents: TotalCents, expected_credit_cents: TotalCents, received_cents: TotalCents, owed_cents: TotalCents }),
  }),
);

// ---- Credits recovered ---------------------------------------------------------------------------------------

export const CreditRow = z.object({
  credit_id: Id,
  month: Month,
  customer_id: Id.nullable(),
  customer: z.string().nullable(),
  carrier: z.string().nullable(),
  account: z.string().nullable(),
  ticket_number: z.number().int(),
  claim_number: z.string().nullable(),
  note: z.string().nullable(),
  amount_cents: TotalCents,
});
export type CreditRow = z.infer<typeof CreditRow>;

export const credits = query(
  'reports.credits',
  'Credits recovered from carriers, per month and per customer, between two months (inclusive)',
  /** One customer's credits (the value report for that customer): by id, or by name (exact, ignoring case). */
  z.object({ from: Month, to: Month, customer_id: Id.optional(), customer: Name.optional() }),
  z.object({
    from: Month,
    to: Month,
    rows: z.array(CreditRow),
    by_month: z.array(z.object({ month: Month, credits: z.number().int(), amount_cents: TotalCents })),
    by_customer: z.array(z.object({ customer_id: Id.nullable(), customer: z.string(), credits: z.number().int(), amount_cents: TotalCents })),
    totals: z.object({ credits: z.number().int(), amount_cents: TotalCents }),
  }),
);

// ---- Missing bills -------------------------------------------------------------------------------------------

export const MissingRow = z.object({
  account_id: Id,
  customer: z.string().nullable(),
  location: z.string().nullable(),
  carrier: z.string(),
  account: z.string(),
  expected_cents: TotalCents.nullable(),
  /** The day the bill was due to arrive, from the carrier's bill day. */
  expected_by: CalendarDate.nullable(),
  tickets: z.string().nullable(),
});
export type MissingRow = z.infer<typeof MissingRow>;

export const missingBills = query(
  'reports.missingBills',
  'Accounts whose bill for the month has not arrived',
  z.object({ month: Month, carrier_id: Id.optional(), customer_id: Id.optional() }),
  z.object({ month: Month, rows: z.array(MissingRow), totals: z.object({ bills: z.number().int(), expected_cents: TotalCents }) }),
);

// ---- Contracts ending ----------------------------------------------------------------------------------------

export const EndingRow = z.object({
  contract_id: Id,
  customer: z.string().nullable(),
  carrier: z.string(),
  account: z.string(),
  start_date: CalendarDate.nullable(),
  end_date: CalendarDate,
  days_left: z.number().int(),
  auto_renew: z.boolean(),
  monthly_cents: TotalCents.nullable(),
});
export type EndingRow = z.infer<typeof EndingRow>;

export const contractsEnding = query(
  'reports.contractsEnding',
  'Contracts ending within a number of days of a day (default: the next 90 days from today)',
  z.object({ from: CalendarDate.optional(), days: z.number().int().min(1).max(3660).optional() }),
  z.object({ from: CalendarDate, to: CalendarDate, rows: z.array(EndingRow), totals: z.object({ contracts: z.number().int(), monthly_cents: TotalCents }) }),
);

// ---- Export ----------------------------------------------------------------------------------------------------

export const REPORT_IDS = [
  'discrepancies',
  'monthByCustomer',
  'monthByCarrier',
  'okToPay',
  'ticketAgeing',
  'credits',
  'missingBills',
  'contractsEnding',
] as const;
export const ReportId = z.enum(REPORT_IDS);
export type ReportId = z.infer<typeof ReportId>;

export const ExportFormat = z.enum(['csv', 'xlsx', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportFile = z.object({ file_name: z.string(), content_type: z.string(), bytes: z.instanceof(Uint8Array) });

export const exportReport = query(
  'reports.export',
  'One report as a CSV, XLSX or PDF file (input: the report\'s own input)',
  z.object({ report: ReportId, format: ExportFormat, input: z.record(z.string(), z.unknown()) }),
  ExportFile,
);

export const shareWithCarriers = query(
  'reports.shareWithCarriers',
  'The discrepancy report as one file per carrier: written into a folder (desktop and command line) or returned as one zip (web)',
  DiscrepancyInput.extend({
    format: ExportFormat,
    /** An absolute folder on this machine; refused over HTTP (a browser cannot name a folder on the server). */
    folder: z.string().min(1).max(4096).optional(),
  }),
  z.object({
    files: z.array(z.object({ carrier: z.string(), file_name: z.string(), bills: z.number().int(), path: z.string().nullable() })),
    /** The zip of every file, when no folder was given. */
    zip: ExportFile.nullable(),
  }),
);

// ---- Dashboard -------------------------------------------------------------------------------------------------

/** Each widget's figures are present only when the caller may see that widget (core/widgets.ts ids, widget groups
 *  and module view, as widgets.mine says); the others are left out, not computed. */
export const Dashboard = z.object({
  month: Month,
  today: CalendarDate,
  /** month-progress */
  progress: z.object({ accounts: z.number().int(), entered: z.number().int(), expected_bills: z.number().int(), expected_entered: z.number().int() }).optional(),
  /** flagged-bills */
  flagged: z.object({ bills: z.number().int(), at_stake_cents: TotalCents, over: z.number().int(), under: z.number().int(), missing: z.number().int(), unexpected: z.number().int() }).optional(),
  /** open-tickets */
  tickets_by_status: z.array(z.object({ status: TicketStatus, tickets: z.number().int() })).optional(),
  /** overdue-tickets */
  overdue: z.object({ tickets: z.number().int(), top: z.array(z.object({ id: Id, number: z.number().int(), title: z.string(), due_date: CalendarDate.nullable(), at_stake_cents: TotalCents })) }).optional(),
  /** credits-recovered */
  credits_year: z.object({ year: z.string(), credits: z.number().int(), amount_cents: TotalCents }).optional(),
  /** missing-bills */
  missing: z.object({ bills: z.number().int(), expected_cents: TotalCents }).optional(),
  /** contracts-ending */
  contracts_ending: z.object({ days: z.number().int(), contracts: z.number().int() }).optional(),
  /** expected-vs-actual (empty with with_series: false) */
  series: z.array(z.object({ month: Month, expected_cents: TotalCents, actual_cents: TotalCents, entered: z.number().int() })).optional(),
  /** largest-variances */
  largest_variances: z
    .array(z.object({ account_id: Id, account: z.string(), carrier: z.string(), customer: z.string().nullable(), status: BillStatus, variance_cents: TotalCents }))
    .optional(),
});
export type Dashboard = z.infer<typeof Dashboard>;

export const dashboard = query(
  'reports.dashboard',
  'The home dashboard\'s figures for a month, for the widgets the caller may see: progress, money at stake, tickets, credits, missing bills, contracts ending, 24 months of expected vs actual and the largest variances',
  z.object({
    month: Month,
    today: CalendarDate.optional(),
    months: z.number().int().min(1).max(60).optional(),
    /** false leaves the months series empty (the home screen loads it separately with reports.monthSeries). */
    with_series: z.boolean().optional(),
  }),
  Dashboard,
);

export const MonthSeries = z.array(z.object({ month: Month, expected_cents: TotalCents, actual_cents: TotalCents, entered: z.number().int() }));

export const monthSeries = query(
  'reports.monthSeries',
  'Expected and actual totals (month.check\'s) for each of the months up to a month (default 24)',
  z.object({ month: Month, months: z.number().int().min(1).max(60).optional() }),
  z.object({ series: MonthSeries }),
);
