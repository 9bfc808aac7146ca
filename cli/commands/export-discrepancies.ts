// `tem export discrepancies --month YYYY-MM [--carrier NAME] [--customer NAME] [--location NAME]
//  [--status over,under,...] --format csv|xlsx|pdf (--out FILE | --per-carrier DIR)`: the same report and the
// same file writers as the app (reports.export / reports.shareWithCarriers).
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMonth } from '../../core/months.ts';
import { STATUSES, type BillStatus } from '../../core/tolerance.ts';
import { call, type Ctx } from '../../api/index.ts';
import { UsageError, checkOutFile, checkOutFolder, type Io } from '../io.ts';
import { plural } from '../../core/plural.ts';

export const DISCREPANCIES_USAGE =
  'export discrepancies --month YYYY-MM [--carrier NAME] [--customer NAME] [--location NAME] [--status over,under,missing,unexpected] --format csv|xlsx|pdf (--out FILE | --per-carrier DIR)';

export async function discrepanciesExport(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  let o;
  try {
    o = parseArgs({
      args: argv,
      options: {
        month: { type: 'string' },
        carrier: { type: 'string' },
        customer: { type: 'string' },
        location: { type: 'string' },
        status: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'per-carrier': { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (!o.month || !isMonth(o.month)) throw new UsageError(`export discrepancies needs --month YYYY-MM${o.month ? `, not "${o.month}"` : ''}`);
  const format = o.format;
  if (format !== 'csv' && format !== 'xlsx' && format !== 'pdf') throw new UsageError(`--format is csv, xlsx or pdf${format ? `, not "${format}"` : ''}`);
  if (!o.out === !o['per-carrier']) throw new UsageError('export discrepancies needs either --out FILE or --per-carrier DIR');
  let status: BillStatus[] | undefined;
  if (o.status) {
    status = o.status.split(',').map((s) => s.trim().toLowerCase()) as BillStatus[];
    const bad = status.filter((s) => !STATUSES.includes(s));
    if (bad.length) throw new UsageError(`--status takes ${STATUSES.join(', ')}; not ${bad.map((b) => `"${b}"`).join(', ')}`);
  }
  // The file's folder (or the folder above --per-carrier DIR) must exist: a mistyped path makes no folders.
  if (o.out) checkOutFile(o.out);
  else checkOutFolder(o['per-carrier']!, '--per-carrier');
  const filter = { month: o.month, carrier: o.carrier, customer: o.customer, location: o.location, status };
  if (o['per-carrier']) {
    const folder = resolve(o['per-carrier']);
    const r = await call(ctx, 'reports.shareWithCarriers', { ...filter, format, folder });
    for (const f of r.files) io.out(`${f.path}  (${f.carrier}: ${plural(f.bills, 'bill')})\n`);
    io.out(`Wrote ${r.files.length} files (one per carrier) into ${folder}\n`);
    return 0;
  }
  const r = await call(ctx, 'reports.export', { report: 'discrepancies', format, input: filter });
  try {
    writeFileSync(o.out!, r.bytes);
  } catch (e) {
    throw new UsageError(`cannot write ${o.out}: ${(e as Error).message}`);
  }
  const d = await call(ctx, 'reports.discrepancies', filter);
  io.out(`Exported the discrepancy report ${o.month} to ${o.out}: ${plural(d.totals.bills, 'bill')}, ${plural(d.carriers.length, 'carrier')} (${format})\n`);
  return 0;
}
