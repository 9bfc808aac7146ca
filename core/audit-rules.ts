/**
 * Audit rules beyond the tolerance band (issue 8): each rule is a pure function over cents and calendar
 * strings that returns an explained flag, or null when there is nothing to flag.
 *
 * Pure module: no I/O. Integer arithmetic only (BigInt for the percent comparisons); months 'YYYY-MM'
 * and dates 'YYYY-MM-DD' are compared as strings, never through Date.
 */

import { centsToDecimalString } from './money.ts';
import { compareMonths, isCalendarDate, isMonth, monthOf, addMonthsToMonth, daysInMonth, compareCalendarDates, type CalendarDate, type Month } from './months.ts';
import { addDays } from './days.ts';

export type AuditRule = 'trend' | 'duplicate' | 'after_end' | 'missing' | 'not_in_inventory';

// ---------------------------------------------------------------------------------------------------
// Trend

export interface TrendOptions {
  /** how many previous bills are averaged (default 3) */
  months?: number;
  /** the limit in percent of that average, at most two decimals (default 20) */
  pct?: number;
}

export const DEFAULT_TREND: Required<TrendOptions> = { months: 3, pct: 20 };

export interface TrendFlag {
  rule: 'trend';
  direction: 'up' | 'down';
  actual_cents: number;
  /** average of the previous bills, rounded half away from zero to whole cents (for display) */
  average_cents: number;
  /** sum of the previous bills (the exact average is sum / months) */
  history_sum_cents: number;
  months: number;
  /** limit in basis points (20% -> 2000) */
  limit_bp: number;
  /** (actual - average) / |average| in hundredths of a percent, rounded half away from zero; null when the average is 0 */
  change_pct_hundredths: number | null;
  explanation: string;
}

const BIG0 = BigInt(0);
const BIG1 = BigInt(1);
const BIG2 = BigInt(2);
const absBig = (v: bigint): bigint => (v < BIG0 ? -v : v);

/** a / b rounded half away from zero (b > 0). */
function divRound(a: bigint, b: bigint): bigint {
  const q = absBig(a) / b;
  const r = absBig(a) % b;
  const rounded = r * BIG2 >= b ? q + BIG1 : q;
  return a < BIG0 ? -rounded : rounded;
}

function percentToBp(pct: number): number {
  const bp = Math.round(pct * 100);
  if (!Number.isFinite(pct) || pct < 0 || Math.abs(bp - pct * 100) > 1e-6) {
    throw new RangeError(`trend percent must be a non-negative number with at most two decimals, got ${String(pct)}`);
  }
  return bp;
}

function assertCents(name: string, v: number): void {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be integer cents, got ${String(v)}`);
}

function pctText(hundredths: bigint): string {
  const abs = absBig(hundredths);
  const rest = abs % BigInt(100);
  const whole = abs / BigInt(100);
  return rest === BIG0 ? `${whole}%` : `${whole}.${String(rest).padStart(2, '0')}%`;
}

/**
 * Trend rule: flags an actual that differs from the average of the previous `months` bills by more than
 * `pct` percent of that average (defaults 3 and 20). Exact: with S the sum of those bills and N their
 * count, it flags when |N*actual - S| * 10000 > limit_bp * |S|. A value exactly on the limit is not
 * flagged (as with the tolerance band). When the average is 0, any non-zero actual is flagged.
 *
 * `history` is the account's previous bills, oldest first; only the last `months` are used. With fewer
 * than `months` bills of history there is no trend yet and the result is null.
 *
 * Which bills are "the previous N months" is the caller's choice; trendSeries below takes the previous N
 * months that HAVE a bill (see there for why).
 */
export function trendFlag(history: readonly number[], actual: number, options: TrendOptions = {}): TrendFlag | null {
  const n = options.months ?? DEFAULT_TREND.months;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`trend months must be a positive integer, got ${String(n)}`);
  const limitBp = percentToBp(options.pct ?? DEFAULT_TREND.pct);
  assertCents('actual', actual);
  history.forEach((h, i) => assertCents(`history[${i}]`, h));
  if (history.length < n) return null;
  const used = history.slice(history.length - n);
  let sum = BIG0;
  for (const h of used) sum += BigInt(h);
  const N = BigInt(n);
  const diff = N * BigInt(actual) - sum; // N * (actual - average)
  const flagged = sum === BIG0 ? actual !== 0 : absBig(diff) * BigInt(10000) > BigInt(limitBp) * absBig(sum);
  if (!flagged) return null;

  const average = divRound(sum, N);
  const change = sum === BIG0 ? null : divRound(diff * BigInt(10000), absBig(sum));
  const direction = diff > BIG0 ? 'up' : 'down';
  const limitText = pctText(BigInt(limitBp));
  const bills = n === 1 ? 'the previous bill' : `the previous ${n} bills`;
  const explanation =
    change === null
      ? `Trend: ${centsToDecimalString(actual)} against an average of 0.00 over ${bills}; any charge is a change of more than ${limitText}.`
      : `Trend: ${centsToDecimalString(actual)} is ${pctText(change)} ${direction === 'up' ? 'above' : 'below'} the average ` +
        `${centsToDecimalString(Number(average))} of ${bills} (${used.map(centsToDecimalString).join(', ')}); the limit is ${limitText}.`;
  return {
    rule: 'trend',
    direction,
    actual_cents: actual,
    average_cents: Number(average),
    history_sum_cents: Number(sum),
    months: n,
    limit_bp: limitBp,
    change_pct_hundredths: change === null ? null : Number(change),
    explanation,
  };
}

export interface MonthlyBill {
  month: Month;
  cents: number;
}

export interface TrendPoint {
  month: Month;
  actual_cents: number;
  /** the months averaged, oldest first ([] when there was not enough history) */
  history_months: Month[];
  flag: TrendFlag | null;
}

/**
 * Applies trendFlag along one account's bills (one total per month; order does not matter).
 *
 * "The previous N months" are the previous N months that have a bill, however far back. A month without a
 * bill is not a bill of 0 (that is the missing-bill rule's business, and averaging a 0 in would make the
 * next normal bill look like a jump), and it does not reset the history either: carriers skip and double
 * up cycles (a bill paid late lands in the next month), and a TEM analyst compares a bill with the last
 * bills they saw for the account. The first N bills of an account have no trend.
 */
export function trendSeries(bills: readonly MonthlyBill[], options: TrendOptions = {}): TrendPoint[] {
  const n = options.months ?? DEFAULT_TREND.months;
  const seen = new Set<string>();
  for (const b of bills) {
    if (!isMonth(b.month)) throw new RangeError(`not a month (YYYY-MM): "${String(b.month)}"`);
    if (seen.has(b.month)) throw new RangeError(`two bills for ${b.month}: add them up before the trend rule`);
    seen.add(b.month);
  }
  const sorted = [...bills].sort((a, b) => compareMonths(a.month, b.month));
  return sorted.map((bill, i) => {
    const previous = sorted.slice(Math.max(0, i - n), i);
    return {
      month: bill.month,
      actual_cents: bill.cents,
      history_months: previous.length < n ? [] : previous.map((p) => p.month),
      flag: trendFlag(previous.map((p) => p.cents), bill.cents, options),
    };
  });
}

// ---------------------------------------------------------------------------------------------------
// Duplicate invoice

export interface BillRecord {
  id?: string;
  carrier: string;
  account: string;
  invoice: string | null;
  amount_cents: number;
  bill_date: CalendarDate | null;
}

export interface DuplicateFlag {
  rule: 'duplicate';
  match: 'invoice' | 'amount_and_date';
  existing: BillRecord;
  explanation: string;
}

const norm = (s: string | null | undefined): string => (s ?? '').trim();

/**
 * Duplicate rule: the candidate repeats a bill already on file when, for the same carrier and account,
 * - its invoice number is the same (compared trimmed and case-insensitively: `inv-001` = `INV-001`), or
 * - its amount and bill date are both the same (a re-keyed bill with a missing or mistyped invoice number).
 * Account numbers are compared as text (trimmed): `007321` is not `7321`. The second test is limited to
 * the same carrier and account: across accounts, equal amounts on the usual bill day are common and
 * legitimate. The invoice-number match is reported first. The caller does not count a flagged bill twice.
 */
export function duplicateInvoice(existing: readonly BillRecord[], candidate: BillRecord): DuplicateFlag | null {
  assertCents('amount_cents', candidate.amount_cents);
  if (candidate.bill_date !== null && !isCalendarDate(candidate.bill_date)) {
    throw new RangeError(`bill_date must be YYYY-MM-DD, got "${String(candidate.bill_date)}"`);
  }
  const sameAccount = existing.filter(
    (b) => norm(b.carrier) === norm(candidate.carrier) && norm(b.account) === norm(candidate.account) &&
      (candidate.id === undefined || b.id !== candidate.id),
  );
  const invoice = norm(candidate.invoice).toUpperCase();
  if (invoice !== '') {
    const hit = sameAccount.find((b) => norm(b.invoice).toUpperCase() === invoice);
    if (hit) {
      return {
        rule: 'duplicate',
        match: 'invoice',
        existing: hit,
        explanation:
          `Duplicate: invoice ${norm(candidate.invoice)} for account ${norm(candidate.account)} is already on file ` +
          `(${hit.bill_date ? `bill date ${hit.bill_date}, ` : ''}amount ${centsToDecimalString(hit.amount_cents)}).`,
      };
    }
  }
  if (candidate.bill_date !== null) {
    const hit = sameAccount.find((b) => b.bill_date === candidate.bill_date && b.amount_cents === candidate.amount_cents);
    if (hit) {
      return {
        rule: 'duplicate',
        match: 'amount_and_date',
        existing: hit,
        explanation:
          `Possible duplicate: account ${norm(candidate.account)} already has a bill of ${centsToDecimalString(hit.amount_cents)} ` +
          `dated ${hit.bill_date}${norm(hit.invoice) ? ` (invoice ${norm(hit.invoice)})` : ''}.`,
      };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Charges after a contract's end or on disconnected services

export interface DisconnectedService {
  service: string;
  disconnected_on: CalendarDate;
}

export interface AfterEndOptions {
  /** bill months after the end month that are still accepted (final bills in arrears); default 0 */
  graceMonths?: number;
}

export interface AfterEndFlag {
  rule: 'after_end';
  /** the contract end date when the bill month is past it, else null */
  contract_end: CalendarDate | null;
  /** disconnected services billed in a month past their disconnection */
  services: DisconnectedService[];
  explanation: string;
}

/** Last month that may still carry charges: the end date's month plus the grace. */
function lastBillableMonth(date: CalendarDate, grace: number): Month {
  return addMonthsToMonth(monthOf(date), grace);
}

/**
 * After-end rule: a bill for `billMonth` is flagged when the month is wholly after the contract's end date
 * (plus `graceMonths`), and for every listed disconnected service whose disconnection date is before the
 * bill month (plus the grace). A month that contains the end or disconnection date is fine: it may carry
 * the final prorated charges. Pass only the services that appear on (or are expected on) this bill; the
 * rule does not know the line items. Null when nothing is past its end.
 */
export function chargesAfterEnd(
  contractEnd: CalendarDate | null,
  disconnected: readonly DisconnectedService[],
  billMonth: Month,
  options: AfterEndOptions = {},
): AfterEndFlag | null {
  const grace = options.graceMonths ?? 0;
  if (!Number.isSafeInteger(grace) || grace < 0) throw new RangeError(`grace months must be a non-negative integer, got ${String(grace)}`);
  if (!isMonth(billMonth)) throw new RangeError(`not a month (YYYY-MM): "${String(billMonth)}"`);
  if (contractEnd !== null && !isCalendarDate(contractEnd)) throw new RangeError(`contract end must be YYYY-MM-DD, got "${String(contractEnd)}"`);
  for (const s of disconnected) {
    if (!isCalendarDate(s.disconnected_on)) {
      throw new RangeError(`disconnection date of ${s.service} must be YYYY-MM-DD, got "${String(s.disconnected_on)}"`);
    }
  }
  const pastEnd = contractEnd !== null && compareMonths(billMonth, lastBillableMonth(contractEnd, grace)) > 0;
  const services = disconnected.filter((s) => compareMonths(billMonth, lastBillableMonth(s.disconnected_on, grace)) > 0);
  if (!pastEnd && services.length === 0) return null;
  const parts: string[] = [];
  if (pastEnd) parts.push(`the contract ended on ${contractEnd}`);
  for (const s of services) parts.push(`service ${s.service} was disconnected on ${s.disconnected_on}`);
  const graceText = grace > 0 ? ` (grace ${grace} month${grace === 1 ? '' : 's'})` : '';
  return {
    rule: 'after_end',
    contract_end: pastEnd ? contractEnd : null,
    services,
    explanation: `Charges after end: the ${billMonth} bill comes after ${parts.join('; ')}${graceText}.`,
  };
}

// ---------------------------------------------------------------------------------------------------
// Missing bill

export interface MissingFlag {
  rule: 'missing';
  /** the last day the bill could arrive in time: the bill day (clamped to the month's end) plus the grace */
  due: CalendarDate;
  explanation: string;
}

/**
 * Missing-bill rule: an account that is expected to bill in `month` has no bill, and `asOf` is past the
 * carrier's bill day plus `graceDays`. A bill day past the month's end is the month's last day (a bill day
 * of 31 in February is the 28th or 29th). On the due day itself the bill is not missing yet.
 */
export function missingBill(month: Month, billDay: number, graceDays: number, asOf: CalendarDate, carrierHasBillDay = true): MissingFlag | null {
  if (!isMonth(month)) throw new RangeError(`not a month (YYYY-MM): "${String(month)}"`);
  if (!isCalendarDate(asOf)) throw new RangeError(`as-of must be YYYY-MM-DD, got "${String(asOf)}"`);
  if (!Number.isSafeInteger(billDay) || billDay < 1 || billDay > 31) throw new RangeError(`bill day must be 1-31, got ${String(billDay)}`);
  if (!Number.isSafeInteger(graceDays) || graceDays < 0) throw new RangeError(`grace days must be a non-negative integer, got ${String(graceDays)}`);
  const day = Math.min(billDay, daysInMonth(month));
  const billDate = `${month}-${String(day).padStart(2, '0')}`;
  const due = addDays(billDate, graceDays);
  if (compareCalendarDates(asOf, due) <= 0) return null;
  const dayText = carrierHasBillDay ? `the carrier's bill day ${billDay}` : `the usual bill day ${billDay}, as the carrier has none entered,`;
  const grace = graceDays === 0 ? 'no grace' : graceDays === 1 ? "1 day's grace" : `${graceDays} days' grace`;
  return { rule: 'missing', due, explanation: `Missing bill: no bill for ${month} by ${due} (${dayText} plus ${grace}).` };
}
