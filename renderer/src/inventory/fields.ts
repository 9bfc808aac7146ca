// Reading a form's typed text into API values. Every field keeps the text the user typed; a value that does not
// parse gives a message that names the field, and nothing is sent until every field reads.
import { parseAmount, formatCents, centsToDecimalString, type AmountLocale } from '../../../core/money.ts';
import { parsePercent } from '../../../core/tolerance.ts';
import { isCalendarDate, isMonth } from '../../../core/months.ts';

export type FieldKind = 'text' | 'textarea' | 'money' | 'percent' | 'int' | 'number' | 'date' | 'month' | 'select' | 'checkbox';

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  hint?: string;
}

export type FormValues = Record<string, string>;
export type FormErrors = Partial<Record<string, string>>;

/** One field's text as its API value: text → string|null, money → cents|null, percent → basis points|null. */
export function readField(spec: FieldSpec, text: string, locale: AmountLocale): { ok: true; value: unknown } | { ok: false; error: string } {
  const t = text.trim();
  if (spec.required && t === '' && spec.kind !== 'checkbox') return { ok: false, error: `${spec.label} is required` };
  switch (spec.kind) {
    case 'checkbox':
      return { ok: true, value: text === 'true' };
    case 'money': {
      const r = parseAmount(text, locale);
      return r.ok ? { ok: true, value: r.cents } : { ok: false, error: `${spec.label}: ${r.error}` };
    }
    case 'percent': {
      const r = parsePercent(text, locale === 'en-US' || locale === 'en-GB' || locale === 'de-CH' ? '.' : ',');
      return r.ok ? { ok: true, value: r.bp } : { ok: false, error: `${spec.label}: ${r.error}` };
    }
    case 'int': {
      if (t === '') return { ok: true, value: null };
      if (!/^\d+$/.test(t)) return { ok: false, error: `${spec.label}: "${text}" is not a whole number` };
      const n = Number(t);
      if (spec.min !== undefined && n < spec.min) return { ok: false, error: `${spec.label}: ${n} is below ${spec.min}` };
      if (spec.max !== undefined && n > spec.max) return { ok: false, error: `${spec.label}: ${n} is above ${spec.max}` };
      return { ok: true, value: n };
    }
    case 'number': {
      if (t === '') return { ok: true, value: null };
      const d = locale === 'en-US' || locale === 'en-GB' || locale === 'de-CH' ? t : t.replace(',', '.');
      return /^-?\d+(\.\d+)?$/.test(d) ? { ok: true, value: Number(d) } : { ok: false, error: `${spec.label}: "${text}" is not a number` };
    }
    case 'date':
      if (t === '') return { ok: true, value: null };
      return isCalendarDate(t) ? { ok: true, value: t } : { ok: false, error: `${spec.label}: "${text}" is not a date written YYYY-MM-DD` };
    case 'month':
      if (t === '') return { ok: true, value: null };
      return isMonth(t) ? { ok: true, value: t } : { ok: false, error: `${spec.label}: "${text}" is not a month written YYYY-MM` };
    default:
      return { ok: true, value: t === '' ? null : t };
  }
}

export function readForm(specs: FieldSpec[], values: FormValues, locale: AmountLocale): { values: Record<string, unknown>; errors: FormErrors } {
  const out: Record<string, unknown> = {};
  const errors: FormErrors = {};
  for (const s of specs) {
    const r = readField(s, values[s.name] ?? '', locale);
    if (r.ok) out[s.name] = r.value;
    else errors[s.name] = r.error;
  }
  return { values: out, errors };
}

/** The text a stored value is edited as. */
export function fieldText(spec: FieldSpec, value: unknown, locale: AmountLocale): string {
  if (value === null || value === undefined) return '';
  switch (spec.kind) {
    case 'checkbox':
      return value ? 'true' : '';
    case 'money':
      return formatCents(Number(value), locale);
    case 'percent': {
      const bp = Number(value);
      const text = `${Math.floor(bp / 100)}${bp % 100 ? `.${String(bp % 100).padStart(2, '0').replace(/0$/, '')}` : ''}`;
      return locale === 'en-US' || locale === 'en-GB' || locale === 'de-CH' ? text : text.replace('.', ',');
    }
    default:
      return String(value);
  }
}

export const moneyText = (cents: number | null | undefined, locale: AmountLocale) => (cents === null || cents === undefined ? '' : formatCents(cents, locale));
export { centsToDecimalString };
