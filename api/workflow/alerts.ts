// Alerts inside the app: what needs someone's attention today. Read-only and scoped like every read.
// - newly flagged: bills entered in the last days that are flagged, with no ticket and no OK to Pay (per month),
//   for the last six months (an older month entered now is history being loaded);
// - tickets past due, and tickets due within the closing days (setting alerts.closing_days, 7 by default);
// - flagged bills with no ticket whose dispute window (bill date + the carrier's window) closes within the
//   closing days: from today to the last of them, both included (7 days: day 7 is in, day 8 is not yet);
// - bills still missing after the carrier's bill day plus the grace period (per carrier and month).
// The bills' statuses come from month.check's rules, kept between calls per connection and followed through the
// audit trail (alerts-cache.ts): on a large book a refresh reads what changed, not every month again.
import { addDays, daysBetween } from '../../core/days.ts';
import { addMonthsToMonth, daysInMonth, monthOf } from '../../core/months.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { inScope, ticketScopeClause } from '../scope.ts';
import { companyLocale } from '../company.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { Alert } from '../contract/alerts.ts';
import { alertSettings } from './alert-settings.ts';
import { atStake, billLabel, DONE_STATUSES, money, statusWords, STATUS_WORDS } from './bills.ts';
import type { TicketStatus } from '../contract/tickets.ts';
import { plural } from '../../core/plural.ts';
import {
  alertState,
  closingBills,
  ensureBills,
  flaggedBill,
  flaggedBillsOf,
  flaggedBillsOfMonth,
  recentBills,
  rememberAnswer,
  rememberedAnswer,
  untendedBills,
  type AlertData,
  type FlaggedBill,
} from './alerts-cache.ts';

function alert(a: Partial<Alert> & Pick<Alert, 'kind' | 'severity' | 'title' | 'detail'>): Alert {
  return { ticket_id: null, account_id: null, carrier_id: null, month: null, due_date: null, at_stake_cents: null, count: 1, ...a };
}

// A bill for a month further back than this, entered now, is history being loaded, not new work; leaving it out
// also keeps the alert from re-checking years of bills after a large history load.
const NEW_WITHIN_MONTHS = 6;

/** A flagged bill with the names its alert shows (as month.check's row: customer, carrier, account number). */
type Shown = FlaggedBill & { customer: string | null; carrier: string };

/** The customer and carrier names of the accounts, by account id. */
function namesOf(ctx: Ctx, accountIds: Iterable<string>): Map<string, { customer: string | null; carrier: string }> {
  const ids = [...new Set(accountIds)];
  const out = new Map<string, { customer: string | null; carrier: string }>();
  for (let i = 0; i < ids.length; i += 10_000) {
    for (const r of stmt(
      ctx,
      `SELECT ba.id, cu.name AS customer, ca.name AS carrier FROM billing_accounts ba
       JOIN carriers ca ON ca.id = ba.carrier_id LEFT JOIN customers cu ON cu.id = ba.customer_id
       WHERE ba.id IN (SELECT value FROM json_each(?))`,
    ).all(JSON.stringify(ids.slice(i, i + 10_000))) as { id: string; customer: string | null; carrier: string }[]) {
      out.set(r.id, { customer: r.customer, carrier: r.carrier });
    }
  }
  return out;
}
const shown = (bill: FlaggedBill, names: Map<string, { customer: string | null; carrier: string }>): Shown => ({ ...bill, ...names.get(bill.account_id)! });

/** Flagged bills with no live ticket and no OK to Pay, in the caller's scope. */
const untended = <T extends { month: string; bill: FlaggedBill }>(ctx: Ctx, bills: T[]): T[] =>
  untendedBills(ctx, ctx.scope === null ? bills : bills.filter((b) => inScope(ctx, b.bill.customer_id)));

function newlyFlagged(ctx: Ctx, st: AlertData, since: string, recent: ReturnType<typeof recentBills>): Alert[] {
  const flagged: { month: string; bill: FlaggedBill }[] = [];
  for (const [month, accounts] of recent) for (const bill of flaggedBillsOf(st, month, accounts)) flagged.push({ month, bill });

  const byMonth = new Map<string, FlaggedBill[]>();
  for (const { month, bill } of untended(ctx, flagged)) {
    const list = byMonth.get(month) ?? [];
    list.push(bill);
    byMonth.set(month, list);
  }
  // The latest months one alert each; older months (history loaded today, a late import) in one alert, so a
  // load of years of bills does not bury today's work.
  const months = [...byMonth.keys()].sort().reverse();
  const older = months.slice(OWN_ALERT_MONTHS);
  const own = months.slice(0, OWN_ALERT_MONTHS);
  const names = namesOf(ctx, own.filter((m) => byMonth.get(m)!.length === 1).map((m) => byMonth.get(m)![0]!.account_id));
  const out = own.map((month) => {
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
          ? `${billLabel(shown(rows[0]!, names), month)} is ${statusWords(ctx, rows[0]!)}`
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
  const rows = stmt(
    ctx,
    `SELECT t.id, t.number, t.title, t.status, t.due_date, t.assignee FROM tickets t
     WHERE t.retired_at IS NULL AND t.status NOT IN (SELECT value FROM json_each(?)) AND t.due_date IS NOT NULL AND t.due_date <= ? AND ${s.sql}
     ORDER BY t.due_date, t.number`,
  ).all(JSON.stringify(DONE_STATUSES), until, ...s.params) as { id: string; number: number; title: string; status: TicketStatus; due_date: string; assignee: string | null }[];
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

function windowsClosingWithoutTicket(ctx: Ctx, st: AlertData, asOf: string, closing: ReturnType<typeof closingBills>): Alert[] {
  const bills: { month: string; closes: string; bill: FlaggedBill }[] = [];
  // By the day the window closes (then as the actuals were entered).
  for (const c of [...closing.entries()].sort((x, y) => (x[1].closes < y[1].closes ? -1 : x[1].closes > y[1].closes ? 1 : x[0] - y[0])).map((e) => e[1])) {
    const bill = flaggedBill(st, c.month, c.account_id);
    if (bill) bills.push({ month: c.month, closes: c.closes, bill });
  }
  const open = untended(ctx, bills);
  const names = namesOf(ctx, open.map((b) => b.bill.account_id));
  return open.map((b) => {
    const r = shown(b.bill, names);
    const days = daysBetween(asOf, b.closes);
    return alert({
      kind: 'window_closing',
      severity: 'warning',
      account_id: r.account_id,
      carrier_id: r.carrier_id,
      month: b.month,
      due_date: b.closes,
      at_stake_cents: atStake([r]),
      title: `${r.carrier} ${r.account} ${b.month}: the dispute window closes ${days === 0 ? 'today' : `in ${plural(days, 'day')}`} (${b.closes})`,
      detail: `${billLabel(r, b.month)} is ${statusWords(ctx, r)} and has no ticket`,
    });
  });
}

interface Carrier {
  id: string;
  name: string;
  bill_day: number | null;
}

/** This month and the one before (older gaps are the month-end check's business, not a fresh alert), each with
 *  the carriers whose bills are late by now and the day they were due. */
function lateCarriers(ctx: Ctx, asOf: string, graceDays: number, defaultBillDay: number) {
  const carriers = stmt(ctx, 'SELECT id, name, bill_day FROM carriers WHERE retired_at IS NULL').all() as Carrier[];
  const thisMonth = monthOf(asOf);
  const months = [addMonthsToMonth(thisMonth, -1), thisMonth].map((month) => {
    const lateFrom = new Map<string, string>();
    for (const c of carriers) {
      const day = Math.min(c.bill_day ?? defaultBillDay, daysInMonth(month));
      const due = addDays(`${month}-${String(day).padStart(2, '0')}`, graceDays);
      if (due < asOf) lateFrom.set(c.id, due);
    }
    return { month, lateFrom };
  });
  return { carriers, months: months.filter((m) => m.lateFrom.size > 0) };
}

/** Account numbers in SQLite's order (BINARY: UTF-8 bytes), as the accounts were listed before. */
const byAccountNumber = (a: string, b: string) =>
  a === b ? 0 : /[\ud800-\uffff]/.test(a + b) ? Buffer.compare(Buffer.from(a), Buffer.from(b)) : a < b ? -1 : 1;

function missingBills(ctx: Ctx, st: AlertData, late: ReturnType<typeof lateCarriers>, graceDays: number, defaultBillDay: number): Alert[] {
  const out: Alert[] = [];
  for (const { month, lateFrom } of late.months) {
    // The month's bills that are missing: expected, nothing entered (month.check's status), of an account in the
    // book, not retired and within its months, of a late carrier.
    const byCarrier = new Map<string, FlaggedBill[]>();
    for (const r of flaggedBillsOfMonth(st, month)) {
      if (r.status !== 'missing' || !r.current || !lateFrom.has(r.carrier_id) || (ctx.scope !== null && !inScope(ctx, r.customer_id))) continue;
      const list = byCarrier.get(r.carrier_id);
      if (list) list.push(r);
      else byCarrier.set(r.carrier_id, [r]);
    }
    // Each carrier's accounts by number. The alerts are sorted by title in the end, so the carriers' order tells
    // apart only carriers of the same name: those in the order of their first account, as they were listed.
    const carrierOf = new Map(late.carriers.map((c) => [c.id, c]));
    const sameName = new Map<string, number>();
    for (const id of byCarrier.keys()) sameName.set(carrierOf.get(id)!.name, (sameName.get(carrierOf.get(id)!.name) ?? 0) + 1);
    const first = new Map<string, string>();
    for (const [id, rows] of byCarrier) {
      if (sameName.get(carrierOf.get(id)!.name)! > 1) first.set(id, rows.reduce((m, r) => (byAccountNumber(r.account, m) < 0 ? r.account : m), rows[0]!.account));
    }
    const carriers = [...byCarrier.keys()].sort((a, b) => {
      const na = carrierOf.get(a)!.name;
      const nb = carrierOf.get(b)!.name;
      return na < nb ? -1 : na > nb ? 1 : byAccountNumber(first.get(a)!, first.get(b)!);
    });
    const listed = carriers.filter((c) => byCarrier.get(c)!.length <= 3);
    const names = namesOf(ctx, listed.flatMap((c) => byCarrier.get(c)!.map((r) => r.account_id)));
    for (const carrierId of carriers) {
      const rows = byCarrier.get(carrierId)!;
      if (rows.length <= 3) rows.sort((a, b) => byAccountNumber(a.account, b.account));
      const due = lateFrom.get(carrierId)!;
      const c = carrierOf.get(carrierId)!;
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
          detail: `Expected by ${due} (bill day ${c.bill_day ?? `${defaultBillDay}, the default`} + ${plural(graceDays, 'day')} grace)${rows.length <= 3 ? `: ${rows.map((r) => `${names.get(r.account_id)!.customer ?? '(not in book)'} account ${r.account}`).join(', ')}` : ''}`,
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
  const recentDays = input.recent_days ?? 7;
  const st = alertState(ctx);
  // The same question with nothing written since has the same answer.
  const key = JSON.stringify([asOf, recentDays, settings, companyLocale(ctx), ctx.scope]);
  const known = rememberedAnswer<Output<'alerts.list'>>(st, key);
  if (known) return known;

  // The bills the alerts ask about: every bill of the months with late carriers, the bills entered lately, and
  // the bills whose dispute window closes soon.
  const late = lateCarriers(ctx, asOf, settings.graceDays, settings.defaultBillDay);
  const since = addDays(asOf, -recentDays);
  const recent = recentBills(ctx, st, since, addMonthsToMonth(monthOf(asOf), -NEW_WITHIN_MONTHS));
  const closing = closingBills(ctx, st, asOf, addDays(asOf, settings.closingDays));
  const named = new Map<string, Iterable<string>[]>();
  const ask = (month: string, accountIds: Iterable<string>) => {
    const lists = named.get(month);
    if (lists) lists.push(accountIds);
    else named.set(month, [accountIds]);
  };
  for (const [month, accounts] of recent) ask(month, accounts);
  for (const c of closing.values()) ask(c.month, [c.account_id]);
  ensureBills(ctx, st, late.months.map((m) => m.month), named);

  const alerts = [
    ...ticketAlerts(ctx, asOf, settings.closingDays),
    ...missingBills(ctx, st, late, settings.graceDays, settings.defaultBillDay),
    ...windowsClosingWithoutTicket(ctx, st, asOf, closing),
    ...newlyFlagged(ctx, st, since, recent),
  ];
  alerts.sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.due_date ?? '9999').localeCompare(b.due_date ?? '9999') ||
      // latest month first; an alert of several months last
      (b.month ?? '0000').localeCompare(a.month ?? '0000') ||
      a.title.localeCompare(b.title),
  );
  const out = { as_of: asOf, grace_days: settings.graceDays, alerts };
  rememberAnswer(st, key, out);
  return out;
}
