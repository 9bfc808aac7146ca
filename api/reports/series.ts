// month.check's totals for many months in one SQL pass. The statement is month.check's own expected-bill SQL
// (api/month/query.ts's fragments) with the month taken from a months table instead of a parameter and only the
// columns the totals read; each row is evaluated by month.check's evaluateRow and summed by core's monthTotals,
// so a month here equals month.check's totals for it (tests/integration/reports-series.test.ts).
//
// Cost on 50,000 accounts: the pass reads every account-month (1.2 million for two years), about a quarter of
// what 24 month checks cost. Months once counted stay cached per connection until a write touches them: the
// audit trail says which rows changed (every write goes through the Writer or sync, both audited), a bill or
// one-off of month M clears only M, a change to anything else the check reads clears every month.
import { monthStart, monthEnd } from '../../core/months.ts';
import { monthTotals, addMonthTotals, type MonthTotals } from '../../core/totals.ts';
import type { BillEvaluation, BillStatus } from '../../core/tolerance.ts';
import {
  activeSql,
  servicesSumSql,
  stepSql,
  contractJoinSql,
  monthJoinsSql,
  overrideSql,
  checkFeatures,
  evaluateRow,
  CHECK_SQL,
  type BillInputs,
  type CheckFeatures,
  type MonthRefs,
} from '../month/query.ts';
import { scopeClause } from '../scope.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';

const FROM_TABLE: MonthRefs = { month: 'm.month', start: 'm.month_start', end: 'm.month_end' };

/** Accounts per statement run: about 5,000 rows for 24 months. Small enough that a chunk's rows die young (the
 *  garbage collector's cheap pass frees them; larger chunks grew the heap by hundreds of MB on 50,000 accounts)
 *  and that other requests get their turn often. */
const CHUNK_ACCOUNTS = 200;

/** Accounts are the outer loop (a chunk of rowids at a time) so each account's rows are read while their
 *  pages are at hand; the months table is materialized once. Columns by position (raw rows, no objects). */
export const seriesSql = (f: CheckFeatures, where: string) => `
WITH m(i, month, month_start, month_end) AS MATERIALIZED (SELECT key, value ->> 0, value ->> 1, value ->> 2 FROM json_each(@months))
SELECT m.i AS month_index, ba.rowid AS account_rowid, ba.in_book,
  ${activeSql(FROM_TABLE)} AS active,
  ct.expected_source, ct.expected_cents AS contract_cents, ct.tolerance_pct_bp, ct.tolerance_amount_cents, ct.tolerance_mode,
  ${servicesSumSql(f, FROM_TABLE)} AS services_cents,
  ${stepSql(f, FROM_TABLE)} AS step_cents,
  ${overrideSql(f, FROM_TABLE)} AS override_cents,
  a.amount_cents AS actual_cents
FROM billing_accounts ba
JOIN carriers ca ON ca.id = ba.carrier_id
CROSS JOIN m
${contractJoinSql(f, FROM_TABLE)}
${monthJoinsSql(FROM_TABLE)}
WHERE ba.rowid > @after AND ba.rowid <= @upto AND (active OR a.amount_cents IS NOT NULL) ${where}`;

/** One evaluated bill: the figures core/totals reads, and the account's rowid for the dashboard's lists. */
export interface SeriesBill {
  account_rowid: number;
  status: BillStatus;
  expected_cents: number | null;
  actual_cents: number | null;
  variance_cents: number | null;
}

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/** One row of the series statement, evaluated as month.check does: month (index into the months asked for),
 *  the account's rowid, its expected bill and its evaluation. */
export type SeriesRowFn = (month: number, accountRowid: number, expected: number | null, actual: number | null, ev: BillEvaluation) => void;

/**
 * Runs the series statement over `months` a chunk of accounts at a time, evaluating every row (in the caller's
 * scope, unless `scoped` is false) and handing it to `row` without making an object of it. Yields after each
 * chunk whether more follow, so an async caller can let other requests in between and a sync one runs it through.
 */
export function* evaluateSeries(
  ctx: Ctx,
  months: readonly string[],
  row: SeriesRowFn,
  opts: { scoped?: boolean; chunkAccounts?: number } = {},
): Generator<boolean, void, void> {
  if (months.length === 0) return;
  const scope = opts.scoped === false ? { sql: '', params: [] as unknown[] } : scopeClause(ctx, 'ba.customer_id');
  const s = stmt(ctx, seriesSql(checkFeatures(ctx), scope.params.length ? `AND ${scope.sql}` : '')).raw(true);
  const monthsJson = JSON.stringify(months.map((m) => [m, monthStart(m), monthEnd(m)]));
  const last = (stmt(ctx, 'SELECT COALESCE(MAX(rowid), 0) AS n FROM billing_accounts').get() as { n: number }).n;
  const r: BillInputs = {
    in_book: 0,
    active: 0,
    expected_source: null,
    contract_cents: null,
    tolerance_pct_bp: null,
    tolerance_amount_cents: null,
    tolerance_mode: null,
    services_cents: null,
    step_cents: null,
    override_cents: null,
    actual_cents: null,
  };
  const size = opts.chunkAccounts ?? CHUNK_ACCOUNTS;
  for (let after = 0; after < last; after += size) {
    for (const c of s.all(...scope.params, { months: monthsJson, after, upto: after + size }) as unknown[][]) {
      r.in_book = c[2] as number;
      r.active = c[3] as number;
      r.expected_source = c[4] as BillInputs['expected_source'];
      r.contract_cents = c[5] as number | null;
      r.tolerance_pct_bp = c[6] as number | null;
      r.tolerance_amount_cents = c[7] as number | null;
      r.tolerance_mode = c[8] as BillInputs['tolerance_mode'];
      r.services_cents = c[9] as number | null;
      r.step_cents = c[10] as number | null;
      r.override_cents = c[11] as number | null;
      r.actual_cents = c[12] as number | null;
      const { expected, ev } = evaluateRow(r);
      row(c[0] as number, c[1] as number, expected, r.actual_cents, ev);
    }
    yield after + size < last;
  }
}

/** Every bill month.check would list for each of the months (in the caller's scope), evaluated; `each` gets
 *  them a chunk of accounts at a time, per month (index into `months`). Between chunks the server answers
 *  other requests, unless the caller wants one month quickly (yieldBetween false): the dashboard's widgets should
 *  not wait behind a series being counted. */
export async function forEachBillChunk(
  ctx: Ctx,
  months: readonly string[],
  each: (byMonth: SeriesBill[][]) => void,
  opts: { yieldBetween?: boolean; chunkAccounts?: number } = {},
): Promise<void> {
  let byMonth: SeriesBill[][] = months.map(() => []);
  const chunks = evaluateSeries(
    ctx,
    months,
    (month, account_rowid, expected, actual, ev) => {
      // As month.check: an account with nothing expected and no bill is no bill to check.
      if (expected === null && actual === null) return;
      byMonth[month]!.push({ account_rowid, status: ev.status, expected_cents: expected, actual_cents: actual, variance_cents: ev.varianceCents });
    },
    opts,
  );
  const flush = () => {
    each(byMonth);
    byMonth = months.map(() => []);
  };
  for (const more of chunks) {
    flush();
    if (more && opts.yieldBetween !== false) await yieldToOthers();
  }
}

/** month.check's totals of each month, in one pass. */
export async function totalsOfMonths(ctx: Ctx, months: readonly string[]): Promise<Map<string, MonthTotals>> {
  const sums = months.map(() => monthTotals([]));
  await forEachBillChunk(ctx, months, (byMonth) => byMonth.forEach((bills, i) => addMonthTotals(sums[i]!, monthTotals(bills, months[i]), months[i])));
  // Totals are sums and counts, so the totals of parts add up to the totals of the whole (exactly, or refused).
  return new Map(months.map((m, i) => [m, sums[i]!]));
}

// ---------------------------------------------------------------------------------------------------------------
// The cache of month totals, per connection and scope.

/** The tables month.check reads, from its own SQL: a change to any of them can move any month. */
const CHECK_TABLES = [
  ...new Set([...CHECK_SQL('', { quietGroups: true, steps: true, links: true, credits: true }).matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)/g)].map((m) => m[1]!)),
];
/** Tables whose rows belong to one month: a change there moves that month only. */
const MONTH_TABLES = ['actuals', 'expected_overrides'];

interface Cache {
  /** total_changes|data_version when last looked: unchanged means nothing was written since */
  stamp: string;
  /** the highest audit seq already accounted for */
  seq: number;
  byScope: Map<string, Map<string, MonthTotals>>;
}
const caches = new WeakMap<object, Cache>();

const auditSeq = (ctx: Ctx) => (stmt(ctx, 'SELECT COALESCE(MAX(seq), 0) AS s FROM audit_log').get() as { s: number }).s;

/** Drops the months the writes since the last look may have changed. */
function refresh(ctx: Ctx): Cache {
  const changes = (stmt(ctx, 'SELECT total_changes() AS t').get() as { t: number }).t;
  const version = ctx.db.sqlite.pragma('data_version', { simple: true }) as number;
  const stamp = `${changes}|${version}`;
  let c = caches.get(ctx.db.sqlite);
  if (!c) {
    caches.set(ctx.db.sqlite, (c = { stamp, seq: auditSeq(ctx), byScope: new Map() }));
    return c;
  }
  if (c.stamp === stamp) return c;
  c.stamp = stamp;
  const seq = auditSeq(ctx);
  if (seq === c.seq) return c; // writes outside the book's data (sessions, sync bookkeeping)
  if (seq < c.seq) {
    // The trail lost its newest rows (restored or trimmed): nothing can be told apart, start over.
    c.byScope.clear();
    c.seq = seq;
    return c;
  }
  // `+table_name`: the range of seq is the small part; a plain table_name lets SQLite walk the whole audit_record index.
  const tables = (stmt(ctx, 'SELECT DISTINCT +table_name AS t FROM audit_log WHERE seq > ?').all(c.seq) as { t: string }[]).map((r) => r.t);
  const dropAll = () => c.byScope.clear();
  if (tables.some((t) => CHECK_TABLES.includes(t) && !MONTH_TABLES.includes(t))) dropAll();
  else if (tables.some((t) => MONTH_TABLES.includes(t))) {
    const touched = stmt(
      ctx,
      `SELECT l.table_name, l.record_id, COALESCE(a.month, o.month) AS month FROM (SELECT DISTINCT table_name, record_id FROM audit_log
         WHERE seq > ? AND +table_name IN ('actuals', 'expected_overrides')) l
       LEFT JOIN actuals a ON l.table_name = 'actuals' AND a.id = l.record_id
       LEFT JOIN expected_overrides o ON l.table_name = 'expected_overrides' AND o.id = l.record_id`,
    ).all(c.seq) as { month: string | null }[];
    // A row that is gone cannot say its month: start over.
    if (touched.some((t) => t.month === null)) dropAll();
    else {
      const months = new Set(touched.map((t) => t.month!));
      for (const byMonth of c.byScope.values()) for (const m of months) byMonth.delete(m);
    }
  }
  c.seq = seq;
  return c;
}

/** month.check's totals for each month, from the cache where it still holds, the rest in one pass. */
export async function cachedTotalsOfMonths(ctx: Ctx, months: readonly string[]): Promise<Map<string, MonthTotals>> {
  const c = refresh(ctx);
  const seqBefore = c.seq;
  const key = JSON.stringify(ctx.scope);
  let byMonth = c.byScope.get(key);
  if (!byMonth) c.byScope.set(key, (byMonth = new Map()));
  const missing = months.filter((m) => !byMonth.has(m));
  if (missing.length) {
    const fresh = await totalsOfMonths(ctx, missing);
    // Kept only if nothing was written while the pass yielded; otherwise the next call counts again.
    const now = refresh(ctx);
    if (now.seq === seqBefore && now.byScope.get(key) === byMonth) for (const [m, t] of fresh) byMonth.set(m, t);
    return new Map(months.map((m) => [m, fresh.get(m) ?? byMonth.get(m)!]));
  }
  return new Map(months.map((m) => [m, byMonth.get(m)!]));
}

/** Keeps a month's totals counted elsewhere (the dashboard's own month) when nothing changed since. */
export function rememberTotals(ctx: Ctx, month: string, totals: MonthTotals, seqBefore: number): void {
  const c = refresh(ctx);
  if (c.seq !== seqBefore) return;
  const key = JSON.stringify(ctx.scope);
  let byMonth = c.byScope.get(key);
  if (!byMonth) c.byScope.set(key, (byMonth = new Map()));
  byMonth.set(month, totals);
}

/** The audit position now, to pass to rememberTotals after counting. */
export const currentSeq = (ctx: Ctx) => refresh(ctx).seq;
