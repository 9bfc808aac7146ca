/**
 * Calendar-day arithmetic on 'YYYY-MM-DD' strings, without Date (no time zone can move a day).
 *
 * Pure module: no I/O.
 */
import { isCalendarDate, type CalendarDate } from './months.ts';

// Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's civil algorithms).
function toDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function fromDays(z: number): [number, number, number] {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const split = (date: CalendarDate): [number, number, number] => {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${String(date)}"`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
};

/** date + n days (n may be negative): addDays('2026-02-20', 30) = '2026-03-22'. */
export function addDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isInteger(n)) throw new RangeError(`days to add must be an integer, got ${String(n)}`);
  const [y, m, d] = fromDays(toDays(...split(date)) + n);
  const out = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isCalendarDate(out)) throw new RangeError(`date out of range: ${date} + ${n} days`);
  return out;
}

/** b - a in days: daysBetween('2026-02-28', '2026-03-01') = 1. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return toDays(...split(b)) - toDays(...split(a));
}
