// `tem approvals register --month YYYY-MM [--format csv|json]`: the month's ready-to-pay register for accounts payable.
import { parseArgs } from 'node:util';
import { isMonth } from '../../core/months.ts';
import { call, type Ctx } from '../../api/index.ts';
import type { RegisterRow } from '../../api/contract/approvals.ts';
import { toCsv, type Column } from '../../api/export/csv.ts';
import { UsageError, type Io } from '../io.ts';

export const REGISTER_COLUMNS: Column<RegisterRow>[] = [
  { header: 'Customer', text: (r) => r.customer },
  { header: 'Location', text: (r) => r.location },
  { header: 'Carrier', text: (r) => r.carrier },
  { header: 'Account', text: (r) => r.account },
  { header: 'Invoice', text: (r) => r.invoice_number },
  { header: 'Bill date', text: (r) => r.bill_date },
  { header: 'Expected', cents: (r) => r.expected_cents },
  { header: 'Actual', cents: (r) => r.actual_cents },
  { header: 'Variance', cents: (r) => r.variance_cents },
  { header: 'Status', text: (r) => r.status },
  { header: 'Approved by', text: (r) => r.approved_by },
  { header: 'Approved at', text: (r) => r.approved_at },
  { header: 'Override reason', text: (r) => r.override_reason },
  { header: 'Changed since approval', text: (r) => (r.changed_since_approval ? 'yes' : 'no') },
];

export async function approvalsCommand(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'register') throw new UsageError('approvals takes: register --month YYYY-MM [--format csv|json]');
  let o;
  try {
    o = parseArgs({ args: rest, options: { month: { type: 'string' }, format: { type: 'string', default: 'csv' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!o.month || !isMonth(o.month)) throw new UsageError('approvals register needs --month YYYY-MM');
  if (o.format !== 'csv' && o.format !== 'json') throw new UsageError('--format is csv or json');
  const reg = await call(ctx, 'approvals.register', { month: o.month });
  io.out(o.format === 'json' ? JSON.stringify(reg, null, 2) + '\n' : toCsv(reg.rows, REGISTER_COLUMNS));
  return 0;
}
