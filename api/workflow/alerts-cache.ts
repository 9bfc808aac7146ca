// What the alerts read of the bills, kept per connection between calls so the alerts stay cheap on a large book
// (the home screen asks on every refresh, on the server's only thread).
//
// - Bills: each bill's status as month.check evaluates it (api/month/query.ts's SQL and evaluateRow), per month.
//   A month is either evaluated whole (in one pass of the reports' series statement, api/reports/series.ts: the
//   bill-missing alerts need every account of the month) or bill by bill for the accounts asked about (a few
//   newly entered bills). Only flagged bills are kept as objects.
// - The recently entered bills (updated since a day, for months from a month on) and the bills whose dispute
//   window closes between two days: each found once by a scan of the actuals, then kept up to date.
// - The last answer, for as long as nothing was written.
//
// Writes are followed through the audit trail, like the series cache: every write goes through the Writer or
// sync, both audited. A bill or one-off of an account and month drops that account's bill of that month (and an
// actual is looked at again for the two lists); a change to an account, its services or price steps drops that
// account's bills; a change to another table the expected-bill rules read (contracts, credits matched to bills)
// drops every bill. Whether a flagged bill has a live ticket or OK to Pay is kept with it and looked up again when
// a ticket, a ticket's bill or an approval of that bill is written. Names (customer, carrier) and the carriers'
// bill days are read for every new answer.
import { monthStart, monthEnd } from '../../core/months.ts';
import type { BillStatus } from '../../core/tolerance.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import {
  activeSql,
  servicesSumSql,
  stepSql,
  contractJoinSql,
  monthJoinsSql,
  overrideSql,
  checkFeatures,
  evaluateRow,
  MONTH_PARAMS,
  type BillInputs,
  type CheckFeatures,
} from '../month/query.ts';
import { evaluateSeries } from '../reports/series.ts';
import { APPROVAL_STANDS_SQL } from './approvals.ts';

/** A flagged bill (over, under, missing or unexpected) of one account and month. */
export interface FlaggedBill {
  account_id: string;
  customer_id: string | null;
  carrier_id: string;
  /** the account number */
  account: string;
  /** the account is in the book, not retired and within its months (a retired account may still bill until its end
   *  month, and a one-off may expect a bill outside its months): only then is a missing bill news */
  current: boolean;
  status: BillStatus;
  variance_cents: number | null;
  /** has a live ticket or a live OK to Pay (undefined: not looked up since the bill or its tickets changed) */
  tended?: boolean;
}

/** A flagged bill as one literal shape (objects made by spreading are several times slower to read in a loop). */
const flaggedBillOf = (
  account_id: string,
  customer_id: string | null,
  carrier_id: string,
  account: string,
  current: boolean,
  status: BillStatus,
  variance_cents: number | null,
): FlaggedBill => ({ account_id, customer_id, carrier_id, account, current, status, variance_cents, tended: undefined });

/** One month's bills as far as they are known. */
class MonthBills {
  /** the last answer (AlertData.answers) that asked about this month */
  used = 0;
  /** every account of the month was evaluated: an account not in `flagged` (nor stale) has no flagged bill */
  complete = false;
  readonly flagged = new Map<string, FlaggedBill>();
  /** incomplete months: accounts known to have no flagged bill */
  readonly fine = new Set<string>();
  /** complete months: accounts written since, to evaluate again */
  readonly stale = new Set<string>();

  known(accountId: string): boolean {
    if (this.complete) return !this.stale.has(accountId);
    return this.flagged.has(accountId) || this.fine.has(accountId);
  }
  /** The flagged bill of a known account, or null when it has none. */
  bill(accountId: string): FlaggedBill | null {
    return this.flagged.get(accountId) ?? null;
  }
  forget(accountId: string) {
    this.flagged.delete(accountId);
    this.fine.delete(accountId);
    if (this.complete) this.stale.add(accountId);
  }
  set(accountId: string, bill: FlaggedBill | null) {
    this.stale.delete(accountId);
    if (bill) {
      this.flagged.set(accountId, bill);
      this.fine.delete(accountId);
    } else {
      this.flagged.delete(accountId);
      if (!this.complete) this.fine.add(accountId);
    }
  }
}

/** Recently entered bills: month -> the accounts (an account has one bill a month). */
export type RecentBills = Map<string, Set<string>>;
export interface ClosingBill {
  account_id: string;
  month: string;
  closes: string;
}

export interface AlertData {
  /** total_changes|data_version when last looked: unchanged means nothing was written since */
  stamp: string;
  /** the highest audit seq accounted for */
  seq: number;
  months: Map<string, MonthBills>;
  recent: { key: string; bills: RecentBills } | null;
  closing: { key: string; bills: Map<number, ClosingBill> } | null;
  answer: { key: string; value: unknown } | null;
  /** one string per id (of accounts, customers, carriers), shared by every bill that holds it */
  ids: Map<string, string>;
  /** answers worked out on this connection */
  answers: number;
}
const states = new WeakMap<object, AlertData>();

const FLAGGED: readonly BillStatus[] = ['over', 'under', 'missing', 'unexpected'];

const ALL_FEATURES: CheckFeatures = { quietGroups: true, steps: true, links: true, credits: true };
const tablesOf = (sql: string) => new Set([...sql.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/g)].map((m) => m[1]!));
/** The tables the expected-bill rules read (month.check's own fragments, so a new rule is followed too). month.check
 *  also joins customers, locations and carriers, for their names only: the alerts read names on every answer. */
const EVAL_TABLES = tablesOf(
  `FROM billing_accounts ${activeSql(MONTH_PARAMS)} ${servicesSumSql(ALL_FEATURES, MONTH_PARAMS)} ${stepSql(ALL_FEATURES, MONTH_PARAMS)}
   ${contractJoinSql(ALL_FEATURES, MONTH_PARAMS)} ${monthJoinsSql(MONTH_PARAMS)} ${overrideSql(ALL_FEATURES, MONTH_PARAMS)}`,
);
/** Tables whose rows are one account's bill or one-off of one month: that bill is evaluated again. */
const BILL_TABLES = new Set(['actuals', 'expected_overrides']);
/** Tables whose rows belong to one account (the SQL names it): that account's bills are evaluated again. Any other
 *  table the rules read (contracts, which may cover several accounts; service groups; ticket credits, which may be
 *  matched to another bill) drops every bill. */
const ACCOUNT_OF: Record<string, string> = {
  billing_accounts: 'SELECT id AS a FROM billing_accounts WHERE id IN (SELECT value FROM json_each(?))',
  services: 'SELECT billing_account_id AS a FROM services WHERE id IN (SELECT value FROM json_each(?))',
  expected_steps: 'SELECT billing_account_id AS a FROM expected_steps WHERE id IN (SELECT value FROM json_each(?))',
};
/** What the dispute-window list reads besides the actuals (an account's carrier, the carrier's window). */
const CLOSING_TABLES = new Set(['billing_accounts', 'carriers']);
/** Record ids looked up per statement. */
const ID_CHUNK = 10_000;
/** More written bills than this in one go (a history load): start over rather than follow each. */
const FOLLOW_AT_MOST = 100_000;

const auditSeq = (ctx: Ctx) => (stmt(ctx, 'SELECT COALESCE(MAX(seq), 0) AS s FROM audit_log').get() as { s: number }).s;

function resetAll(st: AlertData) {
  st.months.clear();
  st.recent = null;
  st.closing = null;
  st.answer = null;
  st.ids.clear();
}

function chunks<T>(xs: T[], size = ID_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The state of this connection, with what the writes since the last look may have changed dropped. */
export function alertState(ctx: Ctx): AlertData {
  const changes = (stmt(ctx, 'SELECT total_changes() AS t').get() as { t: number }).t;
  const version = ctx.db.sqlite.pragma('data_version', { simple: true }) as number;
  const stamp = `${changes}|${version}`;
  let st = states.get(ctx.db.sqlite);
  if (!st) {
    st = { stamp, seq: auditSeq(ctx), months: new Map(), recent: null, closing: null, answer: null, ids: new Map(), answers: 0 };
    states.set(ctx.db.sqlite, st);
    return st;
  }
  if (st.stamp === stamp) return st;
  st.stamp = stamp;
  const seq = auditSeq(ctx);
  if (seq === st.seq) return st; // writes outside the book's data (sessions, sync bookkeeping)
  const since = st.seq;
  st.seq = seq;
  st.answer = null;
  if (seq < since) {
    // The trail lost its newest rows (a restore): nothing can be told apart.
    resetAll(st);
    return st;
  }
  // Reads of the trail since a seq say `+table_name`: the range of seq is the small part, not a table's entries
  // (SQLite would otherwise walk the audit_record index through every entry of the table).
  const tables = (stmt(ctx, 'SELECT DISTINCT +table_name AS t FROM audit_log WHERE seq > ?').all(since) as { t: string }[]).map((r) => r.t);
  const follow = (table: string) =>
    stmt(
      ctx,
      `SELECT record_id AS id, MAX(action <> 'insert') AS changed, MAX(COALESCE(field IN ('billing_account_id', 'month'), 0)) AS moved
       FROM audit_log WHERE seq > ? AND +table_name = ? GROUP BY record_id`,
    ).all(since, table) as { id: string; changed: number; moved: number }[];
  if (tables.some((t) => EVAL_TABLES.has(t) && !BILL_TABLES.has(t) && !(t in ACCOUNT_OF))) st.months.clear();
  // An account's carrier, or a carrier's window, changed: the list is found again (a new account changes neither).
  if (tables.some((t) => CLOSING_TABLES.has(t) && (t !== 'billing_accounts' || follow(t).some((r) => r.changed)))) st.closing = null;
  followTended(ctx, st, tables, follow);
  for (const [table, sql] of Object.entries(ACCOUNT_OF)) {
    if (!tables.includes(table) || st.months.size === 0) continue;
    const rows = follow(table);
    // A service moved to another account would leave the first one's bills behind: start over.
    if (rows.length > FOLLOW_AT_MOST || rows.some((r) => r.moved)) {
      st.months.clear();
      continue;
    }
    for (const part of chunks(rows.map((r) => r.id))) {
      for (const r of stmt(ctx, sql).all(JSON.stringify(part)) as { a: string }[]) for (const m of st.months.values()) m.forget(r.a);
    }
  }
  for (const table of BILL_TABLES) {
    if (!tables.includes(table)) continue;
    const rows = follow(table);
    if (rows.length > FOLLOW_AT_MOST || rows.some((r) => r.moved)) return resetThen(st);
    for (const part of chunks(rows.map((r) => r.id))) {
      if (table === 'actuals') {
        if (!followActuals(ctx, st, part)) return resetThen(st);
      } else {
        const found = stmt(ctx, 'SELECT billing_account_id AS a, month AS m FROM expected_overrides WHERE id IN (SELECT value FROM json_each(?))').all(
          JSON.stringify(part),
        ) as { a: string; m: string }[];
        if (found.length !== part.length) return resetThen(st);
        for (const r of found) st.months.get(r.m)?.forget(r.a);
      }
    }
  }
  return st;
}

/** Where a ticket, a bill on a ticket or an OK to Pay was written, the bill's "tended" is looked up again. */
const TENDED_OF: Record<string, string> = {
  tickets: 'SELECT billing_account_id AS a, month AS m FROM ticket_bills WHERE ticket_id IN (SELECT value FROM json_each(?))',
  ticket_bills: 'SELECT billing_account_id AS a, month AS m FROM ticket_bills WHERE id IN (SELECT value FROM json_each(?))',
  approvals: 'SELECT billing_account_id AS a, month AS m FROM approvals WHERE id IN (SELECT value FROM json_each(?))',
};
function followTended(ctx: Ctx, st: AlertData, tables: string[], follow: (table: string) => { id: string; moved: number }[]) {
  for (const [table, sql] of Object.entries(TENDED_OF)) {
    if (!tables.includes(table)) continue;
    const rows = follow(table);
    // Too many to follow, or a bill moved to another account or month: look every bill up again.
    if (rows.length > FOLLOW_AT_MOST || (table !== 'tickets' && rows.some((r) => r.moved))) {
      for (const m of st.months.values()) for (const b of m.flagged.values()) b.tended = undefined;
      continue;
    }
    const ids = rows.map((r) => r.id);
    for (const part of chunks(ids)) {
      for (const r of stmt(ctx, sql).all(JSON.stringify(part)) as { a: string; m: string }[]) {
        const bill = st.months.get(r.m)?.flagged.get(r.a);
        if (bill) bill.tended = undefined;
      }
    }
  }
}

function resetThen(st: AlertData): AlertData {
  resetAll(st);
  return st;
}

/** Written actuals: their bills are evaluated again, and their place in the two lists is looked at again. */
function followActuals(ctx: Ctx, st: AlertData, ids: string[]): boolean {
  const recent = st.recent ? (JSON.parse(st.recent.key) as [string, string]) : ['9999', '9999'];
  const closing = st.closing ? (JSON.parse(st.closing.key) as [string, string]) : ['9999', '9999'];
  const rows = stmt(
    ctx,
    `SELECT a.rowid AS r, a.billing_account_id AS account_id, a.month, ${RECENT_WHERE} AS recent,
       CASE WHEN ${CLOSING_WHERE} THEN ${CLOSES} END AS closes
     FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id JOIN carriers c ON c.id = ba.carrier_id
     WHERE a.id IN (SELECT value FROM json_each(@ids))`,
  ).all({ ids: JSON.stringify(ids), since: recent[0], oldest: recent[1], from: closing[0], until: closing[1] }) as {
    r: number;
    account_id: string;
    month: string;
    recent: number;
    closes: string | null;
  }[];
  // A row that is gone cannot say its account and month.
  if (rows.length !== ids.length) return false;
  for (const r of rows) {
    st.months.get(r.month)?.forget(r.account_id);
    if (st.recent) {
      const byMonth = st.recent.bills;
      byMonth.get(r.month)?.delete(r.account_id);
      if (r.recent) {
        let m = byMonth.get(r.month);
        if (!m) byMonth.set(r.month, (m = new Set()));
        m.add(intern(st, r.account_id));
      }
    }
    if (st.closing) {
      st.closing.bills.delete(r.r);
      if (r.closes !== null) st.closing.bills.set(r.r, { account_id: intern(st, r.account_id), month: r.month, closes: r.closes });
    }
  }
  return true;
}

function intern(st: AlertData, id: string): string {
  const known = st.ids.get(id);
  if (known !== undefined) return known;
  st.ids.set(id, id);
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// The two lists of bills

const RECENT_WHERE = '(a.updated_at >= @since AND a.month >= @oldest AND a.amount_cents IS NOT NULL)';
const CLOSES = "date(a.bill_date, '+' || c.dispute_window_days || ' days')";
const CLOSING_WHERE = `(a.bill_date IS NOT NULL AND c.dispute_window_days IS NOT NULL AND a.amount_cents IS NOT NULL AND ${CLOSES} BETWEEN @from AND @until)`;

/** Bills entered (amount set) since the day, for months from the month on: month -> accounts. */
export function recentBills(ctx: Ctx, st: AlertData, since: string, oldest: string): RecentBills {
  const key = JSON.stringify([since, oldest]);
  if (st.recent?.key === key) return st.recent.bills;
  const bills: RecentBills = new Map();
  for (const [account, month] of stmt(ctx, `SELECT a.billing_account_id, a.month FROM actuals a WHERE ${RECENT_WHERE}`)
    .raw(true)
    .iterate({ since, oldest }) as IterableIterator<[string, string]>) {
    let m = bills.get(month);
    if (!m) bills.set(month, (m = new Set()));
    m.add(intern(st, account));
  }
  st.recent = { key, bills };
  return bills;
}

/** Bills whose dispute window (bill date + the carrier's window) closes from one day to another, by actual rowid. */
export function closingBills(ctx: Ctx, st: AlertData, from: string, until: string): Map<number, ClosingBill> {
  const key = JSON.stringify([from, until]);
  if (st.closing?.key === key) return st.closing.bills;
  const bills = new Map<number, ClosingBill>();
  for (const r of stmt(
    ctx,
    `SELECT a.rowid AS r, a.billing_account_id AS account_id, a.month, ${CLOSES} AS closes
     FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id JOIN carriers c ON c.id = ba.carrier_id
     WHERE ${CLOSING_WHERE}`,
  ).iterate({ from, until }) as IterableIterator<{ r: number; account_id: string; month: string; closes: string }>) {
    bills.set(r.r, { account_id: intern(st, r.account_id), month: r.month, closes: r.closes });
  }
  st.closing = { key, bills };
  return bills;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluating bills

/** Month.check's expected-bill SQL for named accounts, with only what the alerts read. */
const billsSql = (f: CheckFeatures) => `
SELECT ba.id AS account_id, ba.customer_id, ba.carrier_id, ba.account_number AS account, ba.in_book,
  (ba.in_book AND ba.retired_at IS NULL AND (ba.start_month IS NULL OR ba.start_month <= @month) AND (ba.end_month IS NULL OR ba.end_month >= @month)) AS current,
  ${activeSql(MONTH_PARAMS)} AS active,
  ct.expected_source, ct.expected_cents AS contract_cents, ct.tolerance_pct_bp, ct.tolerance_amount_cents, ct.tolerance_mode,
  ${servicesSumSql(f, MONTH_PARAMS)} AS services_cents,
  ${stepSql(f, MONTH_PARAMS)} AS step_cents,
  ${overrideSql(f, MONTH_PARAMS)} AS override_cents,
  a.amount_cents AS actual_cents
FROM billing_accounts ba
JOIN carriers ca ON ca.id = ba.carrier_id
${contractJoinSql(f, MONTH_PARAMS)}
${monthJoinsSql(MONTH_PARAMS)}
WHERE ba.id IN (SELECT value FROM json_each(@ids))`;

/** Accounts per run of the series statement (as the series: a chunk's rows die young). */
const CHUNK_ACCOUNTS = 200;

function monthOf(st: AlertData, month: string): MonthBills {
  let m = st.months.get(month);
  if (!m) st.months.set(month, (m = new MonthBills()));
  m.used = st.answers;
  return m;
}

/** Evaluates every account of these months, in one pass (the reports' series statement). */
function evaluateWholeMonths(ctx: Ctx, st: AlertData, months: string[]) {
  if (months.length === 0) return;
  // month index, account rowid, status, variance of each flagged bill
  const flagged: [number, number, BillStatus, number | null][] = [];
  const run = evaluateSeries(
    ctx,
    months,
    (month, rowid, _expected, _actual, ev) => {
      if (FLAGGED.includes(ev.status)) flagged.push([month, rowid, ev.status, ev.varianceCents]);
    },
    { scoped: false, chunkAccounts: CHUNK_ACCOUNTS },
  );
  // All at once: the alerts answer one request (the series yields between chunks for async callers).
  for (const _ of run);
  const fresh = months.map(() => {
    const m = new MonthBills();
    m.complete = true;
    m.used = st.answers;
    return m;
  });
  // The flagged bills' accounts, by rowid. A bill without an actual is in the pass only for an account active in
  // the month (in the book, within its months), so it is current unless the account is retired.
  const rowids = [...new Set(flagged.map((f) => f[1]))];
  const accounts = new Map<number, Omit<FlaggedBill, 'status' | 'variance_cents'>>();
  for (const part of chunks(rowids)) {
    for (const a of stmt(
      ctx,
      `SELECT rowid AS r, id AS account_id, customer_id, carrier_id, account_number AS account, retired_at IS NULL AS current
       FROM billing_accounts WHERE rowid IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(part)) as { r: number; account_id: string; customer_id: string | null; carrier_id: string; account: string; current: number }[]) {
      accounts.set(a.r, {
        account_id: intern(st, a.account_id),
        customer_id: a.customer_id === null ? null : intern(st, a.customer_id),
        carrier_id: intern(st, a.carrier_id),
        account: a.account,
        current: a.current === 1,
      });
    }
  }
  for (const [i, rowid, status, variance] of flagged) {
    const a = accounts.get(rowid)!;
    fresh[i]!.flagged.set(a.account_id, flaggedBillOf(a.account_id, a.customer_id, a.carrier_id, a.account, a.current, status, variance));
  }
  months.forEach((m, i) => st.months.set(m, fresh[i]!));
}

/** Evaluates the named accounts' bills of one month (month.check's SQL for those accounts). */
function evaluateAccounts(ctx: Ctx, st: AlertData, month: string, accountIds: string[]) {
  const s = stmt(ctx, billsSql(checkFeatures(ctx)));
  const m = monthOf(st, month);
  for (const part of chunks(accountIds)) {
    const seen = new Set<string>();
    for (const row of s.iterate({ month, month_start: monthStart(month), month_end: monthEnd(month), ids: JSON.stringify(part) }) as IterableIterator<
      BillInputs & { account_id: string; customer_id: string | null; carrier_id: string; account: string; current: number }
    >) {
      const { ev } = evaluateRow(row);
      const id = intern(st, row.account_id);
      seen.add(id);
      m.set(
        id,
        FLAGGED.includes(ev.status)
          ? flaggedBillOf(
              id,
              row.customer_id === null ? null : intern(st, row.customer_id),
              intern(st, row.carrier_id),
              row.account,
              row.current === 1,
              ev.status,
              ev.varianceCents,
            )
          : null,
      );
    }
    // An account that does not exist has no bill.
    for (const id of part) if (!seen.has(id)) m.set(intern(st, id), null);
  }
}

/** Makes sure the bills asked about are known: every account of `whole` months, and the named accounts of others.
 *  A month with many unknown accounts is evaluated whole (cheaper per bill than naming them). */
export function ensureBills(ctx: Ctx, st: AlertData, whole: Iterable<string>, named: Map<string, Iterable<string>[]>) {
  const wholeMonths = new Set(whole);
  const accountsInBook = (stmt(ctx, 'SELECT COALESCE(MAX(rowid), 0) AS n FROM billing_accounts').get() as { n: number }).n;
  const byName = new Map<string, string[]>();
  for (const [month, lists] of named) {
    if (wholeMonths.has(month)) continue;
    const m = st.months.get(month);
    const unknown = new Set<string>();
    for (const ids of lists) for (const id of ids) if (!m?.known(id)) unknown.add(id);
    if (unknown.size === 0) continue;
    if (!m?.complete && unknown.size > Math.max(WHOLE_MONTH_AT, accountsInBook / 2)) wholeMonths.add(month);
    else byName.set(month, [...unknown]);
  }
  // Months not asked about in the last few answers are forgotten (another day's question asks about others).
  const answer = ++st.answers;
  for (const [month, m] of st.months) {
    if (wholeMonths.has(month) || named.has(month)) m.used = answer;
    else if (m.used < answer - KEEP_ANSWERS) st.months.delete(month);
  }
  const toPass: string[] = [];
  for (const month of wholeMonths) {
    const m = st.months.get(month);
    if (!m?.complete) toPass.push(month);
    else if (m.stale.size) byName.set(month, [...m.stale]);
  }
  evaluateWholeMonths(ctx, st, toPass);
  for (const [month, ids] of byName) evaluateAccounts(ctx, st, month, ids);
}
/** Months stay while one of this many answers before asked about them. */
const KEEP_ANSWERS = 3;
/** Unknown bills of one month beyond this many and half the accounts are evaluated by a whole-month pass: on 50,000
 *  accounts a named account costs about 13 µs, an account-month of a pass 5-8 µs. */
const WHOLE_MONTH_AT = 2000;

/** The flagged bill of an account and month (after ensureBills), or null. */
export function flaggedBill(st: AlertData, month: string, accountId: string): FlaggedBill | null {
  return st.months.get(month)?.bill(accountId) ?? null;
}

/** The flagged bills of these accounts of a month (after ensureBills for them). */
export function flaggedBillsOf(st: AlertData, month: string, accountIds: Set<string>): FlaggedBill[] {
  const m = st.months.get(month);
  if (!m) return [];
  const out: FlaggedBill[] = [];
  // Whichever is smaller: the month's flagged bills (a sixth of a month, usually) or the accounts.
  if (m.flagged.size < accountIds.size) {
    for (const [id, bill] of m.flagged) if (accountIds.has(id)) out.push(bill);
  } else {
    for (const id of accountIds) {
      const bill = m.flagged.get(id);
      if (bill) out.push(bill);
    }
  }
  return out;
}

/** Every flagged bill of a whole month (after ensureBills). */
export function flaggedBillsOfMonth(st: AlertData, month: string): Iterable<FlaggedBill> {
  return st.months.get(month)?.flagged.values() ?? [];
}

/** Of these flagged bills, the ones with no live ticket and no live OK to Pay (looked up where not known). */
export function untendedBills<T extends { month: string; bill: FlaggedBill }>(ctx: Ctx, bills: T[]): T[] {
  const unknown = bills.filter((b) => b.bill.tended === undefined);
  for (const part of chunks(unknown)) {
    const tended = new Set<number>();
    for (const r of stmt(
      ctx,
      `SELECT j.key AS k FROM json_each(?) j
       WHERE EXISTS (SELECT 1 FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
                     WHERE tb.billing_account_id = j.value ->> 0 AND tb.month = j.value ->> 1 AND t.retired_at IS NULL)
          OR EXISTS (SELECT 1 FROM approvals ap JOIN actuals ac ON ac.billing_account_id = ap.billing_account_id AND ac.month = ap.month
                     WHERE ap.billing_account_id = j.value ->> 0 AND ap.month = j.value ->> 1 AND ap.withdrawn_at IS NULL AND ${APPROVAL_STANDS_SQL})`,
    ).all(JSON.stringify(part.map((b) => [b.bill.account_id, b.month]))) as { k: number }[]) {
      tended.add(r.k);
    }
    part.forEach((b, i) => (b.bill.tended = tended.has(i)));
  }
  return bills.filter((b) => !b.bill.tended);
}

/** The last answer for this key, if nothing was written since (a copy: callers may change what they get). */
export function rememberedAnswer<T>(st: AlertData, key: string): T | undefined {
  return st.answer?.key === key ? structuredClone(st.answer.value as T) : undefined;
}
export function rememberAnswer(st: AlertData, key: string, value: unknown) {
  st.answer = { key, value: structuredClone(value) };
}
