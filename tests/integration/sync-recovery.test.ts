// Sync when things go wrong: a desk killed half way through a push and retried, batches that arrive twice and
// out of order, pulls answered twice, a desk offline for weeks. Afterwards every copy is the same book and
// every change is on every copy. All but the restored hosted instance (a SQLite backup) run again with the hosted
// instance on PostgreSQL (TEM_TEST_DATABASE_URL, see tests/support/pg.ts).
import { describe, it, expect, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, tempDir } from '../support/api.ts';
import { call } from '../../api/index.ts';
import { applyChanges } from '../../api/sync/apply.ts';
import { ownChangesAfter } from '../../api/sync/changes.ts';
import { nodeId, readState } from '../../api/sync/clock.ts';
import type { SyncProgress } from '../../api/sync/client.ts';
import { inProcess, overHttp, pgInProcess, pgOverHttp, node, dump, changeIds, at, MONTH, type Node, type World } from './sync-setup.ts';
import { withPostgres } from '../support/pg.ts';

type MakeWorld = (server?: Node) => Promise<World>;
const onPg = withPostgres('the sync recovery tests');
const inProcessHubs: [string, MakeWorld][] = [['SQLite', inProcess], ...(onPg ? [['PostgreSQL', pgInProcess] as [string, MakeWorld]] : [])];
const httpHubs: [string, MakeWorld][] = [['SQLite', overHttp], ...(onPg ? [['PostgreSQL', pgOverHttp] as [string, MakeWorld]] : [])];

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** A book of n accounts as CSV bytes. */
function book(n: number, prefix: string): Uint8Array<ArrayBuffer> {
  const lines = ['customer,location,carrier,account,service,expected'];
  for (let i = 0; i < n; i++) lines.push(`Customer ${i % 20},Main,Carrier ${i % 3},${prefix}${String(i).padStart(6, '0')},Line ${i},${100 + (i % 50)}.25`);
  return new TextEncoder().encode(lines.join('\n') + '\n');
}

const ownCount = (n: Node) => n.db.sqlite.prepare('SELECT count(*) FROM sync_changes WHERE node = ?').pluck().get(nodeId(n.db.sqlite)) as number;

function child(args: string[]) {
  const p = spawn(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'tests/integration/sync-kill-child.ts'), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  const done = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));
  const frozen = new Promise<string>((resolve, reject) => {
    p.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('frozen'));
      if (line) resolve(line);
    });
    void done.then((code) => reject(new Error(`the syncing desk exited (${code}) before freezing: ${out} ${err}`)));
  });
  return { frozen, kill9: async () => void (p.kill('SIGKILL'), await done) };
}

describe.each(httpHubs)('a push cut off half way (hosted on %s)', (hub, makeWorld) => {
  it('is retried after the desk was killed, applies nothing twice and loses nothing', async () => {
    const world = await makeWorld(node('server', join(tmp.dir, `hosted-${hub}.db`)));
    try {
      const aFile = join(tmp.dir, `desk-a-${hub}.db`);
      const a = node('desk-a', aFile);
      a.clock(at('08:00'));
      await a.api('import.book', { file_name: 'book.csv', data: book(200, 'A') });
      await world.link(a);
      const total = ownCount(a);
      expect(total).toBeGreaterThan(500);
      a.db.close();

      // The desk pushes batches of 100; the hosted instance commits batch 3, and the desk dies before it hears so.
      const c = child([aFile, '100', '3']);
      expect(await c.frozen).toMatch(/^frozen 3 \d+$/);
      await c.kill9();

      const again = node('desk-a', aFile);
      const recordedHere = Number(readState(again.db.sqlite, 'pushed_through'));
      const server = world.server.db.sqlite;
      const acked = await world.acked(again);
      expect(acked).toBeGreaterThan(recordedHere);
      expect(server.prepare('SELECT count(*) FROM sync_changes WHERE node = ?').pluck().get(nodeId(again.db.sqlite))).toBe(300);

      // The retry resends batch 3: the hosted instance recognises all 100 and applies only the rest.
      const r = await call(again.ctx, 'sync.now', {});
      expect(r.pushed.duplicate).toBe(100);
      expect(r.pushed.applied).toBe(total - 300);
      expect(r.pushed.lost + r.pushed.conflict + r.pushed.orphan + r.pushed.skipped).toBe(0);

      const b = node('desk-b');
      await world.link(b);
      await world.sync(b);
      expect(dump(again.db)).toEqual(dump(world.server.db));
      expect(dump(b.db)).toEqual(dump(world.server.db));
      expect(changeIds(again.db)).toEqual(changeIds(world.server.db));
      expect(changeIds(b.db)).toEqual(changeIds(world.server.db));
      expect(b.db.sqlite.prepare('SELECT count(*) FROM billing_accounts').pluck().get()).toBe(200);
      again.db.close();
    } finally {
      await world.close();
    }
  }, 120_000);
});

describe.each(inProcessHubs)('batches that arrive twice and out of order (hosted on %s)', (_hub, makeWorld) => {
  it('are refused until their turn, counted once, and every copy ends the same', async () => {
    const world = await makeWorld();
    const a = node('desk-a');
    const b = node('desk-b');
    a.clock(at('08:00'));
    await a.api('import.book', { file_name: 'book.csv', data: book(30, 'A') });
    await world.link(a);
    await world.link(b);
    await world.sync(a);
    await world.sync(b);
    // Offline edits on both desks, some to the same bills.
    const accounts = await a.api('accounts.list', {});
    for (const [i, acc] of accounts.entries()) {
      a.clock(at(`09:${String(10 + (i % 40)).padStart(2, '0')}`));
      await a.api('actuals.set', { account_id: acc.id, month: MONTH, amount: `${200 + i}.00` });
      if (i % 3 === 0) {
        b.clock(at(`09:${String(11 + (i % 40)).padStart(2, '0')}`));
        await b.api('actuals.set', { account_id: acc.id, month: MONTH, amount: `${300 + i}.00`, note: 'from B' });
      }
    }
    // A's changes in four batches, delivered as 1, 0, 0, 2, 1, 1, 3, 2, 3, 2 (numbered from 0): a batch whose
    // predecessor has not arrived is refused with a gap (the desk resends from the acknowledged point); a
    // repeated one changes nothing.
    const s = a.db.sqlite;
    const nodeA = nodeId(s);
    const start = Number(readState(s, 'pushed_through'));
    const all = ownChangesAfter(s, nodeA, start, 10_000);
    const size = Math.ceil(all.length / 4);
    const rest = all.length - 3 * size;
    const batches = [0, 1, 2, 3].map((k) => {
      const changes = all.slice(k * size, (k + 1) * size);
      return { node: nodeA, after: k === 0 ? start : all[k * size - 1]!.seq, changes };
    });
    const results = [];
    for (const k of [1, 0, 0, 2, 1, 1, 3, 2, 3, 2]) results.push(await call(world.server.ctx, 'sync.push', batches[k]!));
    expect(results.map((r) => r.gap)).toEqual([true, false, false, true, false, false, true, false, false, false]);
    expect(results.map((r) => r.applied + r.lost)).toEqual([0, size, 0, 0, size, 0, 0, size, rest, 0]);
    expect(results.map((r) => r.duplicate)).toEqual([0, 0, size, 0, 0, size, 0, 0, 0, size]);

    // B syncs; a pull answered twice is applied once.
    const page = await call(world.server.ctx, 'sync.pull', { node: nodeId(b.db.sqlite), after: Number(readState(b.db.sqlite, 'pulled_through')), limit: 10_000 });
    const once = b.db.sqlite.transaction(() => applyChanges(b.ctx, page.changes))();
    const twice = b.db.sqlite.transaction(() => applyChanges(b.ctx, page.changes))();
    expect(once.duplicate).toBe(0);
    expect(twice).toMatchObject({ applied: 0, lost: 0, duplicate: page.changes.length });
    await world.sync(b);
    await world.sync(a);
    await world.sync(b);
    for (const n of [a, b]) {
      expect(dump(n.db)).toEqual(dump(world.server.db));
      expect(changeIds(n.db)).toEqual(changeIds(world.server.db));
    }
    // Where both desks keyed the same bill offline, each made its own row: every copy keeps A's row (added
    // first) with B's later values; on B, A's values are kept as lost, naming the merge.
    const both = accounts.filter((_, i) => i % 3 === 0);
    for (const acc of both) {
      const row = world.server.db.sqlite.prepare('SELECT id, amount_cents, note FROM actuals WHERE billing_account_id = ?').get(acc.id) as { id: string };
      const aRow = a.db.sqlite.prepare('SELECT id FROM actuals WHERE billing_account_id = ?').pluck().get(acc.id);
      expect(row).toEqual({ id: aRow, amount_cents: (300 + accounts.indexOf(acc)) * 100, note: 'from B' });
    }
    const lostOnB = (await call(b.ctx, 'sync.notApplied', {})).items;
    expect(lostOnB.length).toBe(both.length);
    expect(lostOnB.every((l) => l.outcome === 'lost' && l.actor === 'desk-a' && /which was added later: that row now has this id/.test(l.detail!))).toBe(true);
    await world.close();
  });
});

describe.each(inProcessHubs)('a desk offline for weeks (hosted on %s)', (_hub, makeWorld) => {
  it('catches up page by page and reports its progress', async () => {
    const world = await makeWorld();
    const a = node('desk-a');
    const b = node('desk-b');
    a.clock(at('08:00', '2030-01-02'));
    await a.api('import.book', { file_name: 'book.csv', data: book(40, 'A') });
    await world.link(a);
    await world.link(b);
    await world.sync(a);
    await world.sync(b);
    const accounts = await a.api('accounts.list', {});
    // Six weeks of work on desk A, syncing every day; desk B is away.
    for (let day = 0; day < 42; day++) {
      const date = new Date(Date.UTC(2030, 0, 3 + day)).toISOString().slice(0, 10);
      a.clock(at('10:00', date));
      const month = date.slice(0, 7);
      await a.api('actuals.setMany', { items: accounts.map((acc, i) => ({ account_id: acc.id, month, amount: `${day * 10 + i}.25` })) });
      await world.sync(a);
    }
    const events: SyncProgress[] = [];
    b.clock(at('09:00', '2030-02-20'));
    const r = await world.sync(b, { pullPage: 250, onProgress: (p) => events.push(p) });
    const pulls = events.filter((e) => e.phase === 'pull');
    expect(r.pulled.pages).toBe(pulls.length);
    expect(pulls.length).toBeGreaterThan(5);
    expect(pulls.map((p) => p.done)).toEqual([...pulls.map((p) => p.done)].sort((x, y) => x - y));
    expect(pulls.at(-1)!.done).toBe(pulls.at(-1)!.total);
    expect(r.pulled.applied).toBeGreaterThan(1000);
    expect(dump(b.db)).toEqual(dump(world.server.db));
    expect(b.db.sqlite.prepare("SELECT amount_cents FROM actuals WHERE month = '2030-02' AND billing_account_id = ?").pluck().get(accounts[3]!.id)).toBe(
      (41 * 10 + 3) * 100 + 25,
    );
    await world.close();
  });
});

describe('a hosted instance restored from a backup', () => {
  it('gets back what desks had sent since, and desks fetch what it numbered anew', async () => {
    const file = join(tmp.dir, 'restored.db');
    const backup = join(tmp.dir, 'restored-backup.db');
    let world = await inProcess(node('server', file));
    const a = node('desk-a');
    const b = node('desk-b');
    a.clock(at('08:00'));
    await a.api('import.book', { file_name: 'book.csv', data: book(10, 'R') });
    await world.link(a);
    await world.link(b);
    await world.sync(a);
    await world.sync(b);
    world.server.db.sqlite.prepare('VACUUM INTO ?').run(backup);
    const accounts = await a.api('accounts.list', {});
    a.clock(at('09:00'));
    await a.api('actuals.set', { account_id: accounts[0]!.id, month: MONTH, amount: '11.00' });
    await world.sync(a);
    await world.sync(b);
    expect(b.db.sqlite.prepare('SELECT count(*) FROM actuals').pluck().get()).toBe(1);

    // The hosted instance goes back to the backup; its own users write before any desk comes back.
    await world.close();
    (await import('node:fs')).copyFileSync(backup, file);
    world = await inProcess(node('server', file));
    world.server.clock(at('09:30'));
    await world.server.api('actuals.set', { account_id: accounts[1]!.id, month: MONTH, amount: '22.00' });
    b.clock(at('10:00'));
    await world.sync(b);
    a.clock(at('10:01'));
    const r = await world.sync(a);
    expect(r.pushed.applied).toBe(1);
    await world.sync(b);
    for (const n of [a, b]) {
      expect(n.db.sqlite.prepare('SELECT amount_cents FROM actuals ORDER BY amount_cents').pluck().all()).toEqual([1_100, 2_200]);
      expect(dump(n.db)).toEqual(dump(world.server.db));
    }
    await world.close();
  });
});

describe.each(inProcessHubs)('a desk restored from a backup (hosted on %s)', (hub, makeWorld) => {
  it('sends its new changes, and after linking again gets back what it had sent since the backup', async () => {
    const world = await makeWorld();
    const aFile = join(tmp.dir, `desk-restored-${hub}.db`);
    const aBackup = join(tmp.dir, `desk-restored-backup-${hub}.db`);
    let a = node('desk-a', aFile);
    a.clock(at('08:00'));
    await a.api('import.book', { file_name: 'book.csv', data: book(5, 'D') });
    await world.link(a);
    await world.sync(a);
    a.db.sqlite.prepare('VACUUM INTO ?').run(aBackup);
    const accounts = await a.api('accounts.list', {});
    a.clock(at('09:00'));
    await a.api('actuals.set', { account_id: accounts[0]!.id, month: MONTH, amount: '10.00' });
    await world.sync(a);
    a.db.close();
    (await import('node:fs')).copyFileSync(aBackup, aFile);
    a = node('desk-a', aFile);
    // The restored desk numbers its next change as it numbered the one it lost: it is new all the same.
    a.clock(at('09:30'));
    await a.api('actuals.set', { account_id: accounts[1]!.id, month: MONTH, amount: '20.00' });
    const r = await world.sync(a);
    expect(r.pushed.applied).toBe(1);
    expect(world.server.db.sqlite.prepare('SELECT amount_cents FROM actuals ORDER BY 1').pluck().all()).toEqual([1_000, 2_000]);
    await world.link(a);
    await world.sync(a);
    expect(a.db.sqlite.prepare('SELECT amount_cents FROM actuals ORDER BY 1').pluck().all()).toEqual([1_000, 2_000]);
    expect(dump(a.db)).toEqual(dump(world.server.db));
    expect(changeIds(a.db)).toEqual(changeIds(world.server.db));
    a.db.close();
    await world.close();
  });
});
