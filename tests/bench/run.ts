// `npm run bench`: TEM desk's API against raw better-sqlite3 doing the same reads and writes, on a generated
// book (50,000 accounts, ~150,000 services, 24 months of actuals by default). It prints figures; it asserts
// nothing. Progress goes to stderr, the table (or with --json, the JSON) to stdout.
//
//   npm run bench                      full size
//   npm run bench -- --scale 0.1       a tenth (5,000 accounts)
//   npm run -s bench -- --accounts 2000 --json   (-s keeps npm's banner out of the JSON)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDb, type Db } from '../../db/open.ts';
import { call, makeCtx, type Ctx } from '../../api/index.ts';
import { CHECK_SQL, checkFeatures } from '../../api/month/query.ts';
import { seriesSql } from '../../api/reports/series.ts';
import { addMonthsToMonth, monthStart, monthEnd } from '../../core/months.ts';
import { addDays } from '../../core/days.ts';
import { generateBook, bookCsv, bookTables, actualCents, billCents, amountText, mulberry32, activeIn, type Book } from './generate.ts';
import { timed, now, collect, percentile, median, MemorySampler, textTable, fmtMs, fmtRatio } from './measure.ts';

const USAGE = `npm run bench -- [options]

  --scale F         size relative to the default book of 50,000 accounts (e.g. 0.1)
  --accounts N      billing accounts (overrides --scale)
  --seed N          generator seed (default 20260101)
  --history api|raw load the 24 months of history through actuals.setMany (api, default) or raw INSERTs (raw)
  --single N        single actuals.set calls to time (default 2000)
  --many N          actuals in the one actuals.setMany call (default 10000)
  --check-runs N    timed runs of the month check (default 5)
  --many-runs N     timed runs of the setMany figure (default 3)
  --json            print the figures as JSON instead of a table
  --keep            keep the temporary databases (their folder is printed)
  --no-browser      skip the browser part (tests/bench/browser-run.ts: the month grid in Chromium)
  --no-sync         skip the sync part (tests/bench/sync-run.ts: first sync of the book, push and pull of
                    100,000 changes at full size, scaled with the book)
`;

interface Options {
  accounts: number;
  seed: number;
  history: 'api' | 'raw';
  single: number;
  many: number;
  checkRuns: number;
  manyRuns: number;
  json: boolean;
  keep: boolean;
  browser: boolean;
  sync: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { accounts: 50_000, seed: 20260101, history: 'api', single: 2000, many: 10_000, checkRuns: 5, manyRuns: 3, json: false, keep: false, browser: true, sync: true };
  let scale: number | undefined;
  let accounts: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const num = () => {
      const v = Number(value());
      if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
      return v;
    };
    switch (flag) {
      case '--scale': scale = num(); break;
      case '--accounts': accounts = Math.round(num()); break;
      case '--seed': o.seed = Math.round(num()); break;
      case '--history': {
        const v = value();
        if (v !== 'api' && v !== 'raw') throw new Error('--history is api or raw');
        o.history = v;
        break;
      }
      case '--single': o.single = Math.round(num()); break;
      case '--many': o.many = Math.round(num()); break;
      case '--check-runs': o.checkRuns = Math.round(num()); break;
      case '--many-runs': o.manyRuns = Math.round(num()); break;
      case '--json': o.json = true; break;
      case '--no-browser': o.browser = false; break;
      case '--no-sync': o.sync = false; break;
      case '--keep': o.keep = true; break;
      case '--help': case '-h': process.stdout.write(USAGE); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n\n${USAGE}`);
    }
  }
  o.accounts = Math.max(10, accounts ?? Math.round(50_000 * (scale ?? 1)));
  return o;
}

const log = (msg: string) => process.stderr.write(`[bench] ${msg}\n`);

/** The tolerance the import applies to accounts whose rows name none. */
const DEFAULT_PCT = '5';
const DEFAULT_BP = 500;

// ---------------------------------------------------------------------------------------------------------------
// Raw baselines: plain prepared statements, pre-parsed values, no audit, no validation.

/** Inserts the book with one prepared INSERT per table in one transaction; returns account ids in book order. */
function rawImportBook(sqlite: Database.Database, t: ReturnType<typeof bookTables>): string[] {
  const at = new Date().toISOString();
  const insCustomer = sqlite.prepare('INSERT INTO customers (id, name, stage, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  const insLocation = sqlite.prepare('INSERT INTO locations (id, customer_id, name, is_main, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
  const insCarrier = sqlite.prepare('INSERT INTO carriers (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)');
  const insAccount = sqlite.prepare(
    `INSERT INTO billing_accounts (id, carrier_id, customer_id, location_id, account_number, start_month, end_month, in_book, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  );
  const insService = sqlite.prepare(
    `INSERT INTO services (id, billing_account_id, location_id, carrier_id, import_key, description, status, monthly_cents, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)`,
  );
  const insContract = sqlite.prepare(
    `INSERT INTO contracts (id, customer_id, carrier_id, billing_account_id, start_date, end_date, expected_source, tolerance_pct_bp,
       tolerance_amount_cents, tolerance_mode, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'services', ?, NULL, 'either', ?, ?)`,
  );
  return sqlite.transaction(() => {
    const customerIds = t.customers.map((c) => {
      const id = randomUUID();
      insCustomer.run(id, c.name, 'active', at, at);
      return id;
    });
    const locationIds = t.customers.map((c, ci) =>
      c.locations.map((name, li) => {
        const id = randomUUID();
        insLocation.run(id, customerIds[ci], name, li === 0 ? 1 : 0, at, at);
        return id;
      }),
    );
    const carrierIds = t.carriers.map((name) => {
      const id = randomUUID();
      insCarrier.run(id, name, at, at);
      return id;
    });
    return t.accounts.map((a) => {
      const id = randomUUID();
      const customerId = customerIds[a.customer]!;
      const locationId = locationIds[a.customer]![a.location]!;
      const carrierId = carrierIds[a.carrier]!;
      insAccount.run(id, carrierId, customerId, locationId, a.account_number, a.start_month, a.end_month, at, at);
      const seen = new Map<string, number>();
      for (const s of a.services) {
        const n = (seen.get(s.description) ?? 0) + 1;
        seen.set(s.description, n);
        insService.run(randomUUID(), id, locationId, carrierId, `${s.description}#${n}`, s.description, s.cents, at, at);
      }
      insContract.run(randomUUID(), customerId, carrierId, id, a.start_date, a.end_date, a.tolerance_pct_bp ?? DEFAULT_BP, at, at);
      return id;
    });
  })();
}

const INSERT_ACTUAL = `INSERT INTO actuals (id, billing_account_id, month, amount_cents, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`;
const UPSERT_ACTUAL = `${INSERT_ACTUAL}
  ON CONFLICT(billing_account_id, month) DO UPDATE SET amount_cents = excluded.amount_cents, source = excluded.source, updated_at = excluded.updated_at`;

/** One month of actuals in one transaction with a plain INSERT (for loading history): n bills, the k-th for account
 *  idOf(k) of centsOf(k). */
function rawInsertMonth(sqlite: Database.Database, month: string, n: number, idOf: (k: number) => string, centsOf: (k: number) => number) {
  const ins = sqlite.prepare(INSERT_ACTUAL);
  const at = new Date().toISOString();
  sqlite.transaction(() => {
    for (let k = 0; k < n; k++) ins.run(randomUUID(), idOf(k), month, centsOf(k), 'imported', at, at);
  })();
}

// ---------------------------------------------------------------------------------------------------------------

interface Figure {
  id: string;
  label: string;
  unit: 'ms';
  tem: number;
  raw: number;
  ratio: number;
  aim: string;
  /** null when the figure has no aim */
  met: boolean | null;
  detail?: Record<string, unknown>;
}

const fileMb = (f: string) => (existsSync(f) ? statSync(f).size / 1024 / 1024 : 0);

const HISTORY_CHUNK = 10_000;

/** The id of every generated account in the database, in book order (matched by carrier name and number). */
function accountIds(db: Db, book: Book): string[] {
  const byKey = new Map<string, string>();
  for (const r of db.sqlite
    .prepare('SELECT ba.id, ca.name AS carrier, ba.account_number AS number FROM billing_accounts ba JOIN carriers ca ON ca.id = ba.carrier_id')
    .iterate() as IterableIterator<{ id: string; carrier: string; number: string }>) {
    byKey.set(`${r.carrier}|${r.number}`, r.id);
  }
  return book.accounts.map((a) => {
    const id = byKey.get(`${book.carriers[a.carrier]}|${a.number}`);
    if (!id) throw new Error(`account ${a.number} was not imported`);
    return id;
  });
}

/** k distinct indexes below n, in random order. */
function sample(rng: () => number, n: number, k: number): number[] {
  const xs = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng() * (n - i));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs.slice(0, k);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = now();
  const mem = new MemorySampler().start();
  mem.mark('start (code loaded)');
  const loadStart = loadavg()[0]!;
  const tmp = mkdtempSync(join(tmpdir(), 'tem-bench-'));
  const dbs: Db[] = [];
  const cleanup = () => {
    for (const d of dbs.splice(0)) {
      try {
        d.close();
      } catch {
        /* already closed */
      }
    }
    if (!o.keep) rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const figures: Figure[] = [];
  const fig = (f: Omit<Figure, 'ratio' | 'unit' | 'met'>, met: (f: Figure) => boolean | null) => {
    const full: Figure = { ...f, unit: 'ms', ratio: f.tem / f.raw, met: null };
    full.met = met(full);
    figures.push(full);
    return full;
  };
  const within3x = (f: Figure) => f.ratio <= 3;

  try {
    // -- the book --------------------------------------------------------------------------------------------
    log(`generating ${o.accounts.toLocaleString('en-US')} accounts (seed ${o.seed}) in ${tmp}`);
    const gen = await timed(() => generateBook({ accounts: o.accounts, seed: o.seed }));
    const book = gen.value;
    const nAccounts = book.accounts.length;
    const lastIndex = book.months.length - 1;
    const lastMonth = book.months[lastIndex]!;
    const monthAt = (m: number) => addMonthsToMonth(book.months[0]!, m);
    mem.mark('generate book');

    // -- (1) import ------------------------------------------------------------------------------------------
    const db = openDb(join(tmp, 'tem.db'));
    dbs.push(db);
    const ctx: Ctx = makeCtx(db, 'bench', 'ui');
    const importFigure = await (async () => {
      const csv = bookCsv(book);
      const data = new TextEncoder().encode(csv);
      const csvMb = data.byteLength / 1024 / 1024;
      log(`import.book: ${book.serviceCount.toLocaleString('en-US')} rows, ${csvMb.toFixed(1)} MB of CSV`);
      collect();
      const api = await timed(() => call(ctx, 'import.book', { file_name: 'book.csv', data, tolerance_pct: DEFAULT_PCT }));
      if (api.value.rejected.length) throw new Error(`the generated book had ${api.value.rejected.length} rejected rows: ${api.value.rejected[0]!.reason}`);
      mem.mark('import.book (API)');
      return { api, csvMb };
    })();

    const rawDb = openDb(join(tmp, 'raw.db'));
    dbs.push(rawDb);
    const rawImport = await (async () => {
      const tables = bookTables(book); // pre-parsed before timing, as the brief asks
      collect();
      return timed(() => rawImportBook(rawDb.sqlite, tables));
    })();
    mem.mark('import (raw)');
    const counts = importFigure.api.value.counts;
    const count = (sqlite: Database.Database, table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    for (const table of ['customers', 'locations', 'carriers', 'billing_accounts', 'services', 'contracts']) {
      const a = count(db.sqlite, table);
      const b = count(rawDb.sqlite, table);
      if (a !== b) throw new Error(`${table}: the API imported ${a} rows, the raw baseline ${b}`);
    }
    fig(
      {
        id: 'import',
        label: `import book (${book.serviceCount.toLocaleString('en-US')} rows)`,
        tem: importFigure.api.ms,
        raw: rawImport.ms,
        aim: '<= 3x raw',
        detail: { csv_mb: importFigure.csvMb, counts },
      },
      within3x,
    );
    const ids = accountIds(db, book);
    // The generated services have served their purpose (the CSV and the raw import); later phases bill each account
    // its expected total, which the account keeps. Letting them go takes ~13 MB off the bench's own heap.
    for (const a of book.accounts) a.services = [];

    // -- (2) history -----------------------------------------------------------------------------------------
    log(`loading ${book.months.length} months of actuals (${o.history === 'api' ? `actuals.setMany, calls of ${HISTORY_CHUNK}` : 'raw INSERTs'})`);
    let historyApiMs = 0;
    let historyRawMs = 0;
    let historyRows = 0;
    const rawIds = rawImport.value;
    // The month's bills as two typed arrays, reused month after month (account index, amount), not an object per bill.
    const billed = new Int32Array(nAccounts);
    const billCentsOf = new Int32Array(nAccounts);
    for (let m = 0; m < book.months.length; m++) {
      const month = book.months[m]!;
      let n = 0;
      for (let i = 0; i < nAccounts; i++) {
        const c = actualCents(book, i, m);
        if (c === null) continue;
        billed[n] = i;
        billCentsOf[n++] = c;
      }
      historyRows += n;
      if (o.history === 'api') {
        // In calls of at most 10,000 values, the size of a large month-end paste.
        for (let from = 0; from < n; from += HISTORY_CHUNK) {
          const items = Array.from({ length: Math.min(HISTORY_CHUNK, n - from) }, (_, k) => ({
            account_id: ids[billed[from + k]!]!,
            month,
            amount: amountText(billCentsOf[from + k]!),
          }));
          const t = await timed(() => call(ctx, 'actuals.setMany', { items, source: 'imported' }));
          historyApiMs += t.ms;
        }
      } else {
        const t = await timed(() => rawInsertMonth(db.sqlite, month, n, (k) => ids[billed[k]!]!, (k) => billCentsOf[k]!));
        historyApiMs += t.ms;
      }
      historyRawMs += (await timed(() => rawInsertMonth(rawDb.sqlite, month, n, (k) => rawIds[billed[k]!]!, (k) => billCentsOf[k]!))).ms;
      if ((m + 1) % 6 === 0) log(`  ${m + 1} months`);
    }
    mem.mark('history');
    fig(
      {
        id: 'history',
        label: `load ${book.months.length} months of history (${historyRows.toLocaleString('en-US')} actuals; setup)`,
        tem: historyApiMs,
        raw: historyRawMs,
        aim: o.history === 'api' ? '(setup, no aim)' : '(raw setup)',
        detail: { via: o.history === 'api' ? `actuals.setMany in calls of ${HISTORY_CHUNK}` : 'raw INSERT', rows: historyRows },
      },
      () => null,
    );
    // The raw database has served its purpose (import and history baselines).
    rawDb.close();
    dbs.splice(dbs.indexOf(rawDb), 1);
    for (const f of ['raw.db', 'raw.db-wal', 'raw.db-shm']) rmSync(join(tmp, f), { force: true });

    // -- (3) check one month ---------------------------------------------------------------------------------
    log(`month.check ${lastMonth}: ${o.checkRuns} runs`);
    const rawCheck = db.sqlite.prepare(CHECK_SQL(''));
    const checkParams = { month: lastMonth, month_start: monthStart(lastMonth), month_end: monthEnd(lastMonth) };
    // The raw baseline reads every row as plain better-sqlite3 builds them, one at a time, and keeps none: held
    // together (.all()) they are ~95 MB of dictionary-mode objects (~2 KB a row), the bench's memory, not the app's,
    // and the garbage collection they cause made the raw figure ~1.5x slower than the reads themselves.
    const rawCheckRows = () => {
      let n = 0;
      for (const _ of rawCheck.iterate(checkParams)) n++;
      return n;
    };
    // One warm-up run of each (not timed); only the counts are kept so 50,000 rows do not stay in memory.
    const { checkRows, checkTotals } = await (async () => {
      const warmApi = await call(ctx, 'month.check', { month: lastMonth });
      const api = { rows: warmApi.rows.length, totals: warmApi.totals };
      return api;
    })().then((api) => {
      const rawRows = rawCheckRows();
      if (api.rows !== rawRows) throw new Error(`month.check returned ${api.rows} rows, the raw query ${rawRows}`);
      return { checkRows: rawRows, checkTotals: api.totals };
    });
    const apiChecks: number[] = [];
    const rawChecks: number[] = [];
    for (let r = 0; r < o.checkRuns; r++) {
      collect();
      apiChecks.push((await timed(() => call(ctx, 'month.check', { month: lastMonth }))).ms);
      collect();
      rawChecks.push((await timed(rawCheckRows)).ms);
    }
    mem.mark('month.check');
    fig(
      {
        id: 'check',
        label: `check one month (${checkRows.toLocaleString('en-US')} rows; median of ${o.checkRuns})`,
        tem: median(apiChecks),
        raw: median(rawChecks),
        aim: '<= 3x raw',
        detail: { month: lastMonth, rows: checkRows, totals: checkTotals, tem_runs: apiChecks, raw_runs: rawChecks },
      },
      within3x,
    );

    // -- (3b) the home page's API: the 24-month series and the dashboard's figures ---------------------------
    // Cold: nothing counted yet on this connection. Raw: the series' SQL alone (api/reports/series.ts), summed by
    // SQLite, i.e. reading every account-month without evaluating a bill.
    log(`reports.monthSeries ${lastMonth} (24 months): cold, then warm; reports.dashboard`);
    const seriesMonths = Array.from({ length: 24 }, (_, i) => addMonthsToMonth(lastMonth, i - 23));
    collect();
    const seriesCold = await timed(() => call(ctx, 'reports.monthSeries', { month: lastMonth, months: 24 }));
    mem.mark('monthSeries (cold)');
    const seriesWarm = await timed(() => call(ctx, 'reports.monthSeries', { month: lastMonth, months: 24 }));
    const rawSeries = await timed(() => {
      const sql = seriesSql(checkFeatures(ctx), '');
      const months = JSON.stringify(seriesMonths.map((m) => [m, monthStart(m), monthEnd(m)]));
      return db.sqlite.prepare(`SELECT count(*) AS n, total(active), count(expected_source), total(contract_cents), count(tolerance_mode), total(services_cents), total(step_cents), total(override_cents), total(actual_cents) FROM (${sql})`).get({ months, after: 0, upto: Number.MAX_SAFE_INTEGER });
    });
    if (seriesCold.value.series.at(-1)!.expected_cents !== checkTotals.expected_cents) throw new Error('the series does not match month.check for the last month');
    fig(
      { id: 'series_cold', label: 'home: 24-month series, cold (reports.monthSeries)', tem: seriesCold.ms, raw: rawSeries.ms, aim: '<= 3x raw (series SQL alone)', detail: { rows: rawSeries.value } },
      within3x,
    );
    fig({ id: 'series_warm', label: 'home: 24-month series, warm (cached)', tem: seriesWarm.ms, raw: rawSeries.ms, aim: '< 50 ms' }, (f) => f.tem < 50);
    collect();
    const dash = await timed(() => call(ctx, 'reports.dashboard', { month: lastMonth, with_series: false }));
    fig(
      { id: 'dashboard', label: 'home: dashboard figures (reports.dashboard)', tem: dash.ms, raw: median(rawChecks), aim: '<= raw month check', detail: { flagged: dash.value.flagged } },
      (f) => f.ratio <= 1,
    );
    mem.mark('home API');

    // -- (4) one actual at a time ----------------------------------------------------------------------------
    const warm = Math.min(50, o.single);
    log(`actuals.set: ${o.single} calls (+${warm} warm-up) on random accounts`);
    const rng = mulberry32(o.seed ^ 0x5eed);
    const singleM = book.months.length; // the month after the history: new bills, mostly inserts
    const picks = Array.from({ length: warm + o.single }, () => Math.floor(rng() * nAccounts));
    const apiSingle: number[] = [];
    const apiMonth = monthAt(singleM);
    collect();
    for (let k = 0; k < picks.length; k++) {
      const i = picks[k]!;
      const input = { account_id: ids[i]!, month: apiMonth, amount: amountText(billCents(book, i, singleM)) };
      const t0 = now();
      await call(ctx, 'actuals.set', input);
      const ms = now() - t0;
      if (k >= warm) apiSingle.push(ms);
    }
    const rawMonth = monthAt(singleM + 1);
    const upsert = db.sqlite.prepare(UPSERT_ACTUAL);
    const upsertOne = db.sqlite.transaction((id: string, month: string, cents: number) => {
      const at = new Date().toISOString();
      upsert.run(randomUUID(), id, month, cents, 'keyed', at, at);
    });
    const rawSingle: number[] = [];
    collect();
    for (let k = 0; k < picks.length; k++) {
      const i = picks[k]!;
      const cents = billCents(book, i, singleM);
      const t0 = now();
      upsertOne(ids[i]!, rawMonth, cents);
      const ms = now() - t0;
      if (k >= warm) rawSingle.push(ms);
    }
    mem.mark('actuals.set x N');
    const singleDetail = {
      calls: o.single,
      month_tem: apiMonth,
      month_raw: rawMonth,
      tem: { p50: percentile(apiSingle, 50), p90: percentile(apiSingle, 90), p99: percentile(apiSingle, 99), max: Math.max(...apiSingle) },
      raw: { p50: percentile(rawSingle, 50), p90: percentile(rawSingle, 90), p99: percentile(rawSingle, 99), max: Math.max(...rawSingle) },
    };
    fig(
      { id: 'set_p50', label: `one actual, p50 (${o.single.toLocaleString('en-US')} calls)`, tem: singleDetail.tem.p50, raw: singleDetail.raw.p50, aim: '', detail: singleDetail },
      () => null,
    );
    fig({ id: 'set_p99', label: `one actual, p99`, tem: singleDetail.tem.p99, raw: singleDetail.raw.p99, aim: 'p99 < 2 ms' }, (f) => f.tem < 2);

    // -- (5) many actuals in one call ------------------------------------------------------------------------
    const many = Math.min(o.many, nAccounts);
    log(`actuals.setMany: ${many} items, ${o.manyRuns} runs`);
    const apiMany: number[] = [];
    const rawMany: number[] = [];
    for (let r = 0; r < o.manyRuns; r++) {
      const mApi = singleM + 2 + r; // fresh months: every item is a new bill
      const mRaw = singleM + 2 + o.manyRuns + r;
      const chosen = sample(rng, nAccounts, many);
      const items = chosen.map((i) => ({ account_id: ids[i]!, month: monthAt(mApi), amount: amountText(billCents(book, i, mApi)) }));
      collect();
      const api = await timed(() => call(ctx, 'actuals.setMany', { items }));
      if (api.value.changed !== many) throw new Error(`actuals.setMany changed ${api.value.changed} of ${many}`);
      apiMany.push(api.ms);
      const rawItems = chosen.map((i) => ({ id: ids[i]!, cents: billCents(book, i, mApi) }));
      const month = monthAt(mRaw);
      collect();
      const t0 = now();
      db.sqlite.transaction(() => {
        const at = new Date().toISOString();
        for (const it of rawItems) upsert.run(randomUUID(), it.id, month, it.cents, 'pasted', at, at);
      })();
      rawMany.push(now() - t0);
    }
    mem.mark('actuals.setMany');
    fig(
      {
        id: 'set_many',
        label: `${many.toLocaleString('en-US')} actuals in one call (median of ${o.manyRuns})`,
        tem: median(apiMany),
        raw: median(rawMany),
        aim: '<= 3x raw',
        detail: { items: many, tem_runs: apiMany, raw_runs: rawMany },
      },
      within3x,
    );

    // -- (5b) alerts (the count beside the navigation, asked on every refresh) --------------------------------
    // Judged on the 10th of the second month after the history: the month before (keyed in (4), so most of its
    // bills are missing) is past every carrier's bill day plus the grace period, and every bill of the last six
    // months was entered "recently" (the history was loaded today), so the newly flagged alerts evaluate them all.
    // Cold: a new connection (nothing cached, statements not prepared). Raw: the plain SQL a hand-written alerts
    // query runs to find its bills (tickets due, accounts without a bill, bills entered since the day, dispute
    // windows closing), without the month check that says which of them are flagged.
    const alertsAsOf = `${monthAt(book.months.length + 1)}-10`;
    log(`alerts.list as of ${alertsAsOf}: cold, warm, after one actual`);
    const alertsDb = openDb(db.file);
    dbs.push(alertsDb);
    const alertsCtx: Ctx = makeCtx(alertsDb, 'bench', 'ui');
    collect();
    const alertsCold = await timed(() => call(alertsCtx, 'alerts.list', { as_of: alertsAsOf }));
    mem.mark('alerts (cold)');
    const alertsWarmRuns: number[] = [];
    for (let r = 0; r < 5; r++) alertsWarmRuns.push((await timed(() => call(alertsCtx, 'alerts.list', { as_of: alertsAsOf }))).ms);
    // One bill of the late month keyed (it was missing): the next answer must already leave it out.
    const alertsMonth = monthAt(book.months.length);
    const hasBill = alertsDb.sqlite.prepare('SELECT 1 FROM actuals WHERE billing_account_id = ? AND month = ? AND amount_cents IS NOT NULL');
    const keyedIndex = ids.findIndex((id, i) => activeIn(book.accounts[i]!, alertsMonth) && hasBill.get(id, alertsMonth) === undefined);
    const missingBefore = alertsCold.value.alerts.filter((a) => a.kind === 'bill_missing' && a.month === alertsMonth).reduce((n, a) => n + a.count, 0);
    await call(alertsCtx, 'actuals.set', { account_id: ids[keyedIndex]!, month: alertsMonth, amount: amountText(billCents(book, keyedIndex, book.months.length)) });
    const alertsAfter = await timed(() => call(alertsCtx, 'alerts.list', { as_of: alertsAsOf }));
    const missingAfter = alertsAfter.value.alerts.filter((a) => a.kind === 'bill_missing' && a.month === alertsMonth).reduce((n, a) => n + a.count, 0);
    if (missingBefore > 0 && missingAfter !== missingBefore - 1) throw new Error(`alerts.list: ${missingBefore} bills missing for ${alertsMonth} before keying one, ${missingAfter} after`);
    const rawAlerts = await timed(() => {
      const s = alertsDb.sqlite;
      const until = addDays(alertsAsOf, 7);
      const tickets = s
        .prepare(`SELECT id, number, title, status, due_date, assignee FROM tickets WHERE retired_at IS NULL AND status NOT IN ('resolved', 'closed_no_credit') AND due_date IS NOT NULL AND due_date <= ? ORDER BY due_date, number`)
        .all(until).length;
      let notIn = 0;
      for (const month of [addMonthsToMonth(alertsAsOf.slice(0, 7), -1), alertsAsOf.slice(0, 7)]) {
        notIn += s
          .prepare(
            `SELECT ba.id FROM billing_accounts ba WHERE ba.in_book AND ba.retired_at IS NULL AND (ba.start_month IS NULL OR ba.start_month <= ?) AND (ba.end_month IS NULL OR ba.end_month >= ?)
             AND NOT EXISTS (SELECT 1 FROM actuals a WHERE a.billing_account_id = ba.id AND a.month = ? AND a.amount_cents IS NOT NULL) ORDER BY ba.account_number`,
          )
          .all(month, month, month).length;
      }
      const recent = s
        .prepare('SELECT billing_account_id, month FROM actuals WHERE updated_at >= ? AND month >= ? AND amount_cents IS NOT NULL')
        .all(addDays(alertsAsOf, -7), addMonthsToMonth(alertsAsOf.slice(0, 7), -6)).length;
      const closing = s
        .prepare(
          `SELECT a.billing_account_id, a.month, date(a.bill_date, '+' || c.dispute_window_days || ' days') AS closes
           FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id JOIN carriers c ON c.id = ba.carrier_id
           WHERE a.bill_date IS NOT NULL AND c.dispute_window_days IS NOT NULL AND a.amount_cents IS NOT NULL
             AND date(a.bill_date, '+' || c.dispute_window_days || ' days') BETWEEN ? AND ? ORDER BY closes`,
        )
        .all(alertsAsOf, until).length;
      return { tickets, accounts_without_bill: notIn, recent_bills: recent, windows_closing: closing };
    });
    mem.mark('alerts');
    const alertsDetail = {
      as_of: alertsAsOf,
      alerts: alertsCold.value.alerts.length,
      by_kind: Object.fromEntries(['bill_missing', 'newly_flagged', 'window_closing', 'ticket_overdue'].map((k) => [k, alertsCold.value.alerts.filter((a) => a.kind === k).reduce((n, a) => n + a.count, 0)])),
      raw_rows: rawAlerts.value,
      warm_runs: alertsWarmRuns,
    };
    fig(
      { id: 'alerts_cold', label: `alerts, cold (${alertsDetail.by_kind.bill_missing.toLocaleString('en-US')} bills missing, ${rawAlerts.value.recent_bills.toLocaleString('en-US')} entered lately)`, tem: alertsCold.ms, raw: rawAlerts.ms, aim: '(first call; no aim)', detail: alertsDetail },
      () => null,
    );
    fig({ id: 'alerts_warm', label: 'alerts, warm (median of 5)', tem: median(alertsWarmRuns), raw: rawAlerts.ms, aim: '< 300 ms' }, (f) => f.tem < 300);
    fig({ id: 'alerts_after_write', label: 'alerts, right after one actual is keyed', tem: alertsAfter.ms, raw: rawAlerts.ms, aim: '< 300 ms' }, (f) => f.tem < 300);
    alertsDb.close();
    dbs.splice(dbs.indexOf(alertsDb), 1);

    // -- (6) memory ------------------------------------------------------------------------------------------
    mem.stop();
    const peakSampled = mem.peakMb;
    const maxRss = MemorySampler.maxRss() / 1024 / 1024;
    const peak = Math.max(peakSampled, maxRss);
    const dbMb = fileMb(db.file) + fileMb(`${db.file}-wal`);
    const auditRows = count(db.sqlite, 'audit_log');
    const locationsCount = count(db.sqlite, 'locations');
    const totalS = (now() - started) / 1000;

    const result = {
      config: {
        accounts: nAccounts,
        services: book.serviceCount,
        customers: book.customers.length,
        locations: locationsCount,
        carriers: book.carriers.length,
        months: book.months.length,
        seed: o.seed,
        history_via: o.history === 'api' ? `${book.months.length} x actuals.setMany (one call per month)` : 'raw INSERTs',
        node: process.version,
        sqlite: (db.sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
        database: 'temporary file, WAL, synchronous=NORMAL (openDb)',
        cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
        load_average: { start: loadStart, end: loadavg()[0]! },
        generate_ms: gen.ms,
      },
      figures,
      memory: {
        peak_sampled_rss_mb: peakSampled,
        max_rss_mb: maxRss,
        aim: '< 500 MB',
        met: peak < 500,
        phases: mem.marks,
      },
      database: { tem_db_mb: dbMb, audit_rows: auditRows },
      total_s: totalS,
    };

    if (o.json) {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
    } else {
      const c = result.config;
      const out: string[] = [];
      out.push(
        `TEM desk benchmark — ${c.accounts.toLocaleString('en-US')} accounts, ${c.services.toLocaleString('en-US')} services, ` +
          `${c.customers.toLocaleString('en-US')} customers, ${c.locations.toLocaleString('en-US')} locations, ${c.carriers} carriers, ${c.months} months`,
      );
      out.push(`node ${c.node}, SQLite ${c.sqlite}, ${c.database}; history loaded via ${c.history_via}`);
      out.push(`${c.cpu}; 1-minute load average ${c.load_average.start.toFixed(2)} at start, ${c.load_average.end.toFixed(2)} at end (other work on the machine skews the figures)`);
      out.push('');
      out.push(
        textTable(
          ['figure', 'TEM desk', 'raw baseline', 'ratio', 'aim', 'meets aim'],
          [
            ...figures.map((f) => [f.label, fmtMs(f.tem), fmtMs(f.raw), fmtRatio(f.ratio), f.aim || '—', f.met === null ? '—' : f.met ? 'yes' : 'NO']),
            [
              'peak memory (RSS sampled / kernel maxRSS)',
              `${peakSampled.toFixed(0)} MB / ${maxRss.toFixed(0)} MB`,
              '—',
              '—',
              '< 500 MB',
              peak < 500 ? 'yes' : 'NO',
            ],
          ],
        ),
      );
      out.push('');
      out.push(
        `one actual: TEM p50 ${fmtMs(singleDetail.tem.p50)}, p90 ${fmtMs(singleDetail.tem.p90)}, p99 ${fmtMs(singleDetail.tem.p99)}, max ${fmtMs(singleDetail.tem.max)}; ` +
          `raw p50 ${fmtMs(singleDetail.raw.p50)}, p90 ${fmtMs(singleDetail.raw.p90)}, p99 ${fmtMs(singleDetail.raw.p99)}, max ${fmtMs(singleDetail.raw.max)}`,
      );
      out.push(`month.check runs (ms): TEM ${apiChecks.map((x) => x.toFixed(0)).join(', ')}; raw ${rawChecks.map((x) => x.toFixed(0)).join(', ')}`);
      out.push(`actuals.setMany runs (ms): TEM ${apiMany.map((x) => x.toFixed(0)).join(', ')}; raw ${rawMany.map((x) => x.toFixed(0)).join(', ')}`);
      out.push('');
      out.push('memory by phase (MB): phase | RSS at end | sampled peak in phase | kernel maxRSS so far | JS heap used');
      for (const m of mem.marks) {
        out.push(`  ${m.phase.padEnd(20)} ${m.rss_mb.toFixed(0).padStart(6)} ${m.sampled_peak_mb.toFixed(0).padStart(6)} ${m.max_rss_mb.toFixed(0).padStart(6)} ${m.heap_used_mb.toFixed(0).padStart(6)}`);
      }
      out.push('');
      out.push(`database ${dbMb.toFixed(0)} MB (with WAL), ${auditRows.toLocaleString('en-US')} audit rows; generator ${fmtMs(gen.ms)}; total ${totalS.toFixed(0)} s`);
      process.stdout.write(out.join('\n') + '\n');
    }
  } finally {
    cleanup();
    if (o.keep) log(`kept ${tmp}`);
  }
}

/** The browser part (tests/bench/browser-run.ts) on a book of the same size, in its own process and Chromium. */
function browserPart(o: Options): number {
  const args = [join(import.meta.dirname, '../../bin/run-ts.mjs'), join(import.meta.dirname, 'browser-run.ts'), '--accounts', String(o.accounts)];
  if (o.json) args.push('--json');
  return spawnSync(process.execPath, args, { stdio: 'inherit' }).status ?? 1;
}

/** The sync part (tests/bench/sync-run.ts) on a book of the same size, in its own process. */
function syncPart(o: Options): number {
  const args = [join(import.meta.dirname, '../../bin/run-ts.mjs'), join(import.meta.dirname, 'sync-run.ts'), '--accounts', String(o.accounts)];
  args.push('--changes', String(Math.round((100_000 * o.accounts) / 50_000)), '--seed', String(o.seed));
  if (o.json) args.push('--json');
  return spawnSync(process.execPath, ['--expose-gc', ...args], { stdio: 'inherit' }).status ?? 1;
}

main().then(() => {
  const o = parseArgs(process.argv.slice(2));
  if (o.sync && !process.exitCode) process.exitCode = syncPart(o);
  if (o.browser && !process.exitCode) process.exitCode = browserPart(o);
}).catch((e: unknown) => {
  process.stderr.write(`[bench] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
