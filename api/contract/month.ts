import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Month, CalendarDate, Cents, TotalCents, Locale, BillStatus, ActualSource, AmountInput } from './common.ts';

/** One billing account in one month: what was expected, what arrived, and how far apart they are. */
export const CheckRow = z.object({
  account_id: Id,
  customer_id: Id.nullable(),
  customer: z.string().nullable(),
  location: z.string().nullable(),
  carrier_id: Id,
  carrier: z.string(),
  account: z.string(),
  expected_cents: TotalCents.nullable(),
  actual_cents: TotalCents.nullable(),
  variance_cents: TotalCents.nullable(),
  variance_pct: z.number().nullable(),
  status: BillStatus,
  invoice_number: z.string().nullable(),
  bill_date: z.string().nullable(),
  note: z.string().nullable(),
  source: ActualSource.nullable(),
  /** how the bill arrived: a code of drop-down table bill_source, chosen by a user (source is the system's) */
  bill_source: z.string().nullable(),
});
export type CheckRow = z.infer<typeof CheckRow>;

export const CheckTotals = z.object({
  accounts: z.number().int(),
  entered: z.number().int(),
  ok: z.number().int(),
  over: z.number().int(),
  under: z.number().int(),
  missing: z.number().int(),
  unexpected: z.number().int(),
  expected_cents: TotalCents,
  actual_cents: TotalCents,
  variance_cents: TotalCents,
  /** Sum of |variance| over flagged bills that have both an expectation and an actual. */
  at_stake_cents: TotalCents,
});
export type CheckTotals = z.infer<typeof CheckTotals>;

export const MonthCheck = z.object({ month: Month, rows: z.array(CheckRow), totals: CheckTotals });
export type MonthCheck = z.infer<typeof MonthCheck>;

export const check = query(
  'month.check',
  'Every billing account active in a month (and every bill that arrived) with its expected bill, actual and status',
  z.object({
    month: Month,
    customer_id: Id.optional(),
    carrier_id: Id.optional(),
    status: z.array(BillStatus).optional(),
  }),
  MonthCheck,
);

const ActualFields = {
  amount: AmountInput,
  invoice_number: z.string().max(200).nullable().optional(),
  bill_date: CalendarDate.nullable().optional(),
  note: z.string().max(10_000).nullable().optional(),
};

export const setActual = mutation(
  'actuals.set',
  'Set the actual bill total of one account and month (text is parsed with the locale)',
  z.object({
    account_id: Id,
    month: Month,
    ...ActualFields,
    /** an active code of drop-down table bill_source; null clears it; left out leaves it */
    bill_source: z.string().max(100).nullable().optional(),
    locale: Locale.optional(),
    source: ActualSource.optional(),
  }),
  z.object({ batch_id: z.string(), row: CheckRow }),
);

export const clearActual = mutation(
  'actuals.clear',
  'Clear the actual of one account and month back to "not entered"',
  z.object({ account_id: Id, month: Month }),
  z.object({ batch_id: z.string(), row: CheckRow }),
);

export const SetManyProblem = z.object({ index: z.number().int(), account_id: z.string(), value: z.string(), reason: z.string() });

export const setManyActuals = mutation(
  'actuals.setMany',
  'Set many actuals in one transaction and one undo step; if any value is invalid nothing is written',
  z.object({
    locale: Locale.optional(),
    source: ActualSource.optional(),
    items: z.array(z.object({ account_id: Id, month: Month, ...ActualFields })).max(200_000),
  }),
  z.object({ batch_id: z.string(), changed: z.number().int(), rows: z.array(CheckRow) }),
);

export const setOverride = mutation(
  'expected.setOverride',
  'Set (or clear with null) a one-off expectation added to one account\'s expected bill in one month',
  z.object({ account_id: Id, month: Month, amount_cents: Cents.nullable(), note: z.string().max(1000).nullable().optional() }),
  z.object({ batch_id: z.string(), row: CheckRow }),
);
