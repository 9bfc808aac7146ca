// The database schema as code. drizzle-kit generates db/migrations from this file (`npm run db:generate`);
// db/open.ts applies them whenever a database opens. Money is INTEGER cents, months are 'YYYY-MM' text,
// calendar dates 'YYYY-MM-DD' text, instants ISO-8601 UTC text, ids UUID text (safe to merge when syncing).
import { sqliteTable, text, integer, index, uniqueIndex, blob } from 'drizzle-orm/sqlite-core';

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
  // Company profile (issue 6): address, billing contact, logo, and the modules the company uses.
  address: text('address'),
  billing_contact: text('billing_contact'),
  billing_email: text('billing_email'),
  logo: blob('logo', { mode: 'buffer' }),
  logo_type: text('logo_type'),
  // The audit trail records the logo's hash when it changes, not its bytes.
  logo_sha256: text('logo_sha256'),
  modules_json: text('modules_json').notNull().default('["tem","inventory","crm"]'),
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
    // Inventory (issue 4): who sells and looks after the account at the carrier.
    account_rep_contact: text('account_rep_contact'),
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
    // Inventory (issue 4): the values of the group's fields, by field key (money in cents).
    fields_json: text('fields_json').notNull().default('{}'),
    // Table maintenance (issue 6): a code of drop-down table service_type; a retired code stays where it was set.
    service_type: text('service_type'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [
    index('services_account').on(t.billing_account_id),
    uniqueIndex('services_account_key').on(t.billing_account_id, t.import_key),
    // Inventory list filters (issue 4).
    // (with retired_at, so counting a carrier's or group's live services reads the index only)
    index('services_carrier').on(t.carrier_id, t.retired_at),
    index('services_group').on(t.group_id, t.retired_at),
    index('services_location').on(t.location_id),
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
    // Table maintenance (issue 6): how the bill arrived (drop-down table bill_source), chosen by the user; `source`
    // above stays the system's provenance of the amount.
    bill_source: text('bill_source'),
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
  (t) => [
    index('audit_record').on(t.table_name, t.record_id),
    index('audit_batch').on(t.batch_id),
    // The trail per user and per month (issue 5).
    index('audit_actor').on(t.actor, t.seq),
    index('audit_at').on(t.at),
  ],
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
    // Drop-down values (issue 6, table maintenance): codes of the lookups lists ticket_category and dispute_reason.
    category: text('category'),
    dispute_reason: text('dispute_reason'),
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
  // The month check subtracts the credits matched to each bill (account and month).
  (t) => [index('ticket_credits_ticket').on(t.ticket_id), index('ticket_credits_matched').on(t.matched_account_id, t.matched_month)],
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
    // What was approved: the bill's status, actual and invoice number at that moment. An approval approves that
    // amount of that invoice: when the bill's actual or invoice differs later, it no longer stands (derived on read,
    // core/approval.ts). The invoice is '' for a bill approved without one, null for approvals made before it was kept.
    status_at_approval: text('status_at_approval').notNull(),
    actual_cents_at_approval: integer('actual_cents_at_approval'),
    invoice_number_at_approval: text('invoice_number_at_approval'),
    override_reason: text('override_reason'),
    withdrawn_at: text('withdrawn_at'),
    withdrawn_by: text('withdrawn_by'),
    withdraw_reason: text('withdraw_reason'),
    ...stamps,
  },
  (t) => [index('approvals_bill').on(t.billing_account_id, t.month), index('approvals_month').on(t.month)],
);

// --- Issue 5 (billing tickets): files attached to a ticket (a PDF of the bill, an email). The bytes live on disk
// in the data folder beside the database, under their SHA-256 (so the same file is stored once); this row holds
// what people see. Removing an attachment retires the row; the bytes stay for history.
export const ticketAttachments = sqliteTable(
  'ticket_attachments',
  {
    id: id(),
    ticket_id: text('ticket_id').notNull().references(() => tickets.id),
    file_name: text('file_name').notNull(),
    mime_type: text('mime_type').notNull(),
    size_bytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    added_by: text('added_by').notNull(),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('ticket_attachments_ticket').on(t.ticket_id)],
);

// ---------------------------------------------------------------------------------------------------------
// Settings and carrier bills (issue 8): installation settings, carrier import profiles, bills as records,
// their lines, and bill import runs (progress and problems).

// Only values that differ from the default (core/settings.ts holds every key, its type and default).
export const settings = sqliteTable('settings', {
  id: id(),
  key: text('key').notNull().unique(),
  value_json: text('value_json').notNull(),
  ...stamps,
});

// How one carrier's bill files are read: format, locale, dates, header row, sheet and which column is which.
export const billProfiles = sqliteTable('bill_profiles', {
  id: id(),
  name: text('name').notNull(),
  format: text('format', { enum: ['csv', 'xlsx', 'edi811'] }).notNull(),
  // A fixed carrier for every bill in the file; null when the file names the carrier in a column.
  carrier_name: text('carrier_name'),
  delimiter: text('delimiter'),
  locale: text('locale').notNull().default('en-US'),
  date_format: text('date_format', { enum: ['YMD', 'MDY', 'DMY'] }).notNull().default('YMD'),
  header_row: integer('header_row').notNull().default(1),
  sheet: text('sheet'),
  currency: text('currency'),
  // field -> header, constants, carrier aliases and line settings: see api/bills/profile.ts
  config_json: text('config_json').notNull().default('{}'),
  retired_at: retired_at(),
  ...stamps,
});

// One carrier invoice for one billing account. The month's actual is the sum of the month's bills that are
// not duplicates (duplicate_of is null) and not retired.
export const bills = sqliteTable(
  'bills',
  {
    id: id(),
    carrier_id: text('carrier_id').notNull().references(() => carriers.id),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    month: text('month').notNull(),
    invoice_number: text('invoice_number'),
    bill_date: text('bill_date'),
    period_start: text('period_start'),
    period_end: text('period_end'),
    total_cents: integer('total_cents').notNull(),
    currency: text('currency'),
    // The sum of the bill's lines when it has lines (it must agree with total_cents).
    lines_cents: integer('lines_cents'),
    line_count: integer('line_count').notNull().default(0),
    duplicate_of: text('duplicate_of'),
    duplicate_reason: text('duplicate_reason'),
    run_id: text('run_id'),
    profile_id: text('profile_id'),
    file_name: text('file_name'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [
    index('bills_account_month').on(t.billing_account_id, t.month),
    index('bills_account_invoice').on(t.billing_account_id, t.invoice_number),
    index('bills_month').on(t.month),
  ],
);

// A bill's charges per line or service; service_id when the line matched a service of the inventory.
export const billLines = sqliteTable(
  'bill_lines',
  {
    id: id(),
    bill_id: text('bill_id').notNull().references(() => bills.id),
    line_key: text('line_key').notNull(),
    description: text('description'),
    amount_cents: integer('amount_cents').notNull(),
    service_id: text('service_id'),
    ...stamps,
  },
  (t) => [index('bill_lines_bill').on(t.bill_id), index('bill_lines_service').on(t.service_id)],
);

// One import of a bill file through a profile: parsed once, then written in chunks so a window can show progress.
export const billImportRuns = sqliteTable('bill_import_runs', {
  id: id(),
  profile_id: text('profile_id').notNull(),
  file_name: text('file_name').notNull(),
  month: text('month'),
  actor: text('actor').notNull(),
  status: text('status', { enum: ['pending', 'running', 'done', 'failed'] }).notNull(),
  bills_total: integer('bills_total').notNull(),
  bills_done: integer('bills_done').notNull().default(0),
  // The parsed bills still to write (cleared when done), and the counts and problems so far.
  pending_json: text('pending_json').notNull().default('[]'),
  summary_json: text('summary_json').notNull().default('{}'),
  problems_json: text('problems_json').notNull().default('[]'),
  ...stamps,
});

// ---- Access and administration (issue 6): users, sign-in sessions, security and widget groups, drop-down
// tables, user-defined fields, company news. Lists of ids are JSON text so one audited update changes them.

export const users = sqliteTable(
  'users',
  {
    id: id(),
    // The sign-in name, also what the audit trail records as the actor.
    name: text('name').notNull(),
    full_name: text('full_name'),
    email: text('email'),
    kind: text('kind', { enum: ['staff', 'client'] }).notNull().default('staff'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    owner: integer('owner', { mode: 'boolean' }).notNull().default(false),
    admin: integer('admin', { mode: 'boolean' }).notNull().default(false),
    manager: integer('manager', { mode: 'boolean' }).notNull().default(false),
    reports_to: text('reports_to'),
    // Modules assigned to this user (paid seats): ["tem","inventory","crm"].
    modules_json: text('modules_json').notNull().default('[]'),
    group_ids_json: text('group_ids_json').notNull().default('[]'),
    widget_group_ids_json: text('widget_group_ids_json').notNull().default('[]'),
    // A client login's customers.
    customer_ids_json: text('customer_ids_json').notNull().default('[]'),
    // scrypt$N$r$p$salt$hash (base64); never in the audit trail, never in an API answer.
    password_hash: text('password_hash'),
    password_changed_at: text('password_changed_at'),
    failed_attempts: integer('failed_attempts').notNull().default(0),
    locked_until: text('locked_until'),
    ...stamps,
  },
  (t) => [uniqueIndex('users_name').on(t.name)],
);

// A signed-in session: the id is the SHA-256 of the token the door holds (a cookie, the main process).
export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    user_id: text('user_id').notNull().references(() => users.id),
    door: text('door').notNull(),
    created_at: text('created_at').notNull(),
    last_seen_at: text('last_seen_at').notNull(),
    ended_at: text('ended_at'),
    end_reason: text('end_reason'),
  },
  (t) => [index('sessions_user').on(t.user_id)],
);

export const securityGroups = sqliteTable('security_groups', {
  id: id(),
  module: text('module').notNull(),
  name: text('name').notNull(),
  permissions_json: text('permissions_json').notNull().default('[]'),
  retired_at: retired_at(),
  ...stamps,
});

export const widgetGroups = sqliteTable('widget_groups', {
  id: id(),
  name: text('name').notNull(),
  widget_ids_json: text('widget_ids_json').notNull().default('[]'),
  retired_at: retired_at(),
  ...stamps,
});

// Drop-down values (customer stages, service types, ticket categories, ...). Records keep the value's code, so a
// retired value (active = false) still shows on old records but is no longer offered.
export const lookups = sqliteTable(
  'lookups',
  {
    id: id(),
    list: text('list').notNull(),
    code: text('code').notNull(),
    label: text('label').notNull(),
    sort_order: integer('sort_order').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...stamps,
  },
  (t) => [uniqueIndex('lookups_list_code').on(t.list, t.code)],
);

export const udfDefs = sqliteTable(
  'udf_defs',
  {
    id: id(),
    entity: text('entity').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: ['text', 'number', 'money', 'date', 'list'] }).notNull(),
    options_json: text('options_json').notNull().default('[]'),
    sort_order: integer('sort_order').notNull().default(0),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...stamps,
  },
  (t) => [uniqueIndex('udf_defs_entity_key').on(t.entity, t.key)],
);

// One field's value on one record: text as typed, number as text, money as integer cents, date 'YYYY-MM-DD'.
export const udfValues = sqliteTable(
  'udf_values',
  {
    id: id(),
    def_id: text('def_id').notNull().references(() => udfDefs.id),
    record_id: text('record_id').notNull(),
    value: text('value'),
    ...stamps,
  },
  (t) => [uniqueIndex('udf_values_def_record').on(t.def_id, t.record_id), index('udf_values_record').on(t.record_id)],
);

export const news = sqliteTable('news', {
  id: id(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  starts_on: text('starts_on'),
  ends_on: text('ends_on'),
  retired_at: retired_at(),
  ...stamps,
});

// ---- Inventory (issue 4): price steps of an account's expected bill, column mappings remembered per file layout,
// and the further accounts a contract covers.

// A price step: amount_cents is added to the account's expected bill in every month from from_month on.
export const expectedSteps = sqliteTable(
  'expected_steps',
  {
    id: id(),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    from_month: text('from_month').notNull(),
    amount_cents: integer('amount_cents').notNull(),
    note: text('note'),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('expected_steps_account').on(t.billing_account_id, t.from_month)],
);

// The column mapping last used for a file layout; layout_key is the file's normalised header row.
export const importMappings = sqliteTable(
  'import_mappings',
  {
    id: id(),
    kind: text('kind').notNull(),
    layout_key: text('layout_key').notNull(),
    map_json: text('map_json').notNull(),
    locale: text('locale'),
    ...stamps,
  },
  (t) => [uniqueIndex('import_mappings_kind_layout').on(t.kind, t.layout_key)],
);

// Further billing accounts a contract covers besides its own (billing_account_id): each account's bill is checked
// against the contract's term and tolerance (an entered total stays with a one-account contract).
export const contractAccounts = sqliteTable(
  'contract_accounts',
  {
    id: id(),
    contract_id: text('contract_id').notNull().references(() => contracts.id),
    billing_account_id: text('billing_account_id').notNull().references(() => billingAccounts.id),
    retired_at: retired_at(),
    ...stamps,
  },
  (t) => [index('contract_accounts_account').on(t.billing_account_id), index('contract_accounts_contract').on(t.contract_id)],
);

// ---- Sync (issue 10): every audited write of a synced table is also a change of one field of one row, stamped
// with a hybrid logical clock (core/hlc.ts) and the node id of the database that made it. The change's text
// (table, row, field, value, who, when) is its audit_log row; this table adds the stamp. On a hosted instance
// audit_seq is also the sequence number clients pull after.
export const syncChanges = sqliteTable(
  'sync_changes',
  {
    audit_seq: integer('audit_seq').primaryKey(),
    hlc: text('hlc').notNull(),
    node: text('node').notNull(),
    // Null: in force (made here, or applied). 'lost': an older change than the field's (kept for the record);
    // 'conflict': the row could not be written (detail says why); 'orphan': its row is not here; 'skipped': a table
    // or column this database does not sync; 'refused': the desk's user may not change it here (never passed on).
    outcome: text('outcome', { enum: ['lost', 'conflict', 'orphan', 'skipped', 'refused'] }),
    detail: text('detail'),
  },
  (t) => [uniqueIndex('sync_changes_id').on(t.hlc, t.node)],
);

// Two desks that each added the same thing offline (the same bill of one account and month) made two rows with
// one unique key. Every copy keeps the row added first (by clock) and maps the other's id to it here.
export const syncAliases = sqliteTable(
  'sync_aliases',
  {
    table_name: text('table_name').notNull(),
    from_id: text('from_id').notNull(),
    to_id: text('to_id').notNull(),
  },
  (t) => [uniqueIndex('sync_aliases_from').on(t.table_name, t.from_id), index('sync_aliases_to').on(t.table_name, t.to_id)],
);

// This database's sync settings: its node id, the linked hosted instance, and how far it pushed and pulled.
export const syncState = sqliteTable('sync_state', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

// On a hosted instance: each desk that pushed, and the last of its changes received in order.
export const syncNodes = sqliteTable('sync_nodes', {
  node: text('node').primaryKey(),
  acked_through: integer('acked_through').notNull(),
  actor: text('actor').notNull(),
  first_seen_at: text('first_seen_at').notNull(),
  last_seen_at: text('last_seen_at').notNull(),
});
