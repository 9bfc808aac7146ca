import { describe, it, expect } from 'vitest';
import { addDays, daysBetween } from '../../core/days.ts';

describe('addDays', () => {
  it.each([
    ['2026-02-20', 30, '2026-03-22'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2000-02-29', 365, '2001-02-28'],
    ['2026-03-15', 0, '2026-03-15'],
    ['1900-02-28', 1, '1900-03-01'],
  ])('%s + %i = %s', (d, n, want) => {
    expect(addDays(d, n)).toBe(want);
    expect(daysBetween(d, want)).toBe(n);
  });

  it('refuses a bad date or a fractional count', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow('not a calendar date');
    expect(() => addDays('2026-02-01', 1.5)).toThrow('integer');
  });
});
