// Shared helpers of the bill workflow (tickets, OK to Pay, history): naming a bill for people, the tickets
// that cover a bill, and the bills' current figures.
import { formatCents } from '../../core/money.ts';
import { companyLocale } from '../company.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import type { CheckRow } from '../contract/month.ts';
import type { TicketStatus } from '../contract/tickets.ts';
import { sumCents } from '../../core/money.ts';

export const FLAGGED_STATUSES = ['over', 'under', 'missing', 'unexpected'] as const;
/** A ticket in one of these is finished: its bills may be marked OK to Pay. */
export const DONE_STATUSES: readonly TicketStatus[] = ['resolved', 'closed_no_credit'];
export const isDone = (s: TicketStatus) => DONE_STATUSES.includes(s);

export const STATUS_WORDS: Record<TicketStatus, string> = {
  open: 'open',
  researching: 'being researched',
  disputed: 'disputed with the carrier',
  credit_pending: 'waiting for a credit',
  resolved: 'resolved',
  closed_no_credit: 'closed without credit',
};

export const billKey = (accountId: string, month: string) => `${accountId}|${month}`;

export const accountExists = (ctx: Ctx, id: string) => stmt(ctx, 'SELECT 1 FROM billing_accounts WHERE id = ?').get(id) !== undefined;

/** "Springfield Schools, Acme Telecom account 007321, 2026-03": how messages name a bill. */
export function billLabel(r: Pick<CheckRow, 'customer' | 'carrier' | 'account'>, month: string): string {
  return `${r.customer ?? '(not in book)'}, ${r.carrier} account ${r.account}, ${month}`;
}

export const money = (ctx: Ctx, cents: number) => formatCents(cents, companyLocale(ctx));

/** "over by 150.00", "missing", "unexpected": a flagged bill's state in words. */
export function statusWords(ctx: Ctx, r: Pick<CheckRow, 'status' | 'variance_cents'>): string {
  if ((r.status === 'over' || r.status === 'under') && r.variance_cents !== null) return `${r.status} by ${money(ctx, Math.abs(r.variance_cents))}`;
  if (r.status === 'missing') return 'missing (expected, not entered)';
  if (r.status === 'unexpected') return 'unexpected (no expectation)';
  return 'within tolerance';
}

export interface BillTicket {
  id: string;
  number: number;
  status: TicketStatus;
}

/** The live (not retired) tickets that cover one bill, oldest first. */
export function ticketsOfBill(ctx: Ctx, accountId: string, month: string): BillTicket[] {
  return stmt(
    ctx,
    `SELECT t.id, t.number, t.status FROM ticket_bills tb JOIN tickets t ON t.id = tb.ticket_id
     WHERE tb.billing_account_id = ? AND tb.month = ? AND t.retired_at IS NULL ORDER BY t.number`,
  ).all(accountId, month) as BillTicket[];
}

/** At stake on a set of bills: |variance| of those over or under (the month totals' definition). */
export const atStake = (rows: Pick<CheckRow, 'status' | 'variance_cents'>[]) =>
  sumCents(rows.map((r) => ((r.status === 'over' || r.status === 'under') && r.variance_cents !== null ? Math.abs(r.variance_cents) : 0)), 'The amounts at stake');
