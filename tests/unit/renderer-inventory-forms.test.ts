// The inventory forms' reading of typed text: amounts through core/money.ts with the field named in the message,
// percents to basis points, bounds, dates and months, the text a stored value is edited as, and group field keys.
import { describe, it, expect } from 'vitest';
import { readField, readForm, fieldText, type FieldSpec } from '../../renderer/src/inventory/fields.ts';
import { keyOf } from '../../renderer/src/inventory/groupKeys.ts';

const spec = (kind: FieldSpec['kind'], extra: Partial<FieldSpec> = {}): FieldSpec => ({ name: 'x', label: 'Monthly charge', kind, ...extra });

describe('readField', () => {
  it.each([
    ['money', '$1,234.56', 'en-US', 123_456],
    ['money', '1.234,56 €', 'de-DE', 123_456],
    ['money', '(45.00)', 'en-US', -4_500],
    ['money', '', 'en-US', null],
    ['percent', '5', 'en-US', 500],
    ['percent', '2.5', 'en-US', 250],
    ['percent', '2,5', 'de-DE', 250],
    ['int', '12', 'en-US', 12],
    ['int', '', 'en-US', null],
    ['number', '1.5', 'en-US', 1.5],
    ['number', '1,5', 'fr-FR', 1.5],
    ['date', '2026-03-15', 'en-US', '2026-03-15'],
    ['month', '2026-03', 'en-US', '2026-03'],
    ['text', '  Main  ', 'en-US', 'Main'],
    ['text', '   ', 'en-US', null],
    ['checkbox', 'true', 'en-US', true],
    ['checkbox', '', 'en-US', false],
  ] as const)('%s %j (%s) reads as %j', (kind, text, locale, value) => {
    expect(readField(spec(kind), text, locale)).toEqual({ ok: true, value });
  });

  it.each([
    ['money', '12,34,5', 'en-US', 'Monthly charge: "12,34,5" is not an amount: the digit grouping is malformed (expected like 1,234.56 for en-US)'],
    ['money', '1.500,00', 'en-US', 'Monthly charge: "1.500,00" is not an amount'],
    ['percent', '-5', 'en-US', 'Monthly charge: "-5" is not a valid percent'],
    ['int', '4.5', 'en-US', 'Monthly charge: "4.5" is not a whole number'],
    ['number', 'ten', 'en-US', 'Monthly charge: "ten" is not a number'],
    ['date', '2026-02-30', 'en-US', 'Monthly charge: "2026-02-30" is not a date written YYYY-MM-DD'],
    ['month', '2026-13', 'en-US', 'Monthly charge: "2026-13" is not a month written YYYY-MM'],
  ] as const)('%s %j (%s) is refused, naming the field', (kind, text, locale, message) => {
    const r = readField(spec(kind), text, locale);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.startsWith(message)).toBe(true);
  });

  it('checks bounds and required fields', () => {
    expect(readField(spec('int', { label: 'Usual bill day', min: 1, max: 31 }), '40', 'en-US')).toEqual({ ok: false, error: 'Usual bill day: 40 is above 31' });
    expect(readField(spec('int', { label: 'Usual bill day', min: 1, max: 31 }), '0', 'en-US')).toEqual({ ok: false, error: 'Usual bill day: 0 is below 1' });
    expect(readField(spec('text', { label: 'Customer name', required: true }), ' ', 'en-US')).toEqual({ ok: false, error: 'Customer name is required' });
  });
});

describe('readForm', () => {
  it('reads every field and collects every error by field', () => {
    const specs: FieldSpec[] = [
      { name: 'name', label: 'Carrier name', kind: 'text', required: true },
      { name: 'bill_day', label: 'Usual bill day', kind: 'int', min: 1, max: 31 },
      { name: 'amount', label: 'Tolerance amount', kind: 'money' },
    ];
    expect(readForm(specs, { name: 'Acme', bill_day: '12', amount: '10.00' }, 'en-US')).toEqual({ values: { name: 'Acme', bill_day: 12, amount: 1000 }, errors: {} });
    expect(readForm(specs, { name: '', bill_day: '32', amount: 'ten' }, 'en-US').errors).toEqual({
      name: 'Carrier name is required',
      bill_day: 'Usual bill day: 32 is above 31',
      amount: 'Tolerance amount: "ten" is not an amount (expected like 1,234.56 for en-US)',
    });
  });
});

describe('fieldText', () => {
  it('shows stored values as they are typed back', () => {
    expect(fieldText(spec('money'), 123_456, 'en-US')).toBe('1,234.56');
    expect(fieldText(spec('money'), -4_500, 'de-DE')).toBe('-45,00');
    expect(fieldText(spec('percent'), 500, 'en-US')).toBe('5');
    expect(fieldText(spec('percent'), 250, 'en-US')).toBe('2.5');
    expect(fieldText(spec('percent'), 1_234, 'de-DE')).toBe('12,34');
    expect(fieldText(spec('percent'), 5, 'en-US')).toBe('0.05');
    expect(fieldText(spec('checkbox'), true, 'en-US')).toBe('true');
    expect(fieldText(spec('text'), null, 'en-US')).toBe('');
  });

  it('round-trips every percent in basis points through its text', () => {
    for (const bp of [0, 1, 5, 10, 50, 99, 100, 250, 505, 1_000, 12_345]) {
      const r = readField(spec('percent'), fieldText(spec('percent'), bp, 'en-US'), 'en-US');
      expect(r).toEqual({ ok: true, value: bp });
    }
  });
});

describe('keyOf', () => {
  it('makes lower-case keys from names, unique within the group', () => {
    const taken = new Set<string>();
    expect(keyOf('Speed (Mbps)', taken)).toBe('speed_mbps');
    expect(keyOf('Speed Mbps', taken)).toBe('speed_mbps_2');
    expect(keyOf('Ünterschrift Datum', taken)).toBe('unterschrift_datum');
    expect(keyOf('2nd line', taken)).toBe('f_2nd_line');
    expect(keyOf('!!!', taken)).toBe('f');
  });
});
