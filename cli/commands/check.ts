import { parseArgs } from 'node:util';
import { formatCents, type AmountLocale } from '../../core/money.ts';
import { isMonth } from '../../core/months.ts';
import { call, type Ctx } from '../../api/index.ts';
import type { MonthCheck, CheckRow } from '../../api/contract/month.ts';
import { toCsv, type Column } from '../../api/export/csv.ts';
import { companyLocale } from '../../api/company.ts';
import { UsageError, type Io } from '../io.ts';

export async function checkCommand(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  let o;
  try {
    o = parseArgs({
      args: argv,
      options: { month: { type: 'string' }, format: { type: 'string', default: 'table' }, flagged: { type: 'boolean' } },
      strict: true,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!o.month) throw new UsageError('check needs --month YYYY-MM');
  if (!isMonth(o.month)) throw new UsageError(`--month "${o.month}" is not a month written YYYY-MM (for example 2015-07)`);
  if (!['table', 'json', 'csv'].includes(o.format!)) throw new UsageError('--format is table, json or csv');
  const check = await call(ctx, 'month.check', {
    month: o.month,
    status: o.flagged ? ['over', 'under', 'missing', 'unexpected'] : undefined,
  });
  if (o.format === 'json') io.out(JSON.stringify(toJson(check), null, 2) + '\n');
  else if (o.format === 'csv') io.out(toCsv(check.rows, CSV_COLUMNS));
  else io.out(toTable(check, companyLocale(ctx)));
  return 0;
}

/** The documented JSON shape of `check --format json`. */
export function toJson(c: MonthCheck) {
  const t = c.totals;
  return {
    month: c.month,
    rows: c.rows.map((r) => ({
      customer: r.customer,
      location: r.location,
      carrier: r.carrier,
      account: r.account,
      expected_cents: r.expected_cents,
      actual_cents: r.actual_cents,
      variance_cents: r.variance_cents,
      variance_pct: r.variance_pct,
      status: r.status,
    })),
    totals: {
      accounts: t.accounts,
      ok: t.ok,
      over: t.over,
      under: t.under,
      missing: t.missing,
      unexpected: t.unexpected,
      expected_cents: t.expected_cents,
      actual_cents: t.actual_cents,
      variance_cents: t.variance_cents,
    },
  };
}

export const CSV_COLUMNS: Column<CheckRow>[] = [
  { header: 'Customer', text: (r) => r.customer },
  { header: 'Location', text: (r) => r.location },
  { header: 'Carrier', text: (r) => r.carrier },
  { header: 'Account', text: (r) => r.account },
  { header: 'Expected', cents: (r) => r.expected_cents },
  { header: 'Actual', cents: (r) => r.actual_cents },
  { header: 'Variance', cents: (r) => r.variance_cents },
  { header: 'Variance %', number: (r) => r.variance_pct },
  { header: 'Status', text: (r) => r.status },
  { header: 'Invoice', text: (r) => r.invoice_number },
  { header: 'Note', text: (r) => r.note },
];

const FLAGGED = new Set(['over', 'under', 'missing', 'unexpected']);

function toTable(c: MonthCheck, locale: AmountLocale): string {
  const money = (v: number | null) => (v === null ? '' : formatCents(v, locale));
  const head = ['', 'Customer', 'Location', 'Carrier', 'Account', 'Expected', 'Actual', 'Variance', 'Var %', 'Status'];
  const right = new Set([5, 6, 7, 8]);
  const clip = (s: string | null, n: number) => {
    const v = s ?? '';
    return v.length > n ? v.slice(0, n - 1) + '…' : v;
  };
  const lines = c.rows.map((r) => [
    FLAGGED.has(r.status) ? '!' : ' ',
    clip(r.customer ?? '(not in book)', 34),
    clip(r.location, 12),
    clip(r.carrier, 28),
    r.account,
    money(r.expected_cents),
    money(r.actual_cents),
    money(r.variance_cents),
    r.variance_pct === null ? '-' : `${r.variance_pct.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`,
    r.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((s, i) => (right.has(i) ? s.padStart(widths[i]!) : s.padEnd(widths[i]!))).join('  ').trimEnd();
  const t = c.totals;
  return [
    fmt(head),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...lines.map(fmt),
    '',
    `${c.month}: ${t.accounts} accounts, ${t.entered} entered — ok ${t.ok}, over ${t.over}, under ${t.under}, missing ${t.missing}, unexpected ${t.unexpected}`,
    `Expected ${money(t.expected_cents)}, actual ${money(t.actual_cents)}, variance ${money(t.variance_cents)}, at stake ${money(t.at_stake_cents)}  (! = flagged)`,
    '',
  ].join('\n');
}
