// What the administration screens need from other areas, at the administrator's own access (ADMINISTER): the
// customers a client login may be bound to (names and codes only, a page at a time), and the settings that
// administration owns. A delegated administrator (an Administration group, no module seats) holds neither CRM
// view nor TEM edit, and administers users all the same.
import type { Ctx } from '../context.ts';
import { ApiError } from '../errors.ts';
import { stmt } from '../write.ts';
import { scopeClause } from '../scope.ts';
import type { Input, Output } from '../handlers/index.ts';
import { getSettings, setSettings } from '../handlers/settings.ts';
import { SETTING_KEYS, isSettingKey, settingDef, type SettingKey } from '../../core/settings.ts';

interface ChoiceRow {
  id: string;
  name: string;
  code: string | null;
  retired_at: string | null;
}

const like = (text: string) => `%${text.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`;
const choice = (r: ChoiceRow) => ({ id: r.id, name: r.name, code: r.code, retired: r.retired_at !== null });

export function customerChoices(ctx: Ctx, input: Input<'admin.customerChoices'>): Output<'admin.customerChoices'> {
  const sc = scopeClause(ctx, 'c.id');
  const where = [sc.sql, 'c.retired_at IS NULL'];
  const params: unknown[] = [...sc.params];
  if (input.search?.trim()) {
    where.push("(c.name LIKE ? ESCAPE '\\' OR c.code LIKE ? ESCAPE '\\')");
    params.push(like(input.search), like(input.search));
  }
  const w = where.join(' AND ');
  const total = (stmt(ctx, `SELECT COUNT(*) AS n FROM customers c WHERE ${w}`).get(...params) as { n: number }).n;
  const rows = stmt(ctx, `SELECT c.id, c.name, c.code, c.retired_at FROM customers c WHERE ${w} ORDER BY c.name COLLATE NOCASE, c.code, c.id LIMIT ? OFFSET ?`).all(
    ...params,
    input.limit ?? 50,
    input.offset ?? 0,
  ) as ChoiceRow[];
  // The chosen ones come back even when retired, so a login bound to a retired customer still shows it.
  const chosen = input.ids?.length
    ? (stmt(
        ctx,
        `SELECT c.id, c.name, c.code, c.retired_at FROM customers c WHERE ${sc.sql} AND c.id IN (SELECT value FROM json_each(?)) ORDER BY c.name COLLATE NOCASE, c.code, c.id`,
      ).all(...sc.params, JSON.stringify(input.ids)) as ChoiceRow[])
    : [];
  return { rows: rows.map(choice), total, chosen: chosen.map(choice) };
}

/** The settings administration owns: those whose key needs "administer" to change (core/settings.ts). */
const ADMIN_KEYS: SettingKey[] = SETTING_KEYS.filter((k) => settingDef(k).access?.permission === 'administer');

export const adminSettings = (ctx: Ctx): Output<'admin.settings'> => getSettings(ctx, { keys: ADMIN_KEYS });

export function saveAdminSettings(ctx: Ctx, input: Input<'admin.saveSettings'>): Output<'admin.saveSettings'> {
  const others = Object.keys(input.values).filter((k) => !isSettingKey(k) || !ADMIN_KEYS.includes(k));
  if (others.length)
    throw new ApiError(
      'invalid_input',
      `nothing was saved: ${others.map((k) => `"${k}"`).join(', ')} ${others.length === 1 ? 'is not a setting' : 'are not settings'} of administration (${ADMIN_KEYS.join(', ')}); other settings are changed with settings.set`,
    );
  return setSettings(ctx, input);
}
