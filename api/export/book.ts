// The book export: one row per service in the columns import.book reads, plus a row for each record no service
// carries (see BookRecord), so that an exported file imports back into an empty database and exports again unchanged. CSV through toCsv (BOM, formulas neutralised), XLSX through
// toXlsx (account numbers and circuit ids as text, amounts as numbers, dates as date cells).
import type { Ctx } from '../context.ts';
import { scopeClause } from '../scope.ts';
import { stmt } from '../write.ts';
import { toCsv, type Column } from './csv.ts';
import { toXlsx, type XlsxColumn } from './xlsx.ts';
import { bpToPercentString } from '../../core/tolerance.ts';
import { centsToDecimalString } from '../../core/money.ts';
import { FIELD_PREFIX } from '../import/book.ts';
import { udfColumns, udfHeader, type UdfEntity } from '../admin/udf.ts';

/** The record types whose user-defined fields a book row carries, in column order. */
export const BOOK_UDF_ENTITIES = ['customers', 'locations', 'services', 'contracts'] as const satisfies readonly UdfEntity[];

/** What a book row stands for: a service (the default, and every row of an older file), or a record the services
 *  do not carry: an account with no service yet, a location or customer with no account, a carrier with no account,
 *  a one-off expectation of an account's month, or a price step from a month on. */
export type BookRecord = 'service' | 'account' | 'location' | 'customer' | 'carrier' | 'one_off' | 'step';

interface ExportRow {
  record: BookRecord;
  customer_id: string | null;
  location_id: string | null;
  carrier_id: string | null;
  service_id: string | null;
  contract_id: string | null;
  customer: string | null;
  customer_code: string | null;
  location: string | null;
  carrier: string | null;
  account: string | null;
  service: string | null;
  circuit_id: string | null;
  status: string | null;
  install_date: string | null;
  disconnect_date: string | null;
  group_name: string | null;
  service_type: string | null;
  group_fields: string | null;
  monthly_cents: number | null;
  fields_json: string | null;
  expected_source: string | null;
  contract_cents: number | null;
  tolerance_pct_bp: number | null;
  tolerance_amount_cents: number | null;
  tolerance_mode: string | null;
  start_date: string | null;
  end_date: string | null;
  start_month: string | null;
  end_month: string | null;
  auto_renew: number | null;
  /** the account number of the contract's own account, when the contract covers this account by a link */
  contract_account: string | null;
  /** one_off: the month; step: the first month */
  month: string | null;
  amount_cents: number | null;
  note: string | null;
  account_id: string | null;
}

const blank = (record: BookRecord): ExportRow => ({
  record, customer_id: null, location_id: null, carrier_id: null, service_id: null, contract_id: null, customer: null, customer_code: null,
  location: null, carrier: null, account: null, service: null, circuit_id: null, status: null, install_date: null, disconnect_date: null,
  group_name: null, service_type: null, group_fields: null, monthly_cents: null, fields_json: null, expected_source: null, contract_cents: null,
  tolerance_pct_bp: null, tolerance_amount_cents: null, tolerance_mode: null, start_date: null, end_date: null, start_month: null, end_month: null,
  auto_renew: null, contract_account: null, month: null, amount_cents: null, note: null, account_id: null,
});

// Every account in the book with its services (an account without one gives one row with no service), and the
// latest live contract covering it (its own or by a link), found once per account.
const SQL = (where: string, serviceLive: string) => `
WITH covered AS (
  SELECT c.billing_account_id AS account_id, c.* FROM contracts c WHERE c.retired_at IS NULL
  UNION ALL
  SELECT x.billing_account_id AS account_id, c.* FROM contract_accounts x JOIN contracts c ON c.id = x.contract_id
  WHERE x.retired_at IS NULL AND c.retired_at IS NULL),
latest AS (
  SELECT * FROM (SELECT cv.*, ROW_NUMBER() OVER (PARTITION BY cv.account_id ORDER BY cv.start_date DESC, cv.created_at DESC) AS n
                 FROM covered cv) WHERE n = 1)
SELECT CASE WHEN s.id IS NULL THEN 'account' ELSE 'service' END AS record,
  cu.id AS customer_id, COALESCE(slo.id, alo.id) AS location_id, ca.id AS carrier_id, ba.id AS account_id, s.id AS service_id, ct.id AS contract_id,
  cu.name AS customer, cu.code AS customer_code, COALESCE(slo.name, alo.name) AS location, ca.name AS carrier,
  ba.account_number AS account, s.description AS service, s.circuit_id, s.status, s.install_date, s.disconnect_date,
  g.name AS group_name, s.service_type, g.fields_json AS group_fields, s.monthly_cents, s.fields_json,
  ct.expected_source, ct.expected_cents AS contract_cents, ct.tolerance_pct_bp, ct.tolerance_amount_cents, ct.tolerance_mode,
  ct.start_date, ct.end_date, ba.start_month, ba.end_month, ct.auto_renew,
  CASE WHEN ct.billing_account_id <> ba.id THEN (SELECT o.account_number FROM billing_accounts o WHERE o.id = ct.billing_account_id) END AS contract_account,
  NULL AS month, NULL AS amount_cents, NULL AS note
FROM billing_accounts ba
JOIN carriers ca ON ca.id = ba.carrier_id
LEFT JOIN services s ON s.billing_account_id = ba.id AND ${serviceLive}
LEFT JOIN customers cu ON cu.id = ba.customer_id
LEFT JOIN locations slo ON slo.id = s.location_id
LEFT JOIN locations alo ON alo.id = ba.location_id
LEFT JOIN service_groups g ON g.id = s.group_id
LEFT JOIN latest ct ON ct.account_id = ba.id
WHERE ba.in_book = 1 AND ${where}
ORDER BY ba.id, s.rowid`;

/** ASCII-only case folding, as SQLite's NOCASE compares names. */
const fold = (s: string | null) => (s ?? '').replace(/[A-Z]/g, (c) => c.toLowerCase());
const RANK: Record<BookRecord, number> = { carrier: 0, customer: 1, location: 2, service: 3, account: 3, one_off: 4, step: 5 };

/** The book's row order, which depends only on what the rows say (never on ids or creation order), so that two
 *  databases holding the same book export the same bytes: customer, carrier, account, then a service's place in
 *  its account. */
function sortRows(rows: ExportRow[]): ExportRow[] {
  const keyed = rows.map((r, i) => ({
    r,
    i,
    k: [fold(r.customer), r.customer_code ?? '', fold(r.carrier), r.account ?? '', RANK[r.record], r.record === 'location' ? fold(r.location) : (r.month ?? '')] as (string | number)[],
  }));
  keyed.sort((a, b) => {
    for (let j = 0; j < a.k.length; j++) if (a.k[j] !== b.k[j]) return a.k[j]! < b.k[j]! ? -1 : 1;
    return a.i - b.i;
  });
  return keyed.map((x) => x.r);
}

interface Details {
  customers: Map<string, { stage: string; notes: string | null }>;
  locations: Map<string, { address: string | null; is_main: number }>;
  carriers: Map<string, { account_rep_contact: string | null; dispute_contact: string | null; bill_day: number | null; dispute_window_days: number | null; notes: string | null }>;
}

/** The rows the services do not give: locations, customers and carriers with no account in the export, and each
 *  exported account's one-offs (not withdrawn ones, kept as 0) and live price steps. */
function extraRows(ctx: Ctx, input: { customer_id?: string; include_retired?: boolean }, rows: ExportRow[]): ExportRow[] {
  const sc = scopeClause(ctx, 'cu.id');
  const live = (a: string) => (input.include_retired ? '1' : `${a}.retired_at IS NULL`);
  const only = input.customer_id ? ' AND cu.id = ?' : '';
  const params = [...sc.params, ...(input.customer_id ? [input.customer_id] : [])];
  const out: ExportRow[] = [];
  const usedLocations = new Set(rows.map((r) => r.location_id));
  const usedCustomers = new Set(rows.map((r) => r.customer_id));
  const locs = stmt(ctx, `SELECT l.id, l.name, cu.id AS customer_id, cu.name AS customer, cu.code FROM locations l JOIN customers cu ON cu.id = l.customer_id
    WHERE ${live('l')} AND ${live('cu')} AND ${sc.sql}${only}`).all(...params) as { id: string; name: string; customer_id: string; customer: string; code: string | null }[];
  for (const l of locs) {
    usedCustomers.add(l.customer_id);
    if (!usedLocations.has(l.id)) out.push({ ...blank('location'), customer_id: l.customer_id, customer: l.customer, customer_code: l.code, location_id: l.id, location: l.name });
  }
  const custs = stmt(ctx, `SELECT cu.id, cu.name, cu.code FROM customers cu WHERE ${live('cu')} AND ${sc.sql}${only}`).all(...params) as { id: string; name: string; code: string | null }[];
  for (const c of custs) if (!usedCustomers.has(c.id)) out.push({ ...blank('customer'), customer_id: c.id, customer: c.name, customer_code: c.code });
  // Carriers belong to no customer: only a whole book carries those with no account.
  if (!input.customer_id && ctx.scope === null) {
    const usedCarriers = new Set(rows.map((r) => r.carrier_id));
    const cars = stmt(ctx, `SELECT ca.id, ca.name FROM carriers ca WHERE ${live('ca')}`).all() as { id: string; name: string }[];
    for (const c of cars) if (!usedCarriers.has(c.id)) out.push({ ...blank('carrier'), carrier_id: c.id, carrier: c.name });
  }
  const firstOf = new Map<string, ExportRow>();
  for (const r of rows) if (r.account_id && !firstOf.has(r.account_id)) firstOf.set(r.account_id, r);
  const ids = JSON.stringify([...firstOf.keys()]);
  const who = (record: BookRecord, a: ExportRow): ExportRow => ({ ...blank(record), customer: a.customer, customer_code: a.customer_code, location: a.location, carrier: a.carrier, account: a.account });
  const once = stmt(ctx, 'SELECT billing_account_id AS a, month, amount_cents, note FROM expected_overrides WHERE amount_cents <> 0 AND billing_account_id IN (SELECT value FROM json_each(?))').all(ids) as {
    a: string; month: string; amount_cents: number; note: string | null;
  }[];
  for (const o of once) out.push({ ...who('one_off', firstOf.get(o.a)!), month: o.month, amount_cents: o.amount_cents, note: o.note });
  const steps = stmt(ctx, 'SELECT billing_account_id AS a, from_month, amount_cents, note FROM expected_steps WHERE retired_at IS NULL AND billing_account_id IN (SELECT value FROM json_each(?))').all(ids) as {
    a: string; from_month: string; amount_cents: number; note: string | null;
  }[];
  for (const s of steps) out.push({ ...who('step', firstOf.get(s.a)!), month: s.from_month, amount_cents: s.amount_cents, note: s.note });
  return out;
}

function loadDetails(ctx: Ctx): Details {
  const m = <T>(sql: string) => new Map((stmt(ctx, sql).all() as (T & { id: string })[]).map((r) => [r.id, r]));
  return {
    customers: m('SELECT id, stage, notes FROM customers'),
    locations: m('SELECT id, address, is_main FROM locations'),
    carriers: m('SELECT id, account_rep_contact, dispute_contact, bill_day, dispute_window_days, notes FROM carriers'),
  };
}


export async function exportBook(ctx: Ctx, input: { format: 'csv' | 'xlsx'; customer_id?: string; include_retired?: boolean }) {
  const sc = scopeClause(ctx, 'ba.customer_id');
  const where = [sc.sql, input.include_retired ? '1' : 'ba.retired_at IS NULL'];
  const params: unknown[] = [...sc.params];
  if (input.customer_id) {
    where.push('ba.customer_id = ?');
    params.push(input.customer_id);
  }
  const accountRows = stmt(ctx, SQL(where.join(' AND '), input.include_retired ? '1' : 's.retired_at IS NULL')).all(...params) as ExportRow[];
  const details = loadDetails(ctx);
  const rows = sortRows([...accountRows, ...extraRows(ctx, input, accountRows)]);

  // Field columns: every key a group of an exported service defines, money fields written as amounts.
  // The header names each field's type (field.<key>:<type>) so an import into another database types it too.
  const moneyKeys = new Set<string>();
  const keys = new Map<string, string>();
  const seenGroups = new Set<string>();
  for (const r of rows) {
    if (!r.group_fields || seenGroups.has(r.group_fields)) continue;
    seenGroups.add(r.group_fields);
    for (const f of JSON.parse(r.group_fields) as { key: string; type: string }[]) {
      if (!keys.has(f.key)) keys.set(f.key, f.type);
      if (f.type === 'money') moneyKeys.add(f.key);
    }
  }
  const fieldsOf = new Map<string, Record<string, string | number | null>>();
  const fieldValue = (r: ExportRow, key: string) => {
    if (r.fields_json === null) return null;
    let f = fieldsOf.get(r.fields_json);
    if (!f) fieldsOf.set(r.fields_json, (f = JSON.parse(r.fields_json) as Record<string, string | number | null>));
    const v = f[key];
    if (v === undefined || v === null) return null;
    return moneyKeys.has(key) && typeof v === 'number' ? centsToDecimalString(v) : String(v);
  };

  // User-defined fields of the row's customer, location, service and contract: "Customer: GL code", amounts as
  // plain decimals, dates YYYY-MM-DD (import.book reads them back by the same headers).
  const recordOf: Record<(typeof BOOK_UDF_ENTITIES)[number], (r: ExportRow) => string | null> = {
    customers: (r) => r.customer_id,
    locations: (r) => r.location_id,
    services: (r) => r.service_id,
    contracts: (r) => r.contract_id,
  };
  const udfCols: Column<ExportRow>[] = [];
  for (const entity of BOOK_UDF_ENTITIES) {
    const of = recordOf[entity];
    const ids = [...new Set(rows.map(of).filter((id): id is string => id !== null))];
    const u = udfColumns(ctx, entity, ids);
    const memo = new Map<string, string[]>();
    const cellsOf = (r: ExportRow) => {
      const id = of(r);
      if (id === null) return null;
      let c = memo.get(id);
      if (!c) memo.set(id, (c = u.cells(id)));
      return c;
    };
    u.headers.forEach((label, i) => udfCols.push({ header: udfHeader(entity, label), text: (r) => cellsOf(r)?.[i] || null }));
  }

  const entered = (r: ExportRow) => (r.expected_source === 'entered' ? r.contract_cents : null);
  const text = (header: string, f: (r: ExportRow) => string | null): Column<ExportRow> => ({ header, text: f });
  const cents = (header: string, f: (r: ExportRow) => number | null): Column<ExportRow> => ({ header, cents: f });
  const date = (header: string, f: (r: ExportRow) => string | null): XlsxColumn<ExportRow> => (input.format === 'xlsx' ? { header, date: f } : { header, text: f });
  // A record's own details travel on every row that names it (as its user-defined fields do); one-off and step
  // rows only name their account.
  const named = (r: ExportRow) => r.record !== 'one_off' && r.record !== 'step';
  const customerOf = (r: ExportRow) => (named(r) && r.customer_id ? details.customers.get(r.customer_id) : undefined);
  const locationOf = (r: ExportRow) => (named(r) && r.location_id ? details.locations.get(r.location_id) : undefined);
  const carrierOf = (r: ExportRow) => (named(r) && r.carrier_id ? details.carriers.get(r.carrier_id) : undefined);
  const int = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
  const columns: XlsxColumn<ExportRow>[] = [
    text('customer', (r) => r.customer),
    text('customer_code', (r) => r.customer_code),
    text('location', (r) => r.location),
    text('carrier', (r) => r.carrier),
    text('account', (r) => r.account),
    text('service', (r) => r.service),
    text('circuit_id', (r) => r.circuit_id),
    text('status', (r) => r.status),
    date('install_date', (r) => r.install_date),
    date('disconnect_date', (r) => r.disconnect_date),
    text('group', (r) => r.group_name),
    text('service_type', (r) => r.service_type),
    cents('expected', (r) => r.monthly_cents),
    cents('account_expected', entered),
    text('tolerance_pct', (r) => (r.tolerance_pct_bp === null ? null : bpToPercentString(r.tolerance_pct_bp))),
    cents('tolerance_amount', (r) => r.tolerance_amount_cents),
    text('tolerance_mode', (r) => r.tolerance_mode),
    // The account's months, then the contract's own dates.
    text('start', (r) => r.start_month),
    text('end', (r) => r.end_month),
    date('contract_start', (r) => r.start_date),
    date('contract_end', (r) => r.end_date),
    text('auto_renew', (r) => (r.auto_renew === null ? null : r.auto_renew ? 'yes' : 'no')),
    // New columns come after the layout's first ones, so older readers of the book find theirs where they were.
    // "service" rows are written with an empty record cell: the book as it always was.
    text('record', (r) => (r.record === 'service' ? null : r.record)),
    text('contract_account', (r) => r.contract_account),
    text('customer_stage', (r) => customerOf(r)?.stage ?? null),
    text('customer_notes', (r) => customerOf(r)?.notes ?? null),
    text('location_address', (r) => locationOf(r)?.address ?? null),
    text('location_main', (r) => { const l = locationOf(r); return l ? (l.is_main ? 'yes' : 'no') : null; }),
    text('carrier_rep_contact', (r) => carrierOf(r)?.account_rep_contact ?? null),
    text('carrier_dispute_contact', (r) => carrierOf(r)?.dispute_contact ?? null),
    text('carrier_bill_day', (r) => int(carrierOf(r)?.bill_day)),
    text('carrier_dispute_window', (r) => int(carrierOf(r)?.dispute_window_days)),
    text('carrier_notes', (r) => carrierOf(r)?.notes ?? null),
    text('expectation_month', (r) => r.month),
    cents('expectation_amount', (r) => r.amount_cents),
    text('expectation_note', (r) => r.note),
    ...[...keys.keys()].sort().map((k) => text(`${FIELD_PREFIX}${k}:${keys.get(k)}`, (r) => fieldValue(r, k))),
    ...udfCols,
  ];
  const stamp = new Date().toISOString().slice(0, 10);
  if (input.format === 'csv') {
    const csv = toCsv(rows, columns.map((c) => ('date' in c ? { header: c.header, text: c.date } : c)));
    return { file_name: `book-${stamp}.csv`, data: new TextEncoder().encode(csv), rows: rows.length };
  }
  return { file_name: `book-${stamp}.xlsx`, data: await toXlsx(rows, columns, 'Book'), rows: rows.length };
}
