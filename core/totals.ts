/**
 * Totals of a month's bills: progress (entered of total), counts by status, sums, and the amount at stake.
 * One definition for the API (month.check) and the renderer's header, which updates it after every write.
 *
 * Pure module: no I/O.
 */
import type { BillStatus } from './tolerance.ts';

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

export function monthTotals(rows: Iterable<BillFigures>): MonthTotals {
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
  for (const r of rows) {
    t.accounts++;
    t[r.status]++;
    if (r.actual_cents !== null) {
      t.entered++;
      t.actual_cents += r.actual_cents;
    }
    if (r.expected_cents !== null) t.expected_cents += r.expected_cents;
    if (r.variance_cents !== null) {
      t.variance_cents += r.variance_cents;
      if (r.status === 'over' || r.status === 'under') t.at_stake_cents += Math.abs(r.variance_cents);
    }
  }
  return t;
}
