// The sync part of `npm run bench` (run.ts starts it in its own process; --no-sync skips it). Figures:
//   - a first sync of the generated book: desk A pushes it to an empty hosted instance, desk B fetches it, beside
//     copying the same tables raw (ATTACH + INSERT ... SELECT, the least any copy can cost);
//   - push and pull of N changes (100,000 at full size: new bills keyed on desk A), beside writing the same rows
//     raw with one prepared INSERT.
// The hosted instance is in this process and reached through call() (zod checks, access, one transaction per
// batch of 2,000); the last figure is a new desk's first sync of everything over loopback HTTP, signed in.
//
//   node --expose-gc bin/run-ts.mjs tests/bench/sync-run.ts --accounts 10000 --changes 20000 [--json]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDb, type Db } from '../../db/open.ts';
import { call, makeCtx } from '../../api/index.ts';
import { link, syncNow, type SyncProgress } from '../../api/sync/client.ts';
import { localTransport, httpCall } from '../../api/sync/transport.ts';
import { startServer } from '../../server/index.ts';
import { syncedTables } from '../../api/sync/tables.ts';
import { nodeId } from '../../api/sync/clock.ts';
import { addMonthsToMonth } from '../../core/months.ts';
import { generateBook, bookCsv, amountText, billCents } from './generate.ts';
import { timed, collect, textTable, fmtMs, fmtRatio, MemorySampler } from './measure.ts';

const log = (msg: string) => process.stderr.write(`[bench sync] ${msg}\n`);

function args() {
  const o = { accounts: 50_000, changes: 100_000, seed: 20260101, json: false };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--accounts') o.accounts = Number(argv[++i]);
    else if (a === '--changes') o.changes = Number(argv[++i]);
    else if (a === '--seed') o.seed = Number(argv[++i]);
    else if (a === '--json') o.json = true;
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

const own = (db: Db) => db.sqlite.prepare('SELECT count(*) FROM sync_changes WHERE node = ?').pluck().get(nodeId(db.sqlite)) as number;
const rows = (db: Db, table: string) => db.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;

async function main() {
  const o = args();
  const tmp = mkdtempSync(join(tmpdir(), 'tem-bench-sync-'));
  const dbs: Db[] = [];
  const open = (name: string) => {
    const db = openDb(join(tmp, name));
    dbs.push(db);
    return db;
  };
  const figures: { label: string; tem: number; raw: number; detail: string }[] = [];
  const mem = new MemorySampler().start();
  try {
    const hosted = open('hosted.db');
    const transport = await localTransport(makeCtx(hosted, 'hosted', 'http'));
    const a = open('desk-a.db');
    const aCtx = makeCtx(a, 'desk-a', 'ui');
    const b = open('desk-b.db');
    const bCtx = makeCtx(b, 'desk-b', 'ui');

    // -- a first sync of the book ------------------------------------------------------------------------------
    log(`generating and importing a book of ${o.accounts.toLocaleString('en-US')} accounts on desk A (setup)`);
    const book = generateBook({ accounts: o.accounts, seed: o.seed });
    const r = await call(aCtx, 'import.book', { file_name: 'book.csv', data: new TextEncoder().encode(bookCsv(book)), tolerance_pct: '5' });
    if (r.rejected.length) throw new Error(`the generated book had ${r.rejected.length} rejected rows`);
    const bookChanges = own(a);
    await link(aCtx, 'http://hosted.bench/', transport, { cookie: null, as: null });
    await link(bCtx, 'http://hosted.bench/', transport, { cookie: null, as: null });
    log(`desk A pushes the book: ${bookChanges.toLocaleString('en-US')} changes`);
    collect();
    const push = await timed(() => syncNow(aCtx, transport));
    mem.mark('first sync: push');
    log(`desk B fetches it (first sync)`);
    const events: SyncProgress[] = [];
    collect();
    const pull = await timed(() => syncNow(bCtx, transport, { onProgress: (p) => events.push(p) }));
    mem.mark('first sync: pull');
    for (const t of ['billing_accounts', 'services', 'contracts']) {
      if (rows(b, t) !== rows(a, t)) throw new Error(`${t}: desk B has ${rows(b, t)} rows, desk A ${rows(a, t)}`);
    }
    // Raw: the same tables copied into an empty database in one statement each.
    const raw = open('raw.db');
    const tables = syncedTables(a.sqlite).filter((t) => rows(a, t) > 0);
    raw.sqlite.pragma('foreign_keys = OFF');
    raw.sqlite.prepare('ATTACH DATABASE ? AS src').run(a.file);
    collect();
    const rawCopy = await timed(() => raw.sqlite.transaction(() => tables.forEach((t) => raw.sqlite.exec(`INSERT INTO main.${t} SELECT * FROM src.${t}`)))());
    raw.sqlite.exec('DETACH DATABASE src');
    const bookRows = tables.reduce((n, t) => n + rows(a, t), 0);
    figures.push({
      label: `first sync of the book: push (${bookChanges.toLocaleString('en-US')} changes, ${push.value.pushed.batches} batches)`,
      tem: push.ms,
      raw: rawCopy.ms,
      detail: `raw = copying its ${bookRows.toLocaleString('en-US')} rows with INSERT ... SELECT`,
    });
    figures.push({
      label: `first sync of the book: pull on a new desk (${pull.value.pulled.applied.toLocaleString('en-US')} changes, ${pull.value.pulled.pages} pages)`,
      tem: pull.ms,
      raw: rawCopy.ms,
      detail: `${events.length} progress events`,
    });

    // -- N changes -----------------------------------------------------------------------------------------------
    const ids = a.sqlite.prepare('SELECT id FROM billing_accounts ORDER BY account_number').pluck().all() as string[];
    log(`desk A keys ${o.changes.toLocaleString('en-US')} new bills (setup)`);
    const before = own(a);
    let m = 0;
    const firstMonth = '2031-01';
    const keyed: { id: string; month: string; cents: number }[] = [];
    while (keyed.length < o.changes) {
      const month = addMonthsToMonth(firstMonth, m);
      for (let i = 0; i < ids.length && keyed.length < o.changes; i++) keyed.push({ id: ids[i]!, month, cents: billCents(book, i % book.accounts.length, m) });
      m++;
    }
    for (let from = 0; from < keyed.length; from += 10_000) {
      const items = keyed.slice(from, from + 10_000).map((k) => ({ account_id: k.id, month: k.month, amount: amountText(k.cents) }));
      await call(aCtx, 'actuals.setMany', { items });
    }
    const n = own(a) - before;
    log(`push ${n.toLocaleString('en-US')} changes`);
    collect();
    const pushN = await timed(() => syncNow(aCtx, transport));
    mem.mark(`push ${n} changes`);
    log(`pull ${n.toLocaleString('en-US')} changes`);
    collect();
    const pullN = await timed(() => syncNow(bCtx, transport));
    mem.mark(`pull ${n} changes`);
    if (pullN.value.pulled.applied !== n) throw new Error(`desk B applied ${pullN.value.pulled.applied} of ${n} changes`);
    const ins = raw.sqlite.prepare('INSERT INTO actuals (id, billing_account_id, month, amount_cents, source, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    // The raw copy holds desk A's ids (copied above), so the rows point at the same accounts.
    collect();
    const rawN = await timed(() => {
      const at = new Date().toISOString();
      for (let from = 0; from < keyed.length; from += 2000) {
        raw.sqlite.transaction(() => {
          for (const k of keyed.slice(from, from + 2000)) ins.run(randomUUID(), k.id, k.month, k.cents, 'keyed', at, at);
        })();
      }
    });
    figures.push({ label: `push ${n.toLocaleString('en-US')} changes (${pushN.value.pushed.batches} batches)`, tem: pushN.ms, raw: rawN.ms, detail: 'raw = the same rows by a prepared INSERT, 2,000 per transaction' });
    figures.push({ label: `pull ${n.toLocaleString('en-US')} changes (${pullN.value.pulled.pages} pages)`, tem: pullN.ms, raw: rawN.ms, detail: '' });

    // -- the same first sync over loopback HTTP, signed in, as a desk does it ----------------------------------
    const server = await startServer({ db: hosted, actor: 'hosted', port: 0, staticDir: join(tmp, 'no-renderer') });
    try {
      const owner = { name: 'bench', password: 'bench password 1' };
      const status = (await httpCall<{ setup_needed: boolean }>(server.url, 'auth.status', {}, null)).value;
      if (status.setup_needed) await httpCall(server.url, 'auth.setup', { company_name: 'Bench', ...owner }, null);
      const c = open('desk-c.db');
      const cCtx = makeCtx(c, 'desk-c', 'ui');
      await call(cCtx, 'sync.link', { url: server.url, ...owner });
      log('desk C fetches everything over loopback HTTP (first sync)');
      collect();
      const overHttp = await timed(() => call(cCtx, 'sync.now', {}));
      if (rows(c, 'actuals') !== rows(b, 'actuals')) throw new Error(`desk C has ${rows(c, 'actuals')} actuals, desk B ${rows(b, 'actuals')}`);
      const got = overHttp.value.pulled.applied;
      figures.push({ label: `first sync over loopback HTTP, signed in (${got.toLocaleString('en-US')} changes, ${overHttp.value.pulled.pages} pages)`, tem: overHttp.ms, raw: rawCopy.ms, detail: 'book and new bills; raw = the book copy above' });
      mem.mark('first sync over HTTP');
    } finally {
      await server.close();
    }
    mem.stop();

    if (o.json) process.stdout.write(JSON.stringify({ accounts: o.accounts, changes: n, figures, memory: { peak_mb: Math.max(mem.peakMb, MemorySampler.maxRss() / 1024 / 1024) } }, null, 2) + '\n');
    else {
      const out = [
        '',
        `Sync — ${o.accounts.toLocaleString('en-US')} accounts; hosted instance in process through call() (the last figure: over loopback HTTP), batches and pages of 2,000`,
        '',
        textTable(
          ['figure', 'TEM desk', 'raw baseline', 'ratio', 'per change', 'note'],
          figures.map((f) => {
            const count = Number(/([\d,]+) changes/.exec(f.label)?.[1]?.replace(/,/g, '') ?? 0);
            return [f.label, fmtMs(f.tem), fmtMs(f.raw), fmtRatio(f.tem / f.raw), count ? `${((f.tem * 1000) / count).toFixed(1)} µs` : '—', f.detail || '—'];
          }),
        ),
        `peak memory ${Math.max(mem.peakMb, MemorySampler.maxRss() / 1024 / 1024).toFixed(0)} MB`,
      ];
      process.stdout.write(out.join('\n') + '\n');
    }
  } finally {
    for (const d of dbs) {
      try {
        d.close();
      } catch {
        /* closed */
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`[bench sync] failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
