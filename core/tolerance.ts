/**
 * Tolerance and bill status: integer arithmetic only (percent limits compared exactly with BigInt).
 *
 * Pure module: no I/O; it imports only core/money's error for sums beyond the safe range.
 */
import { CentsRangeError } from './money.ts';

export type ToleranceMode = 'either' | 'both';

/** pctBp: percent in basis points (5% -> 500, 2.5% -> 250); amountCents: absolute limit in cents. */
export interface Tolerance {
  pctBp: number | null;
  amountCents: number | null;
  mode: ToleranceMode;
}

export type BillStatus = 'ok' | 'over' | 'under' | 'missing' | 'unexpected';

export const STATUSES: readonly BillStatus[] = ['ok', 'over', 'under', 'missing', 'unexpected'] as const;

export const TOLERANCE_MODES: readonly ToleranceMode[] = ['either', 'both'] as const;

export interface BillEvaluation {
  status: BillStatus;
  /** actual - expected in cents; null when either side is missing */
  varianceCents: number | null;
  /** variance as percent of |expected|, 2 decimals (half away from zero); null when expected is 0 or a side is missing */
  variancePct: number | null;
  /** status !== 'ok' */
  flagged: boolean;
}

export type PercentParse = { ok: true; bp: number | null } | { ok: false; error: string };

const MAX_PERCENT_INTEGER_DIGITS = 9;

/**
 * Parse a percent with at most two decimals into basis points: '5' -> 500, '2.5' -> 250, '0.25' -> 25,
 * '5%' -> 500, '' -> null. The decimal separator is '.', or the given one (e.g. ',' for de-DE input).
 * Negative values and more than two decimals are errors.
 */
export function parsePercent(input: string, decimalSeparator: '.' | ',' = '.'): PercentParse {
  if (typeof input !== 'string') return { ok: false, error: `${String(input)} is not a percent (not text)` };
  const s = input.trim();
  if (s === '') return { ok: true, bp: null };
  const body = s.replace(/\s*%$/, '').replace(/^\+/, '').trim();
  const sep = decimalSeparator === ',' ? ',' : '\\.';
  const example = decimalSeparator === ',' ? '2,5' : '2.5';
  if (/^[-\u2212]/.test(body) || /^\(.*\)$/.test(body)) {
    return { ok: false, error: `"${input}" is not a valid percent: it cannot be negative (expected like ${example})` };
  }
  const m = new RegExp(`^([0-9]*)(?:${sep}([0-9]+))?$`).exec(body);
  if (!m || (m[1] === '' && m[2] === undefined)) {
    return { ok: false, error: `"${input}" is not a percent (expected like ${example})` };
  }
  const whole = (m[1] ?? '').replace(/^0+/, '');
  const frac = m[2] ?? '';
  if (frac.length > 2) {
    return { ok: false, error: `"${input}" is not a valid percent: at most two decimals are allowed (expected like ${example})` };
  }
  if (whole.length > MAX_PERCENT_INTEGER_DIGITS) {
    return { ok: false, error: `"${input}" is not a valid percent: it is too large` };
  }
  const bp = (whole === '' ? 0 : Number(whole)) * 100 + Number((frac + '00').slice(0, 2));
  return { ok: true, bp };
}

/** Basis points back to the shortest percent text: 500 -> '5', 250 -> '2.5', 25 -> '0.25'. */
export function bpToPercentString(bp: number): string {
  if (!Number.isSafeInteger(bp) || bp < 0) throw new RangeError(`basis points must be a non-negative integer, got ${String(bp)}`);
  const rest = bp % 100;
  const whole = (bp - rest) / 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/**
 * A bill's variance percent as files and screens print it: '+40.02%', '-3.50%', '0.00%' ('-' when there is
 * none). The API carries it as hundredths / 100 (variancePctHundredths); the digits come from those integer
 * hundredths, not from a float's toFixed.
 */
export function variancePercentText(pct: number | null): string {
  if (pct === null) return '-';
  const hundredths = Math.round(pct * 100);
  const abs = Math.abs(hundredths);
  const sign = hundredths > 0 ? '+' : hundredths < 0 ? '-' : '';
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

function assertCents(name: string, v: number | null): void {
  // An expected bill is a sum (services, steps, one-off): past the safe range it cannot be counted exactly.
  if (v !== null && !Number.isSafeInteger(v)) throw new CentsRangeError(`The ${name} bill (${String(v)} cents) is not a whole number of cents that can be counted exactly`);
}

function absBig(v: bigint): bigint {
  return v < BigInt(0) ? -v : v;
}

/**
 * Variance of actual against expected in hundredths of a percent (V / |E| * 10000), rounded half away from
 * zero; null when expected is 0. Exact integer arithmetic.
 */
export function variancePctHundredths(expected: number, actual: number): number | null {
  assertCents('expected', expected);
  assertCents('actual', actual);
  if (expected === 0) return null;
  const v = BigInt(actual) - BigInt(expected);
  const e = absBig(BigInt(expected));
  const num = absBig(v) * BigInt(10000);
  let q = num / e;
  if ((num % e) * BigInt(2) >= e) q += BigInt(1);
  const signed = v < BigInt(0) ? -q : q;
  const n = Number(signed);
  return n === 0 ? 0 : n; // never -0
}

/**
 * Status of one bill (account and month) against its expectation, per DESIGN.md section 4.
 *
 * - E set, A null -> missing; E null, A set -> unexpected; both null -> ok (nothing expected, nothing came).
 * - V = A - E. Limits: amount (|V| <= T) and percent (|V| * 10000 <= pctBp * |E|, exact). On the limit is fine.
 * - The percent limit does not apply when E = 0. If no limit applies, any non-zero V is flagged.
 * - either: flagged when |V| exceeds any applicable limit; both: only when it exceeds every applicable limit.
 * - over when flagged and V > 0, under when flagged and V < 0.
 */
export function evaluateBill(expected: number | null, actual: number | null, tol: Tolerance): BillEvaluation {
  assertCents('expected', expected);
  assertCents('actual', actual);
  const { pctBp, amountCents } = tol;
  if (pctBp !== null && (!Number.isSafeInteger(pctBp) || pctBp < 0)) {
    throw new RangeError(`tolerance percent must be non-negative basis points, got ${String(pctBp)}`);
  }
  if (amountCents !== null && (!Number.isSafeInteger(amountCents) || amountCents < 0)) {
    throw new RangeError(`tolerance amount must be non-negative cents, got ${String(amountCents)}`);
  }
  if (tol.mode !== 'either' && tol.mode !== 'both') {
    throw new RangeError(`tolerance mode must be 'either' or 'both', got ${String(tol.mode)}`);
  }

  if (expected === null && actual === null) {
    return { status: 'ok', varianceCents: null, variancePct: null, flagged: false };
  }
  if (actual === null) return { status: 'missing', varianceCents: null, variancePct: null, flagged: true };
  if (expected === null) return { status: 'unexpected', varianceCents: null, variancePct: null, flagged: true };

  const vBig = BigInt(actual) - BigInt(expected);
  const varianceCents = Number(vBig);
  if (!Number.isSafeInteger(varianceCents)) throw new CentsRangeError(`The variance of an actual bill of ${actual} cents against ${expected} expected cannot be counted exactly`);
  const absV = absBig(vBig);

  const exceeds: boolean[] = [];
  if (amountCents !== null) exceeds.push(absV > BigInt(amountCents));
  if (pctBp !== null && expected !== 0) {
    exceeds.push(absV * BigInt(10000) > BigInt(pctBp) * absBig(BigInt(expected)));
  }
  let flagged: boolean;
  if (exceeds.length === 0) flagged = varianceCents !== 0;
  else if (tol.mode === 'both') flagged = exceeds.every(Boolean);
  else flagged = exceeds.some(Boolean);

  const hundredths = variancePctHundredths(expected, actual);
  const variancePct = hundredths === null ? null : hundredths / 100;
  const status: BillStatus = !flagged ? 'ok' : varianceCents > 0 ? 'over' : 'under';
  return { status, varianceCents: varianceCents === 0 ? 0 : varianceCents, variancePct, flagged };
}
