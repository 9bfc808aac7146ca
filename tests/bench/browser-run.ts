// Runs the browser benchmark on its own: builds a generated database (50,000 accounts by default), then times the
// month grid in Chromium.
//   node bin/run-ts.mjs tests/bench/browser-run.ts [--accounts N] [--json] [--keep]
//   node bin/run-ts.mjs tests/bench/browser-run.ts --db FILE --month YYYY-MM     (an existing database)
//   node bin/run-ts.mjs tests/bench/browser-run.ts --build FILE [--accounts N]  (only build one, to reuse)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { makeCtx, call } from '../../api/index.ts';
import { generateBook, bookCsv, actualCents } from './generate.ts';
import { runBrowserBench, AIMS, type BrowserFigures, type Spread } from './browser.ts';
import { textTable, fmtMs } from './measure.ts';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const accounts = Number(opt('--accounts') ?? 50_000);
const json = args.includes('--json');
const keep = args.includes('--keep');
const log = (s: string) => process.stderr.write(`${s}\n`);

/** A database with the generated book and its 24 months of actuals (the home page's chart reads them all). */
export async function buildBenchDb(file: string, nAccounts: number): Promise<{ month: string }> {
  const book = generateBook({ accounts: nAccounts });
  const db = openDb(file);
  try {
    const ctx = makeCtx(db, 'bench', 'import');
    log(`import.book: ${book.serviceCount} service rows for ${nAccounts} accounts`);
    const imported = await call(ctx, 'import.book', { file_name: 'book.csv', data: new TextEncoder().encode(bookCsv(book)), tolerance_pct: '5' });
    if (imported.rejected.length) throw new Error(`the generated book had rejected rows: ${imported.rejected[0]!.reason}`);
    const month = book.months[book.months.length - 1]!;
    const ids = new Map((await call(ctx, 'month.check', { month })).rows.map((r) => [`${r.carrier}|${r.account}`, r.account_id]));
    for (let m = 0; m < book.months.length; m++) {
      const items = book.accounts.flatMap((a, i) => {
        const cents = actualCents(book, i, m);
        const id = ids.get(`${book.carriers[a.carrier]}|${a.number}`);
        return cents === null || !id ? [] : [{ account_id: id, month: book.months[m]!, amount: cents }];
      });
      log(`actuals for ${book.months[m]}: ${items.length}`);
      await call(ctx, 'actuals.setMany', { items, source: 'imported' });
    }
    return { month };
  } finally {
    db.close();
  }
}

export function browserTable(f: BrowserFigures): string {
  const aim = (v: number, limit: number) => `${v <= limit ? 'met' : 'missed'} (< ${fmtMs(limit)})`;
  const p = (s: Spread) => `${fmtMs(s.p95)} (p50 ${fmtMs(s.p50)}, max ${fmtMs(s.max)})`;
  return textTable(
    ['browser figure', 'grid', 'raw baseline', 'aim'],
    [
      [`open month -> interactive grid (${f.rows.toLocaleString('en-US')} rows)`, fmtMs(f.open_ms), `${fmtMs(f.open_raw_ms)} month.check by fetch`, aim(f.open_ms, AIMS.open_ms)],
      ['switch month in the open page -> rows shown', fmtMs(f.month_switch_ms), '', ''],
      [`scroll frame p95, 60 px/frame (${f.scroll_60.n} frames)`, p(f.scroll_60), `${p(f.scroll_60_raw)} plain table`, aim(f.scroll_60.p95, AIMS.scroll_p95_ms)],
      [`scroll frame p95, 150 px/frame (${f.scroll_150.n} frames)`, p(f.scroll_150), `${p(f.scroll_150_raw)} plain table`, aim(f.scroll_150.p95, AIMS.scroll_p95_ms)],
      [`key Enter -> status visible p95 (${f.key_to_status.n} keys)`, p(f.key_to_status), `${p(f.key_raw)} actuals.set by fetch`, aim(f.key_to_status.p95, AIMS.key_p95_ms)],
      [`paste ${f.paste_rows.toLocaleString('en-US')} cells -> visible`, fmtMs(f.paste_ms), `${fmtMs(f.paste_raw_ms)} actuals.setMany by fetch`, aim(f.paste_ms, AIMS.paste_ms)],
      ...(f.home
        ? [
            ['open #/home cold -> widgets shown', fmtMs(f.home.widgets_ms), `${fmtMs(f.home.raw_dashboard_ms)} reports.dashboard by fetch`, aim(f.home.widgets_ms, AIMS.home_widgets_ms)],
            ['open #/home cold -> 24-month chart drawn', fmtMs(f.home.chart_ms), '', aim(f.home.chart_ms, AIMS.home_chart_ms)],
            ['open #/home warm -> widgets shown', fmtMs(f.home.widgets_warm_ms), '', aim(f.home.widgets_warm_ms, AIMS.home_widgets_ms)],
            ['open #/home warm -> 24-month chart drawn', fmtMs(f.home.chart_warm_ms), `${fmtMs(f.home.raw_series_ms)} reports.monthSeries (cached) by fetch`, aim(f.home.chart_warm_ms, AIMS.home_chart_ms)],
          ]
        : []),
    ],
  );
}

const existing = opt('--db');
const buildOnly = opt('--build');
if (buildOnly) {
  const { month } = await buildBenchDb(buildOnly, accounts);
  log(`built ${buildOnly}; its month is ${month}`);
} else if (existing) {
  const month = opt('--month');
  if (!month) throw new Error('--db needs --month YYYY-MM');
  const figures = await runBrowserBench({ dbFile: existing, month, log });
  process.stdout.write(json ? JSON.stringify(figures, null, 2) + '\n' : browserTable(figures) + '\n');
} else {
  const dir = mkdtempSync(join(tmpdir(), 'tem-bench-browser-'));
  try {
    const file = join(dir, 'bench.db');
    const { month } = await buildBenchDb(file, accounts);
    const figures = await runBrowserBench({ dbFile: file, month, log });
    process.stdout.write(json ? JSON.stringify(figures, null, 2) + '\n' : browserTable(figures) + '\n');
  } finally {
    if (keep) log(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}
