// OK to Pay: approving bills in bulk (all or none), withdrawing an approval with a reason, and the month's
// ready-to-pay register. Every write goes through the Writer.
//
// An approval approves one amount of one invoice (kept with it). Whether it still stands is derived on every read
// (core/approval.ts), never written: a bill whose actual or invoice changed after approval needs approving again,
// shows so everywhere (tickets.forMonth for the grid and the OK to Pay page, history) and is not ready to pay.
import { can, describeAccess, type Access } from '../../core/permissions.ts';
import { approvedBill, changedSinceApproval } from '../../core/approval.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import { rowsFor } from '../month/actuals.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { Approval, RegisterRow } from '../contract/approvals.ts';
import { accountScopeClause, assertAccountInScope } from '../scope.ts';
import { accountExists, billKey, billLabel, isDone, money, statusWords, STATUS_WORDS, ticketsOfBill } from './bills.ts';
import { sumCents } from '../../core/money.ts';

export const OVERRIDE: Access = { module: 'tem', permission: 'override' };

interface ApprovalRow {
  id: string;
  billing_account_id: string;
  month: string;
  approved_by: string;
  approved_at: string;
  status_at_approval: Approval['status_at_approval'];
  actual_cents_at_approval: number | null;
  invoice_number_at_approval: string | null;
  override_reason: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  [k: string]: unknown;
}

/** Newest first: when two copies approved the same bill before they synced, the newest approval is the one shown. */
const NEWEST = 'ORDER BY approved_at DESC, id DESC';

/** Every approval of one bill not withdrawn, newest first (more than one only after two copies approved it). */
const inForceAll = (ctx: Ctx, accountId: string, month: string) =>
  stmt(ctx, `SELECT * FROM approvals WHERE billing_account_id = ? AND month = ? AND withdrawn_at IS NULL ${NEWEST}`).all(accountId, month) as ApprovalRow[];

/** An approval in force with whether it still stands: the bill's actual and invoice now against those approved. */
export type ApprovalInForce = ApprovalRow & { changed_since_approval: boolean };

// The approvals not withdrawn with the bill as it is now (the actual is the actuals row's amount, as in the check).
const WITH_BILL = `SELECT ap.*, ac.amount_cents AS bill_actual_cents, ac.invoice_number AS bill_invoice_number
  FROM approvals ap LEFT JOIN actuals ac ON ac.billing_account_id = ap.billing_account_id AND ac.month = ap.month
  WHERE ap.withdrawn_at IS NULL`;
const ORDER_NEWEST = 'ORDER BY ap.approved_at DESC, ap.id DESC';

/** core/approval.ts's changedSinceApproval as SQL, negated: approval `ap` still stands for bill `ac` (an actuals row
 *  joined on the same account and month). For SQL that asks many bills at once (the alerts). */
export const APPROVAL_STANDS_SQL = `(ac.amount_cents IS NOT NULL AND ac.amount_cents = ap.actual_cents_at_approval
  AND (ap.invoice_number_at_approval IS NULL OR ap.invoice_number_at_approval = COALESCE(ac.invoice_number, '')))`;

function withState(rows: (ApprovalRow & { bill_actual_cents: number | null; bill_invoice_number: string | null })[], key: (a: ApprovalRow) => string) {
  const out = new Map<string, ApprovalInForce>();
  for (const { bill_actual_cents, bill_invoice_number, ...a } of rows) {
    if (out.has(key(a))) continue; // an older approval of the same bill (two copies approved it before they synced)
    out.set(key(a), { ...a, changed_since_approval: changedSinceApproval(a, { actual_cents: bill_actual_cents, invoice_number: bill_invoice_number }) });
  }
  return out;
}

/**
 * The approval in force of each bill of a month (the newest not withdrawn) and whether it still stands, for the
 * accounts the caller may see, by account id.
 */
export function approvalsOfMonth(ctx: Ctx, month: string): Map<string, ApprovalInForce> {
  const scope = accountScopeClause(ctx, 'ap.billing_account_id');
  const sql = `${WITH_BILL} AND ap.month = ? AND ${scope.sql} ${ORDER_NEWEST}`;
  return withState(stmt(ctx, sql).all(month, ...scope.params) as never, (a) => a.billing_account_id);
}

/** The approvals in force of one account over a span of months (the newest per month) and whether they stand, by month. */
export function approvalsOfAccount(ctx: Ctx, accountId: string, from: string, to: string): Map<string, ApprovalInForce> {
  const sql = `${WITH_BILL} AND ap.billing_account_id = ? AND ap.month BETWEEN ? AND ? ${ORDER_NEWEST}`;
  return withState(stmt(ctx, sql).all(accountId, from, to) as never, (a) => a.month);
}

const toApproval = (a: ApprovalRow): Approval => ({
  id: a.id,
  account_id: a.billing_account_id,
  month: a.month,
  approved_by: a.approved_by,
  approved_at: a.approved_at,
  status_at_approval: a.status_at_approval,
  actual_cents_at_approval: a.actual_cents_at_approval,
  invoice_number_at_approval: a.invoice_number_at_approval,
  override_reason: a.override_reason,
  withdrawn_at: a.withdrawn_at,
  withdrawn_by: a.withdrawn_by,
  withdraw_reason: a.withdraw_reason,
});

export function approveBills(ctx: Ctx, input: Input<'approvals.approve'>): Output<'approvals.approve'> {
  const seen = new Set<string>();
  const bills = input.bills.filter((b) => !seen.has(billKey(b.account_id, b.month)) && seen.add(billKey(b.account_id, b.month)));
  const unknown = bills.filter((b) => !accountExists(ctx, b.account_id));
  if (unknown.length) throw notFound('Billing account', unknown.map((b) => b.account_id).join(', '));
  for (const b of bills) assertAccountInScope(ctx, b.account_id);
  const rows = rowsFor(ctx, bills);
  const mayOverride = can(ctx.grants, OVERRIDE);
  const refused: { account_id: string; month: string; reason: string; needs_permission: boolean }[] = [];
  // An approval that no longer stands (the bill changed since) is replaced: withdrawn with the new one.
  const toApprove: { row: (typeof rows)[number]; month: string; override_reason: string | null; replaces: ApprovalRow[] }[] = [];
  const already: Output<'approvals.approve'>['already_approved'] = [];
  rows.forEach((row, i) => {
    const b = bills[i]!;
    const current = inForceAll(ctx, b.account_id, b.month);
    if (current.length && !changedSinceApproval(current[0]!, row)) {
      already.push({ account_id: b.account_id, month: b.month, approved_by: current[0]!.approved_by, approved_at: current[0]!.approved_at });
      return;
    }
    // Only a bill that arrived can be paid: a missing bill (expected, no actual) is refused, override or not.
    if (row.actual_cents === null) {
      refused.push({
        account_id: b.account_id,
        month: b.month,
        needs_permission: false,
        reason: `there is no bill for ${row.customer ?? '(not in book)'}, ${row.carrier} account ${row.account} in ${b.month} to pay`,
      });
      return;
    }
    if (row.status === 'ok') return void toApprove.push({ row, month: b.month, override_reason: null, replaces: current });
    const tickets = ticketsOfBill(ctx, b.account_id, b.month);
    if (tickets.length && tickets.every((t) => isDone(t.status))) return void toApprove.push({ row, month: b.month, override_reason: null, replaces: current });
    const label = billLabel(row, b.month);
    const why = tickets.length
      ? tickets.filter((t) => !isDone(t.status)).map((t) => `ticket ${t.number} is ${STATUS_WORDS[t.status]}`).join(' and ')
      : 'it has no ticket';
    const reason = b.override_reason ?? input.override_reason;
    if (!reason) {
      refused.push({ account_id: b.account_id, month: b.month, needs_permission: false, reason: `${label} is ${statusWords(ctx, row)} and ${why}: resolve its tickets or give an override reason` });
    } else if (!mayOverride) {
      refused.push({
        account_id: b.account_id,
        month: b.month,
        needs_permission: true,
        reason: `${label} is ${statusWords(ctx, row)} and ${why}: overriding needs ${describeAccess(OVERRIDE)}, which ${ctx.actor} does not have`,
      });
    } else toApprove.push({ row, month: b.month, override_reason: reason, replaces: current });
  });
  if (refused.length) {
    const code = refused.every((r) => r.needs_permission) ? 'forbidden' : 'conflict';
    throw new ApiError(
      code,
      `${refused.length} of ${bills.length} bills cannot be marked OK to Pay, so none was: ${refused.map((r) => r.reason).join('; ')}`,
      refused,
    );
  }
  return inTransaction(ctx, (w) => {
    const approved = toApprove.map(({ row, month, override_reason, replaces }) => {
      for (const old of replaces) {
        w.update('approvals', old, {
          withdrawn_at: w.at,
          withdrawn_by: ctx.actor,
          withdraw_reason: `the bill changed since approval and was approved again at ${money(ctx, row.actual_cents!)}`,
        });
      }
      return w.insert('approvals', {
        billing_account_id: row.account_id,
        month,
        approved_by: ctx.actor,
        approved_at: w.at,
        status_at_approval: row.status,
        ...approvedBill(row),
        override_reason,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
      });
    });
    return { batch_id: w.batchId, approved: approved.map((a) => toApproval(a as unknown as ApprovalRow)), already_approved: already };
  });
}

export function withdrawApproval(ctx: Ctx, input: Input<'approvals.withdraw'>): Output<'approvals.withdraw'> {
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  assertAccountInScope(ctx, input.account_id);
  // Also an approval that no longer stands (the bill changed since): withdrawing it says the bill is not to be paid.
  const before = inForceAll(ctx, input.account_id, input.month);
  if (!before.length) {
    const [row] = rowsFor(ctx, [input]);
    throw new ApiError('not_found', `${billLabel(row!, input.month)} is not OK to Pay, so there is nothing to withdraw`);
  }
  return inTransaction(ctx, (w) => {
    for (const a of before) w.update('approvals', a, { withdrawn_at: w.at, withdrawn_by: ctx.actor, withdraw_reason: input.reason });
    const after = stmt(ctx, 'SELECT * FROM approvals WHERE id = ?').get(before[0]!.id) as ApprovalRow;
    return { batch_id: w.batchId, approval: toApproval(after) };
  });
}

/**
 * The month's ready-to-pay register: the bills whose approval stands, with their total; and apart, not in the total,
 * the approved bills that changed since approval (their actual or invoice differs from the one approved, or there is
 * no bill now), which are not ready to pay until approved again.
 */
export function readyToPay(ctx: Ctx, input: Input<'approvals.register'>): Output<'approvals.register'> {
  const approvals = [...approvalsOfMonth(ctx, input.month).values()];
  const rows = rowsFor(ctx, approvals.map((a) => ({ account_id: a.billing_account_id, month: a.month })));
  const ready: RegisterRow[] = [];
  const changed: RegisterRow[] = [];
  approvals.forEach((a, i) => {
    const r = rows[i]!;
    (a.changed_since_approval ? changed : ready).push({
      account_id: r.account_id,
      customer: r.customer,
      location: r.location,
      carrier: r.carrier,
      account: r.account,
      invoice_number: r.invoice_number,
      bill_date: r.bill_date,
      expected_cents: r.expected_cents,
      actual_cents: r.actual_cents,
      variance_cents: r.variance_cents,
      status: r.status,
      approved_by: a.approved_by,
      approved_at: a.approved_at,
      override_reason: a.override_reason,
      approved_actual_cents: a.actual_cents_at_approval,
      approved_invoice_number: a.invoice_number_at_approval,
    });
  });
  const cmp = (x: string | null, y: string | null) => (x ?? '\uffff').localeCompare(y ?? '\uffff', 'en', { sensitivity: 'base' });
  const order = (x: RegisterRow, y: RegisterRow) => cmp(x.customer, y.customer) || cmp(x.location, y.location) || cmp(x.carrier, y.carrier) || cmp(x.account, y.account);
  ready.sort(order);
  changed.sort(order);
  return { month: input.month, rows: ready, total_actual_cents: sumCents(ready.map((r) => r.actual_cents), `The OK-to-Pay register of ${input.month}`), changed_since_approval: changed };
}
