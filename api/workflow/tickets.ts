// Billing tickets: opened from flagged bills, researched, disputed, credited and resolved. Every write goes
// through the Writer (one transaction, audited field by field).
import { addDays } from '../../core/days.ts';
import { compareMonths } from '../../core/months.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt, type Writer } from '../write.ts';
import { rowsFor } from '../month/actuals.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { TicketDetail, TicketStatus, TicketSummary } from '../contract/tickets.ts';
import type { CheckRow } from '../contract/month.ts';
import { accountScopeClause, assertAccountInScope, assertTicketInScope, ticketScopeClause } from '../scope.ts';
import { attachmentsOf } from './attachments.ts';
import { approvalsOfMonth } from './approvals.ts';
import { checkLookup } from '../admin/lookup-values.ts';
import { udfFilterClause } from '../admin/udf.ts';
import { accountExists, atStake, billKey, billLabel, isDone, money, statusWords, STATUS_WORDS, ticketsOfBill, DONE_STATUSES } from './bills.ts';

interface TicketRow {
  id: string;
  number: number;
  title: string;
  status: TicketStatus;
  assignee: string | null;
  claim_number: string | null;
  opened_on: string;
  due_date: string | null;
  expected_credit_cents: number | null;
  resolution_reason: string | null;
  category: string | null;
  dispute_reason: string | null;
  closed_at: string | null;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

interface TicketBillRow {
  ticket_id: string;
  billing_account_id: string;
  month: string;
  status_at_open: CheckRow['status'];
  variance_at_open_cents: number | null;
}

const today = (ctx: Ctx) => ctx.now().slice(0, 10);

function loadTicket(ctx: Ctx, id: string): TicketRow {
  const t = stmt(ctx, 'SELECT * FROM tickets WHERE id = ?').get(id) as TicketRow | undefined;
  if (!t) throw notFound('Ticket', id);
  assertTicketInScope(ctx, id);
  return t;
}

const receivedOf = (ctx: Ctx, ticketId: string) =>
  (stmt(ctx, 'SELECT COALESCE(SUM(amount_cents), 0) AS s FROM ticket_credits WHERE ticket_id = ?').get(ticketId) as { s: number }).s;

const owedOf = (expected: number | null, received: number) => (expected === null ? null : Math.max(0, expected - received));
/** Received beyond the expected credit (a carrier may credit more than asked): never below zero, null while no
 *  credit is expected, so owed and over-received are never both above zero and neither is ever negative. */
const overReceivedOf = (expected: number | null, received: number) => (expected === null ? null : Math.max(0, received - expected));

/** The ticket's bills with their figures now, in the order they were added. */
function billsOf(ctx: Ctx, ticketIds: string[]): Map<string, { link: TicketBillRow; row: CheckRow }[]> {
  const links = stmt(
    ctx,
    `SELECT ticket_id, billing_account_id, month, status_at_open, variance_at_open_cents FROM ticket_bills
     WHERE ticket_id IN (SELECT value FROM json_each(?)) ORDER BY month, created_at, id`,
  ).all(JSON.stringify(ticketIds)) as TicketBillRow[];
  // rowsFor gives one row per distinct (account, month), in first-seen order.
  const distinct = new Map<string, { account_id: string; month: string }>();
  for (const l of links) distinct.set(billKey(l.billing_account_id, l.month), { account_id: l.billing_account_id, month: l.month });
  const pairs = [...distinct.values()];
  const rows = rowsFor(ctx, pairs);
  const byKey = new Map(pairs.map((p, i) => [billKey(p.account_id, p.month), rows[i]!]));
  const out = new Map<string, { link: TicketBillRow; row: CheckRow }[]>();
  for (const l of links) {
    const list = out.get(l.ticket_id) ?? [];
    list.push({ link: l, row: byKey.get(billKey(l.billing_account_id, l.month))! });
    out.set(l.ticket_id, list);
  }
  return out;
}

function toDetail(ctx: Ctx, t: TicketRow): TicketDetail {
  const bills = billsOf(ctx, [t.id]).get(t.id) ?? [];
  const received = receivedOf(ctx, t.id);
  return {
    ...base(t, received, atStake(bills.map((b) => b.row))),
    bills: bills.map(({ link, row }) => ({
      account_id: row.account_id,
      month: link.month,
      customer_id: row.customer_id,
      customer: row.customer,
      location: row.location,
      carrier_id: row.carrier_id,
      carrier: row.carrier,
      account: row.account,
      status_at_open: link.status_at_open,
      variance_at_open_cents: link.variance_at_open_cents,
      expected_cents: row.expected_cents,
      actual_cents: row.actual_cents,
      variance_cents: row.variance_cents,
      status: row.status,
    })),
    notes: stmt(ctx, 'SELECT id, author, at, text FROM ticket_notes WHERE ticket_id = ? ORDER BY at, id').all(t.id) as TicketDetail['notes'],
    credits: stmt(
      ctx,
      'SELECT id, month, amount_cents, matched_account_id, matched_month, note, created_at FROM ticket_credits WHERE ticket_id = ? ORDER BY month, created_at, id',
    ).all(t.id) as TicketDetail['credits'],
    attachments: attachmentsOf(ctx, t.id),
  };
}

function base(t: TicketRow, received: number, stake: number) {
  return {
    id: t.id,
    number: t.number,
    title: t.title,
    status: t.status,
    assignee: t.assignee,
    claim_number: t.claim_number,
    opened_on: t.opened_on,
    due_date: t.due_date,
    expected_credit_cents: t.expected_credit_cents,
    resolution_reason: t.resolution_reason,
    category: t.category ?? null,
    dispute_reason: t.dispute_reason ?? null,
    closed_at: t.closed_at,
    retired_at: t.retired_at,
    created_at: t.created_at,
    updated_at: t.updated_at,
    received_cents: received,
    owed_cents: owedOf(t.expected_credit_cents, received),
    over_received_cents: overReceivedOf(t.expected_credit_cents, received),
    at_stake_cents: stake,
  };
}

export function getTicket(ctx: Ctx, input: Input<'tickets.get'>): Output<'tickets.get'> {
  return toDetail(ctx, loadTicket(ctx, input.id));
}

/** Who may be assigned a ticket: the active staff users, by user name. */
export function ticketAssignees(ctx: Ctx): Output<'tickets.assignees'> {
  return stmt(ctx, "SELECT name, full_name FROM users WHERE kind = 'staff' AND active = 1 ORDER BY name COLLATE NOCASE").all() as Output<'tickets.assignees'>;
}

/**
 * An assignee as stored: the name of an active staff user (in the user's own spelling), or null for nobody.
 * The ticket's current assignee saved unchanged stays (a user since deactivated keeps their tickets). Before
 * any user exists (a single-user install) the one person there is the caller. The refusal names the field and
 * the value typed, and nothing about other users.
 */
function checkAssignee(ctx: Ctx, value: string | null | undefined, current?: string | null): string | null | undefined {
  if (value === undefined) return undefined;
  const name = value?.trim() || null;
  if (name === null) return null;
  if (current !== undefined && name === current) return name;
  const user = stmt(ctx, "SELECT name FROM users WHERE name = ? COLLATE NOCASE AND kind = 'staff' AND active = 1").get(name) as { name: string } | undefined;
  if (user) return user.name;
  const anyUser = stmt(ctx, 'SELECT 1 FROM users LIMIT 1').get();
  if (!anyUser && name === ctx.actor) return name;
  throw new ApiError('invalid_input', `Assign to: no active user named "${name}"`, { field: 'assignee', value: name });
}

export function openTicket(ctx: Ctx, input: Input<'tickets.open'>): Output<'tickets.open'> {
  const seen = new Set<string>();
  const bills = input.bills.filter((b) => !seen.has(billKey(b.account_id, b.month)) && seen.add(billKey(b.account_id, b.month)));
  const missingAccounts = bills.filter((b) => !accountExists(ctx, b.account_id));
  if (missingAccounts.length) throw notFound('Billing account', missingAccounts.map((b) => b.account_id).join(', '));
  for (const b of bills) assertAccountInScope(ctx, b.account_id);
  const rows = rowsFor(ctx, bills);
  const problems: string[] = [];
  rows.forEach((r, i) => {
    const month = bills[i]!.month;
    if (r.status === 'ok') problems.push(`${billLabel(r, month)} is within tolerance, so there is nothing to ticket`);
    const active = ticketsOfBill(ctx, r.account_id, month).filter((t) => !isDone(t.status));
    if (active.length) problems.push(`${billLabel(r, month)} is already on ticket ${active[0]!.number} (${STATUS_WORDS[active[0]!.status]})`);
  });
  if (problems.length) {
    throw new ApiError('conflict', `A ticket covers flagged bills only, and ${problems.length === 1 ? 'this bill' : 'these bills'} cannot be on a new one: ${problems.join('; ')}`, problems);
  }
  const category = checkLookup(ctx, 'category', 'ticket_category', input.category);
  const disputeReason = checkLookup(ctx, 'dispute_reason', 'dispute_reason', input.dispute_reason);
  const assignee = checkAssignee(ctx, input.assignee) ?? null;
  const openedOn = input.opened_on ?? today(ctx);
  let due: string | null = null;
  if (input.due_date !== undefined) due = input.due_date;
  else {
    // The dispute window counts from the bill date where it is known, else from the day the ticket opens;
    // with several bills, the earliest deadline wins.
    for (const r of rows) {
      const c = stmt(ctx, 'SELECT dispute_window_days FROM carriers WHERE id = ?').get(r.carrier_id) as { dispute_window_days: number | null };
      if (c.dispute_window_days === null) continue;
      const d = addDays(r.bill_date ?? openedOn, c.dispute_window_days);
      if (due === null || d < due) due = d;
    }
  }
  const first = rows[0]!;
  const title =
    input.title ??
    (rows.length === 1
      ? `${first.carrier} ${first.account} ${bills[0]!.month}: ${statusWords(ctx, first)}`
      : `${first.carrier}: ${rows.length} bills (${[...new Set(bills.map((b) => b.month))].sort().join(', ')})`);
  return inTransaction(ctx, (w) => {
    const number = (stmt(ctx, 'SELECT COALESCE(MAX(number), 0) + 1 AS n FROM tickets').get() as { n: number }).n;
    const t = w.insert('tickets', {
      number,
      title,
      status: 'open',
      assignee,
      claim_number: input.claim_number ?? null,
      opened_on: openedOn,
      due_date: due,
      expected_credit_cents: input.expected_credit_cents ?? null,
      resolution_reason: null,
      ...(category ? { category } : {}),
      ...(disputeReason ? { dispute_reason: disputeReason } : {}),
      closed_at: null,
      retired_at: null,
    });
    rows.forEach((r, i) =>
      w.insert('ticket_bills', {
        ticket_id: t.id,
        billing_account_id: r.account_id,
        month: bills[i]!.month,
        status_at_open: r.status,
        variance_at_open_cents: r.variance_cents,
      }),
    );
    if (input.note) w.insert('ticket_notes', { ticket_id: t.id, author: ctx.actor, at: w.at, text: input.note });
    return { batch_id: w.batchId, ticket: toDetail(ctx, loadTicket(ctx, t.id)) };
  });
}

export function updateTicket(ctx: Ctx, input: Input<'tickets.update'>): Output<'tickets.update'> {
  const before = loadTicket(ctx, input.id);
  const p = input.patch;
  const status = p.status ?? before.status;
  const expected = p.expected_credit_cents !== undefined ? p.expected_credit_cents : before.expected_credit_cents;
  const reason = (p.resolution_reason !== undefined ? p.resolution_reason : before.resolution_reason) || null;
  const closing = isDone(status) && !isDone(before.status);
  const category = checkLookup(ctx, 'category', 'ticket_category', p.category, before.category);
  const disputeReason = checkLookup(ctx, 'dispute_reason', 'dispute_reason', p.dispute_reason, before.dispute_reason);
  const assignee = checkAssignee(ctx, p.assignee, before.assignee);
  if (isDone(status) && (closing || p.expected_credit_cents !== undefined)) {
    const received = receivedOf(ctx, before.id);
    const owed = owedOf(expected, received);
    if (owed !== null && owed > 0 && !reason) {
      throw new ApiError(
        'invalid_input',
        `Ticket ${before.number} still has ${money(ctx, owed)} owed (credit expected ${money(ctx, expected!)}, received ${money(ctx, received)}): ` +
          `marking it ${STATUS_WORDS[status]} needs a resolution reason`,
        { field: 'resolution_reason', owed_cents: owed },
      );
    }
  }
  return inTransaction(ctx, (w) => {
    w.update('tickets', before, {
      title: p.title,
      status: p.status,
      assignee,
      claim_number: p.claim_number,
      due_date: p.due_date,
      expected_credit_cents: p.expected_credit_cents,
      resolution_reason: p.resolution_reason === undefined ? undefined : p.resolution_reason || null,
      category,
      dispute_reason: disputeReason,
      closed_at: closing ? w.at : !isDone(status) && before.closed_at ? null : undefined,
    });
    return { batch_id: w.batchId, ticket: toDetail(ctx, loadTicket(ctx, before.id)) };
  });
}

export function addNote(ctx: Ctx, input: Input<'tickets.addNote'>): Output<'tickets.addNote'> {
  const t = loadTicket(ctx, input.ticket_id);
  return inTransaction(ctx, (w) => {
    w.insert('ticket_notes', { ticket_id: t.id, author: ctx.actor, at: w.at, text: input.text });
    return { batch_id: w.batchId, ticket: toDetail(ctx, t) };
  });
}

export function addCredit(ctx: Ctx, input: Input<'tickets.addCredit'>): Output<'tickets.addCredit'> {
  const t = loadTicket(ctx, input.ticket_id);
  const m = input.matched;
  // The contract refuses it first; a credit that reaches here any other way is refused the same.
  if (!Number.isSafeInteger(input.amount_cents) || input.amount_cents <= 0)
    throw new ApiError('invalid_input', `Ticket ${t.number}: amount_cents: a credit is a positive amount of cents, not ${input.amount_cents}`, {
      field: 'amount_cents',
      value: input.amount_cents,
    });
  if (m) {
    const months = (
      stmt(ctx, 'SELECT month FROM ticket_bills WHERE ticket_id = ? AND billing_account_id = ? ORDER BY month').all(t.id, m.account_id) as { month: string }[]
    ).map((r) => r.month);
    if (!months.length) throw new ApiError('invalid_input', `A credit on ticket ${t.number} can only be matched to a bill of one of its accounts, and ${m.account_id} is not one of them`);
    if (compareMonths(m.month, months[0]!) <= 0)
      throw new ApiError('invalid_input', `A credit shows up on a later bill than the one disputed: ${m.month} is not after ${months[0]}`);
    const actual = stmt(ctx, 'SELECT amount_cents FROM actuals WHERE billing_account_id = ? AND month = ?').get(m.account_id, m.month) as
      | { amount_cents: number | null }
      | undefined;
    if (!actual || actual.amount_cents === null) {
      const [row] = rowsFor(ctx, [m]);
      throw new ApiError('invalid_input', `No actual is entered for ${billLabel(row!, m.month)} yet, so the credit cannot be matched to it`);
    }
  }
  const month = input.month ?? m?.month;
  if (!month) throw new ApiError('invalid_input', 'tickets.addCredit: month: the month the credit was received is needed when it is not matched to a bill');
  return inTransaction(ctx, (w) => {
    // Checked in the write's transaction, against the credits matched so far by every ticket.
    if (m) checkCreditFits(ctx, t.number, m.account_id, m.month, input.amount_cents);
    w.insert('ticket_credits', {
      ticket_id: t.id,
      month,
      amount_cents: input.amount_cents,
      matched_account_id: m?.account_id ?? null,
      matched_month: m?.month ?? null,
      note: input.note ?? null,
    });
    // A matched credit is part of what that later bill should be: the month check subtracts it from the bill's
    // expectation (api/month/query.ts), so the reduced bill checks out instead of being flagged "under".
    return { batch_id: w.batchId, ticket: toDetail(ctx, t) };
  });
}

/**
 * A credit matched to a bill lowers that bill's expectation, so it may be at most what is left of it: the
 * expected bill never goes below zero (a credit larger than the bill is a typo, or belongs on more than one
 * bill). A bill with no expectation (unexpected) has nothing to lower: its credit is recorded unmatched.
 * Credits matched earlier, by this ticket or another, have lowered the expectation already.
 */
function checkCreditFits(ctx: Ctx, ticketNumber: number, accountId: string, month: string, cents: number) {
  const [row] = rowsFor(ctx, [{ account_id: accountId, month }]);
  const bill = `${row!.account}'s ${month} bill`;
  const credit = `Ticket ${ticketNumber}: a credit of ${money(ctx, cents)} cannot be matched to ${billLabel(row!, month)}`;
  if (row!.expected_cents === null) {
    throw new ApiError(
      'invalid_input',
      `${credit}: that bill has no expectation (it is ${row!.status}), so there is nothing for a credit to lower; record the credit without matching it to a bill`,
      { field: 'matched', account_id: accountId, month, amount_cents: cents, available_cents: 0 },
    );
  }
  const matched = (
    stmt(ctx, 'SELECT COALESCE(SUM(amount_cents), 0) AS s FROM ticket_credits WHERE matched_account_id = ? AND matched_month = ?').get(accountId, month) as { s: number }
  ).s;
  const left = row!.expected_cents;
  if (cents <= left) return;
  const before = left + matched;
  const room =
    left > 0 && matched > 0
      ? `at most ${money(ctx, before)} − ${money(ctx, matched)} = ${money(ctx, left)} can still be matched to ${bill}`
      : left > 0
        ? `at most its expected ${money(ctx, left)} can be matched to ${bill}`
        : matched > 0
          ? `the credits already matched to it (${money(ctx, matched)}) use up its expected ${money(ctx, Math.max(0, before))}: nothing more can be matched to ${bill}`
          : `its expected bill is ${money(ctx, left)}: nothing can be matched to ${bill}`;
  throw new ApiError('invalid_input', `${credit}: that would take its expected bill below zero; ${room}`, {
    field: 'amount_cents',
    account_id: accountId,
    month,
    amount_cents: cents,
    available_cents: Math.max(0, left),
  });
}

export function listTickets(ctx: Ctx, input: Input<'tickets.list'>): Output<'tickets.list'> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!input.include_retired) where.push('t.retired_at IS NULL');
  if (input.status?.length) {
    where.push(`t.status IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(input.status));
  }
  const done = JSON.stringify(DONE_STATUSES);
  const overdueOn = input.overdue_on ?? (input.overdue ? today(ctx) : undefined);
  if (input.active || overdueOn) {
    where.push(`t.status NOT IN (SELECT value FROM json_each(?))`);
    params.push(done);
  }
  if (overdueOn) {
    where.push('t.due_date IS NOT NULL AND t.due_date < ?');
    params.push(overdueOn);
  }
  const scope = ticketScopeClause(ctx, 't.id');
  where.push(scope.sql);
  params.push(...scope.params);
  if (input.assignee !== undefined) {
    where.push('t.assignee = ?');
    params.push(input.assignee);
  }
  if (input.mine) {
    where.push('t.assignee = ?');
    params.push(ctx.actor);
  }
  if (input.team) {
    where.push('t.assignee IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify([ctx.actor, ...(ctx.report_names ?? [])]));
  }
  if (input.udf) {
    const u = udfFilterClause(ctx, 'tickets', 'uv.record_id = t.id', input.udf);
    where.push(u.sql);
    params.push(...u.params);
  }
  const billConds: string[] = [];
  for (const [col, v] of [
    ['ba.carrier_id', input.carrier_id],
    ['ba.customer_id', input.customer_id],
    ['tb.billing_account_id', input.account_id],
    ['tb.month', input.month],
  ] as const) {
    if (v !== undefined) {
      billConds.push(`${col} = ?`);
      params.push(v);
    }
  }
  if (billConds.length) {
    where.push(`EXISTS (SELECT 1 FROM ticket_bills tb JOIN billing_accounts ba ON ba.id = tb.billing_account_id
      WHERE tb.ticket_id = t.id AND ${billConds.join(' AND ')})`);
  }
  const sql = `SELECT t.*, (SELECT COALESCE(SUM(c.amount_cents), 0) FROM ticket_credits c WHERE c.ticket_id = t.id) AS received
    FROM tickets t ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY t.number`;
  const tickets = ctx.db.sqlite.prepare(sql).all(...params) as (TicketRow & { received: number })[];
  const bills = billsOf(ctx, tickets.map((t) => t.id));
  const asOf = input.overdue_on ?? today(ctx);
  const out: TicketSummary[] = tickets.map((t) => {
    const bs = bills.get(t.id) ?? [];
    return {
      ...base(t, t.received, atStake(bs.map((b) => b.row))),
      bills: bs.map(({ link, row }) => ({ account_id: row.account_id, month: link.month, account: row.account, carrier: row.carrier, customer: row.customer })),
      overdue: !isDone(t.status) && t.due_date !== null && t.due_date < asOf,
    };
  });
  const byDue = (a: TicketSummary, b: TicketSummary) =>
    a.due_date === b.due_date ? a.number - b.number : a.due_date === null ? 1 : b.due_date === null ? -1 : a.due_date < b.due_date ? -1 : 1;
  if (input.sort === 'at_stake') out.sort((a, b) => b.at_stake_cents - a.at_stake_cents || byDue(a, b));
  else out.sort(byDue);
  // Reversed, tickets without a due date still come last: they have no deadline to sort by.
  if (input.descending) {
    const dated = out.filter((t) => input.sort === 'at_stake' || t.due_date !== null).reverse();
    return input.sort === 'at_stake' ? dated : [...dated, ...out.filter((t) => t.due_date === null)];
  }
  return out;
}

export function ticketsForMonth(ctx: Ctx, input: Input<'tickets.forMonth'>): Output<'tickets.forMonth'> {
  const s1 = accountScopeClause(ctx, 'tb.billing_account_id');
  // A client is shown the tickets it can open: one that also covers another customer's bills stays with staff.
  const t1 = ticketScopeClause(ctx, 't.id');
  const links = stmt(
    ctx,
    `SELECT tb.billing_account_id AS account_id, t.id, t.number, t.status FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
     WHERE tb.month = ? AND t.retired_at IS NULL AND ${s1.sql} AND ${t1.sql} ORDER BY t.number`,
  ).all(input.month, ...s1.params, ...t1.params) as { account_id: string; id: string; number: number; status: TicketStatus }[];
  const approvals = approvalsOfMonth(ctx, input.month);
  const out = new Map<string, Output<'tickets.forMonth'>[number]>();
  const entry = (id: string) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { account_id: id, tickets: [], approval: null }));
    return e;
  };
  for (const l of links) entry(l.account_id).tickets.push({ id: l.id, number: l.number, status: l.status });
  for (const a of approvals.values()) {
    entry(a.billing_account_id).approval = {
      id: a.id,
      approved_by: a.approved_by,
      approved_at: a.approved_at,
      override: a.override_reason !== null,
      approved_actual_cents: a.actual_cents_at_approval,
      changed_since_approval: a.changed_since_approval,
    };
  }
  return [...out.values()];
}
