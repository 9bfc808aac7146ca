import { z } from 'zod';
import { query } from '../define.ts';
import { Id, Month, TotalCents, BillStatus, Stamp } from './common.ts';

export const HistoryRow = z.object({
  month: Month,
  expected_cents: TotalCents.nullable(),
  actual_cents: TotalCents.nullable(),
  variance_cents: TotalCents.nullable(),
  variance_pct: z.number().nullable(),
  status: BillStatus,
  ticket_ids: z.array(Id),
  /** The bill's tickets with number and status (the same tickets as ticket_ids). */
  tickets: z.array(z.object({ id: Id, number: z.number().int(), status: z.string() })),
  approved_by: z.string().nullable(),
  approved_at: Stamp.nullable(),
  /** The bill approved (approved_by) has changed since: not OK to Pay until approved again. */
  changed_since_approval: z.boolean(),
});

export const account = query(
  'history.account',
  'The billing history of one account: expected, actual, variance, status, tickets and OK to Pay per month, oldest first',
  z.object({
    account_id: Id,
    /** The last month shown (default: the account's latest month with a bill, or this month). */
    to: Month.optional(),
    months: z.number().int().min(1).max(240).optional(),
  }),
  z.object({
    account_id: Id,
    customer: z.string().nullable(),
    location: z.string().nullable(),
    carrier: z.string(),
    account: z.string(),
    /** The first and last month with a bill, to page through older history. */
    first_bill_month: Month.nullable(),
    last_bill_month: Month.nullable(),
    rows: z.array(HistoryRow),
  }),
);

export const rollup = query(
  'history.rollup',
  'Sums per customer or per carrier per month: expected, actual, variance, at stake and bill counts',
  z.object({
    by: z.enum(['customer', 'carrier']),
    from: Month,
    to: Month,
    customer_id: Id.optional(),
    carrier_id: Id.optional(),
  }),
  z.array(
    z.object({
      key_id: Id.nullable(),
      name: z.string().nullable(),
      month: Month,
      accounts: z.number().int(),
      flagged: z.number().int(),
      expected_cents: TotalCents,
      actual_cents: TotalCents,
      variance_cents: TotalCents,
      at_stake_cents: TotalCents,
    }),
  ),
);

export const findAccounts = query(
  'history.findAccounts',
  'Billing accounts whose number, customer, location or carrier matches the text, with their months of bills, for picking one',
  z.object({ search: z.string().max(200), customer_id: Id.optional(), carrier_id: Id.optional(), limit: z.number().int().min(1).max(500).optional() }),
  z.array(
    z.object({
      account_id: Id,
      account: z.string(),
      customer: z.string().nullable(),
      location: z.string().nullable(),
      carrier: z.string(),
      first_bill_month: Month.nullable(),
      last_bill_month: Month.nullable(),
      bills: z.number().int(),
    }),
  ),
);
