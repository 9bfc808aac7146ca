import { z } from 'zod';
import { isMonth, isCalendarDate } from '../../core/months.ts';
import { LOCALES, centsProblem } from '../../core/money.ts';

export const Id = z.string().min(1).max(64);
export const Month = z.string().refine(isMonth, { message: 'must be a month written YYYY-MM' });
export const CalendarDate = z.string().refine(isCalendarDate, { message: 'must be a date written YYYY-MM-DD' });
/** One amount given as cents (a bill, a line, a credit, an expected charge, a contract total): a whole number within
 *  ±MAX_AMOUNT_CENTS (999,999,999.99, see core/money.ts), refused with the parser's own words otherwise. For inputs. */
export const Cents = z.number().superRefine((v, ctx) => {
  // Not a whole number: said as a type (as z.int() would, so a union says every form it takes); otherwise the bound.
  if (!Number.isInteger(v)) return void ctx.addIssue({ code: 'invalid_type', expected: 'int', input: v, continue: false });
  const problem = centsProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: v });
});
/** Cents an answer carries: a total (core/money.ts sumCents keeps it exact), or an amount read from the database,
 *  which an older version may have stored above today's bound; any safe integer. For outputs. */
export const TotalCents = z.number().int().refine(Number.isSafeInteger, { message: 'must be a whole number of cents' });
export const Locale = z.enum(LOCALES);
export const Stamp = z.string();
export const ToleranceMode = z.enum(['either', 'both']);
export const BillStatus = z.enum(['ok', 'over', 'under', 'missing', 'unexpected']);
export const ActualSource = z.enum(['keyed', 'pasted', 'imported', 'filled']);
/** An amount as cents, as text to parse with a locale (typing, pasting), or null for "not entered". */
export const AmountInput = z.union([Cents, z.string().max(100), z.null()]);

export const Stamps = {
  created_at: Stamp,
  updated_at: Stamp,
};
export const Retired = { retired_at: Stamp.nullable() };

export const ListInput = z.object({
  search: z.string().max(200).optional(),
  include_retired: z.boolean().optional(),
  limit: z.number().int().positive().max(100_000).optional(),
  offset: z.number().int().nonnegative().optional(),
});

export const ByIdInput = z.object({ id: Id });
