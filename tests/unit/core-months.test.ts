import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addMonthsToMonth,
  compareCalendarDates,
  compareMonths,
  daysInMonth,
  isCalendarDate,
  isMonth,
  monthEnd,
  monthOf,
  monthRange,
  monthStart,
  monthsBetween,
  parseCalendarDate,
  parseMonth,
} from '../../core/months.ts';

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

describe('shared cases: months.tsv', () => {
  const rows = readTsv('months.tsv');
  it('has rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(6);
  });
  it.each(rows.map((r) => [r['date'] ?? '', Number(r['add_months']), r['result'] ?? '']))(
    '%s + %d months = %s',
    (date, n, result) => {
      expect(addMonths(date, n)).toBe(result);
      // and back again lands in the original month
      expect(monthOf(addMonths(result, -n))).toBe(monthOf(date));
    },
  );
});

describe('isMonth / isCalendarDate', () => {
  it.each(['2026-01', '2026-12', '0001-01', '9999-12', '2024-02'])('%j is a month', (s) => {
    expect(isMonth(s)).toBe(true);
  });
  it.each(['2026-13', '2026-00', '2026-1', '26-01', '2026-01-01', '2026/01', ' 2026-01', '', '0000-01'])(
    '%j is not a month',
    (s) => {
      expect(isMonth(s)).toBe(false);
    },
  );
  it.each(['2024-02-29', '2000-02-29', '2026-02-28', '2026-12-31', '2026-04-30', '2026-01-01'])(
    '%j is a calendar date',
    (s) => {
      expect(isCalendarDate(s)).toBe(true);
    },
  );
  it.each([
    '2026-02-29', '1900-02-29', '2100-02-29', '2026-02-30', '2026-04-31', '2026-06-31', '2026-13-01', '2026-00-10',
    '2026-01-00', '2026-01-32', '2026-1-01', '2026-01-1', '2026-01-01T00:00', '', 'today',
  ])('%j is not a calendar date', (s) => {
    expect(isCalendarDate(s)).toBe(false);
  });
  it('rejects non-strings', () => {
    expect(isMonth(202601)).toBe(false);
    expect(isCalendarDate(null)).toBe(false);
  });
});

describe('addMonths: clamps to month end without drift', () => {
  it.each<[string, number, string]>([
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-31', 2, '2026-03-31'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2026-01-31', 12, '2027-01-31'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2024-02-29', 1, '2024-03-29'],
    ['2023-02-28', 12, '2024-02-28'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-05-15', 0, '2026-05-15'],
    ['2026-12-31', 2, '2027-02-28'],
    ['2099-12-31', 2, '2100-02-28'], // 2100 is not a leap year
    ['1999-12-31', 2, '2000-02-29'], // 2000 is
    ['2026-01-01', 1200, '2126-01-01'],
  ])('%s + %d = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['2026-03-31', -1, '2026-02-28'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2026-01-15', -1, '2025-12-15'],
    ['2026-01-31', -2, '2025-11-30'],
    ['2025-02-28', -12, '2024-02-28'],
    ['2028-02-29', -12, '2027-02-28'],
    ['2026-03-31', -13, '2025-02-28'],
    ['2026-01-10', -25, '2023-12-10'],
    ['2026-05-31', -3, '2026-02-28'],
    ['2026-07-31', -1, '2026-06-30'],
  ])('%s + (%d) = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it('computes every step from the original date (no drift)', () => {
    const start = '2026-01-31';
    const got = Array.from({ length: 13 }, (_, i) => addMonths(start, i));
    expect(got).toEqual([
      '2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30', '2026-07-31',
      '2026-08-31', '2026-09-30', '2026-10-31', '2026-11-30', '2026-12-31', '2027-01-31',
    ]);
  });

  it('rejects bad input', () => {
    expect(() => addMonths('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addMonths('2026-01-31', 1.5)).toThrow(RangeError);
    expect(() => addMonths('9999-12-01', 1)).toThrow(RangeError);
  });
});

describe('month helpers', () => {
  it.each<[string, number, string]>([
    ['2026-01', 1, '2026-02'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-01', -13, '2024-12'],
    ['2026-03', 0, '2026-03'],
    ['2026-03', 22, '2028-01'],
    ['2026-03', -24, '2024-03'],
    ['2000-01', -1, '1999-12'],
    ['1999-12', 121, '2010-01'],
    ['2026-11', 14, '2028-01'],
  ])('addMonthsToMonth(%s, %d) = %s', (m, n, expected) => {
    expect(addMonthsToMonth(m, n)).toBe(expected);
  });

  it.each<[string, number, string]>([
    ['2024-02', 29, '2024-02-29'],
    ['2025-02', 28, '2025-02-28'],
    ['2000-02', 29, '2000-02-29'],
    ['1900-02', 28, '1900-02-28'],
    ['2100-02', 28, '2100-02-28'],
    ['2026-01', 31, '2026-01-31'],
    ['2026-04', 30, '2026-04-30'],
    ['2026-06', 30, '2026-06-30'],
    ['2026-09', 30, '2026-09-30'],
    ['2026-11', 30, '2026-11-30'],
    ['2026-12', 31, '2026-12-31'],
  ])('%s has %d days, ends %s', (m, days, end) => {
    expect(daysInMonth(m)).toBe(days);
    expect(monthEnd(m)).toBe(end);
    expect(monthStart(m)).toBe(`${m}-01`);
  });

  it('monthOf', () => {
    expect(monthOf('2026-03-31')).toBe('2026-03');
    expect(monthOf('2024-02-29')).toBe('2024-02');
    expect(() => monthOf('2026-02-30')).toThrow(RangeError);
  });

  it.each<[string, string, number]>([
    ['2026-01', '2026-03', 2],
    ['2026-03', '2026-01', -2],
    ['2026-01', '2026-01', 0],
    ['2025-12', '2026-01', 1],
    ['2020-02', '2026-02', 72],
    ['2026-12', '2025-01', -23],
  ])('monthsBetween(%s, %s) = %d', (a, b, n) => {
    expect(monthsBetween(a, b)).toBe(n);
    expect(addMonthsToMonth(a, n)).toBe(b);
  });

  it('monthRange is inclusive', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-03', '2026-03')).toEqual(['2026-03']);
    expect(monthRange('2026-04', '2026-03')).toEqual([]);
    expect(monthRange('2020-01', '2026-12')).toHaveLength(84);
  });

  it('compares months and dates', () => {
    expect(compareMonths('2026-01', '2026-02')).toBe(-1);
    expect(compareMonths('2026-02', '2026-02')).toBe(0);
    expect(compareMonths('2027-01', '2026-12')).toBe(1);
    expect(['2026-03', '2025-12', '2026-01'].sort(compareMonths)).toEqual(['2025-12', '2026-01', '2026-03']);
    expect(compareCalendarDates('2026-01-31', '2026-02-01')).toBe(-1);
    expect(compareCalendarDates('2026-02-01', '2026-02-01')).toBe(0);
    expect(() => compareMonths('2026-13', '2026-01')).toThrow(RangeError);
  });
});

describe('parseCalendarDate', () => {
  it.each<[string, 'YMD' | 'MDY' | 'DMY' | undefined, string]>([
    ['2026-03-01', undefined, '2026-03-01'],
    ['  2026-03-01  ', undefined, '2026-03-01'],
    ['2026-03-01T00:00:00', undefined, '2026-03-01'],
    ['2026-03-01T23:59:59.999Z', undefined, '2026-03-01'], // as written, never shifted by a time zone
    ['2026-03-01T00:30:00+09:00', undefined, '2026-03-01'],
    ['2026-03-01 18:45', undefined, '2026-03-01'],
    ['2026-3-1', undefined, '2026-03-01'],
    ['2026/03/01', undefined, '2026-03-01'],
    ['6/30/2018 0:00', undefined, '2018-06-30'],
    ['6/30/2018 0:00', 'MDY', '2018-06-30'],
    ['6/30/2018', undefined, '2018-06-30'],
    ['12/31/2025 11:59 PM', undefined, '2025-12-31'],
    ['03/01/2026', undefined, '2026-03-01'],
    ['03/01/2026', 'MDY', '2026-03-01'],
    ['03/01/2026', 'DMY', '2026-01-03'],
    ['30/6/2018', 'DMY', '2018-06-30'],
    ['30/06/2018 00:00', 'DMY', '2018-06-30'],
    ['1.3.2026', undefined, '2026-03-01'],
    ['01.03.2026', 'DMY', '2026-03-01'],
    ['29.02.2024', undefined, '2024-02-29'],
    ['2/29/2024', undefined, '2024-02-29'],
    ['2026-03-01', 'DMY', '2026-03-01'],
    ['2026-03-01', 'YMD', '2026-03-01'],
  ])('%j (%s) -> %s', (input, format, expected) => {
    expect(parseCalendarDate(input, format)).toEqual({ ok: true, date: expected });
  });

  it.each(['', '   ', '\t'])('%j is not entered (null)', (input) => {
    expect(parseCalendarDate(input)).toEqual({ ok: true, date: null });
  });

  it.each<[string, 'YMD' | 'MDY' | 'DMY' | undefined]>([
    ['2026-02-30', undefined],
    ['2025-02-29', undefined],
    ['2026-04-31', undefined],
    ['2026-13-01', undefined],
    ['30/6/2018', undefined], // month 30 in M/D/YYYY
    ['6/30/2018', 'DMY'],
    ['31.04.2026', undefined],
    ['6/30/2018', 'YMD'],
    ['6/30/18', undefined],
    ['2026-03-01T25:00', undefined],
    ['2026-03-01T10:75', undefined],
    ['March 1, 2026', undefined],
    ['tomorrow', undefined],
    ['2026-03', undefined],
    ['20260301', undefined],
  ])('%j (%s) is an error naming the input', (input, format) => {
    const r = parseCalendarDate(input, format);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain(`"${input}"`);
  });

  it('says when the day does not exist', () => {
    const r = parseCalendarDate('2026-02-30');
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^"2026-02-30" is not a valid date/) });
  });
});

describe('parseMonth', () => {
  it.each<[string, string]>([
    ['2026-03', '2026-03'],
    ['2026-03-15', '2026-03'],
    ['2026-03-31T00:00:00', '2026-03'],
    ['03/2026', '2026-03'],
    ['3/2026', '2026-03'],
    ['12/2026', '2026-12'],
    ['2026/3', '2026-03'],
    [' 2026-03 ', '2026-03'],
    ['6/30/2018 0:00', '2018-06'],
    ['2024-02-29', '2024-02'],
  ])('%j -> %s', (input, expected) => {
    expect(parseMonth(input)).toEqual({ ok: true, month: expected });
  });

  it('empty is null', () => {
    expect(parseMonth('')).toEqual({ ok: true, month: null });
    expect(parseMonth('  ')).toEqual({ ok: true, month: null });
  });

  it.each(['2026-13', '13/2026', '0/2026', '2026-02-30', '2025-02-29', 'March', '2026', '26-03', 'abc', '2026-3-'])(
    '%j is an error naming the input',
    (input) => {
      const r = parseMonth(input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(`"${input}"`);
    },
  );
});
