// `import book`: one row per service; rows sharing carrier and account form one billing account whose
// expected bill is the sum of its services. Re-importing the same file changes nothing.
import { parsePercent, type ToleranceMode } from '../../core/tolerance.ts';
import { parseAmount, type AmountLocale } from '../../core/money.ts';
import { parseCalendarDate, parseMonth, monthOf, monthStart, monthEnd } from '../../core/months.ts';
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt, type Writer } from '../write.ts';
import { runImport, newCounts, nameKey, type ImportInput, type RowReader, type Counts } from './run.ts';

interface BookRow {
  row: number;
  customer: string;
  location: string;
  carrier: string;
  account: string;
  service: string;
  expected: number;
  pctBp: number | null;
  amountCents: number | null;
  mode: ToleranceMode | null;
  start: { month: string; date: string } | null;
  end: { month: string; date: string } | null;
}

export const BOOK_FIELDS = [
  { name: 'customer', required: true },
  { name: 'location', required: false },
  { name: 'carrier', required: true },
  { name: 'account', required: true },
  { name: 'service', required: false },
  { name: 'expected', required: true },
  { name: 'tolerance_pct', required: false },
  { name: 'tolerance_amount', required: false },
  { name: 'tolerance_mode', required: false },
  { name: 'start', required: false },
  { name: 'end', required: false },
];

/** A start or end written as a month (2026-03) or a date (2026-03-15, 6/30/2018 0:00). */
function readBound(r: RowReader, field: 'start' | 'end'): { month: string; date: string } | null | undefined {
  const v = r.text(field);
  if (!v) return null;
  const d = parseCalendarDate(v);
  if (d.ok && d.date) return { month: monthOf(d.date), date: d.date };
  const m = parseMonth(v);
  if (m.ok && m.month) return { month: m.month, date: field === 'start' ? monthStart(m.month) : monthEnd(m.month) };
  r.problem(field, `${field} "${v}" is not a month (YYYY-MM) or a date (YYYY-MM-DD or M/D/YYYY)`);
  return undefined;
}

export interface BookDefaults {
  tolerance_pct?: string;
  tolerance_amount?: string;
  tolerance_mode?: ToleranceMode;
}

function defaultsOf(d: BookDefaults, locale: AmountLocale) {
  const pct = parsePercent(d.tolerance_pct ?? '');
  if (!pct.ok) throw new ApiError('invalid_input', `--tolerance-pct: ${pct.error}`);
  const amount = parseAmount(d.tolerance_amount ?? '', locale);
  if (!amount.ok) throw new ApiError('invalid_input', `--tolerance-amount: ${amount.error}`);
  if (amount.cents !== null && amount.cents < 0) throw new ApiError('invalid_input', '--tolerance-amount must not be negative');
  return { pctBp: pct.bp, amountCents: amount.cents, mode: d.tolerance_mode ?? null };
}

type Rec = Record<string, unknown> & { id: string };

export async function importBook(ctx: Ctx, input: ImportInput & BookDefaults) {
  const defaults = defaultsOf(input, input.locale ?? 'en-US');
  return runImport<BookRow>(ctx, input, {
    kind: 'book',
    fields: BOOK_FIELDS,
    readRow(r) {
      const customer = r.text('customer', true);
      const carrier = r.text('carrier', true);
      const account = r.text('account', true);
      const expected = r.cents('expected', true);
      const pct = parsePercent(r.text('tolerance_pct'));
      if (!pct.ok) r.problem('tolerance_pct', pct.error);
      const amountCents = r.cents('tolerance_amount', false);
      if (amountCents !== null && amountCents < 0) r.problem('tolerance_amount', 'tolerance_amount must not be negative');
      const modeText = r.text('tolerance_mode').toLowerCase();
      if (modeText && modeText !== 'either' && modeText !== 'both') r.problem('tolerance_mode', 'tolerance_mode must be "either" or "both"');
      const start = readBound(r, 'start');
      const end = readBound(r, 'end');
      if (start && end && start.month > end.month) r.problem('end', `end ${end.date} is before start ${start.date}`);
      if (!customer || !carrier || !account || expected === null || start === undefined || end === undefined || !pct.ok) return undefined;
      return {
        row: r.row,
        customer,
        location: r.text('location') || 'Main',
        carrier,
        account,
        service: r.text('service'),
        expected,
        pctBp: pct.bp,
        amountCents,
        mode: (modeText || null) as ToleranceMode | null,
        start,
        end,
      };
    },
    crossCheck(rows, r) {
      // One billing account belongs to one customer: a second customer for the same carrier account is an error.
      const owner = new Map<string, BookRow>();
      for (const { value: b } of rows) {
        const key = `${nameKey(b.carrier)}|${b.account}`;
        const first = owner.get(key);
        if (!first) owner.set(key, b);
        else if (nameKey(first.customer) !== nameKey(b.customer)) {
          r.problem('customer', `account ${b.account} of ${b.carrier} already belongs to ${first.customer} (row ${first.row})`, b.customer, b.row);
        }
      }
    },
    apply: (ctx, w, rows) => applyBook(ctx, w, rows, defaults),
  });
}

function applyBook(ctx: Ctx, w: Writer, rows: BookRow[], defaults: ReturnType<typeof defaultsOf>): Record<string, Counts> {
  const counts = { customers: newCounts(), locations: newCounts(), carriers: newCounts(), accounts: newCounts(), services: newCounts(), contracts: newCounts() };
  const all = (sql: string) => stmt(ctx, sql).all() as Rec[];
  const index = (recs: Rec[], key: (r: Rec) => string) => {
    const m = new Map<string, Rec>();
    for (const r of recs) if (!m.has(key(r))) m.set(key(r), r);
    return m;
  };
  const customers = index(all('SELECT * FROM customers WHERE retired_at IS NULL ORDER BY created_at'), (r) => nameKey(String(r.name)));
  const carriers = index(all('SELECT * FROM carriers WHERE retired_at IS NULL ORDER BY created_at'), (r) => nameKey(String(r.name)));
  const locations = index(all('SELECT * FROM locations WHERE retired_at IS NULL ORDER BY created_at'), (r) => `${r.customer_id}|${nameKey(String(r.name))}`);
  const hasMain = new Set(all('SELECT customer_id FROM locations WHERE is_main = 1').map((r) => String(r.customer_id)));
  const accounts = index(all('SELECT * FROM billing_accounts'), (r) => `${r.carrier_id}|${r.account_number}`);
  const services = index(all('SELECT * FROM services WHERE import_key IS NOT NULL'), (r) => `${r.billing_account_id}|${r.import_key}`);
  const contracts = index(all('SELECT * FROM contracts WHERE retired_at IS NULL ORDER BY created_at'), (r) => String(r.billing_account_id));

  // Each record is counted once per import, however many rows name it.
  const counted = new Set<string>();
  /** Finds by key or creates; counts what happened. */
  const ensure = (map: Map<string, Rec>, key: string, c: Counts, table: string, values: Record<string, unknown>, update?: Record<string, unknown>) => {
    const found = map.get(key);
    if (!found) {
      const rec = w.insert(table, values) as Rec;
      map.set(key, rec);
      counted.add(rec.id);
      c.created++;
      return rec;
    }
    const changed = update !== undefined && w.update(table, found, update);
    if (changed) Object.assign(found, update);
    if (!counted.has(found.id)) {
      counted.add(found.id);
      if (changed) c.updated++;
      else c.unchanged++;
    }
    return found;
  };

  // Rows grouped by billing account, in file order.
  const groups = new Map<string, BookRow[]>();
  for (const b of rows) {
    const key = `${nameKey(b.carrier)}|${b.account}`;
    const g = groups.get(key);
    if (g) g.push(b);
    else groups.set(key, [b]);
  }

  for (const group of groups.values()) {
    const first = group[0]!;
    const customer = ensure(customers, nameKey(first.customer), counts.customers, 'customers', { name: first.customer, stage: 'active' });
    const isMain = !hasMain.has(customer.id);
    const location = ensure(locations, `${customer.id}|${nameKey(first.location)}`, counts.locations, 'locations', {
      customer_id: customer.id,
      name: first.location,
      is_main: isMain,
    });
    if (isMain) hasMain.add(customer.id);
    const carrier = ensure(carriers, nameKey(first.carrier), counts.carriers, 'carriers', { name: first.carrier });
    const start = group.find((g) => g.start)?.start ?? null;
    const end = group.find((g) => g.end)?.end ?? null;
    const accountValues = {
      customer_id: customer.id,
      location_id: location.id,
      start_month: start?.month ?? null,
      end_month: end?.month ?? null,
      in_book: true,
    };
    const account = ensure(accounts, `${carrier.id}|${first.account}`, counts.accounts, 'billing_accounts', { carrier_id: carrier.id, account_number: first.account, ...accountValues }, accountValues);

    // A service's key is its name and how many services of that name came before it in the account.
    const seen = new Map<string, number>();
    for (const b of group) {
      const n = (seen.get(b.service) ?? 0) + 1;
      seen.set(b.service, n);
      const importKey = `${b.service}#${n}`;
      const values = { description: b.service, monthly_cents: b.expected, location_id: location.id };
      ensure(services, `${account.id}|${importKey}`, counts.services, 'services', {
        billing_account_id: account.id,
        carrier_id: carrier.id,
        import_key: importKey,
        status: 'active',
        ...values,
      }, values);
    }

    const tol = group.find((g) => g.pctBp !== null || g.amountCents !== null || g.mode !== null);
    const contractValues = {
      tolerance_pct_bp: tol ? tol.pctBp : defaults.pctBp,
      tolerance_amount_cents: tol ? tol.amountCents : defaults.amountCents,
      tolerance_mode: tol?.mode ?? defaults.mode ?? 'either',
      start_date: start?.date ?? null,
      end_date: end?.date ?? null,
    };
    ensure(contracts, account.id, counts.contracts, 'contracts', {
      billing_account_id: account.id,
      carrier_id: carrier.id,
      customer_id: customer.id,
      expected_source: 'services',
      ...contractValues,
    }, contractValues);
  }
  return counts;
}
