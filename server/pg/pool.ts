// The connection pool of a hosted instance on PostgreSQL. `schema` (tests) keeps one run's tables apart.
import pg from 'pg';

export interface PgConfig {
  /** postgres://user:password@host:port/database (DATABASE_URL) */
  url: string;
  /** a schema to work in instead of the default search path */
  schema?: string;
}

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function openPool(c: PgConfig): pg.Pool {
  if (c.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(c.schema)) throw new Error(`"${c.schema}" is not a plain schema name`);
  // bigint (count, max) as a number: sequences stay far below 2^53.
  const pool = new pg.Pool({
    connectionString: c.url,
    max: 4,
    types: { getTypeParser: (oid, format) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) } as pg.CustomTypesConfig,
    ...(c.schema ? { options: `-c search_path=${c.schema}` } : {}),
  });
  // An idle connection the server dropped must not take the process down; the next query reconnects.
  pool.on('error', (e) => console.error(`tem: PostgreSQL connection lost: ${e.message}`));
  return pool;
}

/** Runs `fn` in one transaction on one connection; `lock` takes that advisory lock for the transaction first. */
export async function inTransaction<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>, opts: { lock?: number; readOnly?: boolean } = {}): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query(opts.readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    if (opts.lock !== undefined) await c.query('SELECT pg_advisory_xact_lock($1)', [opts.lock]);
    const r = await fn(c);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    c.release();
  }
}

/** Where a URL points, without its password (for messages and the cache's remote_url). */
export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `postgres://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return 'postgres://(unreadable address)';
  }
}
