// The fields a service group (template) gives its services, and how a value typed or imported for one is read:
// money through the one amount parser into cents, dates as YYYY-MM-DD, numbers as numbers, lists by option.
import { parseAmount, centsProblem, type AmountLocale } from './money.ts';
import { parseCalendarDate } from './months.ts';

export type FieldType = 'text' | 'number' | 'money' | 'date' | 'list';
export interface FieldDef {
  key: string;
  name: string;
  type: FieldType;
  options?: string[];
  required?: boolean;
}
export type FieldValue = string | number | null;
export type FieldRead = { ok: true; value: FieldValue } | { ok: false; error: string };

// Plain decimal numbers only (no grouping, no exponent): "1.5", "-20", "1000".
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
export const isPlainNumber = (s: string) => NUMBER.test(s.trim());

/** Reads one value for a field. Empty text and null mean "no value" (an error only when the field is required). */
export function readFieldValue(f: FieldDef, raw: FieldValue | undefined, locale: AmountLocale): FieldRead {
  const empty = raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '');
  if (empty) return f.required ? { ok: false, error: `${f.name} is required` } : { ok: true, value: null };
  switch (f.type) {
    case 'text':
      return { ok: true, value: String(raw).trim() };
    case 'number': {
      if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: raw } : { ok: false, error: `${f.name}: not a number` };
      const t = raw!.trim();
      return NUMBER.test(t) ? { ok: true, value: Number(t) } : { ok: false, error: `${f.name}: "${t}" is not a number` };
    }
    case 'money': {
      // A number given to the API is already cents; text is parsed with the caller's locale.
      if (typeof raw === 'number') {
        if (!Number.isSafeInteger(raw) && !Number.isInteger(raw)) return { ok: false, error: `${f.name}: must be whole cents` };
        const problem = centsProblem(raw, locale); // the bound of any amount, as typed text gets
        return problem ? { ok: false, error: `${f.name}: ${problem}` } : { ok: true, value: raw };
      }
      const p = parseAmount(raw!, locale);
      return p.ok ? { ok: true, value: p.cents } : { ok: false, error: `${f.name}: ${p.error}` };
    }
    case 'date': {
      const p = parseCalendarDate(String(raw));
      return p.ok ? { ok: true, value: p.date } : { ok: false, error: `${f.name}: ${p.error}` };
    }
    case 'list': {
      const t = String(raw).trim();
      const found = (f.options ?? []).find((o) => o.toLowerCase() === t.toLowerCase());
      return found ? { ok: true, value: found } : { ok: false, error: `${f.name}: "${t}" is not one of ${(f.options ?? []).join(', ')}` };
    }
  }
}

/** Reads every value given for a group's fields; unknown keys are errors. Keys not given keep `before`. */
export function readFieldValues(
  fields: FieldDef[],
  given: Record<string, FieldValue>,
  before: Record<string, FieldValue>,
  locale: AmountLocale,
): { ok: true; values: Record<string, FieldValue> } | { ok: false; errors: { key: string; error: string }[] } {
  const errors: { key: string; error: string }[] = [];
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const k of Object.keys(given)) if (!byKey.has(k)) errors.push({ key: k, error: `the group has no field "${k}"` });
  const values: Record<string, FieldValue> = {};
  for (const f of fields) {
    const r = readFieldValue(f, k(given, f.key) ? given[f.key] : before[f.key], locale);
    if (r.ok) {
      if (r.value !== null) values[f.key] = r.value;
    } else errors.push({ key: f.key, error: r.error });
  }
  return errors.length ? { ok: false, errors } : { ok: true, values };
}

const k = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** The stored form of a service's values: JSON with keys in order, so equal values are equal text. */
export function fieldsJson(values: Record<string, FieldValue>): string {
  return JSON.stringify(Object.fromEntries(Object.keys(values).sort().map((k) => [k, values[k]])));
}
