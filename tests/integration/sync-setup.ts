// Shared set-up for the sync tests: desks and a hosted instance, each its own database with a clock the test
// sets, joined in process (call() with the hosted instance's context) or over loopback HTTP.
import { testApi, seedAccount, type TestApi } from '../support/api.ts';
import { call } from '../../api/index.ts';
import { link, syncNow, type SyncOptions } from '../../api/sync/client.ts';
import { localTransport, httpCall, type SyncTransport } from '../../api/sync/transport.ts';
import { syncedTables } from '../../api/sync/tables.ts';
import { startServer, type RunningServer } from '../../server/index.ts';
import type { Db } from '../../db/open.ts';
import { nodeId } from '../../api/sync/clock.ts';
import { attachPostgres, type PgAttached } from '../../server/hosted-pg.ts';
import { freshSchema } from '../support/pg.ts';

// Later than the real clock of a hosted instance started by a test, whose own writes (first-run set-up) carry it.
export const DAY = '2030-03-02';
export const MONTH = '2030-02';
export const at = (hhmm: string, day = DAY) => `${day}T${hhmm}:00.000Z`;

export interface Node extends TestApi {
  name: string;
  /** sets this database's clock (what ctx.now() answers, and so the physical time of its clock) */
  clock(iso: string): void;
}

export function node(name: string, file = ':memory:'): Node {
  const t = testApi(file, name);
  let now = at('09:00');
  t.ctx.now = () => now;
  return { ...t, name, clock: (iso) => void (now = iso) };
}

export interface World {
  server: Node;
  /** over HTTP: the hosted instance's address, and whether desks sign in there */
  url?: string;
  credentials?: boolean;
  sync(desk: Node, opts?: SyncOptions): Promise<Awaited<ReturnType<typeof syncNow>>>;
  link(desk: Node): Promise<void>;
  /** how far the hosted instance has acknowledged this desk's changes */
  acked(desk: Node): Promise<number>;
  close(): Promise<void>;
}

/** The embedded hub: the hosted instance's SQLite file holds the acknowledgements. */
const sqliteAcked = (server: Node) => async (d: Node) =>
  (server.db.sqlite.prepare('SELECT acked_through FROM sync_nodes WHERE node = ?').pluck().get(nodeId(d.db.sqlite)) as number | undefined) ?? 0;

/**
 * The hosted instance on PostgreSQL: the server node's database becomes one server process's cache of a hub in a
 * fresh schema of TEM_TEST_DATABASE_URL.
 */
async function onPostgres(server: Node): Promise<{ pg: PgAttached; acked: World['acked']; close(): Promise<void> }> {
  const schema = await freshSchema();
  const pg = await attachPostgres(server.ctx, { url: schema.url, schema: schema.schema });
  return {
    pg,
    acked: (d) => pg.log.ackedThrough(nodeId(d.db.sqlite)),
    close: async () => {
      await pg.close();
      await schema.drop();
    },
  };
}

/** Desks reach the hosted instance through call() in this process. */
export async function inProcess(server = node('server')): Promise<World> {
  const t = await localTransport(server.ctx);
  return {
    server,
    link: async (d) => void (await link(d.ctx, 'http://hosted.example/', t, { cookie: null, as: null })),
    sync: (d, opts) => syncNow(d.ctx, t, opts),
    acked: sqliteAcked(server),
    close: async () => server.db.close(),
  };
}

/** As inProcess, with the hosted instance on PostgreSQL. */
export async function pgInProcess(server = node('server')): Promise<World> {
  const p = await onPostgres(server);
  const world = await inProcess(server);
  return { ...world, acked: p.acked, close: async () => (await p.close(), await world.close()) };
}

export const OWNER = { name: 'owner', password: 'correct horse battery staple' };

/**
 * The hosted instance serves HTTP on a free loopback port; desks link and sync through their own API methods
 * (sync.link, sync.now), which sign in there when the server asks for sign-in.
 */
export async function overHttp(server = node('server'), pg?: PgAttached): Promise<World> {
  const running: RunningServer = await startServer({ db: server.db, actor: 'hosted', port: 0, staticDir: '/nonexistent', around: pg?.around });
  const base = running.url;
  let credentials: { name: string; password: string } | Record<string, never> = {};
  try {
    const s = (await httpCall<{ setup_needed: boolean }>(base, 'auth.status', {}, null)).value;
    if (s.setup_needed) await httpCall(base, 'auth.setup', { company_name: 'Hosted Co', ...OWNER }, null);
    credentials = OWNER;
  } catch (e) {
    // A server without sign-in yet has no auth.status: desks link without credentials.
    if ((e as { code?: string }).code !== 'not_found') throw e;
  }
  return {
    server,
    url: base,
    credentials: 'name' in credentials,
    link: async (d) => void (await call(d.ctx, 'sync.link', { url: base, ...credentials })),
    sync: (d, opts) => {
      if (opts) throw new Error('options go through the in-process sync only');
      return call(d.ctx, 'sync.now', {});
    },
    acked: sqliteAcked(server),
    close: async () => {
      await running.close();
      server.db.close();
    },
  };
}

/** As overHttp, with the hosted instance on PostgreSQL (one server process). */
export async function pgOverHttp(server = node('server')): Promise<World> {
  const p = await onPostgres(server);
  const world = await overHttp(server, p.pg);
  return { ...world, acked: p.acked, close: async () => (await world.close(), await p.close()) };
}

/** Every synced table, row by row in id order: two copies are the same book when their dumps are equal. */
export function dump(db: Db): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const t of syncedTables(db.sqlite)) out[t] = db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY id`).all();
  return out;
}

/** The set of changes a database holds (clock and origin), sorted. */
export function changeIds(db: Db): string[] {
  return (db.sqlite.prepare("SELECT hlc || '@' || node AS id FROM sync_changes ORDER BY 1").pluck().all() as string[]);
}

export const actual = (n: Node, accountId: string) =>
  n.db.sqlite.prepare('SELECT amount_cents FROM actuals WHERE billing_account_id = ? AND month = ?').pluck().get(accountId, MONTH) as number | null;

/**
 * The shared book: desk A adds bills X and Y (each 112.50 against an expected 100.00) and a ticket on X at 09:00
 * and syncs; desk B links and fetches it at 09:05.
 */
export async function sharedBook(world: World) {
  const a = node('desk-a');
  const b = node('desk-b');
  const x = await seedAccount(a, { account: 'X-100', customer: 'Springfield Schools', expected: 10_000 });
  const y = await seedAccount(a, { account: 'Y-200', customer: 'Shelbyville Library', expected: 10_000 });
  await a.api('actuals.set', { account_id: x.account.id, month: MONTH, amount: '112.50' });
  await a.api('actuals.set', { account_id: y.account.id, month: MONTH, amount: '112.50' });
  const { ticket } = await a.api('tickets.open', { bills: [{ account_id: x.account.id, month: MONTH }], title: 'Bill X is over' });
  await world.link(a);
  await world.sync(a);
  b.clock(at('09:05'));
  await world.link(b);
  await world.sync(b);
  return { a, b, X: x.account.id, Y: y.account.id, ticket: ticket.id };
}
