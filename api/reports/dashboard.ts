// The home dashboard's figures in one call: each widget's number comes from the same rules as the report or
// list it opens (month.check's totals, the ticket list, the credits report, contracts.ending).
import { addMonthsToMonth } from '../../core/months.ts';
import { monthTotals, type MonthTotals } from '../../core/totals.ts';
import { checkMonthRows } from '../month/query.ts';
import { listTickets } from '../workflow/tickets.ts';
import { DONE_STATUSES } from '../workflow/bills.ts';
import { inScope, ticketScopeClause } from '../scope.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import { TicketStatus } from '../contract/tickets.ts';
import { creditsRecovered } from './credits.ts';
import { contractsEnding } from './contracts.ts';

export const CONTRACTS_ENDING_DAYS = 90;
const LARGEST = 10;

// A month's totals need the whole month check (about a second for 50,000 accounts), so the series keeps them
// until the data changes: a write on this connection (total_changes) or another one (data_version) starts over.
const totalsCache = new WeakMap<object, { stamp: string; byMonth: Map<string, MonthTotals> }>();

function cachedTotals(ctx: Ctx, month: string): MonthTotals {
  const changes = (stmt(ctx, 'SELECT total_changes() AS t').get() as { t: number }).t;
  const version = ctx.db.sqlite.pragma('data_version', { simple: true }) as number;
  const stamp = `${changes}|${version}|${JSON.stringify(ctx.scope)}`;
  let entry = totalsCache.get(ctx.db.sqlite);
  if (!entry || entry.stamp !== stamp) totalsCache.set(ctx.db.sqlite, (entry = { stamp, byMonth: new Map() }));
  let t = entry.byMonth.get(month);
  if (!t) entry.byMonth.set(month, (t = monthTotals(checkMonthRows(ctx, month).filter((r) => inScope(ctx, r.customer_id)))));
  return t;
}

/** Expected and actual totals of the `n` months ending with `month`, oldest first. Each month not cached yet
 *  runs a whole month check, so the work yields between months: on a large book the server keeps answering
 *  the grid while the chart's two years are counted. */
export async function monthSeries(ctx: Ctx, month: string, n: number, known?: { month: string; totals: MonthTotals }) {
  const out = [];
  for (let i = n - 1; i >= 0; i--) {
    const m = addMonthsToMonth(month, -i);
    const mt = known?.month === m ? known.totals : cachedTotals(ctx, m);
    out.push({ month: m, expected_cents: mt.expected_cents, actual_cents: mt.actual_cents, entered: mt.entered });
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

export async function dashboard(ctx: Ctx, input: Input<'reports.dashboard'>): Promise<Output<'reports.dashboard'>> {
  const today = input.today ?? ctx.now().slice(0, 10);
  const month = input.month;
  const scoped = (m: string) => checkMonthRows(ctx, m).filter((r) => inScope(ctx, r.customer_id));
  const rows = scoped(month);
  const t = monthTotals(rows);

  const withExpected = rows.filter((r) => r.expected_cents !== null);
  const sc = ticketScopeClause(ctx, 't.id');
  const counts = stmt(ctx, `SELECT t.status, COUNT(*) AS n FROM tickets t WHERE t.retired_at IS NULL AND ${sc.sql} GROUP BY t.status`).all(...sc.params) as {
    status: string;
    n: number;
  }[];
  const open = TicketStatus.options.filter((s) => !DONE_STATUSES.includes(s));
  const overdue = listTickets(ctx, { overdue_on: today, sort: 'due_date' } as Input<'tickets.list'>);

  const year = month.slice(0, 4);
  const credits = creditsRecovered(ctx, { from: `${year}-01`, to: `${year}-12` });
  const ending = contractsEnding(ctx, { from: today, days: CONTRACTS_ENDING_DAYS });

  const series = input.with_series === false ? [] : await monthSeries(ctx, month, input.months ?? 24, { month, totals: t });

  const largest = rows
    .filter((r) => (r.status === 'over' || r.status === 'under') && r.variance_cents !== null)
    .sort((a, b) => Math.abs(b.variance_cents!) - Math.abs(a.variance_cents!) || a.account.localeCompare(b.account))
    .slice(0, LARGEST)
    .map((r) => ({ account_id: r.account_id, account: r.account, carrier: r.carrier, customer: r.customer, status: r.status, variance_cents: r.variance_cents! }));

  return {
    month,
    today,
    progress: {
      accounts: t.accounts,
      entered: t.entered,
      expected_bills: withExpected.length,
      expected_entered: withExpected.filter((r) => r.actual_cents !== null).length,
    },
    flagged: { bills: t.over + t.under + t.missing + t.unexpected, at_stake_cents: t.at_stake_cents, over: t.over, under: t.under, missing: t.missing, unexpected: t.unexpected },
    tickets_by_status: open.map((status) => ({ status, tickets: counts.find((c) => c.status === status)?.n ?? 0 })),
    overdue: {
      tickets: overdue.length,
      top: overdue.slice(0, 5).map((o) => ({ id: o.id, number: o.number, title: o.title, due_date: o.due_date, at_stake_cents: o.at_stake_cents })),
    },
    credits_year: { year, credits: credits.totals.credits, amount_cents: credits.totals.amount_cents },
    missing: { bills: t.missing, expected_cents: rows.filter((r) => r.status === 'missing').reduce((s, r) => s + (r.expected_cents ?? 0), 0) },
    contracts_ending: { days: CONTRACTS_ENDING_DAYS, contracts: ending.totals.contracts },
    series,
    largest_variances: largest,
  };
}
