// `tem approvals register --month YYYY-MM [--format csv|xlsx|json] [--out FILE]`: the month's ready-to-pay
// register for accounts payable. CSV and JSON print to the terminal unless --out names a file; XLSX needs --out.
// Bills changed since their approval are not in the register (nor its total); CSV and XLSX name them on stderr.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { isMonth } from '../../core/months.ts';
import { call, type Ctx } from '../../api/index.ts';
import { REGISTER_COLUMNS } from '../../api/workflow/register-export.ts';
import { changedSinceApprovalNote } from '../../api/reports/register.ts';
import { UsageError, checkOutFile, type Io } from '../io.ts';

export { REGISTER_COLUMNS };

const USAGE = 'approvals takes: register --month YYYY-MM [--format csv|xlsx|json] [--out FILE]';

export async function approvalsCommand(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'register') throw new UsageError(USAGE);
  let o;
  try {
    o = parseArgs({ args: rest, options: { month: { type: 'string' }, format: { type: 'string', default: 'csv' }, out: { type: 'string' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!o.month || !isMonth(o.month)) throw new UsageError('approvals register needs --month YYYY-MM');
  if (o.format !== 'csv' && o.format !== 'json' && o.format !== 'xlsx') throw new UsageError('--format is csv, xlsx or json');
  if (o.format === 'xlsx' && !o.out) throw new UsageError('--format xlsx writes a file: add --out FILE.xlsx');
  if (o.out) checkOutFile(o.out);
  let bytes: Uint8Array;
  const register = await call(ctx, 'approvals.register', { month: o.month });
  if (o.format === 'json') bytes = new TextEncoder().encode(JSON.stringify(register, null, 2) + '\n');
  else {
    bytes = (await call(ctx, 'approvals.export', { month: o.month, format: o.format })).data;
    for (const line of changedSinceApprovalNote(register.changed_since_approval)) io.err(`${line}\n`);
  }
  if (o.out) {
    try {
      writeFileSync(o.out, bytes);
    } catch (e) {
      throw new UsageError(`cannot write ${o.out}: ${(e as Error).message}`);
    }
    io.err(`Wrote ${o.out}\n`);
  } else io.out(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
  return 0;
}
