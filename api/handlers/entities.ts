// list / get / create / update / retire for the record types of the book of business.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { tableScopeClause } from '../scope.ts';
import { inTransaction, stmt, type Writer } from '../write.ts';
import { checkServiceFields, endOpenAccounts } from '../inventory/rules.ts';
import { fieldsJson } from '../../core/service-fields.ts';
import { checkCustomerStage, checkLookup } from '../admin/lookup-values.ts';
import { keepOneMain } from '../inventory/locations.ts';

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
  /** JSON text columns shown parsed under another name (services.fields_json as fields) */
  json?: Record<string, string>;
  /** writes that go with a retire (ending the open accounts of a retired carrier) */
  onRetire?: (ctx: Ctx, w: Writer, row: Row) => void;
  /** writes that go with a create or an update, with the input fields that are not columns */
  afterWrite?: (ctx: Ctx, w: Writer, id: string, extra: Record<string, unknown>) => void;
  /** adds computed fields to rows read */
  decorate?: (ctx: Ctx, rows: Row[]) => void;
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
/** New links may point only at records that are not retired. */
const mustBeLive = (ctx: Ctx, table: string, label: string, id: unknown) => {
  if (id == null) return;
  const r = stmt(ctx, `SELECT retired_at FROM ${table} WHERE id = ?`).get(id) as { retired_at: string | null } | undefined;
  if (!r) throw notFound(label, String(id));
  if (r.retired_at) throw new ApiError('conflict', `${label} ${String(id)} is retired; choose another one`);
};

const otherAccounts = (ctx: Ctx, contractId: string) =>
  (stmt(ctx, 'SELECT billing_account_id FROM contract_accounts WHERE contract_id = ? AND retired_at IS NULL ORDER BY rowid').all(contractId) as { billing_account_id: string }[]).map(
    (r) => r.billing_account_id,
  );

/** Links the contract to exactly these further accounts: new links are added, dropped ones retired. */
function setOtherAccounts(ctx: Ctx, w: Writer, contractId: string, ids: string[]) {
  const live = stmt(ctx, 'SELECT * FROM contract_accounts WHERE contract_id = ? AND retired_at IS NULL').all(contractId) as Row[];
  for (const l of live) if (!ids.includes(String(l.billing_account_id))) w.retire('contract_accounts', l);
  for (const id of ids) if (!live.some((l) => l.billing_account_id === id)) w.insert('contract_accounts', { contract_id: contractId, billing_account_id: id });
}

export const SPECS: Record<string, EntitySpec> = {
  customers: {
    table: 'customers',
    label: 'Customer',
    booleans: [],
    search: ['name', 'code'],
    filters: [],
    order: 'name',
    // The customer's current stage stays valid once retired from the stage table; a retired stage is no new choice.
    derive: (ctx, v, before) => (v.stage === undefined ? v : { ...v, stage: checkCustomerStage(ctx, v.stage, before?.stage) }),
    onRetire: (ctx, w, row) => endOpenAccounts(ctx, w, 'customer_id', row.id),
  },
  locations: {
    table: 'locations',
    label: 'Location',
    booleans: ['is_main'],
    search: ['name', 'address'],
    filters: ['customer_id'],
    order: 'name',
    derive: (ctx, v) => (mustBeLive(ctx, 'customers', 'Customer', v.customer_id), v),
    // A customer has one main location: making one main takes the flag off the others (audited), as users expect
    // of a "main" choice, instead of refusing until they clear it elsewhere first.
    afterWrite: (ctx, w, id) => keepOneMain(ctx, w, id),
  },
  carriers: {
    table: 'carriers',
    label: 'Carrier',
    booleans: [],
    search: ['name'],
    filters: [],
    order: 'name',
    onRetire: (ctx, w, row) => endOpenAccounts(ctx, w, 'carrier_id', row.id),
  },
  accounts: {
    table: 'billing_accounts',
    label: 'Billing account',
    booleans: ['in_book'],
    search: ['account_number'],
    filters: ['customer_id', 'carrier_id'],
    order: 'account_number',
    derive: (ctx, v) => {
      mustBeLive(ctx, 'carriers', 'Carrier', v.carrier_id);
      mustBeLive(ctx, 'customers', 'Customer', v.customer_id);
      mustBeLive(ctx, 'locations', 'Location', v.location_id);
      return v;
    },
    onRetire: (ctx, w, row) => endOpenAccounts(ctx, w, 'id', row.id),
  },
  services: {
    table: 'services',
    label: 'Service',
    booleans: [],
    search: ['description', 'circuit_id'],
    filters: ['billing_account_id'],
    order: 'description',
    json: { fields_json: 'fields' },
    derive: (ctx, v, before) => {
      const accountId = v.billing_account_id ?? before?.billing_account_id;
      const a = accountOf(ctx, accountId);
      if (v.billing_account_id !== undefined && a.retired_at) throw new ApiError('conflict', `Billing account ${a.account_number} is retired; choose another one`);
      if (v.group_id !== undefined) mustBeLive(ctx, 'service_groups', 'Service group', v.group_id);
      if (v.location_id !== undefined) mustBeLive(ctx, 'locations', 'Location', v.location_id);
      if (v.service_type !== undefined) v.service_type = checkLookup(ctx, 'service_type', 'service_type', v.service_type as string | null, (before?.service_type as string | null) ?? null);
      const { fields, locale, ...rest } = v as Record<string, unknown> & { fields?: Record<string, string | number | null>; locale?: string };
      const out: Record<string, unknown> = { ...rest, carrier_id: a.carrier_id, location_id: v.location_id ?? before?.location_id ?? a.location_id };
      const status = (v.status ?? before?.status) as string | undefined;
      const disconnect = v.disconnect_date !== undefined ? v.disconnect_date : before?.disconnect_date;
      if (status === 'disconnected' && !disconnect) throw new ApiError('invalid_input', 'disconnect_date: a disconnected service needs its disconnect date');
      const install = v.install_date !== undefined ? v.install_date : before?.install_date;
      if (install && disconnect && String(disconnect) < String(install)) throw new ApiError('invalid_input', `disconnect_date: ${disconnect} is before the install date ${install}`);
      const groupId = (v.group_id !== undefined ? v.group_id : before?.group_id) as string | null | undefined;
      // The group's fields are checked whenever fields or the group change.
      if (fields !== undefined || v.group_id !== undefined) {
        const beforeValues = before ? (JSON.parse(String(before.fields_json ?? '{}')) as Record<string, string | number | null>) : {};
        out.fields_json = fieldsJson(checkServiceFields(ctx, groupId ?? null, fields ?? {}, beforeValues, locale));
      }
      return out;
    },
  },
  contracts: {
    table: 'contracts',
    label: 'Contract',
    booleans: ['auto_renew'],
    search: [],
    filters: ['billing_account_id'],
    order: 'start_date',
    afterWrite: (ctx, w, id, extra) => {
      if (Array.isArray(extra.other_account_ids)) setOtherAccounts(ctx, w, id, extra.other_account_ids as string[]);
    },
    decorate: (ctx, rows) => {
      const links = stmt(
        ctx,
        'SELECT contract_id, billing_account_id FROM contract_accounts WHERE retired_at IS NULL AND contract_id IN (SELECT value FROM json_each(?)) ORDER BY rowid',
      ).all(JSON.stringify(rows.map((r) => r.id))) as { contract_id: string; billing_account_id: string }[];
      for (const r of rows) r.other_account_ids = links.filter((l) => l.contract_id === r.id).map((l) => l.billing_account_id);
    },
    derive: (ctx, v, before) => {
      const a = accountOf(ctx, v.billing_account_id ?? before?.billing_account_id);
      const source = v.expected_source ?? before?.expected_source ?? 'services';
      const cents = v.expected_cents !== undefined ? v.expected_cents : before?.expected_cents;
      if (source === 'entered' && (cents === null || cents === undefined))
        throw new ApiError('invalid_input', 'expected_cents: a contract with an entered expected total needs the monthly amount');
      const start = v.start_date !== undefined ? v.start_date : before?.start_date;
      const end = v.end_date !== undefined ? v.end_date : before?.end_date;
      if (start && end && String(end) < String(start)) throw new ApiError('invalid_input', `end_date: ${String(end)} is before the start date ${String(start)}`);
      const { other_account_ids: given, ...rest } = v as Record<string, unknown> & { other_account_ids?: string[] };
      const others = given ?? (before ? otherAccounts(ctx, before.id) : []);
      const covered = [a, ...[...new Set(others)].filter((id) => id !== a.id).map((id) => accountOf(ctx, id))];
      for (const o of covered.slice(1)) {
        if (o.customer_id !== a.customer_id || o.carrier_id !== a.carrier_id)
          throw new ApiError('invalid_input', `other_account_ids: account ${String(o.account_number)} is not another account of the same customer and carrier`);
      }
      if (covered.length > 1 && source === 'entered')
        throw new ApiError('invalid_input', 'other_account_ids: an entered expected total is for one account\'s bill; a contract over several accounts expects each account\'s services');
      // One contract in force per account at a time: the month check, the book export and its import must all
      // mean the same one. A renewal starts after the previous one ends (an auto-renewing one gives way to it).
      for (const acc of covered) {
        const overlapping = stmt(
          ctx,
          `SELECT start_date, end_date FROM contracts c WHERE c.retired_at IS NULL AND c.id <> ?
             AND (c.billing_account_id = ? OR c.id IN (SELECT x.contract_id FROM contract_accounts x WHERE x.billing_account_id = ? AND x.retired_at IS NULL))
             AND (start_date IS NULL OR ? IS NULL OR start_date <= ?) AND (end_date IS NULL OR ? IS NULL OR end_date >= ?)`,
        ).get(before?.id ?? '', acc.id, acc.id, end ?? null, end ?? null, start ?? null, start ?? null) as { start_date: string | null; end_date: string | null } | undefined;
        if (overlapping)
          throw new ApiError(
            'conflict',
            `Billing account ${String(acc.account_number)} already has a contract from ${overlapping.start_date ?? 'the beginning'} to ${overlapping.end_date ?? 'open end'}; end it before this one starts`,
          );
      }
      return { ...rest, carrier_id: a.carrier_id, customer_id: a.customer_id, ...(given !== undefined ? { other_account_ids: covered.slice(1).map((x) => x.id) } : {}) };
    },
  },
};

export function toApiRow(spec: EntitySpec, row: Row): Row {
  for (const b of spec.booleans) row[b] = row[b] === 1 || row[b] === true;
  for (const [col, name] of Object.entries(spec.json ?? {})) {
    row[name] = JSON.parse(String(row[col] ?? '{}'));
    delete row[col];
  }
  return row;
}

function getRow(ctx: Ctx, spec: EntitySpec, id: string): Row {
  const row = stmt(ctx, `SELECT * FROM ${spec.table} WHERE id = ?`).get(id) as Row | undefined;
  if (!row) throw notFound(spec.label, id);
  return row;
}

function decorated(ctx: Ctx, spec: EntitySpec, rows: Row[]): Row[] {
  spec.decorate?.(ctx, rows);
  return rows;
}

export function entityHandlers(key: keyof typeof SPECS & string) {
  const spec = SPECS[key]!;
  return {
    list(ctx: Ctx, input: Record<string, unknown> & { search?: string; include_retired?: boolean; limit?: number; offset?: number }) {
      // A client login sees its own customers' rows only (api/scope.ts).
      const scoped = tableScopeClause(ctx, spec.table);
      const where: string[] = [scoped.sql];
      const params: unknown[] = [...scoped.params];
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
      return decorated(ctx, spec, (ctx.db.sqlite.prepare(sql).all(...params) as Row[]).map((r) => toApiRow(spec, r)));
    },
    get(ctx: Ctx, input: { id: string }) {
      const row = getRow(ctx, spec, input.id);
      // Another customer's record is "not found" for a client login, as if it did not exist.
      const scoped = tableScopeClause(ctx, spec.table);
      if (ctx.scope !== null && !stmt(ctx, `SELECT 1 FROM ${spec.table} WHERE id = ? AND ${scoped.sql}`).get(input.id, ...scoped.params)) throw notFound(spec.label, input.id);
      return decorated(ctx, spec, [toApiRow(spec, row)])[0]!;
    },
    create(ctx: Ctx, input: Record<string, unknown>) {
      return inTransaction(ctx, (w) => {
        const { other_account_ids, ...values } = spec.derive ? spec.derive(ctx, { ...input }) : { ...input };
        const row = w.insert(spec.table, values);
        spec.afterWrite?.(ctx, w, row.id, { other_account_ids });
        return decorated(ctx, spec, [toApiRow(spec, getRow(ctx, spec, row.id))])[0]!;
      });
    },
    update(ctx: Ctx, input: { id: string; patch: Record<string, unknown> }) {
      return inTransaction(ctx, (w) => {
        const before = getRow(ctx, spec, input.id);
        if (before.retired_at) throw new ApiError('conflict', `${spec.label} ${input.id} is retired; it can no longer be changed`);
        const { other_account_ids, ...patch } = spec.derive ? spec.derive(ctx, { ...input.patch }, before) : input.patch;
        w.update(spec.table, before, patch);
        spec.afterWrite?.(ctx, w, input.id, { other_account_ids });
        return decorated(ctx, spec, [toApiRow(spec, getRow(ctx, spec, input.id))])[0]!;
      });
    },
    retire(ctx: Ctx, input: { id: string }) {
      return inTransaction(ctx, (w) => {
        const before = getRow(ctx, spec, input.id);
        if (w.retire(spec.table, before)) spec.onRetire?.(ctx, w, before);
        return decorated(ctx, spec, [toApiRow(spec, getRow(ctx, spec, input.id))])[0]!;
      });
    },
  };
}
