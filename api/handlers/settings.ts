// settings.get / settings.set over the registry in core/settings.ts. Values that equal the default are not
// stored, so a changed default reaches every installation that never set the key.
import { SETTINGS, SETTING_KEYS, isSettingKey, settingDef, validateSetting, type SettingKey, type SettingValue, type SettingValues } from '../../core/settings.ts';
import { can, describeAccess, type Access } from '../../core/permissions.ts';
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import type { Setting } from '../contract/settings.ts';

interface StoredRow {
  id: string;
  key: string;
  value_json: string;
  updated_at: string;
  [k: string]: unknown;
}

const DEFAULT_ACCESS: Access = { module: 'tem', permission: 'edit' };

function stored(ctx: Ctx): Map<string, StoredRow> {
  const rows = stmt(ctx, 'SELECT * FROM settings').all() as StoredRow[];
  return new Map(rows.map((r) => [r.key, r]));
}

/** A stored value that no longer passes its key's rules (a narrowed range) falls back to the default. */
function valueOf(key: SettingKey, row: StoredRow | undefined): number | boolean | string {
  if (!row) return SETTINGS[key].default;
  const v = validateSetting(key, JSON.parse(row.value_json));
  return v.ok ? v.value : SETTINGS[key].default;
}

/** One setting's value for the API's own rules. */
export function readSetting<K extends SettingKey>(ctx: Ctx, key: K): SettingValue<K> {
  const row = stmt(ctx, 'SELECT * FROM settings WHERE key = ?').get(key) as StoredRow | undefined;
  return valueOf(key, row) as SettingValue<K>;
}

/** Every setting's value, read in one query. */
export function readSettings(ctx: Ctx): SettingValues {
  const rows = stored(ctx);
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) out[k] = valueOf(k, rows.get(k));
  return out as SettingValues;
}

function describe(key: SettingKey, row: StoredRow | undefined): Setting {
  const d = settingDef(key);
  const value = valueOf(key, row);
  return {
    key,
    value,
    default: d.default,
    is_default: value === d.default,
    kind: d.kind,
    summary: d.summary,
    ...(d.kind === 'int' ? { min: d.min, max: d.max, ...(d.unit ? { unit: d.unit } : {}) } : {}),
    ...(d.kind === 'enum' ? { options: [...d.options] } : {}),
    updated_at: row?.updated_at ?? null,
  };
}

export function getSettings(ctx: Ctx, input: { keys?: string[] }) {
  const unknown = (input.keys ?? []).filter((k) => !isSettingKey(k));
  if (unknown.length) throw new ApiError('invalid_input', `there is no setting ${unknown.map((k) => `"${k}"`).join(', ')}`);
  const keys = (input.keys as SettingKey[] | undefined) ?? SETTING_KEYS;
  const rows = stored(ctx);
  return { settings: keys.map((k) => describe(k, rows.get(k))) };
}

export function setSettings(ctx: Ctx, input: { values: Record<string, number | boolean | string | null> }) {
  const problems: { key: string; value: unknown; reason: string }[] = [];
  const writes: [SettingKey, number | boolean | string | null][] = [];
  for (const [key, value] of Object.entries(input.values)) {
    if (!isSettingKey(key)) {
      problems.push({ key, value, reason: `there is no setting "${key}"` });
      continue;
    }
    const access = settingDef(key).access ?? DEFAULT_ACCESS;
    if (!can(ctx.grants, access)) throw new ApiError('forbidden', `${ctx.actor} may not change ${key}: it needs ${describeAccess(access)}`);
    if (value === null) {
      writes.push([key, null]);
      continue;
    }
    const v = validateSetting(key, value);
    if (!v.ok) problems.push({ key, value, reason: v.error });
    else writes.push([key, v.value]);
  }
  if (problems.length) {
    throw new ApiError('invalid_input', `nothing was saved: ${problems.map((p) => p.reason).join('; ')}`, problems);
  }
  return inTransaction(ctx, (w) => {
    let changed = 0;
    const rows = stored(ctx);
    for (const [key, value] of writes) {
      const before = rows.get(key);
      // Restoring the default keeps the row (writes never delete), holding the default's value.
      const json = JSON.stringify(value === null ? SETTINGS[key].default : value);
      if (!before) {
        if (value === null || value === SETTINGS[key].default) continue;
        w.insert('settings', { key, value_json: json });
        changed++;
      } else if (w.update('settings', before, { value_json: json })) changed++;
    }
    const after = stored(ctx);
    return { batch_id: w.batchId, changed, settings: writes.map(([k]) => describe(k, after.get(k))) };
  });
}
