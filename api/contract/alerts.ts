import { z } from 'zod';
import { query } from '../define.ts';
import { Id, Month, CalendarDate, TotalCents } from './common.ts';

export const AlertKind = z.enum(['newly_flagged', 'ticket_overdue', 'window_closing', 'bill_missing']);
export type AlertKind = z.infer<typeof AlertKind>;

export const Alert = z.object({
  kind: AlertKind,
  /** 'urgent' for what is already late, 'warning' for what is coming. */
  severity: z.enum(['urgent', 'warning']),
  title: z.string(),
  detail: z.string(),
  /** Where the alert leads: a ticket, a month's flagged bills, a carrier's missing bills. */
  ticket_id: Id.nullable(),
  account_id: Id.nullable(),
  carrier_id: Id.nullable(),
  month: Month.nullable(),
  due_date: CalendarDate.nullable(),
  at_stake_cents: TotalCents.nullable(),
  count: z.number().int(),
});
export type Alert = z.infer<typeof Alert>;

export const list = query(
  'alerts.list',
  'What needs attention: newly flagged bills, tickets past due, dispute windows closing within 7 days, bills missing after the carrier\'s bill day plus the grace period',
  z.object({
    /** The day to judge on (default: today, UTC). */
    as_of: CalendarDate.optional(),
    /** "Newly" flagged: an actual entered within this many days (default 7). */
    recent_days: z.number().int().min(1).max(90).optional(),
  }),
  z.object({
    as_of: CalendarDate,
    grace_days: z.number().int(),
    alerts: z.array(Alert),
  }),
);
