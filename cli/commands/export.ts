// `tem export <what> ...`: files for people. Each kind of export is one entry of EXPORTS; add a kind by adding
// its function there.
import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { call, type Ctx } from '../../api/index.ts';
import { UsageError, checkOutFile, type Io } from '../io.ts';
import { listedCustomers, oneCustomer } from '../customer-arg.ts';
import { plural } from '../../core/plural.ts';
import { discrepanciesExport } from './export-discrepancies.ts';

export type ExportCommand = (ctx: Ctx, argv: string[], io: Io) => Promise<number>;

/** parseArgs with its complaints as usage errors. */
function parsed<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `tem export book --format csv|xlsx --out FILE [--customer CUSTOMER]`: the book in the layout `import book` reads. */
async function exportBookCommand(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  const { values: o } = parsed(() =>
    parseArgs({ args: argv, options: { format: { type: 'string' }, out: { type: 'string' }, customer: { type: 'string' } }, strict: true }),
  );
  const format = o.format ?? 'csv';
  if (format !== 'csv' && format !== 'xlsx') throw new UsageError(`--format is "csv" or "xlsx", not "${format}"`);
  if (!o.out) throw new UsageError('export book needs --out FILE');
  checkOutFile(o.out);
  const customer_id = o.customer === undefined ? undefined : await oneCustomer(ctx, listedCustomers, o.customer);
  const r = await call(ctx, 'export.book', { format, customer_id });
  try {
    writeFileSync(o.out, r.data);
  } catch (e) {
    throw new UsageError(`cannot write ${o.out}: ${(e as Error).message}`);
  }
  io.out(`Exported the book to ${o.out}: ${plural(r.rows, 'row')} (${format})\n`);
  return 0;
}

export const EXPORTS: Record<string, ExportCommand> = {
  book: exportBookCommand,
  discrepancies: discrepanciesExport,
};

export async function exportCommand(ctx: Ctx, argv: string[], io: Io): Promise<number> {
  const [what, ...rest] = argv;
  const run = what ? EXPORTS[what] : undefined;
  if (!run) throw new UsageError(`export takes ${Object.keys(EXPORTS).map((k) => `"${k}"`).join(' or ')}${what ? `, not "${what}"` : ''}`);
  return run(ctx, rest, io);
}
