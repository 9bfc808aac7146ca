// list / get / create / update / retire for the record types of the book of business.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt } from '../write.ts';

type Row = Record<string, unknown> & { id: string };

interface EntitySpec {
  table: string;
  label: string;
  booleans: string[];
  search: string[];
  /** list filters that are plain column equality */
  filters: string[];
  order: string;
  /** fills derived columns (and checks references) before a create or an update */
  derive?: (ctx: Ctx, values: Record<string, unknown>, before?: Row) => Record<string, unknown>;
}

const accountOf = (ctx: Ctx, id: unknown) => {
  const a = stmt(ctx, 'SELECT * FROM billing_accounts WHERE id = ?').get(id) as Row | undefined;
  if (!a) throw notFound('Billing account', String(id));
  return a;
};
const mustExist = (ctx: Ctx, table: string, label: string, id: unknown) => {
  if (id == null) return;
  if (!stmt(ctx, `SELECT 1 FROM ${table} WHERE id = ?`).get(id)) throw notFound(label, String(id));
};

export const SPECS: Record<string, EntitySpec> = {
  customers: { table: 'customers', label: 'Customer', booleans: [], search: ['name', 'code'], filters: [], order: 'name' },
  locations: {
    table: 'locations',
    label: 'Location',
    booleans: ['is_main'],
    search: ['name', 'address'],
    filters: ['customer_id'],
    order: 'name',
    derive: (ctx, v) => (mustExist(ctx, 'customers', 'Customer', v.customer_id), v),
  },
  carriers: { table: 'carriers', label: 'Carrier', booleans: [], search: ['name'], filters: [], order: 'name' },
  accounts: {
    table: 'billing_accounts',
    label: 'Billing account',
    booleans: ['in_book'],
    search: ['account_number'],
    filters: ['customer_id', 'carrier_id'],
    order: 'account_number',
    derive: (ctx, v) => {
      mustExist(ctx, 'carriers', 'Carrier', v.carrier_id);
      mustExist(ctx, 'customers', 'Customer', v.customer_id);
      mustExist(ctx, 'locations', 'Location', v.location_id);
      return v;
    },
  },
  services: {
    table: 'services',
    label: 'Service',
    booleans: [],
    search: ['description', 'circuit_id'],
    filters: ['billing_account_id'],
    order: 'description',
    derive: (ctx, v, before) => {
      const accountId = v.billing_account_id ?? before?.billing_account_id;
      const a = accountOf(ctx, accountId);
      mustExist(ctx, 'service_groups', 'Service group', v.group_id);
      return { ...v, carrier_id: a.carrier_id, location_id: v.location_id ?? before?.location_id ?? a.location_id };
    },
  },
  contracts: {
    table: 'contracts',
    label: 'Contract',
    booleans: ['auto_renew'],
    search: [],
    filters: ['billing_account_id'],
    order: 'start_date',
    derive: (ctx, v, before) => {
      const a = accountOf(ctx, v.billing_account_id ?? before?.billing_account_id);
      return { ...v, carrier_id: a.carrier_id, customer_id: a.customer_id };
    },
  },
};

export function toApiRow(spec: EntitySpec, row: Row): Row {
  for (const b of spec.booleans) row[b] = row[b] === 1 || row[b] === true;
  return row;
}

function getRow(ctx: Ctx, spec: EntitySpec, id: string): Row {
  const row = stmt(ctx, `SELECT * FROM ${spec.table} WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw notFound(spec.label, id);
  return row;
}

export function entityHandlers(key: keyof typeof SPECS & string) {
  const spec = SPECS[key]!;
  return {
    list(ctx: Ctx, input: Record<string, unknown> & { search?: string; include_retired?: boolean; limit?: number; offset?: number }) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (!input.include_retired) where.push('retired_at IS NULL');
      for (const f of spec.filters) {
        if (input[f] !== undefined) {
          where.push(`${f} = ?`);
          params.push(input[f]);
        }
      }
      if (input.search && spec.search.length) {
        where.push(`(${spec.search.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
        const like = `%${input.search.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
        for (const _ of spec.search) params.push(like);
      }
      const sql =
        `SELECT * FROM ${spec.table}` +
        (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
        ` ORDER BY ${spec.order} COLLATE NOCASE, id LIMIT ? OFFSET ?`;
      params.push(input.limit ?? -1, input.offset ?? 0);
      return (ctx.db.sqlite.prepare(sql).all(...params) as Row[]).map((r) => toApiRow(spec, r));
    },
    get(ctx: Ctx, input: { id: string }) {
      return toApiRow(spec, getRow(ctx, spec, input.id));
    },
    create(ctx: Ctx, input: Record<string, unknown>) {
      return inTransaction(ctx, (w) => {
        const values = spec.derive ? spec.derive(ctx, { ...input }) : { ...input };
        const row = w.insert(spec.table, values);
        return toApiRow(spec, getRow(ctx, spec, row.id));
      });
    },
    update(ctx: Ctx, input: { id: string; patch: Record<string, unknown> }) {
      return inTransaction(ctx, (w) => {
        const before = getRow(ctx, spec, input.id);
        if (before.retired_at) throw new ApiError('conflict', `${spec.label} ${input.id} is retired; it can no longer be changed`);
        const patch = spec.derive ? spec.derive(ctx, { ...input.patch }, before) : input.patch;
        w.update(spec.table, before, patch);
        return toApiRow(spec, getRow(ctx, spec, input.id));
      });
    },
    retire(ctx: Ctx, input: { id: string }) {
      return inTransaction(ctx, (w) => {
        w.retire(spec.table, getRow(ctx, spec, input.id));
        return toApiRow(spec, getRow(ctx, spec, input.id));
      });
    },
  };
}
