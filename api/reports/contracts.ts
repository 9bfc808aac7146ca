// Contracts ending: the inventory's contracts.ending (one definition) as a report.
import { addDays } from '../../core/days.ts';
import { contractsEnding as inventoryEnding } from '../inventory/contracts.ts';
import type { Ctx } from '../context.ts';
import type { Input, Output } from '../handlers/index.ts';
import type { EndingRow } from '../contract/reports.ts';
import { sumCents, type ReportColumn, type ReportLayout } from './layout.ts';
import { sumCents as totalCents } from '../../core/money.ts';

type Ending = Output<'reports.contractsEnding'>;

interface InventoryEnding {
  id: string;
  customer: string | null;
  carrier: string;
  account: string;
  start_date: string | null;
  end_date: string;
  auto_renew: boolean;
  expected_cents: number | null;
  days_left: number;
}

export function contractsEnding(ctx: Ctx, input: Input<'reports.contractsEnding'>): Ending {
  const from = input.from ?? ctx.now().slice(0, 10);
  const days = input.days ?? 90;
  const found = inventoryEnding(ctx, { as_of: from, days, limit: 5000 }) as unknown as InventoryEnding[];
  const rows: EndingRow[] = found.map((c) => ({
    contract_id: c.id,
    customer: c.customer,
    carrier: c.carrier,
    account: c.account,
    start_date: c.start_date,
    end_date: c.end_date,
    days_left: c.days_left,
    auto_renew: c.auto_renew,
    monthly_cents: c.expected_cents,
  }));
  return { from, to: addDays(from, days), rows, totals: { contracts: rows.length, monthly_cents: totalCents(rows.map((r) => r.monthly_cents), 'The monthly amounts of the contracts ending') } };
}

export const ENDING_COLUMNS: ReportColumn<EndingRow>[] = [
  { key: 'customer', header: 'Customer', kind: 'text', value: (r) => r.customer, width: 1.8 },
  { key: 'carrier', header: 'Carrier', kind: 'text', value: (r) => r.carrier, width: 1.4 },
  { key: 'account', header: 'Account', kind: 'text', value: (r) => r.account },
  { key: 'start_date', header: 'Start', kind: 'date', value: (r) => r.start_date },
  { key: 'end_date', header: 'End', kind: 'date', value: (r) => r.end_date },
  { key: 'days_left', header: 'Days left', kind: 'int', value: (r) => r.days_left },
  { key: 'auto_renew', header: 'Auto-renews', kind: 'text', value: (r) => (r.auto_renew ? 'yes' : 'no'), width: 0.6 },
  { key: 'monthly', header: 'Monthly (entered)', kind: 'cents', value: (r) => r.monthly_cents },
];

export function endingLayout(data: Ending): ReportLayout<EndingRow> {
  return {
    id: 'contracts-ending',
    title: `Contracts ending ${data.from} to ${data.to}`,
    subtitle: `${data.totals.contracts} contracts end between ${data.from} and ${data.to}`,
    columns: ENDING_COLUMNS,
    rows: data.rows,
    groups: null,
    totals: sumCents(ENDING_COLUMNS, data.rows),
    notes: [],
  };
}
