// A month's bills summed per customer or per carrier: counts and money, from month.check's rows.
import { checkMonthRows } from '../month/query.ts';
import { inScope } from '../scope.ts';
import type { Ctx } from '../context.ts';
import type { Output } from '../handlers/index.ts';
import type { SummaryRow } from '../contract/reports.ts';
import type { CheckRow } from '../contract/month.ts';
import { sumCents, type ReportColumn, type ReportLayout } from './layout.ts';
import { addCents } from '../../core/money.ts';

type Summary = Output<'reports.monthByCustomer'>;

function add(t: Omit<SummaryRow, 'id' | 'name'>, r: CheckRow, month: string) {
  t.accounts++;
  if (r.actual_cents !== null) {
    t.entered++;
    t.actual_cents = addCents(t.actual_cents, r.actual_cents, `The actual bills of ${month}`);
  }
  if (r.status === 'ok') t.ok++;
  else t.flagged++;
  t.expected_cents = addCents(t.expected_cents, r.expected_cents ?? 0, `The expected bills of ${month}`);
  if (r.variance_cents !== null) {
    t.variance_cents = addCents(t.variance_cents, r.variance_cents, `The variances of ${month}`);
    if (r.status === 'over' || r.status === 'under') t.at_stake_cents = addCents(t.at_stake_cents, Math.abs(r.variance_cents), `The amounts at stake of ${month}`);
  }
}

const zero = () => ({ accounts: 0, entered: 0, ok: 0, flagged: 0, expected_cents: 0, actual_cents: 0, variance_cents: 0, at_stake_cents: 0 });

export function monthSummary(ctx: Ctx, month: string, by: 'customer' | 'carrier'): Summary {
  const rows = checkMonthRows(ctx, month).filter((r) => inScope(ctx, r.customer_id));
  const groups = new Map<string, SummaryRow>();
  const totals = zero();
  for (const r of rows) {
    const id = by === 'customer' ? r.customer_id : r.carrier_id;
    const name = by === 'customer' ? (r.customer ?? '(not in book)') : r.carrier;
    const key = id ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id, name, ...zero() }));
    add(g, r, month);
    add(totals, r, month);
  }
  const out = [...groups.values()].sort((a, b) => (a.id === null ? 1 : b.id === null ? -1 : a.name.localeCompare(b.name, 'en', { sensitivity: 'base' })));
  return { month, rows: out, totals };
}

export const summaryColumns = (by: 'customer' | 'carrier'): ReportColumn<SummaryRow>[] => [
  { key: 'name', header: by === 'customer' ? 'Customer' : 'Carrier', kind: 'text', value: (r) => r.name, width: 3 },
  { key: 'accounts', header: 'Accounts', kind: 'int', value: (r) => r.accounts },
  { key: 'entered', header: 'Entered', kind: 'int', value: (r) => r.entered },
  { key: 'ok', header: 'OK', kind: 'int', value: (r) => r.ok },
  { key: 'flagged', header: 'Flagged', kind: 'int', value: (r) => r.flagged },
  { key: 'expected', header: 'Expected', kind: 'cents', value: (r) => r.expected_cents },
  { key: 'actual', header: 'Actual', kind: 'cents', value: (r) => r.actual_cents },
  { key: 'variance', header: 'Variance', kind: 'cents', value: (r) => r.variance_cents },
  { key: 'at_stake', header: 'At stake', kind: 'cents', value: (r) => r.at_stake_cents },
];

export function summaryLayout(data: Summary, by: 'customer' | 'carrier'): ReportLayout<SummaryRow> {
  const columns = summaryColumns(by);
  return {
    id: by === 'customer' ? 'month-by-customer' : 'month-by-carrier',
    title: `Month summary by ${by} ${data.month}`,
    subtitle: `Month ${data.month} · ${data.totals.accounts} accounts, ${data.totals.entered} entered, ${data.totals.flagged} flagged`,
    columns,
    rows: data.rows,
    groups: null,
    totals: sumCents(columns, data.rows),
    notes: [],
  };
}
