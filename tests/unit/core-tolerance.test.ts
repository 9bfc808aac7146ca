import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  STATUSES,
  bpToPercentString,
  evaluateBill,
  parsePercent,
  variancePctHundredths,
  type BillStatus,
  type Tolerance,
  type ToleranceMode,
} from '../../core/tolerance.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const casesDir = path.resolve(repoRoot, '../shared/cases');

function readTsv(name: string): Record<string, string>[] {
  const text = readFileSync(path.join(casesDir, name), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  const header = (lines[0] ?? '').split('\t');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    return Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
  });
}

function bp(text: string): number | null {
  const r = parsePercent(text);
  if (!r.ok) throw new Error(r.error);
  return r.bp;
}

const tol = (pct: string | null, amountCents: number | null, mode: ToleranceMode = 'either'): Tolerance => ({
  pctBp: pct === null ? null : bp(pct),
  amountCents,
  mode,
});

const status = (e: number | null, a: number | null, t: Tolerance): BillStatus => evaluateBill(e, a, t).status;

describe('shared cases: tolerance.tsv', () => {
  const rows = readTsv('tolerance.tsv');
  const cell = (v: string | undefined): string | null => (v === undefined || v === '-' ? null : v);
  it('has rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(15);
  });
  it.each(
    rows.map((r) => [r['expected'] ?? '', r['actual'] ?? '', r['pct'] ?? '', r['amount'] ?? '', r['mode'] ?? '', r['status'] ?? '']),
  )('E=%s A=%s pct=%s amount=%s %s -> %s', (e, a, pct, amount, mode, expected) => {
    const E = cell(e) === null ? null : Number(e);
    const A = cell(a) === null ? null : Number(a);
    const pctText = cell(pct);
    const amountText = cell(amount);
    expect(['either', 'both']).toContain(mode);
    const t: Tolerance = {
      pctBp: pctText === null ? null : bp(pctText),
      amountCents: amountText === null ? null : Number(amountText),
      mode: mode as ToleranceMode,
    };
    const r = evaluateBill(E, A, t);
    expect(r.status).toBe(expected);
    expect(r.flagged).toBe(expected !== 'ok');
    if (E !== null && A !== null) expect(r.varianceCents).toBe(A - E);
    else expect(r.varianceCents).toBeNull();
  });
});

describe('parsePercent', () => {
  it.each<[string, number | null]>([
    ['5', 500],
    ['2.5', 250],
    ['0.25', 25],
    ['5%', 500],
    ['5 %', 500],
    [' 10 ', 1000],
    ['0', 0],
    ['0.01', 1],
    ['.5', 50],
    ['100', 10000],
    ['150.75', 15075],
    ['+3', 300],
    ['007.50', 750],
    ['', null],
    ['   ', null],
  ])('%j -> %s bp', (input, expected) => {
    expect(parsePercent(input)).toEqual({ ok: true, bp: expected });
  });

  it.each(['1.234', '0.001', '5.000', '-5', '\u22125', '-0.5', '(5)', 'five', '5..0', '5.', '%', '1,5', '5%%', '1e2', '1234567890'])(
    '%j is an error',
    (input) => {
      const r = parsePercent(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(`"${input}"`);
    },
  );

  it('explains the two-decimal and sign rules', () => {
    const three = parsePercent('1.234');
    expect(three.ok === false && /two decimals/.test(three.error)).toBe(true);
    const neg = parsePercent('-5');
    expect(neg.ok === false && /negative/.test(neg.error)).toBe(true);
  });

  it('accepts a decimal comma when asked', () => {
    expect(parsePercent('2,5', ',')).toEqual({ ok: true, bp: 250 });
    expect(parsePercent('2,55 %', ',')).toEqual({ ok: true, bp: 255 });
    expect(parsePercent('2.5', ',').ok).toBe(false);
  });

  it('bpToPercentString round-trips', () => {
    expect(bpToPercentString(500)).toBe('5');
    expect(bpToPercentString(250)).toBe('2.5');
    expect(bpToPercentString(25)).toBe('0.25');
    expect(bpToPercentString(1)).toBe('0.01');
    expect(bpToPercentString(0)).toBe('0');
    expect(bpToPercentString(15075)).toBe('150.75');
    for (let b = 0; b <= 20000; b += 7) expect(parsePercent(bpToPercentString(b))).toEqual({ ok: true, bp: b });
  });
});

describe('evaluateBill: a value exactly on a limit is within tolerance', () => {
  it.each<[number, number, string | null, number | null, BillStatus]>([
    [100000, 105000, '5', null, 'ok'],
    [100000, 95000, '5', null, 'ok'],
    [100000, 105001, '5', null, 'over'],
    [100000, 94999, '5', null, 'under'],
    [700, 770, '10', null, 'ok'], // 10% of 7.00 is 0.70 (floating point says 70.00000000000001)
    [700, 771, '10', null, 'over'],
    [700, 630, '10', null, 'ok'],
    [3, 4, '33.33', null, 'over'], // 1 * 10000 > 3333 * 3
    [3, 4, '33.34', null, 'ok'], // 10000 <= 10002
    [10000, 10250, '2.5', null, 'ok'],
    [10000, 10251, '2.5', null, 'over'],
    [12345, 12345 + 30, '0.25', null, 'ok'], // 30*10000 = 300000 <= 25*12345 = 308625
    [12345, 12345 + 31, '0.25', null, 'over'], // 310000 > 308625
    [10000, 10200, null, 200, 'ok'],
    [10000, 9800, null, 200, 'ok'],
    [10000, 10201, null, 200, 'over'],
    [10000, 9799, null, 200, 'under'],
    [-10000, -10500, '5', null, 'ok'], // expected credit: percent of |E|
    [-10000, -10501, '5', null, 'under'],
    [-10000, -9499, '5', null, 'over'],
  ])('E=%d A=%d pct=%s amount=%s -> %s', (e, a, pct, amount, expected) => {
    expect(status(e, a, tol(pct, amount, 'either'))).toBe(expected);
    expect(status(e, a, tol(pct, amount, 'both'))).toBe(expected); // one limit: both = either
  });

  it('a zero tolerance accepts only an exact match', () => {
    expect(status(5000, 5000, tol('0', null))).toBe('ok');
    expect(status(5000, 5001, tol('0', null))).toBe('over');
    expect(status(5000, 4999, tol(null, 0))).toBe('under');
  });
});

describe('evaluateBill: either and both modes', () => {
  it.each<[number, number, string, number, BillStatus, BillStatus]>([
    // E, A, pct, amount, either, both
    [100000, 104000, '5', 2500, 'over', 'ok'], // exceeds amount only
    [100000, 106000, '5', 2500, 'over', 'over'], // exceeds both
    [100000, 102000, '5', 2500, 'ok', 'ok'], // within both
    [1000, 1200, '5', 500, 'over', 'ok'], // exceeds percent only
    [1000, 1600, '5', 500, 'over', 'over'],
    [1000, 400, '5', 500, 'under', 'under'],
    [1000, 800, '5', 500, 'under', 'ok'],
    [100000, 105000, '5', 5000, 'ok', 'ok'], // on both limits
    [100000, 105001, '5', 5000, 'over', 'over'],
    [100000, 105001, '5', 5001, 'over', 'ok'],
    [100000, 94000, '5', 2500, 'under', 'under'],
  ])('E=%d A=%d pct=%s amount=%d: either %s, both %s', (e, a, pct, amount, either, both) => {
    expect(status(e, a, tol(pct, amount, 'either'))).toBe(either);
    expect(status(e, a, tol(pct, amount, 'both'))).toBe(both);
  });

  it('both mode with only one limit set behaves like that single limit', () => {
    expect(status(10000, 10600, tol('5', null, 'both'))).toBe('over');
    expect(status(10000, 10500, tol('5', null, 'both'))).toBe('ok');
    expect(status(10000, 10201, tol(null, 200, 'both'))).toBe('over');
    expect(status(10000, 10200, tol(null, 200, 'both'))).toBe('ok');
    expect(status(10000, 9000, tol(null, 200, 'both'))).toBe('under');
  });

  it('with no limit set any difference is flagged', () => {
    for (const mode of ['either', 'both'] as const) {
      expect(status(5000, 5001, tol(null, null, mode))).toBe('over');
      expect(status(5000, 4999, tol(null, null, mode))).toBe('under');
      expect(status(5000, 5000, tol(null, null, mode))).toBe('ok');
    }
  });
});

describe('evaluateBill: expected 0', () => {
  it.each<[number, string | null, number | null, ToleranceMode, BillStatus]>([
    [0, '5', null, 'either', 'ok'],
    [1234, '5', null, 'either', 'over'],
    [-1234, '5', null, 'either', 'under'],
    [1, '100', null, 'either', 'over'],
    [1234, '5', null, 'both', 'over'],
    [1234, '5', 2000, 'either', 'ok'],
    [1234, '5', 2000, 'both', 'ok'], // percent does not apply: only the amount counts
    [2001, '5', 2000, 'both', 'over'],
    [2000, null, 2000, 'either', 'ok'],
    [-2001, null, 2000, 'either', 'under'],
    [0, null, null, 'either', 'ok'],
    [1, null, null, 'either', 'over'],
  ])('E=0 A=%d pct=%s amount=%s %s -> %s', (a, pct, amount, mode, expected) => {
    const r = evaluateBill(0, a, tol(pct, amount, mode));
    expect(r.status).toBe(expected);
    expect(r.variancePct).toBeNull(); // shown as "-", never NaN or Infinity
    expect(r.varianceCents).toBe(a);
  });
});

describe('evaluateBill: missing, unexpected, nothing', () => {
  const t = tol('5', 1000);
  it('missing when expected and no actual', () => {
    expect(evaluateBill(5000, null, t)).toEqual({ status: 'missing', varianceCents: null, variancePct: null, flagged: true });
    expect(evaluateBill(0, null, t).status).toBe('missing');
  });
  it('unexpected when actual and no expectation', () => {
    expect(evaluateBill(null, 5000, t)).toEqual({ status: 'unexpected', varianceCents: null, variancePct: null, flagged: true });
    expect(evaluateBill(null, 0, t).status).toBe('unexpected');
  });
  it('ok when nothing expected and nothing arrived', () => {
    expect(evaluateBill(null, null, t)).toEqual({ status: 'ok', varianceCents: null, variancePct: null, flagged: false });
  });
});

describe('evaluateBill: variance and variancePct', () => {
  it.each<[number, number, number, number | null]>([
    [100000, 105000, 5000, 5],
    [100000, 94999, -5001, -5.0],
    [100000, 94990, -5010, -5.01],
    [700, 770, 70, 10],
    [3, 4, 1, 33.33],
    [3, 5, 2, 66.67], // 66.666... rounds half away from zero
    [3, 1, -2, -66.67],
    [8, 9, 1, 12.5],
    [20000, 20001, 1, 0.01], // 0.005% -> 0.01 (half away from zero)
    [20000, 19999, -1, -0.01],
    [200000, 200001, 1, 0], // 0.0005% -> 0.00
    [300000, 300001, 1, 0], // 0.00333% -> 0
    [-10000, -10500, -500, -5],
    [5000, 5000, 0, 0],
    [0, 5000, 5000, null],
  ])('E=%d A=%d -> V=%d, %s%%', (e, a, v, pct) => {
    const r = evaluateBill(e, a, tol('5', null));
    expect(r.varianceCents).toBe(v);
    expect(r.variancePct).toBe(pct);
    if (r.variancePct !== null) expect(Object.is(r.variancePct, -0)).toBe(false);
  });

  it('variancePctHundredths is exact', () => {
    expect(variancePctHundredths(3, 5)).toBe(6667);
    expect(variancePctHundredths(3, 1)).toBe(-6667);
    expect(variancePctHundredths(0, 1)).toBeNull();
    expect(variancePctHundredths(7, 7)).toBe(0);
  });
});

describe('evaluateBill: huge values are compared exactly', () => {
  it('percent limit on values where V * 10000 exceeds 2^53', () => {
    const E = 10_000_000_000_000; // 100 billion in cents
    expect(status(E, E + E / 20, tol('5', null))).toBe('ok'); // exactly 5%
    expect(status(E, E + E / 20 + 1, tol('5', null))).toBe('over'); // one cent over
    expect(status(E, E - E / 20 - 1, tol('5', null))).toBe('under');
    expect(status(E, E + 1, tol('0', null))).toBe('over');
    expect(status(E, E, tol('0', null))).toBe('ok');
  });

  it('near the safe-integer limit', () => {
    const E = 8_000_000_000_000_000;
    expect(status(E, E + 7, tol('0.01', null))).toBe('ok');
    expect(evaluateBill(E, E + 7, tol('0.01', null)).varianceCents).toBe(7);
    expect(status(E, E + 800_000_000_000_000, tol('10', null))).toBe('ok'); // exactly 10%
    expect(status(E, E + 800_000_000_000_001, tol('10', null))).toBe('over');
    expect(status(E, E - 800_000_000_000_001, tol('10', null))).toBe('under');
    expect(evaluateBill(E, E + 800_000_000_000_001, tol('10', null)).variancePct).toBe(10);
  });

  it('rejects non-integer or negative inputs', () => {
    expect(() => evaluateBill(1.5, 2, tol('5', null))).toThrow(RangeError);
    expect(() => evaluateBill(1, 2, { pctBp: -1, amountCents: null, mode: 'either' })).toThrow(RangeError);
    expect(() => evaluateBill(1, 2, { pctBp: null, amountCents: -5, mode: 'either' })).toThrow(RangeError);
    expect(() => evaluateBill(-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, tol('5', null))).toThrow(RangeError);
  });
});

describe('STATUSES', () => {
  it('lists every status once', () => {
    expect([...STATUSES]).toEqual(['ok', 'over', 'under', 'missing', 'unexpected']);
  });
  it('flagged is exactly status !== ok', () => {
    const cases: [number | null, number | null][] = [[100, 100], [100, 200], [100, 0], [100, null], [null, 100], [null, null]];
    for (const [e, a] of cases) {
      const r = evaluateBill(e, a, tol('5', null));
      expect(STATUSES).toContain(r.status);
      expect(r.flagged).toBe(r.status !== 'ok');
    }
  });
});
