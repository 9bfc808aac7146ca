// The variance percent printed in report files and screens comes from integer hundredths, like the check's own.
import { describe, it, expect } from 'vitest';
import { variancePctHundredths, variancePercentText } from '../../core/tolerance.ts';

describe('variancePercentText', () => {
  it.each([
    [928_417, 1_300_000, '+40.02%'],
    [10_000, 9_650, '-3.50%'],
    [10_000, 10_000, '0.00%'],
    [3, 4, '+33.33%'],
    [200, 201, '+0.50%'],
    [100_000_000, 1, '-100.00%'],
  ])('expected %i, actual %i → %s', (expected, actual, text) => {
    expect(variancePercentText(variancePctHundredths(expected, actual)! / 100)).toBe(text);
  });
  it('says "-" when there is no percent (nothing expected)', () => {
    expect(variancePercentText(null)).toBe('-');
  });
});
