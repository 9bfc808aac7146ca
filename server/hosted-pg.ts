// A hosted instance on PostgreSQL (DATABASE_URL): several server processes behind a load balancer share one
// PostgreSQL as the system of record. PostgreSQL holds the change log desks push to and pull from, and the
// installation's users and sessions; each process serves from its own SQLite cache (server/pg/replica.ts), which
// it brings up to date before each API request and sends its users' writes from right after.
import { dirname, join } from 'node:path';
import { makeCtx, type Ctx } from '../api/index.ts';
import { useHub } from '../api/sync/hub.ts';
import { emitChange } from '../api/events.ts';
import { openDb } from '../db/open.ts';
import { startServer, type RunningServer, type ServeOptions } from './index.ts';
import { PgHub } from './pg/hub.ts';
import { PgLog } from './pg/log.ts';
import { describeUrl, type PgConfig } from './pg/pool.ts';
import { Replica } from './pg/replica.ts';

export interface PgAttached {
  hub: PgHub;
  replica: Replica;
  log: PgLog;
  /** what the HTTP server runs around each request */
  around: NonNullable<ServeOptions['around']>;
  close(): Promise<void>;
}

const unavailable = (e: unknown) => {
  console.error(`tem: PostgreSQL: ${(e as Error).message}`);
  const error = { code: 'internal', message: 'The database (PostgreSQL) cannot be reached; try again in a moment' };
  return new Response(JSON.stringify({ error }), { status: 503, headers: { 'content-type': 'application/json', 'retry-after': '5' } });
};

/**
 * Makes the database of `ctx` a cache of the PostgreSQL hub and serves sync for it from PostgreSQL. With `pollMs`
 * the cache also fetches every so often between requests, so the open windows of this process hear (through the
 * change feed) what was written through other processes.
 */
export async function attachPostgres(ctx: Ctx, config: PgConfig, pollMs = 0): Promise<PgAttached> {
  let log: PgLog;
  try {
    log = await PgLog.open(config);
  } catch (e) {
    throw new Error(`Cannot use the PostgreSQL database at ${describeUrl(config.url)}: ${(e as Error).message}`, { cause: e });
  }
  let replica: Replica;
  try {
    replica = await Replica.attach(ctx, log, config.url);
  } catch (e) {
    await log.close();
    throw e;
  }
  const hub = new PgHub(replica);
  useHub(ctx.db, hub);
  const poller = pollMs > 0 ? setInterval(() => void poll(), pollMs) : null;
  poller?.unref();
  const poll = async () => {
    try {
      if ((await replica.refresh()) > 0) emitChange({ method: null, batch_id: null, door: 'sync', actor: null, at: new Date().toISOString() }, ctx);
    } catch {
      // PostgreSQL is away for a moment: the next request says so, the next poll tries again.
    }
  };
  const around: PgAttached['around'] = async (req, next) => {
    if (!new URL(req.url).pathname.startsWith('/api/')) return next();
    // Whatever process answered before, this one answers with everything committed up to now.
    try {
      await replica.refresh();
    } catch (e) {
      return unavailable(e);
    }
    const res = await next();
    // A write (or a sign-in) is in PostgreSQL before its answer leaves; if that fails it is sent with the next request.
    if (req.method === 'POST') await replica.refresh().catch((e: Error) => console.error(`tem: PostgreSQL: not sent yet: ${e.message}`));
    return res;
  };
  return {
    hub,
    replica,
    log,
    around,
    close: async () => {
      if (poller) clearInterval(poller);
      useHub(ctx.db, null);
      await replica.idle();
      await log.close();
    },
  };
}

/**
 * The cache file of the process listening on host:port, next to the installation's database. Two processes never
 * share one (a cache is one node of the log): a port picked at random (0) gets a file of this process alone.
 */
export const cacheFileFor = (dataFile: string, host: string, port: number) =>
  join(dataFile === ':memory:' ? process.cwd() : dirname(dataFile), 'pg-cache', `${host.replace(/[^a-z0-9.-]/gi, '_')}-${port || `0-${process.pid}`}.db`);

export interface HostedPgOptions extends Omit<ServeOptions, 'db' | 'around'> {
  databaseUrl: string;
  /** the installation's database file: the cache goes into pg-cache/ beside it */
  dataFile: string;
  /** another cache file (TEM_PG_CACHE) */
  cacheFile?: string;
  /** a PostgreSQL schema to work in (tests) */
  schema?: string;
}

/** `tem serve --hosted` with DATABASE_URL set: one server process of a PostgreSQL-backed hosted instance. */
export async function startHostedServer(o: HostedPgOptions): Promise<RunningServer & { cacheFile: string; database: string }> {
  const { databaseUrl, dataFile, schema, ...serve } = o;
  const cacheFile = o.cacheFile ?? process.env.TEM_PG_CACHE ?? cacheFileFor(dataFile, o.host ?? '127.0.0.1', o.port ?? 0);
  const db = openDb(cacheFile);
  let pg: PgAttached | undefined;
  try {
    pg = await attachPostgres(makeCtx(db, o.actor, 'sync'), { url: databaseUrl, schema }, o.pollMs ?? 2000);
    const server = await startServer({ ...serve, db, around: pg.around });
    const attached = pg;
    return {
      ...server,
      cacheFile,
      database: describeUrl(databaseUrl),
      close: async () => {
        await server.close();
        await attached.close();
        db.close();
      },
    };
  } catch (e) {
    await pg?.close();
    db.close();
    throw e;
  }
}
