// A server process's cache: its own SQLite file, a desk of the PostgreSQL hub. Web users' writes land here through
// the normal API (with their audit trail and change clocks) and are pushed to PostgreSQL right after; before
// each request the process pulls what other processes and desks added. The cache can be deleted at any time:
// the next start links a fresh one and fetches everything again from PostgreSQL.
import type { Ctx } from '../../api/context.ts';
import type { SyncTransport } from '../../api/sync/transport.ts';
import { countOwnAfter } from '../../api/sync/changes.ts';
import { link, syncNow } from '../../api/sync/client.ts';
import { OUTCOMES } from '../../api/sync/apply.ts';
import { nodeId, readState } from '../../api/sync/clock.ts';
import type { PgLog } from './log.ts';
import { describeUrl } from './pool.ts';
import { RowMirror } from './rows.ts';

/** One at a time: a process's pushes and pulls follow each other, whatever requests arrive together. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** The hub as this process's cache reaches it: straight to the log, as a trusted member of the installation. */
export function pgTransport(log: PgLog, ctx: Ctx): SyncTransport {
  return {
    info: async () => ({ node: log.node, head: await log.head() }),
    push: async (input) => {
      const r = await log.append(input.node, input.after, input.changes, 'server process', ctx.now(), undefined, { former: input.former });
      return {
        applied: r.added.length,
        lost: 0,
        conflict: 0,
        orphan: 0,
        skipped: 0,
        refused: 0,
        duplicate: r.duplicate,
        acked_through: r.acked_through,
        gap: r.gap,
        head: r.head,
        clock_ahead_ms: 0,
      };
    },
    pull: (input) => log.pull(input),
  };
}

const int = (s: string | null) => (s === null ? 0 : Number(s));

export class Replica {
  private readonly mutex = new Mutex();
  private readonly transport: SyncTransport;
  private constructor(
    /** the process's own context on its cache (who the cache's sync bookkeeping is done as) */
    readonly ctx: Ctx,
    readonly log: PgLog,
    readonly rows: RowMirror,
  ) {
    this.transport = pgTransport(log, ctx);
  }

  /** Waits for a running sync to finish (before closing). */
  idle(): Promise<void> {
    return this.mutex.run(async () => undefined);
  }

  /** Links the cache to the hub (once per cache file and hub) and brings it up to date. */
  static async attach(ctx: Ctx, log: PgLog, url: string): Promise<Replica> {
    const s = ctx.db.sqlite;
    const rows = new RowMirror(s, log.pool, nodeId(s));
    rows.install();
    const r = new Replica(ctx, log, rows);
    if (readState(s, 'remote_node') !== log.node || readState(s, 'remote_url') === null) {
      await link(ctx, describeUrl(url), r.transport, { cookie: null, as: null });
      // A cache that held installation rows before this PostgreSQL had any (a single instance moving to
      // PostgreSQL) sends them; otherwise PostgreSQL's rows are the ones that stand.
      if ((await log.heads()).rows === 0) rows.markAll();
    }
    await r.refresh(true);
    return r;
  }

  /**
   * Sends what this process wrote and fetches what is new; answers how many changes and rows were fetched. With
   * nothing either way it costs one query. `force` syncs the change log even when the heads say nothing is new
   * (start, and after a desk's push).
   */
  refresh(force = false): Promise<number> {
    return this.mutex.run(async () => {
      const s = this.ctx.db.sqlite;
      const node = nodeId(s);
      const heads = await this.log.heads();
      const pending = countOwnAfter(s, node, int(readState(s, 'pushed_through'))) > 0;
      let fetched = 0;
      if (force || pending || heads.head !== int(readState(s, 'pulled_through'))) {
        const r = await syncNow(this.ctx, this.transport);
        for (const k of OUTCOMES) fetched += r.pulled[k];
      }
      if (this.rows.pending()) await this.rows.push();
      if (heads.rows > int(readState(s, 'pg_rows_through'))) fetched += await this.rows.pull();
      return fetched;
    });
  }
}
