import { z } from 'zod';
import { isMonth, isCalendarDate } from '../../core/months.ts';
import { LOCALES } from '../../core/money.ts';

export const Id = z.string().min(1).max(64);
export const Month = z.string().refine(isMonth, { message: 'must be a month written YYYY-MM' });
export const CalendarDate = z.string().refine(isCalendarDate, { message: 'must be a date written YYYY-MM-DD' });
export const Cents = z.number().int().refine(Number.isSafeInteger, { message: 'must be a whole number of cents' });
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
