import { describe, expect, it } from 'vitest';
import {
  chargesAfterEnd,
  duplicateInvoice,
  missingBill,
  trendFlag,
  trendSeries,
  type BillRecord,
} from '../../core/audit-rules.ts';

describe('trendFlag', () => {
  it('flags more than 20% over the average of the previous 3 bills, with the average and percent explained', () => {
    const f = trendFlag([10000, 11000, 12000], 13201);
    expect(f).toEqual({
      rule: 'trend',
      direction: 'up',
      actual_cents: 13201,
      average_cents: 11000,
      history_sum_cents: 33000,
      months: 3,
      limit_bp: 2000,
      change_pct_hundredths: 2001,
      explanation: 'Trend: 132.01 is 20.01% above the average 110.00 of the previous 3 bills (100.00, 110.00, 120.00); the limit is 20%.',
    });
  });
  it('does not flag exactly on the limit, on either side', () => {
    expect(trendFlag([10000, 11000, 12000], 13200)).toBeNull(); // +20.00% exactly
    expect(trendFlag([10000, 11000, 12000], 8800)).toBeNull(); // -20.00% exactly
    expect(trendFlag([10000, 11000, 12000], 8799)?.direction).toBe('down');
  });
  it('compares exactly when the average is not a whole cent', () => {
    // average 100/3 cents = 33.333...; 20% of it is 6.666...: 40 is +20.0% (not flagged), 41 is +23% (flagged)
    expect(trendFlag([33, 33, 34], 40)).toBeNull();
    expect(trendFlag([33, 33, 34], 41)).toMatchObject({ average_cents: 33, change_pct_hundredths: 2300 });
    // average 10000/3; 4000 is exactly +20% (3 * 4000 - 10000 = 2000 = 20% of 10000): on the limit, not flagged
    // (in floating point (4000 - 10000/3) / (10000/3) is 0.19999999999999996: right here by luck, not by design)
    expect(trendFlag([3333, 3333, 3334], 4000)).toBeNull();
    expect(trendFlag([3333, 3333, 3334], 4001)).toMatchObject({ average_cents: 3333, change_pct_hundredths: 2003 });
  });
  it('uses only the last N bills of the history and needs N of them', () => {
    expect(trendFlag([999999, 10000, 10000, 10000], 10000)).toBeNull();
    expect(trendFlag([10000, 10000], 50000)).toBeNull();
    expect(trendFlag([10000, 10000], 50000, { months: 2 })?.change_pct_hundredths).toBe(40000);
  });
  it('takes a percent with two decimals', () => {
    expect(trendFlag([10000], 10250, { months: 1, pct: 2.5 })).toBeNull();
    expect(trendFlag([10000], 10251, { months: 1, pct: 2.5 })?.explanation).toBe(
      'Trend: 102.51 is 2.51% above the average 100.00 of the previous bill (100.00); the limit is 2.50%.',
    );
    expect(() => trendFlag([1], 1, { pct: 2.555 })).toThrow(RangeError);
    expect(() => trendFlag([1], 1, { months: 0 })).toThrow(RangeError);
    expect(() => trendFlag([1.5], 1, { months: 1 })).toThrow(RangeError);
  });
  it('handles credits and a zero average', () => {
    expect(trendFlag([-1000, -1000, -1000], -1300)).toMatchObject({ direction: 'down', change_pct_hundredths: -3000 });
    expect(trendFlag([-1000, -1000, -1000], -700)).toMatchObject({ direction: 'up', change_pct_hundredths: 3000 });
    expect(trendFlag([0, 0, 0], 0)).toBeNull();
    expect(trendFlag([0, 0, 0], 1)).toMatchObject({ change_pct_hundredths: null, average_cents: 0 });
    expect(trendFlag([500, -500, 0], 1)?.explanation).toBe(
      'Trend: 0.01 against an average of 0.00 over the previous 3 bills; any charge is a change of more than 20%.',
    );
  });
  it('stays exact for large amounts', () => {
    const big = 4_000_000_000_000_00; // 4 trillion in cents, still a safe integer
    expect(trendFlag([big, big, big], big + big / 5)).toBeNull();
    expect(trendFlag([big, big, big], big + big / 5 + 1)?.direction).toBe('up');
  });
});

describe('trendSeries', () => {
  it('averages the previous N months that have a bill, skipping gaps', () => {
    const points = trendSeries([
      { month: '2026-05', cents: 20000 },
      { month: '2026-01', cents: 10000 },
      { month: '2026-02', cents: 10000 },
      { month: '2026-04', cents: 10000 }, // 2026-03 has no bill: not a zero
      { month: '2026-06', cents: 14000 },
    ]);
    expect(points.map((p) => [p.month, p.history_months, p.flag?.change_pct_hundredths ?? null])).toEqual([
      ['2026-01', [], null],
      ['2026-02', [], null],
      ['2026-04', [], null],
      ['2026-05', ['2026-01', '2026-02', '2026-04'], 10000],
      ['2026-06', ['2026-02', '2026-04', '2026-05'], null], // average 133.33: +5%, no flag
    ]);
    expect(points[3]?.flag?.explanation).toBe(
      'Trend: 200.00 is 100% above the average 100.00 of the previous 3 bills (100.00, 100.00, 100.00); the limit is 20%.',
    );
    expect(points[4]?.flag).toBeNull();
  });
  it('refuses two bills for one month and bad months', () => {
    expect(() => trendSeries([{ month: '2026-01', cents: 1 }, { month: '2026-01', cents: 2 }])).toThrow(/add them up/);
    expect(() => trendSeries([{ month: '2026-13', cents: 1 }])).toThrow(RangeError);
  });
});

describe('duplicateInvoice', () => {
  const onFile: BillRecord[] = [
    { id: 'b1', carrier: 'ATT', account: '007321', invoice: 'INV-001', amount_cents: 123456, bill_date: '2026-03-01' },
    { id: 'b2', carrier: 'ATT', account: '007321', invoice: null, amount_cents: 5000, bill_date: '2026-02-01' },
    { id: 'b3', carrier: 'VZ', account: '7321', invoice: 'INV-002', amount_cents: 999, bill_date: '2026-03-05' },
  ];
  it('flags the same carrier, account and invoice number (trimmed, any case)', () => {
    const f = duplicateInvoice(onFile, { carrier: 'ATT', account: '007321', invoice: ' inv-001 ', amount_cents: 1, bill_date: '2026-04-01' });
    expect(f).toEqual({
      rule: 'duplicate',
      match: 'invoice',
      existing: onFile[0],
      explanation: 'Duplicate: invoice inv-001 for account 007321 is already on file (bill date 2026-03-01, amount 1234.56).',
    });
  });
  it('flags the same amount and bill date on the same account', () => {
    const f = duplicateInvoice(onFile, { carrier: 'ATT', account: '007321', invoice: 'INV-777', amount_cents: 5000, bill_date: '2026-02-01' });
    expect(f).toMatchObject({ match: 'amount_and_date', existing: { id: 'b2' } });
    expect(f?.explanation).toBe('Possible duplicate: account 007321 already has a bill of 50.00 dated 2026-02-01.');
  });
  it('keeps account numbers as text and carriers apart', () => {
    expect(duplicateInvoice(onFile, { carrier: 'ATT', account: '7321', invoice: 'INV-001', amount_cents: 123456, bill_date: '2026-03-01' })).toBeNull();
    expect(duplicateInvoice(onFile, { carrier: 'VZ', account: '007321', invoice: 'INV-001', amount_cents: 123456, bill_date: '2026-03-01' })).toBeNull();
  });
  it('does not match on amount alone, on date alone, or against itself', () => {
    expect(duplicateInvoice(onFile, { carrier: 'ATT', account: '007321', invoice: 'X', amount_cents: 5000, bill_date: '2026-02-02' })).toBeNull();
    expect(duplicateInvoice(onFile, { carrier: 'ATT', account: '007321', invoice: null, amount_cents: 5001, bill_date: '2026-02-01' })).toBeNull();
    expect(duplicateInvoice(onFile, { ...onFile[0]! })).toBeNull(); // same id: the bill itself
    expect(duplicateInvoice(onFile, { carrier: 'ATT', account: '007321', invoice: '', amount_cents: 1, bill_date: null })).toBeNull();
  });
  it('rejects a bill date that is not YYYY-MM-DD', () => {
    expect(() => duplicateInvoice(onFile, { carrier: 'ATT', account: '1', invoice: null, amount_cents: 1, bill_date: '03/01/2026' })).toThrow(RangeError);
  });
});

describe('chargesAfterEnd', () => {
  it('flags a bill month wholly after the contract end', () => {
    expect(chargesAfterEnd('2026-03-31', [], '2026-03')).toBeNull();
    expect(chargesAfterEnd('2026-03-15', [], '2026-03')).toBeNull(); // the end month may carry the last charges
    expect(chargesAfterEnd('2026-03-31', [], '2026-04')).toEqual({
      rule: 'after_end',
      contract_end: '2026-03-31',
      services: [],
      explanation: 'Charges after end: the 2026-04 bill comes after the contract ended on 2026-03-31.',
    });
    expect(chargesAfterEnd(null, [], '2030-01')).toBeNull();
  });
  it('flags disconnected services billed after their disconnection month', () => {
    const services = [
      { service: 'CKT-100', disconnected_on: '2026-01-20' },
      { service: 'LINE 555-0100', disconnected_on: '2026-03-02' },
    ];
    expect(chargesAfterEnd('2027-12-31', services, '2026-03')).toMatchObject({
      contract_end: null,
      services: [services[0]],
      explanation: 'Charges after end: the 2026-03 bill comes after service CKT-100 was disconnected on 2026-01-20.',
    });
    expect(chargesAfterEnd('2026-02-28', services, '2026-04')?.explanation).toBe(
      'Charges after end: the 2026-04 bill comes after the contract ended on 2026-02-28; service CKT-100 was disconnected on 2026-01-20; service LINE 555-0100 was disconnected on 2026-03-02.',
    );
  });
  it('allows a grace of months for final bills in arrears', () => {
    expect(chargesAfterEnd('2026-03-31', [], '2026-04', { graceMonths: 1 })).toBeNull();
    expect(chargesAfterEnd('2026-03-31', [], '2026-05', { graceMonths: 1 })?.explanation).toBe(
      'Charges after end: the 2026-05 bill comes after the contract ended on 2026-03-31 (grace 1 month).',
    );
    expect(chargesAfterEnd('2025-12-31', [], '2026-01')?.contract_end).toBe('2025-12-31'); // across the year
  });
  it('rejects bad dates and months', () => {
    expect(() => chargesAfterEnd('2026-02-30', [], '2026-03')).toThrow(RangeError);
    expect(() => chargesAfterEnd(null, [{ service: 'x', disconnected_on: '1/2/2026' }], '2026-03')).toThrow(RangeError);
    expect(() => chargesAfterEnd(null, [], '2026-3')).toThrow(RangeError);
    expect(() => chargesAfterEnd(null, [], '2026-03', { graceMonths: -1 })).toThrow(RangeError);
  });
});

describe('missingBill', () => {
  it('is not missing until the day after the bill day plus the grace', () => {
    expect(missingBill('2026-03', 10, 5, '2026-03-15')).toBeNull();
    expect(missingBill('2026-03', 10, 5, '2026-03-16')).toEqual({
      rule: 'missing',
      due: '2026-03-15',
      explanation: "Missing bill: no bill for 2026-03 by 2026-03-15 (the carrier's bill day 10 plus 5 days' grace).",
    });
  });

  it('clamps a bill day past the month end and crosses into the next month and year', () => {
    expect(missingBill('2026-02', 31, 0, '2026-03-01')?.due).toBe('2026-02-28');
    expect(missingBill('2024-02', 30, 1, '2024-03-01')).toBeNull();
    expect(missingBill('2024-02', 30, 1, '2024-03-02')?.explanation).toBe(
      "Missing bill: no bill for 2024-02 by 2024-03-01 (the carrier's bill day 30 plus 1 day's grace).",
    );
    expect(missingBill('2026-12', 28, 5, '2027-01-03')?.due).toBe('2027-01-02');
  });

  it('says when the bill day is the default, and rejects bad input', () => {
    expect(missingBill('2026-03', 28, 0, '2026-04-01', false)?.explanation).toBe(
      'Missing bill: no bill for 2026-03 by 2026-03-28 (the usual bill day 28, as the carrier has none entered, plus no grace).',
    );
    expect(() => missingBill('2026-3', 1, 0, '2026-04-01')).toThrow('not a month (YYYY-MM): "2026-3"');
    expect(() => missingBill('2026-03', 0, 0, '2026-04-01')).toThrow('bill day must be 1-31, got 0');
    expect(() => missingBill('2026-03', 1, -1, '2026-04-01')).toThrow('grace days must be a non-negative integer, got -1');
  });
});
