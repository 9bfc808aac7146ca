/**
 * Billing months ('YYYY-MM') and calendar dates ('YYYY-MM-DD') as plain strings.
 * Never converted through Date: no time zone can move a calendar value to another day or month.
 *
 * Pure module: no I/O, no imports.
 */

export type Month = string; // 'YYYY-MM'
export type CalendarDate = string; // 'YYYY-MM-DD'

export type DateFormat = 'YMD' | 'MDY' | 'DMY';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

function formatMonth(year: number, month: number): Month {
  return `${pad4(year)}-${pad2(month)}`;
}

function formatDate(year: number, month: number, day: number): CalendarDate {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

function validYMD(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) && year >= MIN_YEAR && year <= MAX_YEAR &&
    Number.isInteger(month) && month >= 1 && month <= 12 &&
    Number.isInteger(day) && day >= 1 && day <= daysIn(year, month)
  );
}

export function isMonth(s: unknown): s is Month {
  if (typeof s !== 'string') return false;
  const m = MONTH_RE.exec(s);
  return m !== null && Number(m[1]) >= MIN_YEAR;
}

export function isCalendarDate(s: unknown): s is CalendarDate {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  return m !== null && validYMD(Number(m[1]), Number(m[2]), Number(m[3]));
}

function splitMonth(month: Month): [number, number] {
  if (!isMonth(month)) throw new RangeError(`not a month (YYYY-MM): "${String(month)}"`);
  return [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
}

function splitDate(date: CalendarDate): [number, number, number] {
  if (!isCalendarDate(date)) throw new RangeError(`not a calendar date (YYYY-MM-DD): "${String(date)}"`);
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function shift(year: number, month: number, n: number): [number, number] {
  if (!Number.isInteger(n)) throw new RangeError(`months to add must be an integer, got ${String(n)}`);
  const index = year * 12 + (month - 1) + n;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`month out of range (year ${y})`);
  return [y, m];
}

/**
 * Add n months (n may be negative), clamping the day to the target month's end. Always computed from the
 * original date, so there is no drift: 2026-01-31 +1 = 2026-02-28, +2 = 2026-03-31.
 */
export function addMonths(date: CalendarDate, n: number): CalendarDate {
  const [year, month, day] = splitDate(date);
  const [y, m] = shift(year, month, n);
  return formatDate(y, m, Math.min(day, daysIn(y, m)));
}

export function addMonthsToMonth(month: Month, n: number): Month {
  const [year, mon] = splitMonth(month);
  const [y, m] = shift(year, mon, n);
  return formatMonth(y, m);
}

export function monthOf(date: CalendarDate): Month {
  splitDate(date);
  return date.slice(0, 7);
}

export function monthStart(month: Month): CalendarDate {
  splitMonth(month);
  return `${month}-01`;
}

export function monthEnd(month: Month): CalendarDate {
  const [y, m] = splitMonth(month);
  return formatDate(y, m, daysIn(y, m));
}

export function daysInMonth(month: Month): number {
  const [y, m] = splitMonth(month);
  return daysIn(y, m);
}

/** Number of months from a to b (b - a): monthsBetween('2026-01', '2026-03') = 2. */
export function monthsBetween(a: Month, b: Month): number {
  const [ay, am] = splitMonth(a);
  const [by, bm] = splitMonth(b);
  return by * 12 + bm - (ay * 12 + am);
}

/** Months from `from` to `to`, both included; empty when from is after to. */
export function monthRange(from: Month, to: Month): Month[] {
  const count = monthsBetween(from, to);
  const out: Month[] = [];
  for (let i = 0; i <= count; i++) out.push(addMonthsToMonth(from, i));
  return out;
}

/** -1, 0 or 1. */
export function compareMonths(a: Month, b: Month): number {
  const d = monthsBetween(b, a);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** -1, 0 or 1. */
export function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  splitDate(a);
  splitDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export type DateParse = { ok: true; date: CalendarDate | null } | { ok: false; error: string };
export type MonthParse = { ok: true; month: Month | null } | { ok: false; error: string };

// Optional time part after a date; it is checked for shape and then ignored (never converted).
const TIME = String.raw`(?:[T ]\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:[AaPp][Mm])?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?`;
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{1,2})-(\d{1,2})${TIME}$`);
const YMD_SLASH = new RegExp(String.raw`^(\d{4})[/.](\d{1,2})[/.](\d{1,2})${TIME}$`);
const SLASH = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const DOT = new RegExp(String.raw`^(\d{1,2})\.(\d{1,2})\.(\d{4})${TIME}$`);

function timeOk(h: string | undefined, mi: string | undefined, se: string | undefined): boolean {
  if (h === undefined) return true;
  return Number(h) <= 24 && Number(mi) <= 59 && (se === undefined || Number(se) <= 60);
}

function quote(input: string): string {
  const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
  return `"${shown}"`;
}

/**
 * Parse a date as written, ignoring any time of day (no Date, no time zone).
 * Accepts YYYY-MM-DD (optionally with a time: `2026-03-01T00:00:00`), YYYY/MM/DD, and with slashes or dots
 * day/month/year orders: slashes are M/D/YYYY unless format is 'DMY'; dots are D.M.YYYY unless format is 'MDY'.
 * Empty input -> date null.
 */
export function parseCalendarDate(input: string, format?: DateFormat): DateParse {
  if (typeof input !== 'string') return { ok: false, error: `${String(input)} is not a date (not text)` };
  const s = input.trim();
  if (s === '') return { ok: true, date: null };
  const expected =
    format === 'DMY' ? 'YYYY-MM-DD or D/M/YYYY' : format === 'YMD' ? 'YYYY-MM-DD' : 'YYYY-MM-DD or M/D/YYYY';
  let y: number;
  let m: number;
  let d: number;
  let match = ISO_DATE.exec(s) ?? YMD_SLASH.exec(s);
  if (match) {
    y = Number(match[1]);
    m = Number(match[2]);
    d = Number(match[3]);
  } else {
    let dayFirst = false;
    if (format !== 'YMD') {
      match = SLASH.exec(s);
      if (match) dayFirst = format === 'DMY';
      else {
        match = DOT.exec(s);
        dayFirst = format !== 'MDY';
      }
    }
    if (!match) return { ok: false, error: `${quote(input)} is not a date (expected ${expected})` };
    const a = Number(match[1]);
    const b = Number(match[2]);
    y = Number(match[3]);
    m = dayFirst ? b : a;
    d = dayFirst ? a : b;
  }
  if (!timeOk(match[4], match[5], match[6])) {
    return { ok: false, error: `${quote(input)} is not a date: the time is invalid (expected ${expected})` };
  }
  if (!validYMD(y, m, d)) {
    return { ok: false, error: `${quote(input)} is not a valid date: there is no such day (expected ${expected})` };
  }
  return { ok: true, date: formatDate(y, m, d) };
}

/**
 * Parse a billing month: `2026-03`, `2026-03-15` (-> 2026-03), `03/2026`, `3/2026`, `2026/03`, or any date
 * parseCalendarDate accepts (with its default format). Empty input -> month null.
 */
export function parseMonth(input: string): MonthParse {
  if (typeof input !== 'string') return { ok: false, error: `${String(input)} is not a month (not text)` };
  const s = input.trim();
  if (s === '') return { ok: true, month: null };
  let match = /^(\d{4})[-/](\d{1,2})$/.exec(s);
  let y: number | undefined;
  let m: number | undefined;
  if (match) {
    y = Number(match[1]);
    m = Number(match[2]);
  } else if ((match = /^(\d{1,2})[/.-](\d{4})$/.exec(s))) {
    m = Number(match[1]);
    y = Number(match[2]);
  }
  if (y !== undefined && m !== undefined) {
    if (y >= MIN_YEAR && y <= MAX_YEAR && m >= 1 && m <= 12) return { ok: true, month: formatMonth(y, m) };
    return { ok: false, error: `${quote(input)} is not a valid month: there is no such month (expected YYYY-MM)` };
  }
  const date = parseCalendarDate(s);
  if (date.ok && date.date !== null) return { ok: true, month: monthOf(date.date) };
  if (!date.ok && /no such day/.test(date.error)) {
    return { ok: false, error: `${quote(input)} is not a valid month: there is no such day (expected YYYY-MM)` };
  }
  return { ok: false, error: `${quote(input)} is not a month (expected YYYY-MM or M/YYYY)` };
}
