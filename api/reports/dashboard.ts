// The home dashboard's figures in one call: each widget's number comes from the same rules as the report or
// list it opens (month.check's totals, the ticket list, the credits report, contracts.ending).
import { addMonthsToMonth } from '../../core/months.ts';
import { monthTotals } from '../../core/totals.ts';
import { cachedTotalsOfMonths, currentSeq, forEachBillChunk, rememberTotals, type SeriesBill } from './series.ts';
import { listTickets } from '../workflow/tickets.ts';
import { DONE_STATUSES } from '../workflow/bills.ts';
import { ticketScopeClause } from '../scope.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import { TicketStatus } from '../contract/tickets.ts';
import { creditsRecovered } from './credits.ts';
import { contractsEnding } from './contracts.ts';
import { allowedWidgets } from '../admin/profile.ts';
import type { WidgetId } from '../../core/widgets.ts';
import { sumCents } from '../../core/money.ts';

/** Issue 4: the home screen lists contracts ending within 60 days (the report itself takes any number of days). */
export const CONTRACTS_ENDING_DAYS = 60;
const LARGEST = 10;

/** Expected and actual totals of the `n` months ending with `month`, oldest first: month.check's totals, counted
 *  in one pass for the months not cached (api/reports/series.ts). */
export async function monthSeries(ctx: Ctx, month: string, n: number) {
  const months = Array.from({ length: n }, (_, i) => addMonthsToMonth(month, i - n + 1));
  const totals = await cachedTotalsOfMonths(ctx, months);
  return months.map((m) => {
    const mt = totals.get(m)!;
    return { month: m, expected_cents: mt.expected_cents, actual_cents: mt.actual_cents, entered: mt.entered };
  });
}

/** The month's bills as the series counts them (no names), and the accounts behind the largest variances. */
async function monthBills(ctx: Ctx, month: string): Promise<SeriesBill[]> {
  const out: SeriesBill[] = [];
  await forEachBillChunk(
    ctx,
    [month],
    ([bills]) => {
      for (const b of bills!) out.push(b);
    },
    { yieldBetween: false },
  );
  return out;
}

interface Named {
  rowid: number;
  account_id: string;
  account: string;
  carrier: string;
  customer: string | null;
}

/** The `LARGEST` bills furthest over or under, ordered as before (|variance| down, then account number); only
 *  the candidates, ties at the cut included, are looked up by name. */
function largestVariances(ctx: Ctx, bills: SeriesBill[]) {
  const flagged = bills.filter((b) => (b.status === 'over' || b.status === 'under') && b.variance_cents !== null);
  flagged.sort((a, b) => Math.abs(b.variance_cents!) - Math.abs(a.variance_cents!));
  const cut = flagged.length > LARGEST ? Math.abs(flagged[LARGEST - 1]!.variance_cents!) : 0;
  const candidates = flagged.filter((b, i) => i < LARGEST || Math.abs(b.variance_cents!) === cut);
  // Fetched in month.check's row order, so equal keys below keep the order they had in the month's rows.
  const named = stmt(
    ctx,
    `SELECT ba.rowid, ba.id AS account_id, ba.account_number AS account, ca.name AS carrier, cu.name AS customer
     FROM billing_accounts ba JOIN carriers ca ON ca.id = ba.carrier_id LEFT JOIN customers cu ON cu.id = ba.customer_id
     LEFT JOIN locations lo ON lo.id = ba.location_id
     WHERE ba.rowid IN (SELECT value FROM json_each(?))
     ORDER BY ba.customer_id IS NULL, cu.name COLLATE NOCASE, lo.name COLLATE NOCASE, ca.name COLLATE NOCASE, ba.account_number`,
  ).all(JSON.stringify(candidates.map((b) => b.account_rowid))) as Named[];
  const bill = new Map(candidates.map((b) => [b.account_rowid, b]));
  return named
    .map((n) => ({ b: bill.get(n.rowid)!, n }))
    .sort((x, y) => Math.abs(y.b.variance_cents!) - Math.abs(x.b.variance_cents!) || x.n.account.localeCompare(y.n.account))
    .slice(0, LARGEST)
    .map(({ b, n }) => ({ account_id: n.account_id, account: n.account, carrier: n.carrier, customer: n.customer, status: b.status, variance_cents: b.variance_cents! }));
}

/** The widgets whose figures come from the month's bills (one pass over month.check's rows serves them all). */
const FROM_BILLS: readonly WidgetId[] = ['month-progress', 'flagged-bills', 'missing-bills', 'largest-variances'];

/** Only the widgets the caller may see are computed and returned (widget security lives here, not in the home
 *  screen): a user whose widget groups leave out "flagged bills" never receives the amount at stake. The method
 *  is open to every signed-in user, and each widget's module is checked through allowedWidgets. */
export async function dashboard(ctx: Ctx, input: Input<'reports.dashboard'>): Promise<Output<'reports.dashboard'>> {
  const today = input.today ?? ctx.now().slice(0, 10);
  const month = input.month;
  const shown = new Set(allowedWidgets(ctx));
  const out: Output<'reports.dashboard'> = { month, today };

  if (FROM_BILLS.some((w) => shown.has(w))) {
    const seq = currentSeq(ctx);
    const rows = await monthBills(ctx, month);
    const t = monthTotals(rows, month);
    rememberTotals(ctx, month, t, seq);
    if (shown.has('month-progress')) {
      const withExpected = rows.filter((r) => r.expected_cents !== null);
      out.progress = {
        accounts: t.accounts,
        entered: t.entered,
        expected_bills: withExpected.length,
        expected_entered: withExpected.filter((r) => r.actual_cents !== null).length,
      };
    }
    if (shown.has('flagged-bills')) {
      out.flagged = { bills: t.over + t.under + t.missing + t.unexpected, at_stake_cents: t.at_stake_cents, over: t.over, under: t.under, missing: t.missing, unexpected: t.unexpected };
    }
    if (shown.has('missing-bills')) {
      out.missing = { bills: t.missing, expected_cents: sumCents(rows.filter((r) => r.status === 'missing').map((r) => r.expected_cents), `The missing bills of ${month}`) };
    }
    if (shown.has('largest-variances')) out.largest_variances = largestVariances(ctx, rows);
  }

  if (shown.has('open-tickets')) {
    const sc = ticketScopeClause(ctx, 't.id');
    const counts = stmt(ctx, `SELECT t.status, COUNT(*) AS n FROM tickets t WHERE t.retired_at IS NULL AND ${sc.sql} GROUP BY t.status`).all(...sc.params) as {
      status: string;
      n: number;
    }[];
    const open = TicketStatus.options.filter((s) => !DONE_STATUSES.includes(s));
    out.tickets_by_status = open.map((status) => ({ status, tickets: counts.find((c) => c.status === status)?.n ?? 0 }));
  }
  if (shown.has('overdue-tickets')) {
    const overdue = listTickets(ctx, { overdue_on: today, sort: 'due_date' } as Input<'tickets.list'>);
    out.overdue = {
      tickets: overdue.length,
      top: overdue.slice(0, 5).map((o) => ({ id: o.id, number: o.number, title: o.title, due_date: o.due_date, at_stake_cents: o.at_stake_cents })),
    };
  }
  if (shown.has('credits-recovered')) {
    const year = month.slice(0, 4);
    const credits = creditsRecovered(ctx, { from: `${year}-01`, to: `${year}-12` });
    out.credits_year = { year, credits: credits.totals.credits, amount_cents: credits.totals.amount_cents };
  }
  if (shown.has('contracts-ending')) {
    const ending = contractsEnding(ctx, { from: today, days: CONTRACTS_ENDING_DAYS });
    out.contracts_ending = { days: CONTRACTS_ENDING_DAYS, contracts: ending.totals.contracts };
  }
  if (shown.has('expected-vs-actual')) out.series = input.with_series === false ? [] : await monthSeries(ctx, month, input.months ?? 24);
  return out;
}
