// Paged searches of the book: customers, carriers and the inventory list of services. Every query filters by
// the caller's customer scope. The inventory list is one SQL statement for the page and one for the count and
// monthly total, so it stays fast on a book of 150,000 services.
import type { Ctx } from '../context.ts';
import { scopeClause } from '../scope.ts';
import { stmt } from '../write.ts';
import { udfFilterClause } from '../admin/udf.ts';
import { addCents } from '../../core/money.ts';

const like = (text: string) => `%${text.trim().replace(/[\\%_]/g, (m) => '\\' + m)}%`;

export function searchCustomers(ctx: Ctx, input: { text?: string; stage?: string; include_retired?: boolean; limit?: number; offset?: number }) {
  const where: string[] = [];
  const params: unknown[] = [];
  const sc = scopeClause(ctx, 'c.id');
  where.push(sc.sql);
  params.push(...sc.params);
  if (!input.include_retired) where.push('c.retired_at IS NULL');
  if (input.stage) {
    where.push('c.stage = ? COLLATE NOCASE');
    params.push(input.stage);
  }
  if (input.text?.trim()) {
    where.push("(c.name LIKE ? ESCAPE '\\' OR c.code LIKE ? ESCAPE '\\')");
    params.push(like(input.text), like(input.text));
  }
  const w = where.join(' AND ');
  const total = (stmt(ctx, `SELECT COUNT(*) AS n FROM customers c WHERE ${w}`).get(...params) as { n: number }).n;
  const rows = stmt(
    ctx,
    `SELECT c.id, c.name, c.code, c.stage, c.notes, c.retired_at,
       (SELECT COUNT(*) FROM locations l WHERE l.customer_id = c.id AND l.retired_at IS NULL) AS locations,
       (SELECT COUNT(*) FROM billing_accounts a WHERE a.customer_id = c.id AND a.retired_at IS NULL) AS accounts,
       (SELECT COUNT(*) FROM billing_accounts a JOIN services s ON s.billing_account_id = a.id
          WHERE a.customer_id = c.id AND s.retired_at IS NULL) AS services
     FROM customers c WHERE ${w} ORDER BY c.name COLLATE NOCASE, c.code, c.id LIMIT ? OFFSET ?`,
  ).all(...params, input.limit ?? 50, input.offset ?? 0);
  return { rows, total } as never;
}

export function searchCarriers(ctx: Ctx, input: { text?: string; include_retired?: boolean; limit?: number; offset?: number }) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (ctx.scope !== null) {
    const sc = scopeClause(ctx, 'a.customer_id');
    where.push(`c.id IN (SELECT a.carrier_id FROM billing_accounts a WHERE ${sc.sql})`);
    params.push(...sc.params);
  }
  if (!input.include_retired) where.push('c.retired_at IS NULL');
  if (input.text?.trim()) {
    where.push("c.name LIKE ? ESCAPE '\\'");
    params.push(like(input.text));
  }
  const w = where.length ? where.join(' AND ') : '1';
  const total = (stmt(ctx, `SELECT COUNT(*) AS n FROM carriers c WHERE ${w}`).get(...params) as { n: number }).n;
  const sc = scopeClause(ctx, 'a.customer_id');
  const rows = stmt(
    ctx,
    `SELECT c.id, c.name, c.account_rep_contact, c.dispute_contact, c.bill_day, c.dispute_window_days, c.notes, c.retired_at,
       (SELECT COUNT(*) FROM billing_accounts a WHERE a.carrier_id = c.id AND a.retired_at IS NULL AND ${sc.sql}) AS accounts,
       (SELECT COUNT(*) FROM services s ${ctx.scope === null ? '' : 'JOIN billing_accounts a ON a.id = s.billing_account_id'}
          WHERE s.carrier_id = c.id AND s.retired_at IS NULL AND ${sc.sql}) AS services
     FROM carriers c WHERE ${w} ORDER BY c.name COLLATE NOCASE, c.id LIMIT ? OFFSET ?`,
  ).all(...sc.params, ...sc.params, ...params, input.limit ?? 50, input.offset ?? 0);
  return { rows, total } as never;
}

const SORTS: Record<string, string> = {
  customer: 'cu.name COLLATE NOCASE',
  location: 'lo.name COLLATE NOCASE',
  carrier: 'ca.name COLLATE NOCASE',
  account: 'ba.account_number',
  description: 's.description COLLATE NOCASE',
  circuit_id: 's.circuit_id',
  group: 'g.name COLLATE NOCASE',
  status: 's.status',
  monthly_cents: 's.monthly_cents',
  install_date: 's.install_date',
  disconnect_date: 's.disconnect_date',
};

export interface InventoryFilter {
  customer_id?: string;
  location_id?: string;
  carrier_id?: string;
  group_id?: string;
  billing_account_id?: string;
  status?: string[];
  /** a code of drop-down table service_type */
  service_type?: string;
  text?: string;
  include_retired?: boolean;
  /** a user-defined field of the service, its customer, its location or its account's contracts */
  udf?: { entity: 'services' | 'customers' | 'locations' | 'contracts'; key: string; contains: string };
}

const UDF_RECORD: Record<NonNullable<InventoryFilter['udf']>['entity'], string> = {
  services: 'uv.record_id = s.id',
  customers: 'uv.record_id = ba.customer_id',
  locations: 'uv.record_id = s.location_id',
  contracts: 'uv.record_id IN (SELECT c.id FROM contracts c WHERE c.billing_account_id = s.billing_account_id AND c.retired_at IS NULL)',
};

/** The WHERE clause of the inventory list (also used by the book export). */
export function inventoryWhere(ctx: Ctx, f: InventoryFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const sc = scopeClause(ctx, 'ba.customer_id');
  if (ctx.scope !== null) {
    where.push(sc.sql);
    params.push(...sc.params);
  }
  if (!f.include_retired) where.push('s.retired_at IS NULL');
  for (const [key, col] of [
    ['customer_id', 'ba.customer_id'],
    ['location_id', 's.location_id'],
    ['carrier_id', 's.carrier_id'],
    ['group_id', 's.group_id'],
    ['billing_account_id', 's.billing_account_id'],
    ['service_type', 's.service_type'],
  ] as const) {
    if (f[key] !== undefined) {
      where.push(`${col} = ?`);
      params.push(f[key]);
    }
  }
  if (f.status?.length) {
    where.push(`s.status IN (${f.status.map(() => '?').join(', ')})`);
    params.push(...f.status);
  }
  if (f.text?.trim()) {
    const cols = ['s.description', 's.circuit_id', 'ba.account_number', 'cu.name', 'cu.code', 'ca.name', 'lo.name'];
    where.push(`(${cols.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
    for (const _ of cols) params.push(like(f.text));
  }
  if (f.udf) {
    const u = udfFilterClause(ctx, f.udf.entity, UDF_RECORD[f.udf.entity], f.udf);
    where.push(u.sql);
    params.push(...u.params);
  }
  return { sql: where.length ? where.join(' AND ') : '1', params };
}

export const INVENTORY_FROM = `FROM services s
  JOIN billing_accounts ba ON ba.id = s.billing_account_id
  JOIN carriers ca ON ca.id = s.carrier_id
  LEFT JOIN customers cu ON cu.id = ba.customer_id
  LEFT JOIN locations lo ON lo.id = s.location_id
  LEFT JOIN service_groups g ON g.id = s.group_id`;

export const INVENTORY_COLUMNS = `s.id, s.description, s.circuit_id, s.status, s.install_date, s.disconnect_date, s.monthly_cents,
  s.group_id, g.name AS "group", s.carrier_id, ca.name AS carrier, s.billing_account_id, ba.account_number AS account,
  ba.customer_id, cu.name AS customer, s.location_id, lo.name AS location, s.service_type, s.retired_at`;

// The sorted ids of the last inventory query per connection. Paging through a list (the grid asks block by
// block) then costs one lookup per page instead of a sort of the whole book. Any write on this connection
// (total_changes) or another one (data_version) makes a new key.
const lastList = new WeakMap<object, { key: string; ids: string[]; cents: number }>();

function sortedIds(ctx: Ctx, w: { sql: string; params: unknown[] }, order: string, listKey: string) {
  const version = stmt(ctx, 'SELECT total_changes() AS t').get() as { t: number };
  const dataVersion = ctx.db.sqlite.pragma('data_version', { simple: true }) as number;
  const key = `${listKey}|${version.t}|${dataVersion}|${JSON.stringify(ctx.scope)}`;
  const cached = lastList.get(ctx.db.sqlite);
  if (cached?.key === key) return cached;
  const rows = stmt(ctx, `SELECT s.id, s.monthly_cents ${INVENTORY_FROM} WHERE ${w.sql} ORDER BY ${order}`).raw().all(...w.params) as [string, number][];
  let cents = 0;
  const ids = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    ids[i] = rows[i]![0];
    cents = addCents(cents, rows[i]![1] ?? 0, 'The monthly amounts of the services listed');
  }
  const entry = { key, ids, cents };
  lastList.set(ctx.db.sqlite, entry);
  return entry;
}

export function searchServices(ctx: Ctx, input: InventoryFilter & { sort?: string; dir?: 'asc' | 'desc'; limit?: number; offset?: number }) {
  const w = inventoryWhere(ctx, input);
  const dir = input.dir === 'desc' ? 'DESC' : 'ASC';
  const order = input.sort
    ? `${SORTS[input.sort]} ${dir}, s.id`
    : `cu.name COLLATE NOCASE ${dir}, lo.name COLLATE NOCASE, ca.name COLLATE NOCASE, ba.account_number, s.description, s.id`;
  const { limit = 100, offset = 0, ...filter } = input;
  const list = sortedIds(ctx, w, order, JSON.stringify(filter));
  const page = list.ids.slice(offset, offset + limit);
  const rows = stmt(ctx, `SELECT ${INVENTORY_COLUMNS} ${INVENTORY_FROM} WHERE s.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(page)) as { id: string }[];
  const at = new Map(page.map((id, i) => [id, i]));
  rows.sort((a, b) => at.get(a.id)! - at.get(b.id)!);
  return { rows, total: list.ids.length, monthly_cents: list.cents } as never;
}
