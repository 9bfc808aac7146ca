// The database schema as code. drizzle-kit generates db/migrations from this file (`npm run db:generate`);
// db/open.ts applies them whenever a database opens. Money is INTEGER cents, months are 'YYYY-MM' text,
// calendar dates 'YYYY-MM-DD' text, instants ISO-8601 UTC text, ids UUID text (safe to merge when syncing).
import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

const id = () => text('id').primaryKey();
const stamps = {
  created_at: text('created_at').notNull(),
  updated_at: text('updated_at').notNull(),
};
// Rows that history points at are retired (tombstoned), never deleted.
const retired_at = () => text('retired_at');

export const company = sqliteTable('company', {
  id: id(),
  name: text('name').notNull(),
  currency: text('currency').notNull().default('USD'),
  locale: text('locale').notNull().default('en-US'),
  ...stamps,
});

export const customers = sqliteTable(
  'customers',
  {
    id: id(),
    name: text('name').notNull(),
    code: text('code'),
    stage: text('stage').notNull().default('active'),
    notes: text('notes'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('customers_name').on(t.name)],
);

export const locations = sqliteTable(
  'locations',
  {
    id: id(),
    customer_id: text('customer_id').notNull().references(() => customers.id),
    name: text('name').notNull(),
    address: text('address'),
    is_main: integer('is_main', { mode: 'boolean' }).notNull().default(false),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('locations_customer').on(t.customer_id, t.name)],
);

export const carriers = sqliteTable(
  'carriers',
  {
    id: id(),
    name: text('name').notNull(),
    dispute_contact: text('dispute_contact'),
    bill_day: integer('bill_day'),
    dispute_window_days: integer('dispute_window_days'),
    notes: text('notes'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('carriers_name').on(t.name)],
);

export const serviceGroups = sqliteTable('service_groups', {
  id: id(),
  name: text('name').notNull().unique(),
  fields_json: text('fields_json').notNull().default('[]'),
  carries_expected: integer('carries_expected', { mode: 'boolean' }).notNull().default(true),
  retired_at: retired_at(),
  ...stamps,
});

export const billingAccounts = sqliteTable(
  'billing_accounts',
  {
    id: id(),
    carrier_id: text('carrier_id').notNull().references(() => carriers.id),
    // Null while an account is known only from a bill that named it (not in the book yet).
    customer_id: text('customer_id').references(() => customers.id),
    location_id: text('location_id').references(() => locations.id),
    account_number: text('account_number').notNull(),
    start_month: text('start_month'),
    end_month: text('end_month'),
    in_book: integer('in_book', { mode: 'boolean' }).notNull().default(true),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [
    uniqueIndex('billing_accounts_carrier_number').on(t.carrier_id, t.account_number),
    index('billing_accounts_customer').on(t.customer_id),
  ],
);

export const services = sqliteTable(
  'services',
  {
    id: id(),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    location_id: text('location_id').references(() => locations.id),
    carrier_id: text('carrier_id').notNull().references(() => carriers.id),
    group_id: text('group_id').references(() => serviceGroups.id),
    // Stable key of a service inside its account, so re-importing a book updates instead of duplicating.
    import_key: text('import_key'),
    description: text('description').notNull().default(''),
    circuit_id: text('circuit_id'),
    status: text('status', { enum: ['ordered', 'active', 'disconnected'] }).notNull().default('active'),
    install_date: text('install_date'),
    disconnect_date: text('disconnect_date'),
    monthly_cents: integer('monthly_cents').notNull().default(0),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [
    index('services_account').on(t.billing_account_id),
    uniqueIndex('services_account_key').on(t.billing_account_id, t.import_key),
  ],
);

export const contracts = sqliteTable(
  'contracts',
  {
    id: id(),
    customer_id: text('customer_id').references(() => customers.id),
    carrier_id: text('carrier_id').notNull().references(() => carriers.id),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    start_date: text('start_date'),
    end_date: text('end_date'),
    auto_renew: integer('auto_renew', { mode: 'boolean' }).notNull().default(false),
    // 'services': the expected bill is the sum of the account's active services; 'entered': expectedCents.
    expected_source: text('expected_source', { enum: ['services', 'entered'] }).notNull().default('services'),
    expected_cents: integer('expected_cents'),
    tolerance_pct_bp: integer('tolerance_pct_bp'),
    tolerance_amount_cents: integer('tolerance_amount_cents'),
    tolerance_mode: text('tolerance_mode', { enum: ['either', 'both'] }).notNull().default('either'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('contracts_account').on(t.billing_account_id)],
);

// A one-off expectation for one account and month (an install fee, a price step), added to the expected bill.
export const expectedOverrides = sqliteTable(
  'expected_overrides',
  {
    id: id(),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    month: text('month').notNull(),
    amount_cents: integer('amount_cents').notNull(),
    note: text('note'),
    ...stamps,
  },
  (t) => [uniqueIndex('expected_overrides_account_month').on(t.billing_account_id, t.month)],
);

export const actuals = sqliteTable(
  'actuals',
  {
    id: id(),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    month: text('month').notNull(),
    // Null once cleared: "not entered", which is never the same as 0.
    amount_cents: integer('amount_cents'),
    invoice_number: text('invoice_number'),
    bill_date: text('bill_date'),
    source: text('source', { enum: ['keyed', 'pasted', 'imported', 'filled'] }).notNull(),
    note: text('note'),
    ...stamps,
  },
  (t) => [uniqueIndex('actuals_account_month').on(t.billing_account_id, t.month)],
);

// Each import run, with the rows it rejected, so nothing a user handed in is lost.
export const imports = sqliteTable('imports', {
  id: id(),
  kind: text('kind', { enum: ['book', 'actuals'] }).notNull(),
  file_name: text('file_name').notNull(),
  month: text('month'),
  actor: text('actor').notNull(),
  rows_total: integer('rows_total').notNull(),
  rows_imported: integer('rows_imported').notNull(),
  rows_rejected: integer('rows_rejected').notNull(),
  rejects_json: text('rejects_json').notNull().default('[]'),
  summary_json: text('summary_json').notNull().default('{}'),
  ...stamps,
});

// Append-only: every write, field by field. The API offers no way to edit or delete these rows.
export const auditLog = sqliteTable(
  'audit_log',
  {
    // A plain rowid key: append-only rows keep increasing numbers without AUTOINCREMENT's extra page write.
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    door: text('door').notNull(),
    // One user action (a paste, an import) is one batch: it is also the unit of undo.
    batch_id: text('batch_id').notNull(),
    table_name: text('table_name').notNull(),
    record_id: text('record_id').notNull(),
    action: text('action', { enum: ['insert', 'update', 'retire'] }).notNull(),
    field: text('field'),
    old_value: text('old_value'),
    new_value: text('new_value'),
  },
  (t) => [index('audit_record').on(t.table_name, t.record_id), index('audit_batch').on(t.batch_id)],
);

// Billing tickets: the research and dispute record of one or more flagged bills (issue 5).
export const tickets = sqliteTable(
  'tickets',
  {
    id: id(),
    // A short number for people ("ticket 12"); ids stay the key.
    number: integer('number').notNull(),
    title: text('title').notNull(),
    status: text('status', { enum: ['open', 'researching', 'disputed', 'credit_pending', 'resolved', 'closed_no_credit'] })
      .notNull()
      .default('open'),
    assignee: text('assignee'),
    claim_number: text('claim_number'),
    opened_on: text('opened_on').notNull(),
    // From the carrier's dispute window, computed once when the ticket opens; editable afterwards.
    due_date: text('due_date'),
    expected_credit_cents: integer('expected_credit_cents'),
    resolution_reason: text('resolution_reason'),
    closed_at: text('closed_at'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('tickets_status_due').on(t.status, t.due_date), index('tickets_assignee').on(t.assignee)],
);

// The bills (account and month) a ticket covers, with the bill's status when the ticket opened.
export const ticketBills = sqliteTable(
  'ticket_bills',
  {
    id: id(),
    ticket_id: text('ticket_id').notNull().references(() => tickets.id),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    month: text('month').notNull(),
    status_at_open: text('status_at_open').notNull(),
    variance_at_open_cents: integer('variance_at_open_cents'),
    ...stamps,
  },
  (t) => [
    uniqueIndex('ticket_bills_ticket_bill').on(t.ticket_id, t.billing_account_id, t.month),
    index('ticket_bills_bill').on(t.billing_account_id, t.month),
  ],
);

export const ticketNotes = sqliteTable(
  'ticket_notes',
  {
    id: id(),
    ticket_id: text('ticket_id').notNull().references(() => tickets.id),
    author: text('author').notNull(),
    at: text('at').notNull(),
    text: text('text').notNull(),
    ...stamps,
  },
  (t) => [index('ticket_notes_ticket').on(t.ticket_id, t.at)],
);

// A credit received from the carrier, optionally matched to the later bill (account and month) it appeared on.
export const ticketCredits = sqliteTable(
  'ticket_credits',
  {
    id: id(),
    ticket_id: text('ticket_id').notNull().references(() => tickets.id),
    month: text('month').notNull(),
    amount_cents: integer('amount_cents').notNull(),
    matched_account_id: text('matched_account_id').references(() => billingAccounts.id),
    matched_month: text('matched_month'),
    note: text('note'),
    ...stamps,
  },
  (t) => [index('ticket_credits_ticket').on(t.ticket_id)],
);

// OK to Pay: one approval of one bill. Withdrawing keeps the row (with who, when and why); at most one
// approval per bill is in force (withdrawn_at IS NULL), which the API keeps.
export const approvals = sqliteTable(
  'approvals',
  {
    id: id(),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    month: text('month').notNull(),
    approved_by: text('approved_by').notNull(),
    approved_at: text('approved_at').notNull(),
    // What was approved: the bill's status and actual at that moment.
    status_at_approval: text('status_at_approval').notNull(),
    actual_cents_at_approval: integer('actual_cents_at_approval'),
    override_reason: text('override_reason'),
    withdrawn_at: text('withdrawn_at'),
    withdrawn_by: text('withdrawn_by'),
    withdraw_reason: text('withdraw_reason'),
    ...stamps,
  },
  (t) => [index('approvals_bill').on(t.billing_account_id, t.month), index('approvals_month').on(t.month)],
);
