import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  LOCALES,
  MAX_AMOUNT_CENTS,
  CentsRangeError,
  addCents,
  centsProblem,
  centsToDecimalString,
  formatCents,
  parseAmount,
  sumCents,
  type AmountLocale,
} from '../../core/money.ts';

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

function cents(input: string, locale: AmountLocale): number | null {
  const r = parseAmount(input, locale);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(input)} to parse in ${locale}, got: ${r.error}`);
  return r.cents;
}

function errorOf(input: string, locale: AmountLocale): string {
  const r = parseAmount(input, locale);
  if (r.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected in ${locale}, got ${String(r.cents)}`);
  return r.error;
}

describe('shared cases: amounts.tsv', () => {
  const rows = readTsv('amounts.tsv');
  it('has rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(18);
  });
  it.each(rows.map((r) => [r['input'] ?? '', r['locale'] ?? '', r['cents'] ?? '']))(
    '%j in %s -> %s',
    (input, locale, expected) => {
      expect(LOCALES).toContain(locale);
      const r = parseAmount(input, locale as AmountLocale);
      if (expected === 'ERROR') {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error).toContain(`"${input}"`);
      } else if (expected === 'EMPTY') {
        expect(r).toEqual({ ok: true, cents: null });
      } else {
        expect(r).toEqual({ ok: true, cents: Number(expected) });
      }
    },
  );
});

describe('parseAmount: locale separators', () => {
  it.each<[string, AmountLocale, number]>([
    ['1,234.56', 'en-US', 123456],
    ['1,234.56', 'en-GB', 123456],
    ['1,234,567.89', 'en-US', 123456789],
    ['1234.5', 'en-US', 123450],
    ['1234', 'en-GB', 123400],
    ['1.234,56', 'de-DE', 123456],
    ['1.234.567,89', 'de-DE', 123456789],
    ['1.234,56', 'pt-BR', 123456],
    ['-236,48', 'de-DE', -23648],
    ['1 234,56', 'fr-FR', 123456],
    ['1\u00A0234,56', 'fr-FR', 123456],
    ['1\u202F234,56', 'fr-FR', 123456],
    ['1\u202F234\u00A0567,89', 'fr-FR', 123456789],
    ['1234,5', 'fr-FR', 123450],
    ["1'234.56", 'de-CH', 123456],
    ['1\u2019234.56', 'de-CH', 123456],
    ["1'234'567.89", 'de-CH', 123456789],
    ['1234.56', 'de-CH', 123456],
    ['1,000', 'en-US', 100000],
    ['1.000', 'de-DE', 100000],
    ['-1.000', 'de-DE', -100000],
    ['.5', 'en-US', 50],
    [',05', 'de-DE', 5],
    ['007', 'en-US', 700],
  ])('%j in %s -> %d', (input, locale, expected) => {
    expect(cents(input, locale)).toBe(expected);
  });

  it.each<[string, AmountLocale]>([
    ['1.234,56', 'en-US'], // de-style text in an en locale
    ['1,234.56', 'de-DE'],
    ['1.234,56', 'fr-FR'], // dot is not allowed in fr-FR
    ['1234.56', 'fr-FR'],
    ['1 234.56', 'en-US'], // spaces do not group in en-US
    ["1'234.56", 'en-US'],
    ['1,234.56', 'de-CH'],
    ['1.234', 'fr-FR'],
    ['1 234,56', 'de-DE'],
    ['12,5', 'en-US'],
  ])('%j is rejected in %s', (input, locale) => {
    expect(errorOf(input, locale)).toContain(locale);
  });
});

describe('parseAmount: grouping must be well formed', () => {
  it.each<[string, AmountLocale]>([
    ['1,23,456', 'en-US'],
    ['1,23,4', 'en-US'],
    ['12,34', 'en-US'],
    ['1234,567', 'en-US'],
    [',123', 'en-US'],
    ['1,234,56', 'en-US'],
    ['1,2345.00', 'en-GB'],
    ['1.5', 'de-DE'],
    ['1.23,4', 'de-DE'],
    ['12.34.567,00', 'pt-BR'],
    ['1 23 456,00', 'fr-FR'],
    ["12'34.00", 'de-CH'],
    ['1,234.5,6', 'en-US'],
    ['1,,234', 'en-US'],
  ])('%j in %s is an error, not a guess', (input, locale) => {
    const error = errorOf(input, locale);
    expect(error).toContain(`"${input}"`);
    expect(error).toContain(locale);
  });
});

describe('parseAmount: signs and negative notations', () => {
  it.each<[string, number]>([
    ['-45.00', -4500],
    ['45.00-', -4500],
    ['\u221245.00', -4500],
    ['45.00\u2212', -4500],
    ['(45.00)', -4500],
    ['( 45.00 )', -4500],
    ['($45.00)', -4500],
    ['$(45.00)', -4500],
    ['45.00CR', -4500],
    ['45.00 CR', -4500],
    ['45.00 cr', -4500],
    ['$45.00 Cr', -4500],
    ['-$45.00', -4500],
    ['$-45.00', -4500],
    ['$45.00-', -4500],
    ['- 45', -4500],
    ['+45', 4500],
    ['+ 45.00', 4500],
    ['$+1500', 150000],
    ['-0', 0],
    ['(0.00)', 0],
  ])('%j -> %d', (input, expected) => {
    const r = cents(input, 'en-US');
    expect(r).toBe(expected);
    expect(Object.is(r, -0)).toBe(false);
  });

  it('all negative notations mean the same', () => {
    const forms = ['-900.23', '900.23-', '\u2212900.23', '(900.23)', '900.23 CR', '($900.23)', '-$900.23', '$900.23CR'];
    for (const f of forms) expect(cents(f, 'en-US')).toBe(-90023);
    expect(cents('(1.234,56 €)', 'de-DE')).toBe(-123456);
    expect(cents('1\u202F234,56 € CR', 'fr-FR')).toBe(-123456);
    expect(cents("-CHF 1'234.56", 'de-CH')).toBe(-123456);
  });

  it.each([
    '-(5)',
    '(-5)',
    '(5)-',
    '-5 CR',
    '(5) CR',
    '5- CR',
    '--5',
    '5--',
    '-5-',
    '\u2212-5',
    '+-5',
    '-+5',
    '++5',
    '(5',
    '5)',
    '((5))',
    '5+',
  ])('%j is an error', (input) => {
    expect(errorOf(input, 'en-US')).toContain(`"${input}"`);
  });

  it('names the combination problem', () => {
    expect(errorOf('-(5)', 'en-US')).toMatch(/negative/);
  });
});

describe('parseAmount: decimals and rounding', () => {
  it.each<[string, AmountLocale, number]>([
    ['-110.7', 'en-US', -11070],
    ['0.1', 'en-US', 10],
    ['0.01', 'en-US', 1],
    ['1.005', 'en-US', 101],
    ['-1.005', 'en-US', -101],
    ['2.675', 'en-US', 268], // float math gives 267
    ['-2.675', 'en-US', -268],
    ['1.015', 'en-US', 102], // float math gives 101
    ['0.004', 'en-US', 0],
    ['0.005', 'en-US', 1],
    ['-0.005', 'en-US', -1],
    ['-0.004', 'en-US', 0],
    ['1.0049999', 'en-US', 100],
    ['1.00500', 'en-US', 101],
    ['9.995', 'en-US', 1000],
    ['-9.999', 'en-US', -1000],
    ['99.999', 'en-US', 10000],
    ['1,999.995', 'en-US', 200000],
    ['0,125', 'de-DE', 13],
    ['1.234,5678', 'de-DE', 123457],
    ['(2.675)', 'en-US', -268],
    ['2.675 CR', 'en-US', -268],
    ['4.35', 'en-US', 435], // 4.35 * 100 = 434.99999999999994 in floating point
    ['1.1', 'en-US', 110],
    ['0.29', 'en-US', 29],
  ])('%j in %s -> %d', (input, locale, expected) => {
    expect(cents(input, locale)).toBe(expected);
  });

  it('rejects a trailing decimal separator and double separators', () => {
    expect(errorOf('5.', 'en-US')).toContain('"5."');
    expect(errorOf('1.2.3', 'en-US')).toContain('"1.2.3"');
    expect(errorOf('1,2,3', 'de-DE')).toContain('"1,2,3"');
    expect(errorOf('.', 'en-US')).toContain('"."');
    expect(errorOf('5.5.', 'en-US')).toContain('"5.5."');
  });
});

describe('parseAmount: currency symbols and ISO codes', () => {
  it.each<[string, AmountLocale, number]>([
    ['$1,234.56', 'en-US', 123456],
    ['$ 1,234.56', 'en-US', 123456],
    ['1,234.56$', 'en-US', 123456],
    ['€1,234.56', 'en-GB', 123456],
    ['£12.00', 'en-GB', 1200],
    ['¥500', 'en-US', 50000],
    ['₹ 1,500.00', 'en-US', 150000],
    ['USD 12.00', 'en-US', 1200],
    ['USD12.00', 'en-US', 1200],
    ['12.00 USD', 'en-US', 1200],
    ['12.00USD', 'en-US', 1200],
    ['usd 12.00', 'en-US', 1200],
    ['12,00 EUR', 'de-DE', 1200],
    ['12,00 €', 'de-DE', 1200],
    ['12,00€', 'de-DE', 1200],
    ['1.234,56 €', 'de-DE', 123456],
    ['€ 1.234,56', 'de-DE', 123456],
    ['R$ 1.234,56', 'pt-BR', 123456],
    ['R$1.234,56', 'pt-BR', 123456],
    ['-R$ 1.234,56', 'pt-BR', -123456],
    ['1.234,56 BRL', 'pt-BR', 123456],
    ["CHF 1'234.56", 'de-CH', 123456],
    ["Fr. 1'234.56", 'de-CH', 123456],
    ["1'234.56 Fr.", 'de-CH', 123456],
    ['1\u202F234,56\u00A0€', 'fr-FR', 123456],
    ['1 234,56 EUR', 'fr-FR', 123456],
    ['kr 99,50', 'de-DE', 9950],
    ['99,50 kr', 'de-DE', 9950],
    ['  $13,379.70  ', 'en-US', 1337970],
    ['\t12.00\t', 'en-US', 1200],
    ['\u00A012.00\u00A0', 'en-US', 1200],
    [' -110.7 €', 'en-US', -11070],
    ['GBP 5', 'en-GB', 500],
    ['INR 50.00', 'en-US', 5000],
    ['12 CRC', 'en-US', 1200], // Costa Rican colon, not a credit
  ])('%j in %s -> %d', (input, locale, expected) => {
    expect(cents(input, locale)).toBe(expected);
  });

  it.each<[string, AmountLocale]>([
    ['12abc', 'en-US'],
    ['abc12', 'en-US'],
    ['12 XYZW', 'en-US'],
    ['12 QQQ', 'en-US'],
    ['$12 USD', 'en-US'], // two currencies
    ['$$12', 'en-US'],
    ['12 dollars', 'en-US'],
    ['12 EURCR', 'en-US'],
    ['¢50', 'en-US'],
    ['1 2', 'en-US'],
    ['12 $ 3', 'en-US'],
    ['$', 'en-US'],
    ['€', 'de-DE'],
    ['USD', 'en-US'],
    ['CR', 'en-US'],
    ['()', 'en-US'],
    ['-', 'en-US'],
    ['+', 'en-US'],
    ['\u2212', 'en-US'],
    ['Hello', 'en-US'],
    ['No data', 'en-US'],
    ['N/A', 'en-US'],
    ['1e5', 'en-US'],
    ['0x10', 'en-US'],
    ['Infinity', 'en-US'],
    ['NaN', 'en-US'],
    ['١٢٣', 'en-US'],
  ])('%j in %s is an error', (input, locale) => {
    expect(errorOf(input, locale)).toContain(`"${input}"`);
  });
});

describe('parseAmount: empty and errors', () => {
  it.each(['', ' ', '   ', '\t', '\u00A0', '\u202F', ' \t\r\n '])('%j is not entered (null), never 0', (input) => {
    for (const locale of LOCALES) expect(parseAmount(input, locale)).toEqual({ ok: true, cents: null });
  });

  it('gives a clear English sentence naming the input and the locale', () => {
    expect(parseAmount('Hello', 'en-US')).toEqual({
      ok: false,
      error: '"Hello" is not an amount (expected like 1,234.56 for en-US)',
    });
    expect(errorOf('No data', 'de-DE')).toBe('"No data" is not an amount (expected like 1.234,56 for de-DE)');
    expect(errorOf('x', 'fr-FR')).toContain('for fr-FR');
    expect(errorOf('x', 'de-CH')).toContain("1'234.56 for de-CH");
    expect(errorOf('x', 'pt-BR')).toContain('1.234,56 for pt-BR');
    expect(errorOf('1,23,4', 'en-US')).toMatch(/^"1,23,4" is not an amount: .*grouping.*en-US\)$/);
  });
});

describe('parseAmount: one amount is at most 999,999,999.99 (MAX_AMOUNT_CENTS), both ways', () => {
  it.each<[string, AmountLocale, number]>([
    ['999,999,999.99', 'en-US', 99_999_999_999],
    ['-999,999,999.99', 'en-US', -99_999_999_999],
    ['(999.999.999,99)', 'de-DE', -99_999_999_999],
    ['999999999.994', 'en-US', 99_999_999_999],
    ['1000000', 'en-US', 100_000_000],
    ['000000000000000000001.00', 'en-US', 100],
  ])('%j (%s) -> %d', (input, locale, expected) => {
    expect(cents(input, locale)).toBe(expected);
  });

  it.each<[string, AmountLocale, string]>([
    // the bound + 1 cent, and the tester's value, each named in the input's own locale
    ['1,000,000,000.00', 'en-US', '1,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)'],
    ['999999999.995', 'en-US', '1,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)'],
    ['9000000000000', 'en-US', '9,000,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)'],
    ['-1000000000', 'en-US', '-1,000,000,000.00 is less than the smallest amount a bill may hold (-999,999,999.99)'],
    ['9.000.000.000.000,00 €', 'de-DE', '9.000.000.000.000,00 is more than the largest amount a bill may hold (999.999.999,99)'],
    ['1 000 000 000,00', 'fr-FR', '1 000 000 000,00 is more than the largest amount a bill may hold (999 999 999,99)'],
    ['90071992547409.92', 'en-US', '90,071,992,547,409.92 is more than the largest amount a bill may hold (999,999,999.99)'],
    ['1'.repeat(40), 'en-US', `1${',111'.repeat(13)}.00 is more than the largest amount a bill may hold (999,999,999.99)`],
  ])('%j (%s) is refused: %s', (input, locale, message) => {
    expect(errorOf(input, locale)).toBe(message);
  });

  it('centsProblem says the same of a number of cents: the bound passes, one cent more does not', () => {
    expect(MAX_AMOUNT_CENTS).toBe(99_999_999_999);
    expect(centsProblem(99_999_999_999)).toBeNull();
    expect(centsProblem(-99_999_999_999)).toBeNull();
    expect(centsProblem(100_000_000_000)).toBe('1,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)');
    expect(centsProblem(-100_000_000_000)).toBe('-1,000,000,000.00 is less than the smallest amount a bill may hold (-999,999,999.99)');
    expect(centsProblem(1e20)).toBe('1,000,000,000,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)');
    expect(centsProblem(1.5)).toBe('1.5 is not a whole number of cents');
  });
});

describe('addCents / sumCents: totals are exact or refused', () => {
  it('adds exactly up to Number.MAX_SAFE_INTEGER', () => {
    expect(sumCents([Number.MAX_SAFE_INTEGER - 1, 1])).toBe(Number.MAX_SAFE_INTEGER);
    expect(sumCents([-Number.MAX_SAFE_INTEGER + 1, -1])).toBe(-Number.MAX_SAFE_INTEGER);
    expect(sumCents([1, null, undefined, 2])).toBe(3);
    // a month of 200,000 accounts: realistic bills are far inside (the E-Rate month averages about 9,300)
    expect(sumCents(Array.from({ length: 200_000 }, () => 930_000))).toBe(186_000_000_000);
  });

  it('one cent past the safe range is a CentsRangeError naming what was totalled', () => {
    expect(() => addCents(Number.MAX_SAFE_INTEGER, 1, 'The actual bills of 2015-07')).toThrow(CentsRangeError);
    expect(() => sumCents([Number.MAX_SAFE_INTEGER, 1], 'The actual bills of 2015-07')).toThrow(
      /^The actual bills of 2015-07 add up to more than 90,071,992,547,409\.91, the largest total that can be counted exactly/,
    );
    expect(() => sumCents(Array.from({ length: 10 }, () => 1e15))).toThrow(CentsRangeError);
    expect(() => addCents(2 ** 60, 0)).toThrow(CentsRangeError);
  });

  it('formatCents refuses an unsafe number with a CentsRangeError (said by every door), not a bare RangeError', () => {
    expect(() => formatCents(2 ** 60, 'en-US')).toThrow(CentsRangeError);
  });
});

describe('formatCents', () => {
  it.each<[number, AmountLocale, string]>([
    [123456, 'en-US', '1,234.56'],
    [123456, 'en-GB', '1,234.56'],
    [123456, 'de-DE', '1.234,56'],
    [123456, 'pt-BR', '1.234,56'],
    [123456, 'fr-FR', '1\u202F234,56'],
    [123456, 'de-CH', "1'234.56"],
    [-4500, 'en-US', '-45.00'],
    [-4500, 'de-DE', '-45,00'],
    [0, 'en-US', '0.00'],
    [5, 'en-US', '0.05'],
    [-5, 'en-US', '-0.05'],
    [99, 'de-DE', '0,99'],
    [100, 'en-US', '1.00'],
    [100000000, 'en-US', '1,000,000.00'],
    [100000000, 'fr-FR', '1\u202F000\u202F000,00'],
    [12345678901234, 'de-CH', "123'456'789'012.34"],
    [Number.MAX_SAFE_INTEGER, 'en-US', '90,071,992,547,409.91'],
    [-Number.MAX_SAFE_INTEGER, 'de-DE', '-90.071.992.547.409,91'],
  ])('%d in %s -> %j', (c, locale, expected) => {
    expect(formatCents(c, locale)).toBe(expected);
  });

  it('uses currency symbols by locale', () => {
    expect(formatCents(123456, 'en-US', { currency: 'USD' })).toBe('$1,234.56');
    expect(formatCents(-123456, 'en-US', { currency: 'USD' })).toBe('-$1,234.56');
    expect(formatCents(123456, 'en-GB', { currency: 'EUR' })).toBe('€1,234.56');
    expect(formatCents(123456, 'en-US', { currency: 'EUR' })).toBe('€1,234.56');
    expect(formatCents(123456, 'de-DE', { currency: 'EUR' })).toBe('1.234,56 €');
    expect(formatCents(123456, 'fr-FR', { currency: 'EUR' })).toBe('1\u202F234,56 €');
    expect(formatCents(123456, 'en-GB', { currency: 'GBP' })).toBe('£1,234.56');
    expect(formatCents(123456, 'pt-BR', { currency: 'BRL' })).toBe('R$ 1.234,56');
    expect(formatCents(123456, 'de-CH', { currency: 'CHF' })).toBe("CHF 1'234.56");
    expect(formatCents(123456, 'en-US', { currency: 'XYZ' })).toBe('XYZ 1,234.56');
    expect(formatCents(123456, 'en-US', { currency: 'usd' })).toBe('$1,234.56');
    expect(formatCents(123456, 'de-DE', { currency: 'XYZ' })).toBe('1.234,56 XYZ');
  });

  it('writes negatives with parentheses when asked', () => {
    expect(formatCents(-90023, 'en-US', { sign: 'parens' })).toBe('(900.23)');
    expect(formatCents(-90023, 'en-US', { currency: 'USD', sign: 'parens' })).toBe('($900.23)');
    expect(formatCents(-123456, 'de-DE', { currency: 'EUR', sign: 'parens' })).toBe('(1.234,56 €)');
    expect(formatCents(90023, 'en-US', { sign: 'parens' })).toBe('900.23');
    expect(formatCents(-90023, 'en-US', { sign: 'minus' })).toBe('-900.23');
  });

  it('rejects non-integer cents', () => {
    expect(() => formatCents(1.5, 'en-US')).toThrow(RangeError);
    expect(() => formatCents(Number.NaN, 'en-US')).toThrow(RangeError);
    expect(() => formatCents(2 ** 53, 'en-US')).toThrow(RangeError);
  });
});

describe('round trip: parseAmount(formatCents(c)) === c', () => {
  const values: number[] = [0, 1, 5, 9, 10, 99, 100, 101, 999, 1000, 4500, 12345, 99999, 100000, 123456, 1000000,
    9999999, 100000000, 123456789, 1234567890, 99999999999 /* MAX_AMOUNT_CENTS */];
  // plus a deterministic pseudo-random spread (LCG) over several magnitudes
  let seed = 12345;
  for (let i = 0; i < 300; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    values.push(seed % 10 ** ((i % 12) + 1));
  }
  const all = [...values, ...values.filter((v) => v !== 0).map((v) => -v)];
  const currencies = [undefined, 'USD', 'EUR', 'GBP', 'BRL', 'CHF', 'JPY', 'INR', 'SEK'];

  it.each([...LOCALES])('%s: plain, with currency, with parentheses', (locale) => {
    for (const c of all) {
      expect(parseAmount(formatCents(c, locale), locale)).toEqual({ ok: true, cents: c });
      for (const currency of currencies) {
        const opts = currency === undefined ? {} : { currency };
        expect(parseAmount(formatCents(c, locale, opts), locale)).toEqual({ ok: true, cents: c });
        expect(parseAmount(formatCents(c, locale, { ...opts, sign: 'parens' }), locale)).toEqual({ ok: true, cents: c });
      }
    }
  });
});

describe('centsToDecimalString', () => {
  it.each<[number, string]>([
    [-4500, '-45.00'],
    [123456, '1234.56'],
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [99, '0.99'],
    [100, '1.00'],
    [-110, '-1.10'],
    [100000000, '1000000.00'],
    [Number.MAX_SAFE_INTEGER, '90071992547409.91'],
    [-Number.MAX_SAFE_INTEGER, '-90071992547409.91'],
  ])('%d -> %j', (c, expected) => {
    expect(centsToDecimalString(c)).toBe(expected);
    // An amount an older database holds above the bound is still written out; read back in, it is refused.
    if (Math.abs(c) <= MAX_AMOUNT_CENTS) expect(parseAmount(expected, 'en-US')).toEqual({ ok: true, cents: c });
    else expect(parseAmount(expected, 'en-US')).toMatchObject({ ok: false, error: expect.stringMatching(/(largest|smallest) amount a bill may hold/) });
  });

  it('rejects non-integers', () => {
    expect(() => centsToDecimalString(0.5)).toThrow(RangeError);
  });
});
