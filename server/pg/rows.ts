// The installation's own rows (LOCAL_TABLES that describe the hosted installation rather than one machine:
// users, sessions, groups, settings, the company profile), shared by every server process through tem_rows so
// that a user signed in on one process is signed in on all of them.
//
// They are not changes of the book: no clocks, no per-field merge. Each row travels whole, and the copy written
// last (in PostgreSQL commit order) stands everywhere. Which rows a process wrote is noticed by TEMP triggers on
// its cache connection (no change to the file's schema), and sent after each request; rows other processes
// wrote are fetched before each request.
import type Database from 'better-sqlite3';
import { readState, writeState } from '../../api/sync/clock.ts';
import { inTransaction, type Pool } from './pool.ts';
import { LOCK_APPEND } from './schema.ts';

/** In the order they are written back (parents first); foreign keys are checked at commit anyway. */
export const SHARED_TABLES = ['company', 'settings', 'security_groups', 'widget_groups', 'users', 'sessions'] as const;

type Row = Record<string, unknown>;

/** JSON keeps bytes as {"type":"Buffer","data":[...]}; they come back as bytes. */
const revive = (_k: string, v: unknown) =>
  v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data) ? Buffer.from((v as { data: number[] }).data) : v;

export class RowMirror {
  constructor(
    private readonly sqlite: Database.Database,
    private readonly pool: Pool,
    /** this process's cache node id: its own rows are not fetched back */
    private readonly origin: string,
  ) {}

  /** Starts noticing writes to the shared tables on this connection. */
  install(): void {
    const s = this.sqlite;
    s.exec(`CREATE TEMP TABLE IF NOT EXISTS tem_pg_dirty (table_name TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (table_name, id));
            CREATE TEMP TABLE IF NOT EXISTS tem_pg_quiet (quiet INTEGER NOT NULL);
            DELETE FROM tem_pg_quiet; INSERT INTO tem_pg_quiet VALUES (0);`);
    for (const t of SHARED_TABLES) {
      for (const [op, ref] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
        s.exec(`CREATE TEMP TRIGGER IF NOT EXISTS tem_pg_${t}_${op.toLowerCase()} AFTER ${op} ON main.${t}
                WHEN (SELECT quiet FROM temp.tem_pg_quiet) = 0
                BEGIN INSERT OR IGNORE INTO temp.tem_pg_dirty (table_name, id) VALUES ('${t}', ${ref}.id); END`);
      }
      // An update that changes a row's id leaves the old id behind: it is gone.
      s.exec(`CREATE TEMP TRIGGER IF NOT EXISTS tem_pg_${t}_rekey AFTER UPDATE OF id ON main.${t}
              WHEN (SELECT quiet FROM temp.tem_pg_quiet) = 0 AND OLD.id IS NOT NEW.id
              BEGIN INSERT OR IGNORE INTO temp.tem_pg_dirty (table_name, id) VALUES ('${t}', OLD.id); END`);
    }
  }

  /** Marks every shared row here as to be sent (a cache that had rows before PostgreSQL had any). */
  markAll(): void {
    for (const t of SHARED_TABLES) this.sqlite.prepare(`INSERT OR IGNORE INTO temp.tem_pg_dirty SELECT '${t}', id FROM main.${t}`).run();
  }

  pending(): boolean {
    return this.sqlite.prepare('SELECT EXISTS (SELECT 1 FROM temp.tem_pg_dirty)').pluck().get() === 1;
  }

  /** Sends the rows written here since the last send. */
  async push(): Promise<number> {
    const dirty = this.sqlite.prepare('SELECT table_name, id FROM temp.tem_pg_dirty').all() as { table_name: string; id: string }[];
    if (dirty.length === 0) return 0;
    const rows = dirty.map((d) => {
      const row = this.sqlite.prepare(`SELECT * FROM main.${d.table_name} WHERE id = ?`).get(d.id) as Row | undefined;
      return { ...d, row: row ? JSON.stringify(row) : null };
    });
    await inTransaction(
      this.pool,
      (c) =>
        c.query(
          `INSERT INTO tem_rows (table_name, id, row, version, origin)
           SELECT table_name, id, row, nextval('tem_rows_version'), $4
           FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t (table_name, id, row, n) ORDER BY n
           ON CONFLICT (table_name, id) DO UPDATE SET row = excluded.row, version = excluded.version, origin = excluded.origin`,
          [rows.map((r) => r.table_name), rows.map((r) => r.id), rows.map((r) => r.row), this.origin],
        ),
      { lock: LOCK_APPEND },
    );
    // Only the rows sent are unmarked (the caller holds the process's sync mutex while this runs).
    const del = this.sqlite.prepare('DELETE FROM temp.tem_pg_dirty WHERE table_name = ? AND id = ?');
    this.sqlite.transaction(() => rows.forEach((r) => del.run(r.table_name, r.id)))();
    return rows.length;
  }

  /** Fetches the rows other processes wrote since the last fetch and writes them here. */
  async pull(): Promise<number> {
    const through = Number(readState(this.sqlite, 'pg_rows_through') ?? 0);
    const r = await this.pool.query<{ table_name: string; id: string; row: string | null; version: number; origin: string }>(
      'SELECT table_name, id, row, version, origin FROM tem_rows WHERE version > $1 ORDER BY version',
      [through],
    );
    if (r.rows.length === 0) return 0;
    const s = this.sqlite;
    const order = (t: string) => SHARED_TABLES.indexOf(t as (typeof SHARED_TABLES)[number]);
    // A row this process wrote last is here as it stands (or newer, and marked to be sent): not fetched back.
    const theirs = r.rows
      .filter((x) => x.origin !== this.origin && order(x.table_name) >= 0).sort((a, b) => order(a.table_name) - order(b.table_name) || a.version - b.version);
    s.transaction(() => {
      s.prepare('UPDATE temp.tem_pg_quiet SET quiet = 1').run();
      s.pragma('defer_foreign_keys = ON');
      for (const x of theirs) {
        if (x.row === null) {
          s.prepare(`DELETE FROM main.${x.table_name} WHERE id = ?`).run(x.id);
          continue;
        }
        const row = JSON.parse(x.row, revive) as Row;
        const cols = Object.keys(row).filter((c) => /^[a-z_][a-z0-9_]*$/.test(c));
        // An upsert, not REPLACE: replacing a user would delete (and cascade to) the rows that point at it.
        const set = cols.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
        s.prepare(
          `INSERT INTO main.${x.table_name} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})
           ON CONFLICT (id) DO ${set.length ? `UPDATE SET ${set.join(', ')}` : 'NOTHING'}`,
        ).run(...cols.map((c) => row[c] as unknown));
      }
      s.prepare('UPDATE temp.tem_pg_quiet SET quiet = 0').run();
      writeState(s, 'pg_rows_through', r.rows[r.rows.length - 1]!.version);
    })();
    return theirs.length;
  }
}
