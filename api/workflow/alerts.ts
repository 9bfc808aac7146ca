// Alerts inside the app: what needs someone's attention today. Read-only and scoped like every read.
// - newly flagged: bills entered in the last days that are flagged, with no ticket and no OK to Pay (per month),
//   for the last six months (an older month entered now is history being loaded);
// - tickets past due, and tickets due within the closing days (setting alerts.closing_days, 7 by default);
// - flagged bills with no ticket whose dispute window (bill date + the carrier's window) closes within the
//   closing days: from today to the last of them, both included (7 days: day 7 is in, day 8 is not yet);
// - bills still missing after the carrier's bill day plus the grace period (per carrier and month).
import { addDays, daysBetween } from '../../core/days.ts';
import { addMonthsToMonth, daysInMonth, monthOf } from '../../core/months.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { accountScopeClause, inScope, ticketScopeClause } from '../scope.ts';
import { rowsFor } from '../month/actuals.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { Alert } from '../contract/alerts.ts';
import type { CheckRow } from '../contract/month.ts';
import { alertSettings } from './alert-settings.ts';
import { atStake, billLabel, DONE_STATUSES, FLAGGED_STATUSES, money, statusWords, STATUS_WORDS, ticketsOfBill } from './bills.ts';
import type { TicketStatus } from '../contract/tickets.ts';
import { plural } from '../../core/plural.ts';

const isFlagged = (r: CheckRow) => (FLAGGED_STATUSES as readonly string[]).includes(r.status);
const approved = (ctx: Ctx, accountId: string, month: string) =>
  stmt(ctx, 'SELECT 1 FROM approvals WHERE billing_account_id = ? AND month = ? AND withdrawn_at IS NULL').get(accountId, month) !== undefined;
/** A bill still needing a ticket: flagged, no live ticket, not OK to Pay. */
const untended = (ctx: Ctx, r: CheckRow, month: string) => isFlagged(r) && ticketsOfBill(ctx, r.account_id, month).length === 0 && !approved(ctx, r.account_id, month);


function alert(a: Partial<Alert> & Pick<Alert, 'kind' | 'severity' | 'title' | 'detail'>): Alert {
  return { ticket_id: null, account_id: null, carrier_id: null, month: null, due_date: null, at_stake_cents: null, count: 1, ...a };
}

// A bill for a month further back than this, entered now, is history being loaded, not new work; leaving it out
// also keeps the alert from re-checking years of bills (a month check each) after a large history load.
const NEW_WITHIN_MONTHS = 6;

function newlyFlagged(ctx: Ctx, asOf: string, recentDays: number): Alert[] {
  const since = addDays(asOf, -recentDays);
  const oldest = addMonthsToMonth(monthOf(asOf), -NEW_WITHIN_MONTHS);
  const s = accountScopeClause(ctx, 'billing_account_id');
  const recent = ctx.db.sqlite
    .prepare(
      `SELECT billing_account_id AS account_id, month FROM actuals WHERE updated_at >= ? AND month >= ? AND amount_cents IS NOT NULL AND ${s.sql}`,
    )
    .all(since, oldest, ...s.params) as { account_id: string; month: string }[];
  const byMonth = new Map<string, CheckRow[]>();
  rowsFor(ctx, recent).forEach((r, i) => {
    const month = recent[i]!.month;
    if (!untended(ctx, r, month)) return;
    const list = byMonth.get(month) ?? [];
    list.push(r);
    byMonth.set(month, list);
  });
  // The latest months one alert each; older months (history loaded today, a late import) in one alert, so a
  // load of years of bills does not bury today's work.
  const months = [...byMonth.keys()].sort().reverse();
  const older = months.slice(OWN_ALERT_MONTHS);
  const out = months.slice(0, OWN_ALERT_MONTHS).map((month) => {
    const rows = byMonth.get(month)!;
    const stake = atStake(rows);
    return alert({
      kind: 'newly_flagged',
      severity: 'warning',
      month,
      count: rows.length,
      at_stake_cents: stake,
      title: `${month}: ${plural(rows.length, 'newly flagged bill')} without a ticket`,
      detail:
        rows.length === 1
          ? `${billLabel(rows[0]!, month)} is ${statusWords(ctx, rows[0]!)}`
          : `Entered since ${since}${stake ? `; ${money(ctx, stake)} at stake` : ''}`,
      account_id: rows.length === 1 ? rows[0]!.account_id : null,
    });
  });
  if (older.length) {
    const rows = older.flatMap((m) => byMonth.get(m)!);
    const stake = atStake(rows);
    out.push(
      alert({
        kind: 'newly_flagged',
        severity: 'warning',
        count: rows.length,
        at_stake_cents: stake,
        title: `${plural(rows.length, 'newly flagged bill')} without a ticket in ${plural(older.length, 'earlier month')} (${older.length === 1 ? older[0] : `${older[older.length - 1]} to ${older[0]}`})`,
        detail: `Entered since ${since}${stake ? `; ${money(ctx, stake)} at stake` : ''}`,
      }),
    );
  }
  return out;
}

/** How many of the latest months with newly flagged bills get an alert of their own. */
const OWN_ALERT_MONTHS = 3;

function ticketAlerts(ctx: Ctx, asOf: string, closingDays: number): Alert[] {
  const s = ticketScopeClause(ctx, 't.id');
  const until = addDays(asOf, closingDays);
  const rows = ctx.db.sqlite
    .prepare(
      `SELECT t.id, t.number, t.title, t.status, t.due_date, t.assignee FROM tickets t
       WHERE t.retired_at IS NULL AND t.status NOT IN (SELECT value FROM json_each(?)) AND t.due_date IS NOT NULL AND t.due_date <= ? AND ${s.sql}
       ORDER BY t.due_date, t.number`,
    )
    .all(JSON.stringify(DONE_STATUSES), until, ...s.params) as { id: string; number: number; title: string; status: TicketStatus; due_date: string; assignee: string | null }[];
  return rows.map((t) => {
    const late = t.due_date < asOf;
    const days = Math.abs(daysBetween(asOf, t.due_date));
    const who = t.assignee ? `assigned to ${t.assignee}` : 'not assigned';
    return alert({
      kind: late ? 'ticket_overdue' : 'window_closing',
      severity: late ? 'urgent' : 'warning',
      ticket_id: t.id,
      due_date: t.due_date,
      title: late
        ? `Ticket ${t.number} is ${plural(days, 'day')} past due (${t.due_date})`
        : `Ticket ${t.number}: the dispute window closes ${days === 0 ? 'today' : `in ${plural(days, 'day')}`} (${t.due_date})`,
      detail: `${t.title} — ${STATUS_WORDS[t.status]}, ${who}`,
    });
  });
}

function windowsClosingWithoutTicket(ctx: Ctx, asOf: string, closingDays: number): Alert[] {
  const s = accountScopeClause(ctx, 'a.billing_account_id');
  const bills = ctx.db.sqlite
    .prepare(
      `SELECT a.billing_account_id AS account_id, a.month, date(a.bill_date, '+' || c.dispute_window_days || ' days') AS closes
       FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id JOIN carriers c ON c.id = ba.carrier_id
       WHERE a.bill_date IS NOT NULL AND c.dispute_window_days IS NOT NULL AND a.amount_cents IS NOT NULL
         AND date(a.bill_date, '+' || c.dispute_window_days || ' days') BETWEEN ? AND ? AND ${s.sql}
       ORDER BY closes`,
    )
    .all(asOf, addDays(asOf, closingDays), ...s.params) as { account_id: string; month: string; closes: string }[];
  const out: Alert[] = [];
  rowsFor(ctx, bills).forEach((r, i) => {
    const b = bills[i]!;
    if (!untended(ctx, r, b.month)) return;
    const days = daysBetween(asOf, b.closes);
    out.push(
      alert({
        kind: 'window_closing',
        severity: 'warning',
        account_id: r.account_id,
        carrier_id: r.carrier_id,
        month: b.month,
        due_date: b.closes,
        at_stake_cents: atStake([r]),
        title: `${r.carrier} ${r.account} ${b.month}: the dispute window closes ${days === 0 ? 'today' : `in ${plural(days, 'day')}`} (${b.closes})`,
        detail: `${billLabel(r, b.month)} is ${statusWords(ctx, r)} and has no ticket`,
      }),
    );
  });
  return out;
}

function missingBills(ctx: Ctx, asOf: string, graceDays: number, defaultBillDay: number): Alert[] {
  const carriers = stmt(ctx, 'SELECT id, name, bill_day FROM carriers WHERE retired_at IS NULL').all() as { id: string; name: string; bill_day: number | null }[];
  const out: Alert[] = [];
  const thisMonth = monthOf(asOf);
  // This month and the one before: older gaps are the month-end check's business, not a fresh alert.
  for (const month of [addMonthsToMonth(thisMonth, -1), thisMonth]) {
    const lateFrom = new Map<string, string>();
    for (const c of carriers) {
      const day = Math.min(c.bill_day ?? defaultBillDay, daysInMonth(month));
      const due = addDays(`${month}-${String(day).padStart(2, '0')}`, graceDays);
      if (due < asOf) lateFrom.set(c.id, due);
    }
    if (lateFrom.size === 0) continue;
    // Only accounts of late carriers with no bill entered are checked (a month-end leaves few), so the alert
    // stays cheap on a large book; the month check then says which of them expected a bill.
    const candidates = (
      ctx.db.sqlite
        .prepare(
          `SELECT ba.id FROM billing_accounts ba
           WHERE ba.carrier_id IN (SELECT value FROM json_each(?)) AND ba.in_book AND ba.retired_at IS NULL
             AND (ba.start_month IS NULL OR ba.start_month <= ?) AND (ba.end_month IS NULL OR ba.end_month >= ?)
             AND NOT EXISTS (SELECT 1 FROM actuals a WHERE a.billing_account_id = ba.id AND a.month = ? AND a.amount_cents IS NOT NULL)
           ORDER BY ba.account_number`,
        )
        .all(JSON.stringify([...lateFrom.keys()]), month, month, month) as { id: string }[]
    ).map((r) => ({ account_id: r.id, month }));
    const byCarrier = new Map<string, CheckRow[]>();
    for (const r of rowsFor(ctx, candidates)) {
      if (r.status !== 'missing' || !lateFrom.has(r.carrier_id) || !inScope(ctx, r.customer_id)) continue;
      const list = byCarrier.get(r.carrier_id) ?? [];
      list.push(r);
      byCarrier.set(r.carrier_id, list);
    }
    for (const [carrierId, rows] of byCarrier) {
      const due = lateFrom.get(carrierId)!;
      const c = carriers.find((x) => x.id === carrierId)!;
      out.push(
        alert({
          kind: 'bill_missing',
          severity: 'urgent',
          carrier_id: carrierId,
          month,
          due_date: due,
          count: rows.length,
          account_id: rows.length === 1 ? rows[0]!.account_id : null,
          title: `${c.name}: ${plural(rows.length, 'bill')} for ${month} not received`,
          detail: `Expected by ${due} (bill day ${c.bill_day ?? `${defaultBillDay}, the default`} + ${plural(graceDays, 'day')} grace)${rows.length <= 3 ? `: ${rows.map((r) => `${r.customer ?? '(not in book)'} account ${r.account}`).join(', ')}` : ''}`,
        }),
      );
    }
  }
  return out;
}

const KIND_ORDER: Record<Alert['kind'], number> = { ticket_overdue: 0, bill_missing: 1, window_closing: 2, newly_flagged: 3 };

export function listAlerts(ctx: Ctx, input: Input<'alerts.list'>): Output<'alerts.list'> {
  const asOf = input.as_of ?? ctx.now().slice(0, 10);
  const settings = alertSettings(ctx);
  const alerts = [
    ...ticketAlerts(ctx, asOf, settings.closingDays),
    ...missingBills(ctx, asOf, settings.graceDays, settings.defaultBillDay),
    ...windowsClosingWithoutTicket(ctx, asOf, settings.closingDays),
    ...newlyFlagged(ctx, asOf, input.recent_days ?? 7),
  ];
  alerts.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') ||
      // latest month first; an alert of several months last
      (b.month ?? '0000').localeCompare(a.month ?? '0000') ||
      a.title.localeCompare(b.title),
  );
  return { as_of: asOf, grace_days: settings.graceDays, alerts };
}
