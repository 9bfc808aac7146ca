// The month check as one SQL pass: each account's expected bill (contract total or sum of active services,
// plus a one-off for the month), its tolerance and its actual. Evaluation happens in core/tolerance.
import type { Statement } from 'better-sqlite3';
import { evaluateBill, type Tolerance } from '../../core/tolerance.ts';
import { monthStart, monthEnd } from '../../core/months.ts';
import { monthTotals } from '../../core/totals.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { inScope } from '../scope.ts';
import type { CheckRow, CheckTotals } from '../contract/month.ts';

/** Parts of the book that most databases do not use yet; the SQL leaves out what is not there, so a plain book
 *  is checked by exactly the statement it always was. */
export interface CheckFeatures {
  /** some service group carries no expected charge */
  quietGroups: boolean;
  /** some account has a price step */
  steps: boolean;
  /** some contract covers further accounts */
  links: boolean;
  /** some ticket credit is matched to a bill */
  credits: boolean;
}
export const PLAIN_BOOK: CheckFeatures = { quietGroups: false, steps: false, links: false, credits: false };

/** Where a statement names its month: month.check binds one month (@month…); the series joins a months table
 *  (m.month…). The expected-bill rules below are written once and used by both. */
export interface MonthRefs {
  month: string;
  start: string;
  end: string;
}
export const MONTH_PARAMS: MonthRefs = { month: '@month', start: '@month_start', end: '@month_end' };

/** The account is billed in the month: in the book, not retired (or retired with an end), within its months. */
export const activeSql = (m: MonthRefs) => `(ba.in_book AND (ba.retired_at IS NULL OR ba.end_month IS NOT NULL) AND (ba.start_month IS NULL OR ba.start_month <= ${m.month})
     AND (ba.end_month IS NULL OR ba.end_month >= ${m.month}))`;

/** The sum of the account's services in force during the month (not ordered, installed, not disconnected). */
export const servicesSumSql = (f: CheckFeatures, m: MonthRefs) => `(SELECT SUM(s.monthly_cents) FROM services s
     WHERE s.billing_account_id = ba.id AND s.retired_at IS NULL AND s.status <> 'ordered'
       AND (s.install_date IS NULL OR s.install_date <= ${m.end})
       AND (s.disconnect_date IS NULL OR s.disconnect_date >= ${m.start})${
         f.quietGroups ? `
       AND (s.group_id IS NULL OR s.group_id NOT IN (SELECT g.id FROM service_groups g WHERE g.carries_expected = 0))` : ''
       })`;

/** The price steps in force by the month. */
export const stepSql = (f: CheckFeatures, m: MonthRefs) =>
  f.steps
    ? `(SELECT SUM(st.amount_cents) FROM expected_steps st
     WHERE st.billing_account_id = ba.id AND st.retired_at IS NULL AND st.from_month <= ${m.month})`
    : 'NULL';

/** The contract that applies to the account in the month, joined as ct. */
export const contractJoinSql = (f: CheckFeatures, m: MonthRefs) => `LEFT JOIN contracts ct ON ct.id = (
  SELECT c.id FROM contracts c
  WHERE ${
    f.links
      ? `(c.billing_account_id = ba.id
         OR c.id IN (SELECT x.contract_id FROM contract_accounts x WHERE x.billing_account_id = ba.id AND x.retired_at IS NULL))`
      : 'c.billing_account_id = ba.id'
  }
    AND c.retired_at IS NULL
    AND (c.start_date IS NULL OR c.start_date <= ${m.end})
    AND (c.end_date IS NULL OR c.end_date >= ${m.start}
         OR (c.auto_renew AND NOT EXISTS (SELECT 1 FROM contracts n WHERE n.billing_account_id = ba.id
               AND n.retired_at IS NULL AND n.start_date > COALESCE(c.start_date, ''))))
  ORDER BY c.start_date DESC LIMIT 1)`;

/**
 * The month's one-off expectation less the ticket credits matched to that bill (null: neither). Credits are
 * subtracted on read, not folded into the stored one-off: two desks matching credits to one bill offline would
 * otherwise overwrite each other's figure, and a one-off entered later would replace what the credits took off.
 */
export const overrideSql = (f: CheckFeatures, m: MonthRefs) =>
  f.credits
    ? `NULLIF(COALESCE(o.amount_cents, 0) - COALESCE((SELECT SUM(tc.amount_cents) FROM ticket_credits tc
         WHERE tc.matched_account_id = ba.id AND tc.matched_month = ${m.month}), 0), 0)`
    : 'o.amount_cents';

/** The month's one-off expectation (o) and bill (a). */
export const monthJoinsSql = (m: MonthRefs) => `LEFT JOIN expected_overrides o ON o.billing_account_id = ba.id AND o.month = ${m.month}
LEFT JOIN actuals a ON a.billing_account_id = ba.id AND a.month = ${m.month}`;

const checkBody = (f: CheckFeatures, m: MonthRefs = MONTH_PARAMS) => `
SELECT ba.id AS account_id, ba.customer_id, cu.name AS customer, lo.name AS location, ba.carrier_id, ca.name AS carrier,
  ba.account_number AS account, ba.in_book,
  ${activeSql(m)} AS active,
  ct.expected_source, ct.expected_cents AS contract_cents, ct.tolerance_pct_bp, ct.tolerance_amount_cents, ct.tolerance_mode,
  ${servicesSumSql(f, m)} AS services_cents,
  ${stepSql(f, m)} AS step_cents,
  ${overrideSql(f, m)} AS override_cents,
  a.amount_cents AS actual_cents, a.invoice_number, a.bill_date, a.note, a.source, a.bill_source
FROM billing_accounts ba
JOIN carriers ca ON ca.id = ba.carrier_id
LEFT JOIN customers cu ON cu.id = ba.customer_id
LEFT JOIN locations lo ON lo.id = ba.location_id
${contractJoinSql(f, m)}
${monthJoinsSql(m)}`;

/** The month's rows: active accounts and every bill that arrived. Exported so the benchmark times the same SQL raw. */
export const CHECK_SQL = (where: string, f: CheckFeatures = PLAIN_BOOK) => `${checkBody(f)}
WHERE (active OR a.amount_cents IS NOT NULL) ${where}
ORDER BY ba.customer_id IS NULL, cu.name COLLATE NOCASE, lo.name COLLATE NOCASE, ca.name COLLATE NOCASE, ba.account_number`;

/** Which of the optional parts this database uses (three index-only lookups). */
export function checkFeatures(ctx: Ctx): CheckFeatures {
  const has = (sql: string) => (stmt(ctx, sql).get() as { x: number }).x === 1;
  return {
    quietGroups: has('SELECT EXISTS (SELECT 1 FROM service_groups WHERE carries_expected = 0) AS x'),
    steps: has('SELECT EXISTS (SELECT 1 FROM expected_steps WHERE retired_at IS NULL) AS x'),
    links: has('SELECT EXISTS (SELECT 1 FROM contract_accounts WHERE retired_at IS NULL) AS x'),
    credits: has('SELECT EXISTS (SELECT 1 FROM ticket_credits WHERE matched_account_id IS NOT NULL) AS x'),
  };
}

interface RawRow {
  account_id: string;
  customer_id: string | null;
  customer: string | null;
  location: string | null;
  carrier_id: string;
  carrier: string;
  account: string;
  in_book: number;
  active: number;
  expected_source: 'services' | 'entered' | null;
  contract_cents: number | null;
  tolerance_pct_bp: number | null;
  tolerance_amount_cents: number | null;
  tolerance_mode: 'either' | 'both' | null;
  services_cents: number | null;
  step_cents: number | null;
  override_cents: number | null;
  actual_cents: number | null;
  invoice_number: string | null;
  bill_date: string | null;
  note: string | null;
  source: CheckRow['source'];
  bill_source: string | null;
}

/** The columns of checkBody, in order. The check reads its rows as arrays (statement.raw): better-sqlite3 builds a
 *  row of 23 named columns as a dictionary-mode object of ~2 KB, an array of them costs a quarter of that. */
const RAW_COLUMNS = [
  'account_id', 'customer_id', 'customer', 'location', 'carrier_id', 'carrier', 'account', 'in_book', 'active',
  'expected_source', 'contract_cents', 'tolerance_pct_bp', 'tolerance_amount_cents', 'tolerance_mode', 'services_cents',
  'step_cents', 'override_cents', 'actual_cents', 'invoice_number', 'bill_date', 'note', 'source', 'bill_source',
] as const satisfies readonly (keyof RawRow)[];

/**
 * Reads the rows of one query, given as arrays, into check rows. Names and ids that repeat from row to row (a
 * customer's, a location's, a carrier's) are kept once per query instead of once per row, which halves what a
 * month's checked rows hold; each array is read through one scratch RawRow (toCheckRow keeps none of it).
 */
function rowReader(): (a: unknown[]) => CheckRow {
  const kept = new Map<string, string>();
  const once = <T,>(v: T): T => {
    if (typeof v !== 'string') return v;
    const k = kept.get(v);
    if (k !== undefined) return k as T;
    kept.set(v, v);
    return v;
  };
  const r: RawRow = {
    account_id: '', customer_id: null, customer: null, location: null, carrier_id: '', carrier: '', account: '', in_book: 0,
    active: 0, expected_source: null, contract_cents: null, tolerance_pct_bp: null, tolerance_amount_cents: null,
    tolerance_mode: null, services_cents: null, step_cents: null, override_cents: null, actual_cents: null,
    invoice_number: null, bill_date: null, note: null, source: null, bill_source: null,
  };
  return (a) => {
    r.account_id = a[0] as string;
    r.customer_id = once(a[1]) as string | null;
    r.customer = once(a[2]) as string | null;
    r.location = once(a[3]) as string | null;
    r.carrier_id = once(a[4]) as string;
    r.carrier = once(a[5]) as string;
    r.account = a[6] as string;
    r.in_book = a[7] as number;
    r.active = a[8] as number;
    r.expected_source = a[9] as RawRow['expected_source'];
    r.contract_cents = a[10] as number | null;
    r.tolerance_pct_bp = a[11] as number | null;
    r.tolerance_amount_cents = a[12] as number | null;
    r.tolerance_mode = a[13] as RawRow['tolerance_mode'];
    r.services_cents = a[14] as number | null;
    r.step_cents = a[15] as number | null;
    r.override_cents = a[16] as number | null;
    r.actual_cents = a[17] as number | null;
    r.invoice_number = a[18] as string | null;
    r.bill_date = a[19] as string | null;
    r.note = a[20] as string | null;
    r.source = once(a[21]) as RawRow['source'];
    r.bill_source = once(a[22]) as string | null;
    return toCheckRow(r);
  };
}

const rawStatements = new WeakMap<object, Map<string, Statement>>();

/** A check statement that returns its rows as arrays in RAW_COLUMNS order, prepared once per connection. */
function rawCheckStatement(ctx: Ctx, sql: string): Statement {
  let m = rawStatements.get(ctx.db.sqlite);
  if (!m) rawStatements.set(ctx.db.sqlite, (m = new Map()));
  let s = m.get(sql);
  if (!s) {
    s = ctx.db.sqlite.prepare(sql);
    const names = s.columns().map((c) => c.name);
    if (names.join() !== RAW_COLUMNS.join()) throw new Error(`the check's columns changed: ${names.join(', ')}`);
    s.raw(true);
    m.set(sql, s);
  }
  return s;
}

const NO_TOLERANCE: Tolerance = { pctBp: null, amountCents: null, mode: 'either' };

/** The expected bill: nothing for an account outside the book or its active months; otherwise the contract's
 *  entered total or the sum of its active services, plus the price steps in force; plus any one-off
 *  expectation for the month. A contract applies from its start through its end, or on while it auto-renews
 *  until a later contract of the account starts. */
export type ExpectedInputs = Pick<RawRow, 'in_book' | 'active' | 'expected_source' | 'contract_cents' | 'services_cents' | 'step_cents' | 'override_cents'>;
export function expectedOf(r: ExpectedInputs): number | null {
  let base = r.in_book && r.active ? (r.expected_source === 'entered' ? r.contract_cents : r.services_cents) : null;
  if (r.in_book && r.active && r.step_cents) base = (base ?? 0) + r.step_cents;
  if (!r.override_cents) return base;
  return (base ?? 0) + r.override_cents;
}

/** The figures of the row that decide the bill: what the reports' month series reads, too. */
export type BillInputs = ExpectedInputs & Pick<RawRow, 'tolerance_pct_bp' | 'tolerance_amount_cents' | 'tolerance_mode' | 'actual_cents'>;

/** The bill's expected amount and its evaluation against the contract's tolerance. */
export function evaluateRow(r: BillInputs) {
  const expected = expectedOf(r);
  const tol: Tolerance =
    r.tolerance_mode === null
      ? NO_TOLERANCE
      : { pctBp: r.tolerance_pct_bp, amountCents: r.tolerance_amount_cents, mode: r.tolerance_mode };
  return { expected, ev: evaluateBill(expected, r.actual_cents, tol) };
}

export function toCheckRow(r: RawRow): CheckRow {
  const { expected, ev } = evaluateRow(r);
  return {
    account_id: r.account_id,
    customer_id: r.customer_id,
    customer: r.customer,
    location: r.location,
    carrier_id: r.carrier_id,
    carrier: r.carrier,
    account: r.account,
    expected_cents: expected,
    actual_cents: r.actual_cents,
    variance_cents: ev.varianceCents,
    variance_pct: ev.variancePct,
    status: ev.status,
    invoice_number: r.invoice_number,
    bill_date: r.bill_date,
    note: r.note,
    source: r.actual_cents === null ? null : r.source,
    bill_source: r.bill_source,
  };
}

const params = (month: string) => ({ month, month_start: monthStart(month), month_end: monthEnd(month) });

export interface CheckFilter {
  customer_id?: string;
  carrier_id?: string;
}

function checkStatement(ctx: Ctx, filter: CheckFilter): Statement {
  const where = [filter.customer_id ? 'AND ba.customer_id = @customer_id' : '', filter.carrier_id ? 'AND ba.carrier_id = @carrier_id' : ''];
  return rawCheckStatement(ctx, CHECK_SQL(where.join(' '), checkFeatures(ctx)));
}

export function checkMonthRows(ctx: Ctx, month: string, filter: CheckFilter = {}): CheckRow[] {
  // Row by row, as arrays: 48,000 raw rows are not held beside the checked ones.
  const raw = checkStatement(ctx, filter).iterate({ ...params(month), ...filter }) as IterableIterator<unknown[]>;
  // A client login gets its own customers' rows only (api/scope.ts); everything built on this list follows.
  const rows: CheckRow[] = [];
  const read = rowReader();
  for (const a of raw) {
    if (ctx.scope !== null && !inScope(ctx, a[1] as string | null)) continue;
    const row = read(a);
    // An account with nothing expected and no bill (its services carry no charge) is no bill to check.
    if (row.expected_cents !== null || row.actual_cents !== null) rows.push(row);
  }
  return rows;
}

/** Calls fn with the row of each given account for a month, whether or not it is active then (order not kept). */
export function forAccountRows(ctx: Ctx, accountIds: readonly string[], month: string, fn: (row: CheckRow) => void): void {
  // Row by row, as arrays: a paste of 10,000 values does not hold 10,000 raw rows beside the checked ones.
  const sql = `${checkBody(checkFeatures(ctx))} WHERE ba.id IN (SELECT value FROM json_each(@ids))`;
  const read = rowReader();
  for (const a of rawCheckStatement(ctx, sql).iterate({ ...params(month), ids: JSON.stringify(accountIds) }) as IterableIterator<unknown[]>) {
    fn(read(a));
  }
  // Callers name the accounts, so they check scope themselves (api/scope.ts assertAccountInScope).
}

/** The rows of the given accounts for a month, whether or not they are active then (order not kept). */
export function checkAccountRows(ctx: Ctx, accountIds: readonly string[], month: string): CheckRow[] {
  const rows: CheckRow[] = [];
  forAccountRows(ctx, accountIds, month, (r) => rows.push(r));
  return rows;
}

/** One account's row for a month, whether or not it is active then. */
export function checkAccountRow(ctx: Ctx, accountId: string, month: string): CheckRow {
  const raw = stmt(ctx, `${checkBody(checkFeatures(ctx))} WHERE ba.id = @account_id`).get({
    ...params(month),
    account_id: accountId,
  }) as RawRow | undefined;
  if (!raw) throw new Error(`billing account ${accountId} vanished`);
  return toCheckRow(raw);
}

/** The month's totals; the rule lives in core so the renderer's header counts the same way. */
export const totalsOf = (rows: CheckRow[]): CheckTotals => monthTotals(rows);
