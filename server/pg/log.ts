// The change log in PostgreSQL: the hosted instance's sequence of changes, shared by every server process.
// Appends hold an advisory lock for their transaction, so sequence order is commit order: a reader that has seen
// sequence N has seen every committed change below it, and "everything after N" never skips a late commit.
import type { Change } from '../../api/sync/changes.ts';
import { changeId } from '../../api/sync/changes.ts';
import type { PullInput, PullResult } from '../../api/sync/server.ts';
import { MAX_PAGE, installCheck } from '../../api/sync/server.ts';
import { ensureSchema, LOCK_APPEND } from './schema.ts';
import { inTransaction, openPool, type PgConfig, type Pool, type PoolClient } from './pool.ts';

export interface AppendResult {
  gap: boolean;
  acked_through: number;
  head: number;
  /** the changes that were new here, in order */
  added: Change[];
  duplicate: number;
  refused: number;
}

const COLUMNS = `seq, hlc, node, table_name AS "table", record, action, field, value, actor, at, coalesce(batch, '') AS batch`;

const head = async (c: PoolClient | Pool) => (await c.query<{ h: number | null }>('SELECT max(seq) AS h FROM tem_changes')).rows[0]!.h ?? 0;
const idAt = async (c: PoolClient, seq: number) =>
  seq === 0 ? null : ((await c.query<{ id: string }>('SELECT id FROM tem_changes WHERE seq = $1', [seq])).rows[0]?.id ?? null);

export class PgLog {
  private constructor(
    readonly pool: Pool,
    /** the hub's node id, the same for every process */
    readonly node: string,
  ) {}

  static async open(config: PgConfig): Promise<PgLog> {
    const pool = openPool(config);
    try {
      return new PgLog(pool, await ensureSchema(pool));
    } catch (e) {
      await pool.end();
      throw e;
    }
  }

  close = () => this.pool.end();

  /** The newest change sequence and the newest installation row version: what a process checks before a request. */
  async heads(): Promise<{ head: number; rows: number }> {
    const r = await this.pool.query<{ head: number | null; rows: number | null }>(
      'SELECT (SELECT max(seq) FROM tem_changes) AS head, (SELECT max(version) FROM tem_rows) AS rows',
    );
    return { head: r.rows[0]!.head ?? 0, rows: r.rows[0]!.rows ?? 0 };
  }

  head = () => head(this.pool);

  async ackedThrough(node: string): Promise<number> {
    return (await this.pool.query<{ a: number }>('SELECT acked_through AS a FROM tem_nodes WHERE node = $1', [node])).rows[0]?.a ?? 0;
  }

  /**
   * Checks that `node` pushes from the database `install` (installCheck): one read when it does; the first push
   * records it; a second database marks the node shared ('*', both are refused from then on). Answers whether to
   * refuse this push.
   */
  async claim(node: string, install: string | undefined, actor: string, at: string): Promise<boolean> {
    if (install === undefined) return false;
    const stored = (await this.pool.query<{ install: string | null }>('SELECT install FROM tem_nodes WHERE node = $1', [node])).rows[0];
    const check = installCheck(stored?.install, install);
    if (check.record === null) return check.refuse;
    // Recorded in one statement, so two processes that record two databases at once end with '*'.
    const r = await this.pool.query<{ install: string }>(
      `INSERT INTO tem_nodes (node, acked_through, actor, first_seen_at, last_seen_at, install) VALUES ($1, 0, $3, $4, $4, $2)
       ON CONFLICT (node) DO UPDATE SET install = CASE WHEN tem_nodes.install IS NULL OR tem_nodes.install = $2 THEN $2 ELSE '*' END
       RETURNING install`,
      [node, install, actor, at],
    );
    return r.rows[0]!.install !== install;
  }

  /**
   * Appends one batch of `node`'s changes made after its change `after` (the checks of acceptPush): a batch past
   * what was acknowledged is a gap and nothing is taken; a change already here (by clock@node) is a duplicate.
   * `refuse` names why a change may not be passed on; it is kept, counted, and never pulled.
   */
  async append(
    node: string,
    after: number,
    changes: readonly Change[],
    actor: string,
    at: string,
    refuse?: (c: Change) => string | null,
    opts: { former?: boolean } = {},
  ): Promise<AppendResult> {
    const last = changes.length ? changes[changes.length - 1]!.seq : after;
    if (changes.length === 0) {
      // Nothing to add: no lock, one read (a desk asks once even with nothing to send).
      const acked = await this.ackedThrough(node);
      return { gap: after > acked, acked_through: acked, head: await this.head(), added: [], duplicate: 0, refused: 0 };
    }
    return inTransaction(
      this.pool,
      async (c) => {
        const acked = (await c.query<{ a: number }>('SELECT acked_through AS a FROM tem_nodes WHERE node = $1', [node])).rows[0]?.a ?? 0;
        if (!opts.former && after > acked) return { gap: true, acked_through: acked, head: await head(c), added: [], duplicate: 0, refused: 0 };
        const refusals = changes.map((ch) => refuse?.(ch) ?? null);
        const col = <K extends keyof Change>(k: K) => changes.map((ch) => ch[k]);
        const inserted = await c.query<{ id: string }>(
          `INSERT INTO tem_changes (id, node, hlc, table_name, record, action, field, value, actor, at, batch, refused)
           SELECT id, node, hlc, table_name, record, action, field, value, actor, at, batch, refused
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
             WITH ORDINALITY AS t (id, node, hlc, table_name, record, action, field, value, actor, at, batch, refused, n)
           ORDER BY n
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          [changes.map(changeId), col('node'), col('hlc'), col('table'), col('record'), col('action'), col('field'), col('value'), col('actor'), col('at'), col('batch'), refusals],
        );
        const fresh = new Set(inserted.rows.map((r) => r.id));
        // Changes made under a former node id of the pushing database: by id only, no node's acknowledgement moves.
        const through = opts.former ? acked : Math.max(acked, last);
        if (!opts.former)
          await c.query(
          `INSERT INTO tem_nodes (node, acked_through, actor, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)
           ON CONFLICT (node) DO UPDATE SET acked_through = excluded.acked_through, actor = excluded.actor, last_seen_at = excluded.last_seen_at`,
          [node, through, actor, at],
        );
        const added = changes.filter((ch) => fresh.has(changeId(ch)));
        return {
          gap: false,
          acked_through: through,
          head: await head(c),
          added,
          duplicate: changes.length - added.length,
          refused: changes.filter((ch, i) => refusals[i] !== null && fresh.has(changeId(ch))).length,
        };
      },
      { lock: LOCK_APPEND },
    );
  }

  /** One page of every change after `after`, except `node`'s own and refused ones (servePull's answer). */
  async pull(input: PullInput): Promise<PullResult> {
    const limit = Math.min(input.limit, MAX_PAGE);
    return inTransaction(
      this.pool,
      async (c): Promise<PullResult> => {
        const h = await head(c);
        if (input.after > 0 && input.after_id && (await idAt(c, input.after)) !== input.after_id)
          return { changes: [], through: 0, through_id: null, restart: true, head: h };
        const rows = await c.query<Change>(
          `SELECT ${COLUMNS} FROM tem_changes WHERE seq > $1 AND node <> $2 AND refused IS NULL ORDER BY seq LIMIT $3`,
          [input.after, input.include_own ? '' : input.node, limit],
        );
        const changes = rows.rows;
        const through = changes.length === limit ? changes[changes.length - 1]!.seq : Math.max(h, input.after);
        return { changes, through, through_id: await idAt(c, through), restart: false, head: h };
      },
      { readOnly: true },
    );
  }
}
