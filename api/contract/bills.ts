// Carrier bill import profiles, bill imports (preview, chunked import with progress), bills as records with
// their lines, and the audit flags of a month (issue 8).
import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Month, CalendarDate, TotalCents, Locale, Stamps, Retired } from './common.ts';
import { ImportProblem } from './imports.ts';

/** The fields a profile can map to a column of the file. */
export const BILL_FIELDS = [
  'carrier',
  'account',
  'invoice',
  'bill_date',
  'period_start',
  'period_end',
  'month',
  'total',
  'line',
  'line_description',
  'line_amount',
  'customer',
  'location',
] as const;
export const BillField = z.enum(BILL_FIELDS);
export type BillField = z.infer<typeof BillField>;

const Header = z.string().trim().min(1).max(300);

export const ProfileConfig = z.object({
  /** field -> the header of its column (or a column letter like "D" when the header is blank or repeated) */
  columns: z.partialRecord(BillField, Header).default({}),
  /** values for every row when the file has no such column (e.g. the account of a one-account line file) */
  constants: z.partialRecord(z.enum(['account', 'invoice', 'customer', 'location', 'month']), z.string().trim().min(1).max(300)).default({}),
  /** carrier name as written in the file -> the carrier it is filed under (case and spacing ignored) */
  carrier_aliases: z.record(z.string().trim().min(1).max(300), z.string().trim().min(1).max(300)).default({}),
  /** EDI 811: AMT01 qualifiers holding an account's total, in order of preference */
  edi_total_qualifiers: z.array(z.string().trim().min(1).max(3)).max(10).optional(),
});
export type ProfileConfig = z.infer<typeof ProfileConfig>;

const ProfileFields = {
  name: z.string().trim().min(1).max(200),
  format: z.enum(['csv', 'xlsx', 'edi811']),
  carrier_name: z.string().trim().min(1).max(300).nullable(),
  delimiter: z.string().min(1).max(1).nullable(),
  locale: Locale,
  date_format: z.enum(['YMD', 'MDY', 'DMY']),
  header_row: z.number().int().min(1).max(1000),
  sheet: z.string().max(300).nullable(),
  currency: z.string().trim().regex(/^[A-Z]{3}$/, 'must be a three-letter ISO code like USD').nullable(),
  config: ProfileConfig,
};

export const Profile = z.object({ id: Id, ...ProfileFields, ...Retired, ...Stamps });
export type Profile = z.infer<typeof Profile>;

const ProfileCreate = z.object({
  ...ProfileFields,
  carrier_name: ProfileFields.carrier_name.optional(),
  delimiter: ProfileFields.delimiter.optional(),
  locale: Locale.optional(),
  date_format: ProfileFields.date_format.optional(),
  header_row: ProfileFields.header_row.optional(),
  sheet: ProfileFields.sheet.optional(),
  currency: ProfileFields.currency.optional(),
  config: ProfileConfig.optional(),
});

export const profilesList = query('billProfiles.list', 'Carrier bill import profiles', z.object({ include_retired: z.boolean().optional() }), z.array(Profile));
export const profilesGet = query('billProfiles.get', 'One bill import profile', z.object({ id: Id }), Profile);
export const profilesCreate = mutation('billProfiles.create', 'Save a new bill import profile', ProfileCreate, Profile);
export const profilesUpdate = mutation(
  'billProfiles.update',
  'Change a bill import profile',
  z.object({ id: Id, patch: ProfileCreate.partial() }),
  Profile,
);
export const profilesRetire = mutation('billProfiles.retire', 'Retire a bill import profile (kept for the bills it imported)', z.object({ id: Id }), Profile);

const FileInput = {
  /** a saved profile's id or name */
  profile: z.string().min(1).max(200),
  file_name: z.string().min(1).max(1000),
  data: z.instanceof(Uint8Array),
  /** every bill goes to this billing month (else the file's month column, else the bill date's month) */
  month: Month.optional(),
  /** the invoice total printed on the bill, to check the lines against (a file holding one invoice) */
  invoice_total: z.string().max(100).optional(),
  skip_invalid: z.boolean().optional(),
};

export const PreviewRow = z.object({
  /** row in the file (1-based, as a spreadsheet or editor shows it); for EDI 811 the account's place in the file (1, 2, ...) */
  row: z.number().int(),
  /** every mapped field as read (text) */
  values: z.record(z.string(), z.string()),
  /** index into bills of the bill this row belongs to; null when the row has problems */
  bill: z.number().int().nullable(),
});

export const PreviewBill = z.object({
  carrier: z.string(),
  /** the carrier name as the file wrote it, when an alias mapped it */
  carrier_as_written: z.string().nullable(),
  account: z.string(),
  invoice_number: z.string().nullable(),
  bill_date: CalendarDate.nullable(),
  period_start: CalendarDate.nullable(),
  period_end: CalendarDate.nullable(),
  month: Month,
  total_cents: TotalCents,
  line_count: z.number().int(),
  lines_cents: TotalCents.nullable(),
  customer: z.string().nullable(),
  location: z.string().nullable(),
  rows: z.array(z.number().int()),
  /** what importing would do: a new bill, nothing (the same bill is on file), replace an earlier import's bill that has
   *  no invoice number or bill date (a corrected file: same carrier, account, month and profile), or a flagged duplicate not counted */
  outcome: z.enum(['new', 'on_file', 'corrected', 'duplicate']),
  explanation: z.string().nullable(),
  /** false when the account is not in the inventory yet (it is created outside the book) */
  account_known: z.boolean(),
});
export type PreviewBill = z.infer<typeof PreviewBill>;

export const Preview = z.object({
  profile: z.string(),
  file_name: z.string(),
  format: z.enum(['csv', 'xlsx', 'edi811']),
  headers: z.array(z.string()),
  /** field -> the header it was read from */
  columns: z.record(z.string(), z.string()),
  rows: z.array(PreviewRow),
  bills: z.array(PreviewBill),
  problems: z.array(ImportProblem),
  totals: z.object({
    rows: z.number().int(),
    bills: z.number().int(),
    total_cents: TotalCents,
    new: z.number().int(),
    on_file: z.number().int(),
    corrected: z.number().int(),
    duplicate: z.number().int(),
  }),
});
export type Preview = z.infer<typeof Preview>;

export const preview = query('bills.preview', 'Read a bill file through a profile and show every value, bill and problem; writes nothing', z.object(FileInput), Preview);

export const Run = z.object({
  run_id: Id,
  status: z.enum(['pending', 'running', 'done', 'failed']),
  file_name: z.string(),
  bills_total: z.number().int(),
  bills_done: z.number().int(),
  /** bills written, repeats of bills on file (skipped), corrections that replaced an earlier import's bill, duplicates flagged and not counted */
  created: z.number().int(),
  on_file: z.number().int(),
  corrected: z.number().int(),
  duplicates: z.number().int(),
  accounts_created: z.number().int(),
  carriers_created: z.number().int(),
  actuals_changed: z.number().int(),
  problems: z.array(ImportProblem),
  months: z.array(Month),
  batch_ids: z.array(z.string()),
});
export type Run = z.infer<typeof Run>;

export const importStart = mutation(
  'bills.importStart',
  'Check a bill file through a profile and queue its bills; nothing is written if the file has problems (unless skip_invalid)',
  z.object(FileInput),
  Run,
);
export const importStep = mutation(
  'bills.importStep',
  'Write the next chunk of a queued bill import; call until status is done (progress = bills_done / bills_total)',
  z.object({ run_id: Id, chunk: z.number().int().min(1).max(10_000).optional() }),
  Run,
);
export const importRun = query('bills.importRun', 'The progress and result of a bill import', z.object({ run_id: Id }), Run);
export const importFile = mutation('bills.import', 'Import a bill file through a profile in one call (start and every step)', z.object(FileInput), Run);

export const Bill = z.object({
  id: Id,
  carrier_id: Id,
  carrier: z.string(),
  billing_account_id: Id,
  account_number: z.string(),
  month: Month,
  invoice_number: z.string().nullable(),
  bill_date: z.string().nullable(),
  period_start: z.string().nullable(),
  period_end: z.string().nullable(),
  total_cents: TotalCents,
  currency: z.string().nullable(),
  lines_cents: TotalCents.nullable(),
  line_count: z.number().int(),
  duplicate_of: z.string().nullable(),
  duplicate_reason: z.string().nullable(),
  file_name: z.string().nullable(),
  ...Retired,
  ...Stamps,
});
export type Bill = z.infer<typeof Bill>;

export const list = query(
  'bills.list',
  'Bills on file for a month or an account',
  z.object({ month: Month.optional(), account_id: Id.optional(), include_retired: z.boolean().optional(), limit: z.number().int().positive().max(100_000).optional() }),
  z.array(Bill),
);

export const retire = mutation(
  'bills.retire',
  'Take bills back (by id, or every bill of one import): they are retired, kept for history, and the actuals re-summed',
  z.object({ ids: z.array(Id).max(100_000).optional(), run_id: Id.optional() }),
  z.object({ batch_id: z.string(), changed: z.number().int(), actuals_changed: z.number().int() }),
);

export const CompareRow = z.object({
  line_key: z.string(),
  description: z.string().nullable(),
  billed_cents: TotalCents.nullable(),
  service_id: Id.nullable(),
  service: z.string().nullable(),
  service_status: z.string().nullable(),
  expected_cents: TotalCents.nullable(),
  difference_cents: TotalCents.nullable(),
  /** billed and expected agree; billed, not in the inventory; in the inventory, not billed; both, different */
  outcome: z.enum(['match', 'not_in_inventory', 'not_billed', 'differs']),
});

export const compare = query(
  'bills.compare',
  "A bill's lines against the account's services in the inventory, service by service",
  z.object({ bill_id: Id }),
  z.object({ bill: Bill, rows: z.array(CompareRow), billed_cents: TotalCents, expected_cents: TotalCents }),
);

export const FlagRule = z.enum(['duplicate', 'missing', 'trend', 'after_end', 'not_in_inventory', 'lines_mismatch']);
export const Flag = z.object({ rule: FlagRule, explanation: z.string() });
export type Flag = z.infer<typeof Flag>;

export const flags = query(
  'bills.flags',
  'Audit flags of a month beyond the tolerance band, per billing account, each with its explanation',
  z.object({ month: Month, as_of: CalendarDate.optional(), account_ids: z.array(Id).max(100_000).optional() }),
  z.object({ month: Month, as_of: CalendarDate, accounts: z.array(z.object({ account_id: Id, flags: z.array(Flag) })) }),
);

export const loadOxford = mutation(
  'bills.loadOxford',
  'Load the Oxford City Council telecom spend 2014-2018 as bill history (saves the "oxford" profile and imports the monthly totals)',
  z.object({ file_name: z.string().min(1).max(1000), data: z.instanceof(Uint8Array) }),
  Run,
);
