/**
 * Timestamps (audit, sync) are UTC instants. Calendar values never go through Date: see months.ts.
 */
import type { CalendarDate } from './months.ts';

/** The current instant as an ISO 8601 UTC timestamp, e.g. 2026-03-01T14:05:09.123Z. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Today's calendar date in UTC (YYYY-MM-DD). */
export function todayUtc(): CalendarDate {
  return new Date().toISOString().slice(0, 10);
}

/** Today's calendar date on this machine's local clock (YYYY-MM-DD), built from local date parts. */
export function todayLocal(): CalendarDate {
  const d = new Date();
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
