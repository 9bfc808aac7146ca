/**
 * Totals of a month's bills: progress (entered of total), counts by status, sums, and the amount at stake.
 * One definition for the API (month.check) and the renderer's header, which updates it after every write.
 *
 * Pure module: no I/O.
 */
import type { BillStatus } from './tolerance.ts';
import { addCents } from './money.ts';

/** The figures of one bill that the totals read. */
export interface BillFigures {
  status: BillStatus;
  expected_cents: number | null;
  actual_cents: number | null;
  variance_cents: number | null;
}

export interface MonthTotals {
  accounts: number;
  entered: number;
  ok: number;
  over: number;
  under: number;
  missing: number;
  unexpected: number;
  expected_cents: number;
  actual_cents: number;
  variance_cents: number;
  /** Sum of |variance| over flagged bills that have both an expectation and an actual. */
  at_stake_cents: number;
}

/** A bill that needs attention: anything but ok. */
export const isFlagged = (status: BillStatus): boolean => status !== 'ok';

/** The month's totals; `of` names the month (or set of bills) in the message when a sum cannot be counted exactly
 *  (core/money.ts addCents: CentsRangeError, never an unsafe total). */
export function monthTotals(rows: Iterable<BillFigures>, of?: string): MonthTotals {
  const t: MonthTotals = {
    accounts: 0,
    entered: 0,
    ok: 0,
    over: 0,
    under: 0,
    missing: 0,
    unexpected: 0,
    expected_cents: 0,
    actual_cents: 0,
    variance_cents: 0,
    at_stake_cents: 0,
  };
  const where = of ? ` of ${of}` : '';
  for (const r of rows) {
    t.accounts++;
    t[r.status]++;
    if (r.actual_cents !== null) {
      t.entered++;
      t.actual_cents = addCents(t.actual_cents, r.actual_cents, `The actual bills${where}`);
    }
    if (r.expected_cents !== null) t.expected_cents = addCents(t.expected_cents, r.expected_cents, `The expected bills${where}`);
    if (r.variance_cents !== null) {
      t.variance_cents = addCents(t.variance_cents, r.variance_cents, `The variances${where}`);
      if (r.status === 'over' || r.status === 'under') t.at_stake_cents = addCents(t.at_stake_cents, Math.abs(r.variance_cents), `The amounts at stake${where}`);
    }
  }
  return t;
}

/** Adds one set of totals into another (several chunks of one month, several months), with the same safe sums. */
export function addMonthTotals(into: MonthTotals, part: MonthTotals, of?: string): MonthTotals {
  const where = of ? ` of ${of}` : '';
  into.accounts += part.accounts;
  into.entered += part.entered;
  into.ok += part.ok;
  into.over += part.over;
  into.under += part.under;
  into.missing += part.missing;
  into.unexpected += part.unexpected;
  into.expected_cents = addCents(into.expected_cents, part.expected_cents, `The expected bills${where}`);
  into.actual_cents = addCents(into.actual_cents, part.actual_cents, `The actual bills${where}`);
  into.variance_cents = addCents(into.variance_cents, part.variance_cents, `The variances${where}`);
  into.at_stake_cents = addCents(into.at_stake_cents, part.at_stake_cents, `The amounts at stake${where}`);
  return into;
}
