// company.*, widgets, drop-down tables and company news.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import { PRODUCT_MODULES, can } from '../../core/permissions.ts';
import { WIDGETS, isWidgetId, type WidgetId } from '../../core/widgets.ts';
import { json, userById } from '../auth/users.ts';
import { membersOf } from './users.ts';
import { LOOKUP_LISTS } from './defaults.ts';
import { todayUtc } from '../../core/clock.ts';
import { createHash } from 'node:crypto';

type Row = Record<string, unknown> & { id: string };

// ---- company profile
interface CompanyRow extends Row {
  name: string;
  address: string | null;
  billing_contact: string | null;
  billing_email: string | null;
  currency: string;
  locale: Output<'company.get'>['locale'];
  modules_json: string;
  logo: Buffer | null;
  logo_type: string | null;
}

const companyRow = (ctx: Ctx) => stmt(ctx, 'SELECT * FROM company LIMIT 1').get() as CompanyRow | undefined;

function companyView(c: CompanyRow | undefined): Output<'company.get'> {
  return {
    id: c?.id ?? null,
    name: c?.name ?? '',
    address: c?.address ?? null,
    billing_contact: c?.billing_contact ?? null,
    billing_email: c?.billing_email ?? null,
    currency: c?.currency ?? 'USD',
    locale: c?.locale ?? 'en-US',
    modules: c ? json(c.modules_json, [...PRODUCT_MODULES]) : [...PRODUCT_MODULES],
    logo: c?.logo ? new Uint8Array(c.logo) : null,
    logo_type: c?.logo_type ?? null,
  };
}

export const getCompany = (ctx: Ctx): Output<'company.get'> => companyView(companyRow(ctx));

export function saveCompany(ctx: Ctx, input: Input<'company.save'>): Output<'company.save'> {
  if (input.billing_email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.billing_email))
    throw new ApiError('invalid_input', `billing_email: "${input.billing_email}" is not an e-mail address`);
  if (input.logo && !input.logo_type && !companyRow(ctx)?.logo_type) throw new ApiError('invalid_input', 'logo_type: say what kind of image the logo is (image/png, image/jpeg, ...)');
  inTransaction(ctx, (w) => {
    const { modules, logo, ...rest } = input;
    const patch: Record<string, unknown> = { ...rest };
    if (modules) patch.modules_json = JSON.stringify([...new Set(modules)]);
    if (logo !== undefined) {
      patch.logo_sha256 = logo === null ? null : createHash('sha256').update(logo).digest('hex');
      if (logo === null) patch.logo_type = null;
    }
    let before = companyRow(ctx);
    if (!before) {
      w.insert('company', { name: 'My company', ...patch });
      before = companyRow(ctx)!;
    } else w.update('company', before, patch);
    if (logo !== undefined) stmt(ctx, 'UPDATE company SET logo = ? WHERE id = ?').run(logo === null ? null : Buffer.from(logo), before.id);
  });
  return getCompany(ctx);
}

// ---- widget groups and the widgets a user sees
interface WidgetGroupRow extends Row {
  name: string;
  widget_ids_json: string;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}

const widgetGroupView = (ctx: Ctx, g: WidgetGroupRow): Output<'widgetGroups.save'> => ({
  id: g.id,
  name: g.name,
  widget_ids: json(g.widget_ids_json, []),
  member_ids: membersOf(ctx, 'widget_group_ids_json', g.id),
  retired_at: g.retired_at,
  created_at: g.created_at,
  updated_at: g.updated_at,
});
const widgetGroupRow = (ctx: Ctx, id: string) => {
  const g = stmt(ctx, 'SELECT * FROM widget_groups WHERE id = ?').get(id) as WidgetGroupRow | undefined;
  if (!g) throw notFound('Widget group', id);
  return g;
};

export function listWidgetGroups(ctx: Ctx, input: Input<'widgetGroups.list'>): Output<'widgetGroups.list'> {
  const rows = stmt(ctx, `SELECT * FROM widget_groups ${input.include_retired ? '' : 'WHERE retired_at IS NULL'} ORDER BY name COLLATE NOCASE`).all() as WidgetGroupRow[];
  return rows.map((g) => widgetGroupView(ctx, g));
}

export function saveWidgetGroup(ctx: Ctx, input: Input<'widgetGroups.save'>): Output<'widgetGroups.save'> {
  const bad = input.widget_ids.filter((id) => !isWidgetId(id));
  if (bad.length) throw new ApiError('invalid_input', `widget_ids: there is no widget ${bad.map((b) => `"${b}"`).join(', ')}`);
  const id = inTransaction(ctx, (w) => {
    const values = { name: input.name, widget_ids_json: JSON.stringify([...new Set(input.widget_ids)]) };
    if (!input.id) return w.insert('widget_groups', values).id;
    const before = widgetGroupRow(ctx, input.id);
    w.update('widget_groups', before, values);
    return before.id;
  });
  return widgetGroupView(ctx, widgetGroupRow(ctx, id));
}

export function retireWidgetGroup(ctx: Ctx, input: Input<'widgetGroups.retire'>): Output<'widgetGroups.retire'> {
  inTransaction(ctx, (w) => w.retire('widget_groups', widgetGroupRow(ctx, input.id)));
  return widgetGroupView(ctx, widgetGroupRow(ctx, input.id));
}

/** Admins see every widget; others the widgets of their widget groups (all, when in none) whose module they
 *  may view. Company news is for everyone. reports.dashboard computes only these (widget security is enforced
 *  in the API, not by the home screen hiding what it was sent). */
export function allowedWidgets(ctx: Ctx): WidgetId[] {
  const mayView = (m: string) => m === 'admin' || can(ctx.grants, { module: m as 'tem', permission: 'view' });
  const u = ctx.user_id ? userById(ctx.db, ctx.user_id) : undefined;
  let allowed: Set<string> | null = null;
  const groupIds = u ? json<string[]>(u.widget_group_ids_json, []) : [];
  if (u && !ctx.grants.admin && groupIds.length) {
    const rows = stmt(ctx, 'SELECT widget_ids_json FROM widget_groups WHERE retired_at IS NULL AND id IN (SELECT value FROM json_each(?))').all(JSON.stringify(groupIds)) as { widget_ids_json: string }[];
    allowed = new Set(rows.flatMap((r) => json<string[]>(r.widget_ids_json, [])));
  }
  return WIDGETS.filter((w) => mayView(w.module) && (allowed === null || allowed.has(w.id))).map((w) => w.id);
}

export const myWidgets = (ctx: Ctx): Output<'widgets.mine'> => ({ ids: allowedWidgets(ctx) });

// ---- drop-down tables
interface LookupRow extends Row {
  list: string;
  code: string;
  label: string;
  sort_order: number;
  active: number | boolean;
  created_at: string;
  updated_at: string;
}
const lookupView = (r: LookupRow): Output<'lookups.save'> => ({ ...r, active: Boolean(r.active) });
const isList = (list: string) => LOOKUP_LISTS.some((l) => l.list === list);

export const lookupLists = (): Output<'lookups.lists'> => LOOKUP_LISTS.map((l) => ({ ...l }));

export function listLookups(ctx: Ctx, input: Input<'lookups.list'>): Output<'lookups.list'> {
  const where = [input.list ? 'list = ?' : '1', input.include_inactive ? '1' : 'active = 1'].join(' AND ');
  const rows = stmt(ctx, `SELECT * FROM lookups WHERE ${where} ORDER BY list, sort_order, label COLLATE NOCASE`).all(...(input.list ? [input.list] : [])) as LookupRow[];
  return rows.map(lookupView);
}

const codeOf = (label: string) =>
  label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 100) || 'value';

export function saveLookup(ctx: Ctx, input: Input<'lookups.save'>): Output<'lookups.save'> {
  if (!isList(input.list)) throw new ApiError('invalid_input', `list: there is no drop-down table "${input.list}" (there are ${LOOKUP_LISTS.map((l) => l.list).join(', ')})`);
  const id = inTransaction(ctx, (w) => {
    if (input.id) {
      const before = stmt(ctx, 'SELECT * FROM lookups WHERE id = ?').get(input.id) as LookupRow | undefined;
      if (!before) throw notFound('Drop-down value', input.id);
      // The code is what records hold, so it never changes; the label, order and active flag may.
      if (input.code && input.code !== before.code) throw new ApiError('invalid_input', `code: the code of a value in use cannot change (${before.code}); add a new value and retire this one`);
      w.update('lookups', before, { label: input.label, sort_order: input.sort_order, active: input.active });
      return before.id;
    }
    const code = input.code ?? codeOf(input.label);
    if (stmt(ctx, 'SELECT 1 FROM lookups WHERE list = ? AND code = ?').get(input.list, code))
      throw new ApiError('conflict', `${input.list} already has a value with the code "${code}"`);
    const last = (stmt(ctx, 'SELECT COALESCE(MAX(sort_order), 0) AS m FROM lookups WHERE list = ?').get(input.list) as { m: number }).m;
    return w.insert('lookups', { list: input.list, code, label: input.label, sort_order: input.sort_order ?? last + 10, active: input.active ?? true }).id;
  });
  return lookupView(stmt(ctx, 'SELECT * FROM lookups WHERE id = ?').get(id) as LookupRow);
}

/** The label of a drop-down value for display, also for retired values that old records still hold. */
export function lookupLabel(ctx: Ctx, list: string, code: string): string {
  const r = stmt(ctx, 'SELECT label FROM lookups WHERE list = ? AND code = ?').get(list, code) as { label: string } | undefined;
  return r?.label ?? code;
}

// ---- company news
interface NewsRow extends Row {
  title: string;
  body: string;
  starts_on: string | null;
  ends_on: string | null;
  retired_at: string | null;
  created_at: string;
  updated_at: string;
}
const newsRow = (ctx: Ctx, id: string) => {
  const r = stmt(ctx, 'SELECT * FROM news WHERE id = ?').get(id) as NewsRow | undefined;
  if (!r) throw notFound('News item', id);
  return r;
};

export function currentNews(ctx: Ctx, input: Input<'news.current'>): Output<'news.current'> {
  const today = input.today ?? todayUtc();
  const items = stmt(
    ctx,
    `SELECT * FROM news WHERE retired_at IS NULL AND (starts_on IS NULL OR starts_on <= ?) AND (ends_on IS NULL OR ends_on >= ?)
     ORDER BY COALESCE(starts_on, substr(created_at, 1, 10)) DESC, created_at DESC`,
  ).all(today, today) as NewsRow[];
  return { items };
}

export function listNews(ctx: Ctx, input: Input<'news.list'>): Output<'news.list'> {
  return stmt(ctx, `SELECT * FROM news ${input.include_retired ? '' : 'WHERE retired_at IS NULL'} ORDER BY COALESCE(starts_on, '9999') DESC, created_at DESC`).all() as NewsRow[];
}

export function saveNews(ctx: Ctx, input: Input<'news.save'>): Output<'news.save'> {
  const id = inTransaction(ctx, (w) => {
    const before = input.id ? newsRow(ctx, input.id) : undefined;
    const starts = input.starts_on !== undefined ? input.starts_on : (before?.starts_on ?? null);
    const ends = input.ends_on !== undefined ? input.ends_on : (before?.ends_on ?? null);
    if (starts && ends && ends < starts) throw new ApiError('invalid_input', `ends_on: the news ends (${ends}) before it starts (${starts})`);
    const values = { title: input.title, body: input.body, starts_on: input.starts_on, ends_on: input.ends_on };
    if (!before) return w.insert('news', { ...values, body: input.body ?? '', starts_on: starts, ends_on: ends }).id;
    w.update('news', before, values);
    return before.id;
  });
  return newsRow(ctx, id);
}

export function retireNews(ctx: Ctx, input: Input<'news.retire'>): Output<'news.retire'> {
  inTransaction(ctx, (w) => w.retire('news', newsRow(ctx, input.id)));
  return newsRow(ctx, input.id);
}
