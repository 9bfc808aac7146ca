// The customer page: customer → locations → billing accounts → services and contracts, with each account's
// last months of expected and actual from the same SQL as the month check.
import type { Ctx } from '../context.ts';
import { notFound } from '../errors.ts';
import { assertInScope } from '../scope.ts';
import { stmt } from '../write.ts';
import { checkAccountRows } from '../month/query.ts';
import { addMonthsToMonth, monthRange } from '../../core/months.ts';
import { todayUtc } from '../../core/clock.ts';
import { INVENTORY_COLUMNS, INVENTORY_FROM } from './search.ts';

type Rec = Record<string, unknown> & { id: string };
const bool = (v: unknown) => v === 1 || v === true;

export function customerTree(ctx: Ctx, input: { customer_id: string; months?: number; through_month?: string; include_retired?: boolean }) {
  const customer = stmt(ctx, 'SELECT id, name, code, stage, notes, retired_at FROM customers WHERE id = ?').get(input.customer_id) as Rec | undefined;
  if (!customer) throw notFound('Customer', input.customer_id);
  assertInScope(ctx, customer.id, `Customer ${input.customer_id}`);
  const live = (alias: string) => (input.include_retired ? '1' : `${alias}.retired_at IS NULL`);
  const through = input.through_month ?? todayUtc().slice(0, 7);
  const months = monthRange(addMonthsToMonth(through, -((input.months ?? 6) - 1)), through);

  const locations = stmt(ctx, `SELECT id, name, address, is_main, retired_at FROM locations l WHERE customer_id = ? AND ${live('l')} ORDER BY is_main DESC, name COLLATE NOCASE`).all(
    customer.id,
  ) as Rec[];
  const accounts = stmt(
    ctx,
    `SELECT a.id, a.account_number, a.carrier_id, ca.name AS carrier, ca.retired_at IS NOT NULL AS carrier_retired, a.location_id,
       a.start_month, a.end_month, a.retired_at
     FROM billing_accounts a JOIN carriers ca ON ca.id = a.carrier_id
     WHERE a.customer_id = ? AND ${live('a')} ORDER BY ca.name COLLATE NOCASE, a.account_number`,
  ).all(customer.id) as Rec[];
  const ids = accounts.map((a) => a.id);
  const services = stmt(
    ctx,
    `SELECT ${INVENTORY_COLUMNS}, s.fields_json ${INVENTORY_FROM}
     WHERE s.billing_account_id IN (SELECT value FROM json_each(?)) AND ${live('s')} ORDER BY s.description, s.id`,
  ).all(JSON.stringify(ids)) as Rec[];
  const contracts = stmt(
    ctx,
    `SELECT id, billing_account_id, start_date, end_date, auto_renew, expected_source, expected_cents, tolerance_pct_bp,
       tolerance_amount_cents, tolerance_mode, retired_at
     FROM contracts c WHERE billing_account_id IN (SELECT value FROM json_each(?)) AND ${live('c')} ORDER BY start_date`,
  ).all(JSON.stringify(ids)) as Rec[];

  const byAccount = <T extends Rec>(rows: T[], key: string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) {
      const k = String(r[key]);
      m.set(k, [...(m.get(k) ?? []), r]);
    }
    return m;
  };
  const servicesOf = byAccount(services, 'billing_account_id');
  const contractsOf = byAccount(contracts, 'billing_account_id');
  const monthsOf = new Map<string, { month: string; expected_cents: number | null; actual_cents: number | null; status: string | null }[]>();
  for (const month of months) {
    const rows = ids.length ? checkAccountRows(ctx, ids, month) : [];
    const byId = new Map(rows.map((r) => [r.account_id, r]));
    for (const id of ids) {
      const r = byId.get(id);
      // A month the account is not expected in and has no bill for has no status.
      const quiet = !r || (r.expected_cents === null && r.actual_cents === null);
      const list = monthsOf.get(id) ?? [];
      list.push({ month, expected_cents: r?.expected_cents ?? null, actual_cents: r?.actual_cents ?? null, status: quiet ? null : r.status });
      monthsOf.set(id, list);
    }
  }
  const treeAccount = (a: Rec) => ({
    ...a,
    carrier_retired: bool(a.carrier_retired),
    services: (servicesOf.get(a.id) ?? []).map(({ fields_json, customer: _c, customer_id: _ci, ...s }) => ({ ...s, fields: JSON.parse(String(fields_json)) })),
    contracts: (contractsOf.get(a.id) ?? []).map(({ billing_account_id: _, ...c }) => ({ ...c, auto_renew: bool(c.auto_renew) })),
    months: monthsOf.get(a.id) ?? [],
  });
  const locIds = new Set(locations.map((l) => l.id));
  return {
    customer,
    locations: locations.map((l) => ({ ...l, is_main: bool(l.is_main), accounts: accounts.filter((a) => a.location_id === l.id).map(treeAccount) })),
    other_accounts: accounts.filter((a) => !a.location_id || !locIds.has(String(a.location_id))).map(treeAccount),
    months,
  } as never;
}
