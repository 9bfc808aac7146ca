// Inventory list timings on the benchmark's book (default 50,000 accounts, ~150,000 services):
//   node bin/run-ts.mjs tests/bench/inventory.ts [--scale 0.2]
// Prints the first call of each query and the median of 4 more, as the inventory screens call them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { makeCtx, call } from '../../api/index.ts';
import { generateBook, bookCsv } from './generate.ts';

const scaleArg = process.argv.indexOf('--scale');
const scale = scaleArg > 0 ? Number(process.argv[scaleArg + 1]) : 1;
const dir = mkdtempSync(join(tmpdir(), 'tem-inv-bench-'));
const db = openDb(join(dir, 'bench.db'));
const ctx = makeCtx(db, 'bench', 'test');
try {
  const book = generateBook({ accounts: Math.round(50_000 * scale) });
  const t0 = performance.now();
  await call(ctx, 'import.book', { file_name: 'book.csv', data: new TextEncoder().encode(bookCsv(book)) });
  console.log(`1-minute load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)} on ${(await import('node:os')).cpus().length} cores`);
  console.log(`book: ${book.serviceCount} services in ${book.accounts.length} accounts, imported in ${Math.round(performance.now() - t0)} ms`);
  const one = db.sqlite.prepare('SELECT id, customer_id, carrier_id FROM billing_accounts LIMIT 1 OFFSET 1234').get() as { customer_id: string; carrier_id: string };
  const group = await call(ctx, 'groups.create', { name: 'Bench group' });
  db.sqlite.prepare('UPDATE services SET group_id = ? WHERE rowid % 7 = 0').run(group.id);

  const time = async (label: string, f: () => Promise<unknown>) => {
    const runs: number[] = [];
    let out: unknown;
    for (let i = 0; i < 5; i++) {
      const a = performance.now();
      out = await f();
      runs.push(performance.now() - a);
    }
    // The first call of a new list sorts it; the same list again (paging) is served from the sorted ids.
    const first = runs[0]!;
    const rest = runs.slice(1).sort((x, y) => x - y);
    const total = (out as { total?: number }).total;
    console.log(`${label.padEnd(52)} first ${first.toFixed(1).padStart(8)} ms, again ${rest[1]!.toFixed(1).padStart(7)} ms${total !== undefined ? `  (${total} matching)` : ''}`);
  };
  await time('services.search first page (sorted by customer)', () => call(ctx, 'services.search', { limit: 100 }));
  await time('services.search page 1000 (offset 99,900)', () => call(ctx, 'services.search', { limit: 100, offset: 99_900 }));
  await time('services.search sort monthly_cents desc', () => call(ctx, 'services.search', { sort: 'monthly_cents', dir: 'desc', limit: 100 }));
  await time('services.search customer filter', () => call(ctx, 'services.search', { customer_id: one.customer_id, limit: 100 }));
  await time('services.search carrier filter', () => call(ctx, 'services.search', { carrier_id: one.carrier_id, limit: 100 }));
  await time('services.search group filter', () => call(ctx, 'services.search', { group_id: group.id, limit: 100 }));
  await time('services.search status disconnected', () => call(ctx, 'services.search', { status: ['disconnected'], limit: 100 }));
  await time('services.search text "fiber"', () => call(ctx, 'services.search', { text: 'fiber', limit: 100 }));
  await time('customers.search text', () => call(ctx, 'customers.search', { text: 'a', limit: 50 }));
  await time('carriers.search (with account and service counts)', () => call(ctx, 'carriers.search', { limit: 50 }));
  await time('customers.tree (6 months)', () => call(ctx, 'customers.tree', { customer_id: one.customer_id }));
  await time('contracts.ending', () => call(ctx, 'contracts.ending', {}));
  await time('services.search next page (same list)', () => call(ctx, 'services.search', { limit: 100, offset: 100 }));
  await time('month.check', () => call(ctx, 'month.check', { month: '2025-06' }));
  await time('export.book csv', () => call(ctx, 'export.book', { format: 'csv' }));
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}
