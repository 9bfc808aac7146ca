// Service group field values (core/service-fields.ts) and customer stages (core/stages.ts).
import { describe, it, expect } from 'vitest';
import { readFieldValue, readFieldValues, fieldsJson, type FieldDef } from '../../core/service-fields.ts';
import { checkStage, DEFAULT_STAGES } from '../../core/stages.ts';

const f = (type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ key: 'k', name: 'K', type, ...extra });

describe('readFieldValue', () => {
  it.each([
    ['money', '1,234.56', 'en-US', 123_456],
    ['money', '1.234,56 €', 'de-DE', 123_456],
    ['money', '(45.00)', 'en-US', -4_500],
    ['money', 999, 'en-US', 999],
    ['number', '1.50', 'en-US', 1.5],
    ['number', '-20', 'en-US', -20],
    ['number', 7, 'en-US', 7],
    ['date', '2026-03-15', 'en-US', '2026-03-15'],
    ['date', '6/30/2018 0:00', 'en-US', '2018-06-30'],
    ['text', '  rack 4 ', 'en-US', 'rack 4'],
    ['text', '', 'en-US', null],
  ] as const)('%s %j (%s) is %j', (type, raw, locale, want) => {
    expect(readFieldValue(f(type), raw, locale)).toEqual({ ok: true, value: want });
  });

  it.each([
    [f('money'), '12,34,5', 'K: '],
    [f('money'), 1.5, 'K: must be whole cents'],
    [f('number'), '1,000', 'K: "1,000" is not a number'],
    [f('number'), '1e3', 'K: "1e3" is not a number'],
    [f('date'), '2026-02-30', 'K: '],
    [f('list', { options: ['Copper', 'Fiber'] }), 'Wireless', 'K: "Wireless" is not one of Copper, Fiber'],
    [f('text', { required: true }), ' ', 'K is required'],
  ] as const)('%j %j is an error', (def, raw, message) => {
    const r = readFieldValue(def, raw, 'en-US');
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toContain(message);
  });

  it('matches list options without regard to case and returns the option as defined', () => {
    expect(readFieldValue(f('list', { options: ['Fiber'] }), 'FIBER', 'en-US')).toEqual({ ok: true, value: 'Fiber' });
  });
});

describe('readFieldValues', () => {
  const defs: FieldDef[] = [f('number', { key: 'speed', name: 'Speed', required: true }), f('text', { key: 'note', name: 'Note' })];
  it('keeps values not given, drops ones set to empty, and names unknown keys', () => {
    expect(readFieldValues(defs, { note: 'x' }, { speed: 10 }, 'en-US')).toEqual({ ok: true, values: { speed: 10, note: 'x' } });
    expect(readFieldValues(defs, { note: '' }, { speed: 10, note: 'x' }, 'en-US')).toEqual({ ok: true, values: { speed: 10 } });
    expect(readFieldValues(defs, { color: 'red' }, {}, 'en-US')).toEqual({
      ok: false,
      errors: [
        { key: 'color', error: 'the group has no field "color"' },
        { key: 'speed', error: 'Speed is required' },
      ],
    });
  });
  it('stores values with sorted keys', () => {
    expect(fieldsJson({ b: 1, a: 'x' })).toBe('{"a":"x","b":1}');
  });
});

describe('checkStage', () => {
  it('accepts a listed stage in any case and names the list otherwise', () => {
    expect(checkStage(' Active ', DEFAULT_STAGES)).toEqual({ ok: true, stage: 'active' });
    expect(checkStage('lead', ['prospect', 'active'])).toEqual({ ok: false, error: 'stage "lead" is not one of "prospect", "active"' });
  });
});
