/**
 * The registry of installation settings: every key with its type, default, limits and who may change it.
 * Adding a setting is one line in SETTINGS below; the `settings` table only stores values that differ from
 * the default, so a new key needs no migration. Pure module: no I/O.
 */
import type { Access } from './permissions.ts';

interface Base<T> {
  default: T;
  summary: string;
  /** who may change it (read access is the settings.get method's); default: edit in TEM */
  access?: Access;
}
export type SettingDef =
  | (Base<number> & { kind: 'int'; min: number; max: number; unit?: string })
  | (Base<boolean> & { kind: 'bool' })
  | (Base<string> & { kind: 'enum'; options: readonly string[] })
  | (Base<string> & { kind: 'text'; maxLength: number });

const int = (def: number, min: number, max: number, summary: string, unit?: string, access?: Access) =>
  ({ kind: 'int', default: def, min, max, summary, ...(unit ? { unit } : {}), ...(access ? { access } : {}) }) as const;
const bool = (def: boolean, summary: string, access?: Access) => ({ kind: 'bool', default: def, summary, ...(access ? { access } : {}) }) as const;
// Kept for keys that choose between named modes or hold free text (used by other areas as they add keys).
export const enumSetting = <O extends readonly string[]>(def: O[number], options: O, summary: string, access?: Access) =>
  ({ kind: 'enum', default: def as string, options, summary, ...(access ? { access } : {}) }) as const;
export const textSetting = (def: string, maxLength: number, summary: string, access?: Access) =>
  ({ kind: 'text', default: def, maxLength, summary, ...(access ? { access } : {}) }) as const;

export const SETTINGS = {
  // Audit rules beyond the tolerance band (issue 8). Each rule can be switched off on its own.
  'audit.trend.enabled': bool(true, 'Flag an actual that differs from the average of its previous bills (trend rule)'),
  'audit.trend.months': int(3, 1, 24, 'Trend rule: how many previous billed months are averaged', 'months'),
  'audit.trend.lookback_months': int(24, 1, 120, 'Trend rule: how far back the previous bills are looked for', 'months'),
  'audit.trend.pct_bp': int(2000, 1, 1_000_000, 'Trend rule: the limit, in hundredths of a percent of that average (2000 = 20%)', 'basis points'),
  'audit.duplicate.enabled': bool(true, 'Flag an invoice that repeats one already on file (same invoice number, or same amount and bill date)'),
  'audit.missing.enabled': bool(true, "Flag a billing account with no bill by the carrier's bill day plus the grace period"),
  'bills.grace_days': int(5, 0, 60, "Missing-bill rule: days after the carrier's bill day before a bill counts as missing", 'days'),
  'bills.default_bill_day': int(28, 1, 31, 'Missing-bill rule: the bill day of carriers that have none entered', 'day of month'),
  'alerts.closing_days': int(7, 1, 90, 'Alerts: tickets due and dispute windows closing within this many days are shown', 'days'),
  'audit.after_end.enabled': bool(true, "Flag charges in a month after the contract's end or after a service's disconnection"),
  'audit.after_end.grace_months': int(0, 0, 12, 'Charges-after-end rule: bill months after the end that may still carry final charges', 'months'),
  'audit.not_in_inventory.enabled': bool(true, 'Flag a bill for an account that is not in the inventory (book of business)'),
  'bills.lines_tolerance_cents': int(0, 0, 10_000, 'Line-level bills: how far the sum of the lines may differ from the invoice total', 'cents'),
  'auth.idle_minutes': int(30, 1, 1440, 'Sign-in: a session ends after this many minutes without a call', 'minutes', { module: 'admin', permission: 'administer' }),
} as const satisfies Record<string, SettingDef>;

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K]['default'] extends boolean
  ? boolean
  : (typeof SETTINGS)[K]['default'] extends number
    ? number
    : string;
export type SettingValues = { [K in SettingKey]: SettingValue<K> };

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export const isSettingKey = (key: string): key is SettingKey => Object.prototype.hasOwnProperty.call(SETTINGS, key);

export const settingDef = (key: SettingKey): SettingDef => SETTINGS[key] as SettingDef;

/** Checks a value against its key's definition: the value, or a reason naming the key. */
export function validateSetting(key: string, value: unknown): { ok: true; value: number | boolean | string } | { ok: false; error: string } {
  if (!isSettingKey(key)) return { ok: false, error: `there is no setting "${key}"` };
  const d = settingDef(key);
  const shown = JSON.stringify(value);
  switch (d.kind) {
    case 'int':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return { ok: false, error: `${key} must be a whole number, not ${shown}` };
      if (value < d.min || value > d.max) return { ok: false, error: `${key} must be between ${d.min} and ${d.max}, not ${value}` };
      return { ok: true, value };
    case 'bool':
      if (typeof value !== 'boolean') return { ok: false, error: `${key} must be true or false, not ${shown}` };
      return { ok: true, value };
    case 'enum':
      if (typeof value !== 'string' || !d.options.includes(value)) return { ok: false, error: `${key} must be one of ${d.options.join(', ')}, not ${shown}` };
      return { ok: true, value };
    case 'text':
      if (typeof value !== 'string' || value.length > d.maxLength) return { ok: false, error: `${key} must be text of at most ${d.maxLength} characters` };
      return { ok: true, value };
  }
}

/** Every setting at its default. */
export function defaultSettings(): SettingValues {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) out[k] = SETTINGS[k].default;
  return out as SettingValues;
}
