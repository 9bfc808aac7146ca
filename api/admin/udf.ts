// User-defined fields: definitions per record type, values per record, checked by type (amounts through
// core/money.ts, dates through core/months.ts). Values follow the record's customer scope and the record type's
// module permissions; exports add them as optional columns through udfColumns().
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';
import type { Input, Output } from '../handlers/index.ts';
import { can, describeAccess, type Module, type Permission } from '../../core/permissions.ts';
import { parseAmount, centsToDecimalString, centsProblem, type AmountLocale } from '../../core/money.ts';
import { parseCalendarDate } from '../../core/months.ts';
import { recordInScope, scopeClause } from '../scope.ts';
import { companyLocale } from '../company.ts';
import { json } from '../auth/users.ts';
import type { UDF_ENTITIES } from '../contract/admin.ts';
import type { ReportColumn } from '../reports/layout.ts';

export type UdfEntity = (typeof UDF_ENTITIES)[number];
type UdfType = 'text' | 'number' | 'money' | 'date' | 'list';

/** The table of each record type and the module whose permissions guard its fields. */
export const UDF_TARGETS: Record<UdfEntity, { table: string; module: Module; label: string }> = {
  customers: { table: 'customers', module: 'crm', label: 'Customer' },
  locations: { table: 'locations', module: 'crm', label: 'Location' },
  services: { table: 'services', module: 'inventory', label: 'Service' },
  contracts: { table: 'contracts', module: 'inventory', label: 'Contract' },
  tickets: { table: 'tickets', module: 'tem', label: 'Ticket' },
};

interface DefRow {
  id: string;
  entity: UdfEntity;
  key: string;
  label: string;
  type: UdfType;
  options_json: string;
  sort_order: number;
  active: number | boolean;
  created_at: string;
  updated_at: string;
  [k: string]: unknown;
}

const defView = (d: DefRow): Output<'udf.saveDef'> => ({ ...d, options: json<string[]>(d.options_json, []), active: Boolean(d.active) });

function defsOf(ctx: Ctx, entity: UdfEntity, includeInactive = false): DefRow[] {
  return stmt(ctx, `SELECT * FROM udf_defs WHERE entity = ? ${includeInactive ? '' : 'AND active = 1'} ORDER BY sort_order, label COLLATE NOCASE`).all(entity) as DefRow[];
}

function requireModule(ctx: Ctx, entity: UdfEntity, permission: Permission) {
  const access = { module: UDF_TARGETS[entity].module, permission };
  if (!can(ctx.grants, access)) throw new ApiError('forbidden', `${ctx.actor} may not see or change fields of ${entity}: it needs ${describeAccess(access)}`);
}

/** The record exists and the caller may see it (another customer's record is "not found"). */
function requireRecord(ctx: Ctx, entity: UdfEntity, recordId: string) {
  const t = UDF_TARGETS[entity];
  if (!stmt(ctx, `SELECT 1 FROM ${t.table} WHERE id = ?`).get(recordId) || !recordInScope(ctx, t.table, recordId)) throw notFound(t.label, recordId);
}

export function listDefs(ctx: Ctx, input: Input<'udf.defs'>): Output<'udf.defs'> {
  const rows = input.entity
    ? defsOf(ctx, input.entity, input.include_inactive)
    : (stmt(ctx, `SELECT * FROM udf_defs ${input.include_inactive ? '' : 'WHERE active = 1'} ORDER BY entity, sort_order, label COLLATE NOCASE`).all() as DefRow[]);
  return rows.map(defView);
}

const keyOf = (label: string) =>
  ('f_' + label.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '')).slice(0, 50);

export function saveDef(ctx: Ctx, input: Input<'udf.saveDef'>): Output<'udf.saveDef'> {
  const options = [...new Set(input.options ?? [])];
  if (input.type === 'list' && options.length === 0) throw new ApiError('invalid_input', `options: the list field "${input.label}" needs at least one choice`);
  const id = inTransaction(ctx, (w) => {
    if (input.id) {
      const before = stmt(ctx, 'SELECT * FROM udf_defs WHERE id = ?').get(input.id) as DefRow | undefined;
      if (!before) throw notFound('Field', input.id);
      if (before.entity !== input.entity || before.type !== input.type)
        throw new ApiError('invalid_input', `A field keeps its record type and kind (${before.entity}, ${before.type}); add a new field instead`);
      if (input.key && input.key !== before.key) throw new ApiError('invalid_input', `key: the key of a field cannot change (${before.key})`);
      w.update('udf_defs', before, { label: input.label, options_json: input.options ? JSON.stringify(options) : undefined, sort_order: input.sort_order, active: input.active });
      return before.id;
    }
    const key = input.key ?? keyOf(input.label);
    if (stmt(ctx, 'SELECT 1 FROM udf_defs WHERE entity = ? AND key = ?').get(input.entity, key))
      throw new ApiError('conflict', `${input.entity} already has a field with the key "${key}"`);
    const last = (stmt(ctx, 'SELECT COALESCE(MAX(sort_order), 0) AS m FROM udf_defs WHERE entity = ?').get(input.entity) as { m: number }).m;
    return w.insert('udf_defs', {
      entity: input.entity,
      key,
      label: input.label,
      type: input.type,
      options_json: JSON.stringify(options),
      sort_order: input.sort_order ?? last + 10,
      active: input.active ?? true,
    }).id;
  });
  return defView(stmt(ctx, 'SELECT * FROM udf_defs WHERE id = ?').get(id) as DefRow);
}

/** A stored text value as the API gives it: numbers and money (cents) as numbers. */
function fromStored(type: UdfType, v: string | null): string | number | null {
  if (v === null) return null;
  return type === 'number' || type === 'money' ? Number(v) : v;
}

/** Checks one typed value: the text to store (null = empty), or why it is refused. */
export function checkValue(def: DefRow, raw: string | number | null, locale: AmountLocale, current: string | null): { ok: true; value: string | null } | { ok: false; error: string } {
  if (raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: null };
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  switch (def.type) {
    case 'text':
      return { ok: true, value: typeof raw === 'string' ? raw : text };
    case 'number': {
      const n = typeof raw === 'number' ? raw : /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
      return Number.isFinite(n) ? { ok: true, value: String(n) } : { ok: false, error: `"${text}" is not a number` };
    }
    case 'money': {
      if (typeof raw === 'number') {
        const problem = centsProblem(raw); // the bound of any amount (core/money.ts), as typed text gets
        return problem ? { ok: false, error: problem } : { ok: true, value: String(raw) };
      }
      const p = parseAmount(text, locale);
      return p.ok ? { ok: true, value: p.cents === null ? null : String(p.cents) } : { ok: false, error: p.error };
    }
    case 'date': {
      const p = parseCalendarDate(text);
      return p.ok ? { ok: true, value: p.date } : { ok: false, error: p.error };
    }
    case 'list': {
      const options = json<string[]>(def.options_json, []);
      // A choice taken off the list stays on the records that hold it.
      if (options.includes(text) || text === current) return { ok: true, value: text };
      return { ok: false, error: `"${text}" is not one of the choices (${options.join(', ')})` };
    }
  }
}

function valuesOf(ctx: Ctx, entity: UdfEntity, recordId: string, defs = defsOf(ctx, entity)): Record<string, string | number | null> {
  const stored = stmt(ctx, 'SELECT def_id, value FROM udf_values WHERE record_id = ?').all(recordId) as { def_id: string; value: string | null }[];
  const byDef = new Map(stored.map((s) => [s.def_id, s.value]));
  return Object.fromEntries(defs.map((d) => [d.key, fromStored(d.type, byDef.get(d.id) ?? null)]));
}

export function getValues(ctx: Ctx, input: Input<'udf.get'>): Output<'udf.get'> {
  requireModule(ctx, input.entity, 'view');
  requireRecord(ctx, input.entity, input.record_id);
  return { values: valuesOf(ctx, input.entity, input.record_id) };
}

export function listValues(ctx: Ctx, input: Input<'udf.list'>): Output<'udf.list'> {
  requireModule(ctx, input.entity, 'view');
  const defs = defsOf(ctx, input.entity);
  const t = UDF_TARGETS[input.entity];
  let ids: string[];
  if (input.record_ids) ids = [...new Set(input.record_ids)];
  else
    ids = (stmt(ctx, 'SELECT DISTINCT v.record_id FROM udf_values v JOIN udf_defs d ON d.id = v.def_id WHERE d.entity = ? AND v.value IS NOT NULL').all(input.entity) as { record_id: string }[]).map(
      (r) => r.record_id,
    );
  const f = input.filter;
  const def = f ? defs.find((d) => d.key === f.key) : undefined;
  if (f && !def) throw new ApiError('invalid_input', `filter.key: there is no field "${f.key}" on ${input.entity}`);
  const needle = f?.contains.trim().toLowerCase() ?? '';
  const matches = (v: string | number | null) =>
    !def || (v !== null && (typeof v === 'number' ? String(v) === needle : v.toLowerCase().includes(needle)));
  // One query for the records that exist and one for all their values: the month grid asks for thousands at once.
  const existing = new Set(
    (stmt(ctx, `SELECT id FROM ${t.table} WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as { id: string }[]).map((r) => r.id),
  );
  const stored = new Map<string, Map<string, string | null>>();
  for (const r of stmt(
    ctx,
    `SELECT v.record_id, v.def_id, v.value FROM udf_values v JOIN udf_defs d ON d.id = v.def_id
     WHERE d.entity = ? AND v.record_id IN (SELECT value FROM json_each(?))`,
  ).all(input.entity, JSON.stringify(ids)) as { record_id: string; def_id: string; value: string | null }[]) {
    let m = stored.get(r.record_id);
    if (!m) stored.set(r.record_id, (m = new Map()));
    m.set(r.def_id, r.value);
  }
  const rows = ids
    .filter((id) => existing.has(id) && recordInScope(ctx, t.table, id))
    .map((record_id) => ({ record_id, values: Object.fromEntries(defs.map((d) => [d.key, fromStored(d.type, stored.get(record_id)?.get(d.id) ?? null)])) }))
    .filter((r) => matches(def ? (r.values[def.key] ?? null) : null));
  return { rows };
}

/** Values of many records of one type, read in one query: record id -> {key: value} (records without values absent). */
function bulkValues(ctx: Ctx, entity: UdfEntity, ids: readonly string[], defs = defsOf(ctx, entity)): Map<string, Record<string, string | number | null>> {
  const byId = new Map(defs.map((d) => [d.id, d]));
  const out = new Map<string, Record<string, string | number | null>>();
  if (!defs.length || !ids.length) return out;
  for (const r of stmt(
    ctx,
    `SELECT v.record_id, v.def_id, v.value FROM udf_values v JOIN udf_defs d ON d.id = v.def_id
     WHERE d.entity = ? AND v.record_id IN (SELECT value FROM json_each(?))`,
  ).all(entity, JSON.stringify(ids)) as { record_id: string; def_id: string; value: string | null }[]) {
    const def = byId.get(r.def_id);
    if (!def) continue;
    let m = out.get(r.record_id);
    if (!m) out.set(r.record_id, (m = Object.fromEntries(defs.map((d) => [d.key, null]))));
    m[def.key] = fromStored(def.type, r.value);
  }
  return out;
}

export function accountValues(ctx: Ctx, input: Input<'udf.accounts'>): Output<'udf.accounts'> {
  requireModule(ctx, 'customers', 'view');
  const sc = scopeClause(ctx, 'ba.customer_id');
  const accounts = stmt(ctx, `SELECT ba.id, ba.customer_id, ba.location_id FROM billing_accounts ba WHERE ba.id IN (SELECT value FROM json_each(?)) AND ${sc.sql}`).all(
    JSON.stringify(input.account_ids),
    ...sc.params,
  ) as { id: string; customer_id: string | null; location_id: string | null }[];
  const cDefs = defsOf(ctx, 'customers');
  const lDefs = defsOf(ctx, 'locations');
  const customers = bulkValues(ctx, 'customers', [...new Set(accounts.map((a) => a.customer_id).filter((x): x is string => !!x))], cDefs);
  const locations = bulkValues(ctx, 'locations', [...new Set(accounts.map((a) => a.location_id).filter((x): x is string => !!x))], lDefs);
  const empty = (defs: DefRow[]) => Object.fromEntries(defs.map((d) => [d.key, null]));
  return {
    rows: accounts.map((a) => ({
      account_id: a.id,
      customer: a.customer_id ? (customers.get(a.customer_id) ?? empty(cDefs)) : null,
      location: a.location_id ? (locations.get(a.location_id) ?? empty(lDefs)) : null,
    })),
  };
}

/** The active fields of a record type, in order (for export columns and imports). */
export const activeDefs = (ctx: Ctx, entity: UdfEntity) => defsOf(ctx, entity);
export type UdfDefRow = DefRow;

/** The column header a field has in book files: "Customer: GL code". */
export const udfHeader = (entity: UdfEntity, label: string) => `${UDF_TARGETS[entity].label}: ${label}`;

/** A list field's value that some record still holds, though it is no longer one of the choices. */
export function heldValue(ctx: Ctx, def: DefRow, text: string): boolean {
  return Boolean(stmt(ctx, 'SELECT 1 FROM udf_values WHERE def_id = ? AND value = ? LIMIT 1').get(def.id, text));
}

/** A condition "the record (recordMatch: a condition on uv.record_id) has field `key` matching `contains`", for list searches: text, list and
 *  date fields match a part of the value (any case); number fields the number; money fields the amount (parsed
 *  with the company locale, so "1,500.00" finds 150000 cents). */
export function udfFilterClause(ctx: Ctx, entity: UdfEntity, recordMatch: string, filter: { key: string; contains: string }): { sql: string; params: unknown[] } {
  // Filtering by a field reveals its values: it needs the same permission as reading them.
  requireModule(ctx, entity, 'view');
  const def = defsOf(ctx, entity, true).find((d) => d.key === filter.key);
  if (!def) throw new ApiError('invalid_input', `udf.key: there is no field "${filter.key}" on ${entity}`);
  const text = filter.contains.trim();
  const base = `EXISTS (SELECT 1 FROM udf_values uv WHERE uv.def_id = ? AND ${recordMatch} AND `;
  if (def.type === 'money') {
    const p = parseAmount(text, companyLocale(ctx));
    if (!p.ok || p.cents === null) throw new ApiError('invalid_input', `udf.contains: "${text}" is not an amount for the field ${def.label}${p.ok ? '' : ` (${p.error})`}`);
    return { sql: `${base}uv.value = ?)`, params: [def.id, String(p.cents)] };
  }
  if (def.type === 'number') {
    const n = Number(text);
    if (text === '' || !Number.isFinite(n)) throw new ApiError('invalid_input', `udf.contains: "${text}" is not a number for the field ${def.label}`);
    return { sql: `${base}CAST(uv.value AS REAL) = ?)`, params: [def.id, n] };
  }
  return { sql: `${base}instr(lower(uv.value), lower(?)) > 0)`, params: [def.id, text] };
}

export function setValues(ctx: Ctx, input: Input<'udf.set'>): Output<'udf.set'> {
  requireModule(ctx, input.entity, 'edit');
  requireRecord(ctx, input.entity, input.record_id);
  const defs = new Map(defsOf(ctx, input.entity, true).map((d) => [d.key, d]));
  const locale = input.locale ?? companyLocale(ctx);
  const problems: { field: string; value: unknown; reason: string }[] = [];
  const planned: { def: DefRow; value: string | null }[] = [];
  for (const [key, raw] of Object.entries(input.values)) {
    const def = defs.get(key);
    if (!def) {
      problems.push({ field: key, value: raw, reason: `there is no field "${key}" on ${input.entity}` });
      continue;
    }
    const current = (stmt(ctx, 'SELECT value FROM udf_values WHERE def_id = ? AND record_id = ?').get(def.id, input.record_id) as { value: string | null } | undefined)?.value ?? null;
    const r = checkValue(def, raw, locale, current);
    if (r.ok) planned.push({ def, value: r.value });
    else problems.push({ field: key, value: raw, reason: r.error });
  }
  if (problems.length)
    throw new ApiError('invalid_input', `Nothing was saved: ${problems.map((p) => `${defs.get(p.field)?.label ?? p.field}: ${p.reason}`).join('; ')}`, problems);
  const changed = inTransaction(ctx, (w) => {
    let n = 0;
    for (const { def, value } of planned) {
      const before = stmt(ctx, 'SELECT * FROM udf_values WHERE def_id = ? AND record_id = ?').get(def.id, input.record_id) as ({ id: string } & Record<string, unknown>) | undefined;
      if (!before) {
        if (value === null) continue;
        w.insert('udf_values', { def_id: def.id, record_id: input.record_id, value });
        n++;
      } else if (w.update('udf_values', before, { value })) n++;
    }
    return n;
  });
  return { values: valuesOf(ctx, input.entity, input.record_id), changed };
}

/** Optional export columns: one per active field of the record type, headed by its label; amounts as plain
 *  decimals (1234.56), dates YYYY-MM-DD. Pass the ids of rows already filtered by the caller's scope. */
export function udfColumns(ctx: Ctx, entity: UdfEntity, recordIds: readonly string[]): { headers: string[]; cells(recordId: string): string[] } {
  const defs = defsOf(ctx, entity);
  const byRecord = new Map<string, Map<string, string | null>>();
  if (defs.length && recordIds.length) {
    const rows = stmt(
      ctx,
      `SELECT v.record_id, v.def_id, v.value FROM udf_values v JOIN udf_defs d ON d.id = v.def_id
       WHERE d.entity = ? AND v.record_id IN (SELECT value FROM json_each(?))`,
    ).all(entity, JSON.stringify(recordIds)) as { record_id: string; def_id: string; value: string | null }[];
    for (const r of rows) {
      let m = byRecord.get(r.record_id);
      if (!m) byRecord.set(r.record_id, (m = new Map()));
      m.set(r.def_id, r.value);
    }
  }
  return {
    headers: defs.map((d) => d.label),
    cells: (recordId) =>
      defs.map((d) => {
        const v = byRecord.get(recordId)?.get(d.id) ?? null;
        if (v === null) return '';
        return d.type === 'money' ? centsToDecimalString(Number(v)) : v;
      }),
  };
}

/** The active fields of a record type as report columns after the report's own (the ticket ageing export
 *  carries the ticket fields): money as cents (a number in the file), the rest as the stored text. */
export function udfReportColumns<R>(ctx: Ctx, entity: UdfEntity, rows: readonly R[], idOf: (row: R) => string): ReportColumn<R>[] {
  const defs = defsOf(ctx, entity);
  if (!defs.length) return [];
  const values = bulkValues(ctx, entity, rows.map(idOf), defs);
  return defs.map((d) => ({
    key: `udf_${d.key}`,
    header: udfHeader(entity, d.label),
    kind: d.type === 'money' ? 'cents' : 'text',
    value: (row: R) => {
      const v = values.get(idOf(row))?.[d.key] ?? null;
      return d.type === 'money' || v === null ? v : String(v);
    },
  }));
}
