// A hosted instance on PostgreSQL with TWO server processes (two caches, two HTTP servers on loopback) sharing one
// PostgreSQL, as behind a load balancer: what is written through one is seen through the other, a session signed
// in on one works on the other, a desk may push to one and pull from the other, and a client login sees only its
// customer. Needs TEM_TEST_DATABASE_URL (bin/pg-test-setup.sh; see tests/support/pg.ts).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { call, makeCtx } from '../../api/index.ts';
import { openDb } from '../../db/open.ts';
import { serveCommand } from '../../cli/commands/serve.ts';
import { link, syncNow } from '../../api/sync/client.ts';
import { httpCall, httpTransport, type SyncTransport } from '../../api/sync/transport.ts';
import { startHostedServer } from '../../server/hosted-pg.ts';
import { seedAccount, tempDir, type TestApi } from '../support/api.ts';
import { freshSchema, withPostgres, type TestSchema } from '../support/pg.ts';
import { node, actual, at, MONTH, type Node } from './sync-setup.ts';

const OWNER = { name: 'owner', password: 'owner-password-1' };
type Hosted = Awaited<ReturnType<typeof startHostedServer>>;

/** A browser's session at one process: the cookie from signing in, sent with every call. */
interface Web {
  cookie: string;
  api: TestApi['api'];
}

function web(base: string, cookie: string): Web {
  const api = (async (method: string, input: unknown) => (await httpCall(base, method, input, cookie)).value) as TestApi['api'];
  return { cookie, api };
}

async function signIn(base: string, name: string, password: string): Promise<Web> {
  const r = await httpCall(base, 'auth.signIn', { name, password }, null);
  const cookie = r.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('tem_session='));
  if (!cookie) throw new Error(`no session from ${base}`);
  return web(base, cookie);
}

/** Everything a cache holds of the book: its change ids, and one table's rows. */
function cacheOf(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      changes: db.prepare("SELECT hlc || '@' || node FROM sync_changes ORDER BY 1").pluck().all() as string[],
      actuals: db.prepare('SELECT id, billing_account_id, amount_cents FROM actuals ORDER BY id').all(),
    };
  } finally {
    db.close();
  }
}

const changeIds = (n: Node) => n.db.sqlite.prepare("SELECT hlc || '@' || node FROM sync_changes ORDER BY 1").pluck().all() as string[];

const onPg = withPostgres('two server processes');

describe.runIf(onPg)('a hosted instance on PostgreSQL with two server processes', () => {
  let schema: TestSchema;
  let tmp: ReturnType<typeof tempDir>;
  let p1: Hosted;
  let p2: Hosted;
  let owner1: Web;
  let alpha: { customer: string; account: string };
  let zulu: { customer: string; account: string };

  beforeAll(async () => {
    schema = await freshSchema();
    tmp = tempDir();
    const start = (name: string) =>
      startHostedServer({
        databaseUrl: schema.url,
        schema: schema.schema,
        dataFile: join(tmp.dir, 'tem.db'),
        cacheFile: join(tmp.dir, `${name}.db`),
        actor: 'hosted',
        port: 0,
        staticDir: '/nonexistent',
      });
    p1 = await start('process-1');
    p2 = await start('process-2');
    // First run on process 1: the owner exists on both from then on.
    const setup = await httpCall(p1.url, 'auth.setup', { company_name: 'Hosted on PostgreSQL', ...OWNER }, null);
    owner1 = web(p1.url, setup.setCookie.map((c) => c.split(';')[0]!).find((c) => c.startsWith('tem_session='))!);
    const t = owner1 as unknown as TestApi;
    const a = await seedAccount(t, { customer: 'Alpha Clinic', account: 'A-100', expected: 10_000 });
    const z = await seedAccount(t, { customer: 'Zulu Schools', account: 'Z-900', expected: 20_000 });
    alpha = { customer: a.customer.id, account: a.account.id };
    zulu = { customer: z.customer.id, account: z.account.id };
  }, 120_000);

  afterAll(async () => {
    await p1?.close();
    await p2?.close();
    await schema?.drop();
    tmp?.cleanup();
  });

  it('a session signed in on process 1 works on process 2, and signing out on 2 ends it on 1', async () => {
    const me = await signIn(p1.url, OWNER.name, OWNER.password);
    expect((await web(p2.url, me.cookie).api('auth.me', {})).name).toBe('owner');
    await web(p2.url, me.cookie).api('auth.signOut', {});
    await expect(me.api('auth.me', {})).rejects.toThrow('You signed out');
    // A wrong password on process 2 is refused there as on process 1.
    await expect(signIn(p2.url, OWNER.name, 'not-the-password')).rejects.toThrow();
    // The process's cache syncs with PostgreSQL by itself: nobody relinks or unlinks it through the API.
    await expect(owner1.api('sync.unlink', {})).rejects.toThrow('syncs with it by itself');
    await expect(owner1.api('sync.link', { url: 'https://elsewhere.example' })).rejects.toThrow('syncs with it by itself');
  });

  it("a web user's edit on process 1 is seen by process 2 and by a desk that pulls from process 2", async () => {
    await owner1.api('actuals.set', { account_id: alpha.account, month: MONTH, amount: '112.50' });
    const owner2 = web(p2.url, owner1.cookie);
    const seen = await owner2.api('month.check', { month: MONTH });
    expect(seen.rows.find((r) => r.account_id === alpha.account)).toMatchObject({ actual_cents: 11_250, status: 'over', customer: 'Alpha Clinic' });

    const desk = node('desk-web');
    await call(desk.ctx, 'sync.link', { url: p2.url, ...OWNER });
    const r = await call(desk.ctx, 'sync.now', {});
    expect(r.pulled.duplicate).toBe(0);
    expect(actual(desk, alpha.account)).toBe(11_250);
    expect(desk.db.sqlite.prepare('SELECT name FROM customers ORDER BY name').pluck().all()).toEqual(['Alpha Clinic', 'Zulu Schools']);
    // And a desk's edit comes back the other way, to the web user of process 1.
    desk.clock(at('10:00'));
    await desk.api('actuals.set', { account_id: zulu.account, month: MONTH, amount: '250.00' });
    expect((await call(desk.ctx, 'sync.now', {})).pushed.applied).toBe(1);
    expect((await owner1.api('month.check', { month: MONTH })).rows.find((x) => x.account_id === zulu.account)?.actual_cents).toBe(25_000);
    desk.db.close();
  });

  it('a desk pushing to process 1 and pulling from process 2 gets no duplicates and nothing skipped, with others pushing at the same time', async () => {
    const split = (cookie: string): SyncTransport => {
      const one = httpTransport(p1.url, cookie);
      const two = httpTransport(p2.url, cookie);
      return { info: one.info, push: one.push, pull: two.pull };
    };
    const a = node('desk-a');
    await link(a.ctx, p1.url, split(owner1.cookie), { cookie: owner1.cookie, as: OWNER.name });
    await syncNow(a.ctx, split(owner1.cookie));
    const accounts = [alpha.account, zulu.account];

    // Three more desks and the web users of both processes write while desk A pushes to 1 and pulls from 2 in
    // small pages, over and over.
    const others = ['desk-c1', 'desk-c2', 'desk-c3'].map((n) => node(n));
    for (const [i, d] of others.entries()) {
      const t = httpTransport(i % 2 ? p2.url : p1.url, owner1.cookie);
      await link(d.ctx, 'http://pg.example/', t, { cookie: owner1.cookie, as: OWNER.name });
      await syncNow(d.ctx, t);
    }
    let duplicates = 0;
    let skippedEtc = 0;
    const work = async (d: Node, k: number) => {
      const t = httpTransport(k % 2 ? p2.url : p1.url, owner1.cookie);
      for (let round = 0; round < 5; round++) {
        d.clock(at(`11:${String(k * 10 + round).padStart(2, '0')}`));
        await d.api('actuals.set', { account_id: accounts[round % 2]!, month: MONTH, amount: `${k}${round}.00`, note: `${d.name} ${round}` });
        await syncNow(d.ctx, t);
      }
    };
    const webWork = async (w: Web, k: number) => {
      for (let round = 0; round < 5; round++) await w.api('actuals.set', { account_id: accounts[(round + 1) % 2]!, month: '2030-01', amount: `${k}${round}.50` });
    };
    const aWork = async () => {
      for (let round = 0; round < 8; round++) {
        a.clock(at(`12:${String(round).padStart(2, '0')}`));
        await a.api('actuals.set', { account_id: accounts[round % 2]!, month: '2029-12', amount: `${round}.25` });
        const r = await syncNow(a.ctx, split(owner1.cookie), { pullPage: 3 });
        duplicates += r.pulled.duplicate + r.pushed.duplicate;
        skippedEtc += r.pulled.orphan + r.pulled.skipped + r.pulled.conflict;
        expect(r.pushed.applied + r.pushed.lost).toBe(1);
      }
    };
    await Promise.all([aWork(), ...others.map((d, k) => work(d, k + 1)), webWork(owner1, 7), webWork(web(p2.url, owner1.cookie), 8)]);
    const last = await syncNow(a.ctx, split(owner1.cookie), { pullPage: 3 });
    duplicates += last.pulled.duplicate;
    expect(duplicates).toBe(0);
    expect(skippedEtc).toBe(0);

    // Nothing skipped: A holds every change either process holds, and both processes hold the same.
    await owner1.api('auth.me', {});
    await web(p2.url, owner1.cookie).api('auth.me', {});
    const c1 = cacheOf(p1.cacheFile);
    const c2 = cacheOf(p2.cacheFile);
    expect(c2.changes).toEqual(c1.changes);
    expect(changeIds(a)).toEqual(c1.changes);
    expect(a.db.sqlite.prepare('SELECT id, billing_account_id, amount_cents FROM actuals ORDER BY id').all()).toEqual(c1.actuals);
    expect(c2.actuals).toEqual(c1.actuals);
    // 2 months of web edits (2 processes x 5) and the desks' own: A sees every one of the others' edits.
    for (const d of others) for (const id of changeIds(d)) expect(changeIds(a)).toContain(id);
    for (const n of [a, ...others]) n.db.close();
  }, 120_000);

  it('a client login on the PostgreSQL instance sees only its customer, whichever process answers', async () => {
    const viewers = await Promise.all(
      (['tem', 'crm', 'inventory'] as const).map((module) => owner1.api('securityGroups.save', { module, name: `View ${module}`, permissions: ['view'] })),
    );
    await owner1.api('users.create', {
      name: 'alpha-client',
      password: 'alpha-password',
      kind: 'client',
      customer_ids: [alpha.customer],
      modules: ['tem', 'crm', 'inventory'],
      confirm: true,
      group_ids: viewers.map((g) => g.id),
    });
    for (const p of [p2, p1]) {
      const client = await signIn(p.url, 'alpha-client', 'alpha-password');
      expect((await client.api('customers.list', {})).map((c) => c.name)).toEqual(['Alpha Clinic']);
      expect((await client.api('month.check', { month: MONTH })).rows.map((r) => r.account)).toEqual(['A-100']);
      await expect(client.api('customers.get', { id: zulu.customer })).rejects.toThrow();
      await expect(client.api('sync.pull', { node: '0123456789abcdef', after: 0 })).rejects.toThrow('cannot sync a desk');
    }
  });
});

describe.runIf(onPg)('tem serve --hosted with DATABASE_URL', () => {
  it('starts a server process on PostgreSQL, with its cache beside --db', async () => {
    const schema = await freshSchema();
    const tmp = tempDir();
    const db = openDb(join(tmp.dir, 'tem.db'));
    const saved = process.env.DATABASE_URL;
    // The schema travels in the URL, as any libpq option does.
    process.env.DATABASE_URL = `${schema.url}?options=${encodeURIComponent(`-c search_path=${schema.schema}`)}`;
    let out = '';
    let release!: () => void;
    const stopped = new Promise<void>((r) => (release = r));
    const done = serveCommand(makeCtx(db, 'hosted', 'cli'), ['--hosted', '--public-url', 'https://tem.example.com', '--port', '0'], { out: (s) => void (out += s), err: () => undefined }, stopped);
    try {
      for (const t0 = Date.now(); !out.includes('Press Ctrl+C'); ) {
        if (Date.now() - t0 > 20_000) throw new Error(`tem serve printed: ${out}`);
        await Promise.race([done, new Promise((r) => setTimeout(r, 20))]);
      }
      expect(out).toMatch(/^Database: postgres:\/\/tem@127\.0\.0\.1:\d+\/tem_test \(this process's cache: .*\/pg-cache\/127\.0\.0\.1-0-\d+\.db\)$/m);
      const url = /listening on (\S+)/.exec(out)![1]!;
      await httpCall(url, 'auth.setup', { company_name: 'Served', ...OWNER }, null);
      // The owner is in PostgreSQL (not only in this process's cache), and the --db file was left alone.
      const pgc = new pg.Client({ connectionString: schema.url });
      await pgc.connect();
      const users = await pgc.query(`SELECT row FROM ${schema.schema}.tem_rows WHERE table_name = 'users'`);
      await pgc.end();
      expect(users.rows.map((r) => JSON.parse(r.row as string).name)).toEqual(['owner']);
      expect(db.sqlite.prepare('SELECT count(*) FROM users').pluck().get()).toBe(0);
    } finally {
      release();
      await done;
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      db.close();
      await schema.drop();
      tmp.cleanup();
    }
  }, 60_000);
});
