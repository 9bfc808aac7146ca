// OK to Pay: approving bills in bulk (all or none), withdrawing an approval with a reason, and the month's
// ready-to-pay register. Every write goes through the Writer.
import { can, describeAccess, type Access } from '../../core/permissions.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import { rowsFor } from '../month/actuals.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { Approval } from '../contract/approvals.ts';
import { accountScopeClause, assertAccountInScope } from '../scope.ts';
import { accountExists, billKey, billLabel, isDone, statusWords, STATUS_WORDS, ticketsOfBill } from './bills.ts';

export const OVERRIDE: Access = { module: 'tem', permission: 'override' };

interface ApprovalRow {
  id: string;
  billing_account_id: string;
  month: string;
  approved_by: string;
  approved_at: string;
  status_at_approval: Approval['status_at_approval'];
  actual_cents_at_approval: number | null;
  override_reason: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
  [k: string]: unknown;
}

const inForce = (ctx: Ctx, accountId: string, month: string) =>
  stmt(ctx, 'SELECT * FROM approvals WHERE billing_account_id = ? AND month = ? AND withdrawn_at IS NULL').get(accountId, month) as
    | ApprovalRow
    | undefined;

const toApproval = (a: ApprovalRow): Approval => ({
  id: a.id,
  account_id: a.billing_account_id,
  month: a.month,
  approved_by: a.approved_by,
  approved_at: a.approved_at,
  status_at_approval: a.status_at_approval,
  actual_cents_at_approval: a.actual_cents_at_approval,
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
  const toApprove: { row: (typeof rows)[number]; month: string; override_reason: string | null }[] = [];
  const already: Output<'approvals.approve'>['already_approved'] = [];
  rows.forEach((row, i) => {
    const b = bills[i]!;
    const current = inForce(ctx, b.account_id, b.month);
    if (current) {
      already.push({ account_id: b.account_id, month: b.month, approved_by: current.approved_by, approved_at: current.approved_at });
      return;
    }
    if (row.status === 'ok') return void toApprove.push({ row, month: b.month, override_reason: null });
    const tickets = ticketsOfBill(ctx, b.account_id, b.month);
    if (tickets.length && tickets.every((t) => isDone(t.status))) return void toApprove.push({ row, month: b.month, override_reason: null });
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
    } else toApprove.push({ row, month: b.month, override_reason: reason });
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
    const approved = toApprove.map(({ row, month, override_reason }) =>
      w.insert('approvals', {
        billing_account_id: row.account_id,
        month,
        approved_by: ctx.actor,
        approved_at: w.at,
        status_at_approval: row.status,
        actual_cents_at_approval: row.actual_cents,
        override_reason,
        withdrawn_at: null,
        withdrawn_by: null,
        withdraw_reason: null,
      }),
    );
    return { batch_id: w.batchId, approved: approved.map((a) => toApproval(a as unknown as ApprovalRow)), already_approved: already };
  });
}

export function withdrawApproval(ctx: Ctx, input: Input<'approvals.withdraw'>): Output<'approvals.withdraw'> {
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  assertAccountInScope(ctx, input.account_id);
  const before = inForce(ctx, input.account_id, input.month);
  if (!before) {
    const [row] = rowsFor(ctx, [input]);
    throw new ApiError('not_found', `${billLabel(row!, input.month)} is not OK to Pay, so there is nothing to withdraw`);
  }
  return inTransaction(ctx, (w) => {
    w.update('approvals', before, { withdrawn_at: w.at, withdrawn_by: ctx.actor, withdraw_reason: input.reason });
    const after = stmt(ctx, 'SELECT * FROM approvals WHERE id = ?').get(before.id) as ApprovalRow;
    return { batch_id: w.batchId, approval: toApproval(after) };
  });
}

export function readyToPay(ctx: Ctx, input: Input<'approvals.register'>): Output<'approvals.register'> {
  const scope = accountScopeClause(ctx, 'billing_account_id');
  const approvals = stmt(ctx, `SELECT * FROM approvals WHERE month = ? AND withdrawn_at IS NULL AND ${scope.sql}`).all(input.month, ...scope.params) as ApprovalRow[];
  const rows = rowsFor(ctx, approvals.map((a) => ({ account_id: a.billing_account_id, month: a.month })));
  const out = approvals.map((a, i) => {
    const r = rows[i]!;
    return {
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
      changed_since_approval: r.actual_cents !== a.actual_cents_at_approval,
    };
  });
  const cmp = (x: string | null, y: string | null) => (x ?? '\uffff').localeCompare(y ?? '\uffff', 'en', { sensitivity: 'base' });
  out.sort((x, y) => cmp(x.customer, y.customer) || cmp(x.location, y.location) || cmp(x.carrier, y.carrier) || cmp(x.account, y.account));
  return { month: input.month, rows: out, total_actual_cents: out.reduce((s, r) => s + (r.actual_cents ?? 0), 0) };
}
