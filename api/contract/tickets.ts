import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Month, CalendarDate, Cents, TotalCents, BillStatus, Stamp } from './common.ts';
import { Attachment } from './attachments.ts';

export const TicketStatus = z.enum(['open', 'researching', 'disputed', 'credit_pending', 'resolved', 'closed_no_credit']);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const BillRef = z.object({ account_id: Id, month: Month });

/** A bill a ticket covers, with its figures now and its status when the ticket opened. */
export const TicketBill = z.object({
  account_id: Id,
  month: Month,
  customer_id: Id.nullable(),
  customer: z.string().nullable(),
  location: z.string().nullable(),
  carrier_id: Id,
  carrier: z.string(),
  account: z.string(),
  status_at_open: BillStatus,
  variance_at_open_cents: TotalCents.nullable(),
  expected_cents: TotalCents.nullable(),
  actual_cents: TotalCents.nullable(),
  variance_cents: TotalCents.nullable(),
  status: BillStatus,
});

export const TicketNote = z.object({ id: Id, author: z.string(), at: Stamp, text: z.string() });

export const TicketCredit = z.object({
  id: Id,
  month: Month,
  amount_cents: TotalCents,
  matched_account_id: Id.nullable(),
  matched_month: Month.nullable(),
  note: z.string().nullable(),
  created_at: Stamp,
});

const TicketFields = {
  id: Id,
  number: z.number().int(),
  title: z.string(),
  status: TicketStatus,
  assignee: z.string().nullable(),
  claim_number: z.string().nullable(),
  opened_on: CalendarDate,
  due_date: CalendarDate.nullable(),
  expected_credit_cents: TotalCents.nullable(),
  resolution_reason: z.string().nullable(),
  /** codes of the drop-down tables ticket_category and dispute_reason (lookups.list gives their labels) */
  category: z.string().nullable(),
  dispute_reason: z.string().nullable(),
  closed_at: Stamp.nullable(),
  retired_at: Stamp.nullable(),
  created_at: Stamp,
  updated_at: Stamp,
  /** Sum of the credits received. */
  received_cents: TotalCents,
  /** Expected credit minus received, never below zero; null while no credit is expected. */
  owed_cents: TotalCents.nullable(),
  /** Received minus expected credit when the carrier credited more than expected, else 0; null while no credit
   *  is expected. Owed and over-received are never negative and never both above zero. */
  over_received_cents: TotalCents.nullable(),
  /** Sum of |variance| of its bills that have both an expectation and an actual (as the month's "at stake"). */
  at_stake_cents: TotalCents,
};

export const TicketSummary = z.object({
  ...TicketFields,
  bills: z.array(z.object({ account_id: Id, month: Month, account: z.string(), carrier: z.string(), customer: z.string().nullable() })),
  overdue: z.boolean(),
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const TicketDetail = z.object({
  ...TicketFields,
  bills: z.array(TicketBill),
  notes: z.array(TicketNote),
  credits: z.array(TicketCredit),
  attachments: z.array(Attachment),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

const Title = z.string().trim().min(1).max(300);
const Text = z.string().trim().min(1).max(10_000);
const ShortText = z.string().trim().max(300).nullable();
const Credit = Cents.refine((v) => v >= 0, { message: 'an expected credit is zero or more cents' });

export const open = mutation(
  'tickets.open',
  'Open a billing ticket for one or more flagged bills (over, under, missing or unexpected)',
  z.object({
    bills: z.array(BillRef).min(1).max(1000),
    title: Title.optional(),
    assignee: ShortText.optional(),
    claim_number: ShortText.optional(),
    expected_credit_cents: Credit.nullable().optional(),
    /** The day the ticket opens (default: today, UTC); the due date counts the dispute window from the bill date, or from this day. */
    opened_on: CalendarDate.optional(),
    due_date: CalendarDate.nullable().optional(),
    note: Text.optional(),
    /** an active value of the drop-down table ticket_category / dispute_reason */
    category: z.string().max(100).nullable().optional(),
    dispute_reason: z.string().max(100).nullable().optional(),
  }),
  z.object({ batch_id: z.string(), ticket: TicketDetail }),
);

export const get = query('tickets.get', 'One billing ticket with its bills, notes and credits', z.object({ id: Id }), TicketDetail);

export const list = query(
  'tickets.list',
  'Billing tickets, filtered and sorted by due date (soonest first) or amount at stake (largest first)',
  z.object({
    status: z.array(TicketStatus).optional(),
    /** Only tickets not yet resolved or closed. */
    active: z.boolean().optional(),
    carrier_id: Id.optional(),
    customer_id: Id.optional(),
    assignee: z.string().optional(),
    /** Only tickets assigned to the caller. */
    mine: z.boolean().optional(),
    /** Only tickets assigned to the caller or to anyone reporting to them (a manager's team). */
    team: z.boolean().optional(),
    /** Only active tickets whose due date is before this day. */
    overdue_on: CalendarDate.optional(),
    /** Only active tickets past their due date today (UTC). */
    overdue: z.boolean().optional(),
    /** Only tickets covering a bill of this account (and month). */
    account_id: Id.optional(),
    month: Month.optional(),
    sort: z.enum(['due_date', 'at_stake']).optional(),
    /** Reverse the sort: latest due date first, or smallest amount at stake first. */
    descending: z.boolean().optional(),
    include_retired: z.boolean().optional(),
    /** Only tickets whose user-defined field `key` matches `contains` (text, list and date: part of the value, any
     *  case; number: equal; money: the amount, company locale), as the inventory list filters. */
    udf: z.object({ key: z.string().max(50), contains: z.string().min(1, 'a field filter needs a value').max(500) }).optional(),
  }),
  z.array(TicketSummary),
);

export const update = mutation(
  'tickets.update',
  'Change a ticket: status, assignee, claim number, due date, expected credit, title. Resolving or closing with a difference still owed needs a reason',
  z.object({
    id: Id,
    patch: z.object({
      title: Title.optional(),
      status: TicketStatus.optional(),
      assignee: ShortText.optional(),
      claim_number: ShortText.optional(),
      due_date: CalendarDate.nullable().optional(),
      expected_credit_cents: Credit.nullable().optional(),
      resolution_reason: z.string().trim().max(10_000).nullable().optional(),
      /** an active value of ticket_category / dispute_reason, or the (maybe retired) value the ticket holds */
      category: z.string().max(100).nullable().optional(),
      dispute_reason: z.string().max(100).nullable().optional(),
    }),
  }),
  z.object({ batch_id: z.string(), ticket: TicketDetail }),
);

export const addNote = mutation(
  'tickets.addNote',
  'Add a note to a ticket\'s thread (author and time are recorded)',
  z.object({ ticket_id: Id, text: Text }),
  z.object({ batch_id: z.string(), ticket: TicketDetail }),
);

export const addCredit = mutation(
  'tickets.addCredit',
  'Record a credit received on a ticket, optionally matched to a later month\'s bill of one of its accounts (lowering that bill\'s expectation, so at most what is left of it after the credits already matched)',
  z.object({
    ticket_id: Id,
    amount_cents: Cents.refine((v) => v > 0, { error: (iss) => `a credit is a positive amount of cents, not ${String(iss.input)}` }),
    /** The month the credit was received; defaults to the matched bill's month. */
    month: Month.optional(),
    matched: BillRef.optional(),
    note: z.string().trim().max(10_000).nullable().optional(),
  }),
  z.object({ batch_id: z.string(), ticket: TicketDetail }),
);

export const forMonth = query(
  'tickets.forMonth',
  'For the month grid: each bill\'s tickets (number and status) and its OK to Pay, for one month',
  z.object({ month: Month }),
  z.array(
    z.object({
      account_id: Id,
      tickets: z.array(z.object({ id: Id, number: z.number().int(), status: TicketStatus })),
      /** The approval in force; changed_since_approval: the bill's actual or invoice is no longer the one approved, so it is not OK to Pay until approved again. */
      approval: z
        .object({ id: Id, approved_by: z.string(), approved_at: Stamp, override: z.boolean(), approved_actual_cents: TotalCents.nullable(), changed_since_approval: z.boolean() })
        .nullable(),
    }),
  ),
);

export const assignees = query(
  'tickets.assignees',
  'Who a ticket may be assigned to: the active staff users, by user name (what tickets.open/update take as assignee)',
  z.object({}),
  z.array(z.object({ name: z.string(), full_name: z.string().nullable() })),
);
