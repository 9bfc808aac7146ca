// The book export: one row per service in the columns import.book reads, so that an exported file imports back
// into an empty database and exports again unchanged. CSV through toCsv (BOM, formulas neutralised), XLSX through
// toXlsx (account numbers and circuit ids as text, amounts as numbers, dates as date cells).
import type { Ctx } from '../context.ts';
import { scopeClause } from '../scope.ts';
import { stmt } from '../write.ts';
import { toCsv, type Column } from './csv.ts';
import { toXlsx, type XlsxColumn } from './xlsx.ts';
import { bpToPercentString } from '../../core/tolerance.ts';
import { centsToDecimalString } from '../../core/money.ts';
import { FIELD_PREFIX } from '../import/book.ts';
import { udfColumns, udfHeader, type UdfEntity } from '../admin/udf.ts';

/** The record types whose user-defined fields a book row carries, in column order. */
export const BOOK_UDF_ENTITIES = ['customers', 'locations', 'services', 'contracts'] as const satisfies readonly UdfEntity[];

interface ExportRow {
  customer_id: string | null;
  location_id: string | null;
  service_id: string;
  contract_id: string | null;
  customer: string | null;
  customer_code: string | null;
  location: string | null;
  carrier: string;
  account: string;
  service: string;
  circuit_id: string | null;
  status: string;
  install_date: string | null;
  disconnect_date: string | null;
  group_name: string | null;
  service_type: string | null;
  group_fields: string | null;
  monthly_cents: number;
  fields_json: string;
  expected_source: string | null;
  contract_cents: number | null;
  tolerance_pct_bp: number | null;
  tolerance_amount_cents: number | null;
  tolerance_mode: string | null;
  start_date: string | null;
  end_date: string | null;
  start_month: string | null;
  end_month: string | null;
  auto_renew: number | null;
}

// The latest live contract covering each account (its own or by a link), found once per account.
const SQL = (where: string) => `
WITH covered AS (
  SELECT c.billing_account_id AS account_id, c.* FROM contracts c WHERE c.retired_at IS NULL
  UNION ALL
  SELECT x.billing_account_id AS account_id, c.* FROM contract_accounts x JOIN contracts c ON c.id = x.contract_id
  WHERE x.retired_at IS NULL AND c.retired_at IS NULL),
latest AS (
  SELECT * FROM (SELECT cv.*, ROW_NUMBER() OVER (PARTITION BY cv.account_id ORDER BY cv.start_date DESC, cv.created_at DESC) AS n
                 FROM covered cv) WHERE n = 1)
SELECT cu.id AS customer_id, COALESCE(slo.id, alo.id) AS location_id, s.id AS service_id, ct.id AS contract_id,
  cu.name AS customer, cu.code AS customer_code, COALESCE(slo.name, alo.name) AS location, ca.name AS carrier,
  ba.account_number AS account, s.description AS service, s.circuit_id, s.status, s.install_date, s.disconnect_date,
  g.name AS group_name, s.service_type, g.fields_json AS group_fields, s.monthly_cents, s.fields_json,
  ct.expected_source, ct.expected_cents AS contract_cents, ct.tolerance_pct_bp, ct.tolerance_amount_cents, ct.tolerance_mode,
  ct.start_date, ct.end_date, ba.start_month, ba.end_month, ct.auto_renew
FROM services s
JOIN billing_accounts ba ON ba.id = s.billing_account_id
JOIN carriers ca ON ca.id = ba.carrier_id
LEFT JOIN customers cu ON cu.id = ba.customer_id
LEFT JOIN locations slo ON slo.id = s.location_id
LEFT JOIN locations alo ON alo.id = ba.location_id
LEFT JOIN service_groups g ON g.id = s.group_id
LEFT JOIN latest ct ON ct.account_id = ba.id
WHERE ba.in_book = 1 AND ${where}
ORDER BY cu.name COLLATE NOCASE, cu.code, ca.name COLLATE NOCASE, ba.account_number, s.rowid`;

export async function exportBook(ctx: Ctx, input: { format: 'csv' | 'xlsx'; customer_id?: string; include_retired?: boolean }) {
  const sc = scopeClause(ctx, 'ba.customer_id');
  const where = [sc.sql, input.include_retired ? '1' : 's.retired_at IS NULL AND ba.retired_at IS NULL'];
  const params: unknown[] = [...sc.params];
  if (input.customer_id) {
    where.push('ba.customer_id = ?');
    params.push(input.customer_id);
  }
  const rows = stmt(ctx, SQL(where.join(' AND '))).all(...params) as ExportRow[];

  // Field columns: every key a group of an exported service defines, money fields written as amounts.
  // The header names each field's type (field.<key>:<type>) so an import into another database types it too.
  const moneyKeys = new Set<string>();
  const keys = new Map<string, string>();
  const seenGroups = new Set<string>();
  for (const r of rows) {
    if (!r.group_fields || seenGroups.has(r.group_fields)) continue;
    seenGroups.add(r.group_fields);
    for (const f of JSON.parse(r.group_fields) as { key: string; type: string }[]) {
      if (!keys.has(f.key)) keys.set(f.key, f.type);
      if (f.type === 'money') moneyKeys.add(f.key);
    }
  }
  const fieldsOf = new Map<string, Record<string, string | number | null>>();
  const fieldValue = (r: ExportRow, key: string) => {
    let f = fieldsOf.get(r.fields_json);
    if (!f) fieldsOf.set(r.fields_json, (f = JSON.parse(r.fields_json) as Record<string, string | number | null>));
    const v = f[key];
    if (v === undefined || v === null) return null;
    return moneyKeys.has(key) && typeof v === 'number' ? centsToDecimalString(v) : String(v);
  };

  // User-defined fields of the row's customer, location, service and contract: "Customer: GL code", amounts as
  // plain decimals, dates YYYY-MM-DD (import.book reads them back by the same headers).
  const recordOf: Record<(typeof BOOK_UDF_ENTITIES)[number], (r: ExportRow) => string | null> = {
    customers: (r) => r.customer_id,
    locations: (r) => r.location_id,
    services: (r) => r.service_id,
    contracts: (r) => r.contract_id,
  };
  const udfCols: Column<ExportRow>[] = [];
  for (const entity of BOOK_UDF_ENTITIES) {
    const of = recordOf[entity];
    const ids = [...new Set(rows.map(of).filter((id): id is string => id !== null))];
    const u = udfColumns(ctx, entity, ids);
    const memo = new Map<string, string[]>();
    const cellsOf = (r: ExportRow) => {
      const id = of(r);
      if (id === null) return null;
      let c = memo.get(id);
      if (!c) memo.set(id, (c = u.cells(id)));
      return c;
    };
    u.headers.forEach((label, i) => udfCols.push({ header: udfHeader(entity, label), text: (r) => cellsOf(r)?.[i] || null }));
  }

  const entered = (r: ExportRow) => (r.expected_source === 'entered' ? r.contract_cents : null);
  const text = (header: string, f: (r: ExportRow) => string | null): Column<ExportRow> => ({ header, text: f });
  const cents = (header: string, f: (r: ExportRow) => number | null): Column<ExportRow> => ({ header, cents: f });
  const date = (header: string, f: (r: ExportRow) => string | null): XlsxColumn<ExportRow> => (input.format === 'xlsx' ? { header, date: f } : { header, text: f });
  const columns: XlsxColumn<ExportRow>[] = [
    text('customer', (r) => r.customer),
    text('customer_code', (r) => r.customer_code),
    text('location', (r) => r.location),
    text('carrier', (r) => r.carrier),
    text('account', (r) => r.account),
    text('service', (r) => r.service),
    text('circuit_id', (r) => r.circuit_id),
    text('status', (r) => r.status),
    date('install_date', (r) => r.install_date),
    date('disconnect_date', (r) => r.disconnect_date),
    text('group', (r) => r.group_name),
    text('service_type', (r) => r.service_type),
    cents('expected', (r) => r.monthly_cents),
    cents('account_expected', entered),
    text('tolerance_pct', (r) => (r.tolerance_pct_bp === null ? null : bpToPercentString(r.tolerance_pct_bp))),
    cents('tolerance_amount', (r) => r.tolerance_amount_cents),
    text('tolerance_mode', (r) => r.tolerance_mode),
    // The account's months, then the contract's own dates.
    text('start', (r) => r.start_month),
    text('end', (r) => r.end_month),
    date('contract_start', (r) => r.start_date),
    date('contract_end', (r) => r.end_date),
    text('auto_renew', (r) => (r.auto_renew === null ? null : r.auto_renew ? 'yes' : 'no')),
    ...[...keys.keys()].sort().map((k) => text(`${FIELD_PREFIX}${k}:${keys.get(k)}`, (r) => fieldValue(r, k))),
    ...udfCols,
  ];
  const stamp = new Date().toISOString().slice(0, 10);
  if (input.format === 'csv') {
    const csv = toCsv(rows, columns.map((c) => ('date' in c ? { header: c.header, text: c.date } : c)));
    return { file_name: `book-${stamp}.csv`, data: new TextEncoder().encode(csv), rows: rows.length };
  }
  return { file_name: `book-${stamp}.xlsx`, data: await toXlsx(rows, columns, 'Book'), rows: rows.length };
}
