// The one way rows are written: inside a transaction, stamped, and recorded field by field in the audit trail.
import { newId } from './ids.ts';
import type { Statement } from 'better-sqlite3';
import { trailDoorOf, type Ctx, type TrailDoor } from './context.ts';
import { ChangeStamper } from './sync/clock.ts';

type Row = Record<string, unknown>;

const cache = new WeakMap<object, Map<string, Statement>>();

/** A prepared statement, prepared once per connection. */
export function stmt(ctx: Ctx, sql: string): Statement {
  let m = cache.get(ctx.db.sqlite);
  if (!m) cache.set(ctx.db.sqlite, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = ctx.db.sqlite.prepare(sql)));
  return s;
}

/** SQLite has no booleans; audit values are JSON so numbers, text and null come back as they were. */
const toSql = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);
const toAudit = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(toSql(v)));
const same = (a: unknown, b: unknown) => toSql(a) === toSql(b);

/** An INSERT prepared for one table and one list of columns. */
interface InsertShape {
  cols: readonly string[];
  statement: Statement;
}
const insertShapes = new WeakMap<object, Map<string, InsertShape[]>>();
/** Column lists kept per table; a table written with more shapes than this prepares the rest through stmt(). */
const MAX_SHAPES = 32;

const sameColumns = (a: readonly string[], b: readonly string[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** The INSERT for a table and column list, found by comparing the columns (no SQL text is built per row: a book
 *  import or a month of actuals inserts hundreds of thousands of rows through a handful of shapes). */
function insertStatement(ctx: Ctx, table: string, cols: readonly string[]): Statement {
  let byTable = insertShapes.get(ctx.db.sqlite);
  if (!byTable) insertShapes.set(ctx.db.sqlite, (byTable = new Map()));
  let shapes = byTable.get(table);
  if (!shapes) byTable.set(table, (shapes = []));
  for (const shape of shapes) if (sameColumns(shape.cols, cols)) return shape.statement;
  const statement = stmt(ctx, `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  if (shapes.length < MAX_SHAPES) shapes.push({ cols, statement });
  return statement;
}

export class Writer {
  readonly at: string;
  /** The door the trail records: the method's (an import) or the transport's in users' words (api/context.ts). */
  readonly door: TrailDoor;
  changes = 0;
  private auditInsert: Statement;
  /** Sync: each audit row of a synced table is also a change stamped with this database's clock (api/sync). */
  private stamper: ChangeStamper;
  constructor(
    readonly ctx: Ctx,
    readonly batchId: string = newId(),
  ) {
    this.at = ctx.now();
    this.door = ctx.trail_door ?? trailDoorOf(ctx.door);
    this.stamper = new ChangeStamper(ctx.db.sqlite, this.at);
    this.auditInsert = stmt(
      ctx,
      `INSERT INTO audit_log (at, actor, door, batch_id, table_name, record_id, action, field, old_value, new_value)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  private audit(table: string, id: string, action: 'insert' | 'update' | 'retire', field: string | null, oldV: unknown, newV: unknown) {
    const r = this.auditInsert.run(this.at, this.ctx.actor, this.door, this.batchId, table, id, action, field, toAudit(oldV), toAudit(newV));
    this.stamper.record(table, r.lastInsertRowid);
  }

  /** Inserts a row (id and stamps are added) and records it as one audit entry holding the whole row. */
  insert<T extends Row>(table: string, values: T): T & { id: string; created_at: string; updated_at: string } {
    const row = { id: newId(), ...values, created_at: this.at, updated_at: this.at };
    const cols = Object.keys(row);
    const args = new Array<unknown>(cols.length);
    for (let i = 0; i < cols.length; i++) args[i] = toSql((row as Row)[cols[i]!]);
    insertStatement(this.ctx, table, cols).run(args);
    this.audit(table, row.id, 'insert', null, null, JSON.stringify(values));
    this.changes++;
    return row;
  }

  /** Writes only the fields that differ from `before`; one audit entry per changed field. Returns whether anything changed. */
  update(table: string, before: Row & { id: string }, patch: Row): boolean {
    const changed = Object.keys(patch).filter((k) => patch[k] !== undefined && !same(before[k], patch[k]));
    if (changed.length === 0) return false;
    const sets = changed.map((c) => `${c} = ?`).join(', ');
    stmt(this.ctx, `UPDATE ${table} SET ${sets}, updated_at = ? WHERE id = ?`).run(
      ...changed.map((c) => toSql(patch[c])),
      this.at,
      before.id,
    );
    for (const c of changed) this.audit(table, before.id, 'update', c, before[c], patch[c]);
    this.changes++;
    return true;
  }

  /** Tombstones a row: it stays for history and is hidden from lists. */
  retire(table: string, before: Row & { id: string; retired_at?: unknown }): boolean {
    if (before.retired_at) return false;
    stmt(this.ctx, `UPDATE ${table} SET retired_at = ?, updated_at = ? WHERE id = ?`).run(this.at, this.at, before.id);
    this.audit(table, before.id, 'retire', 'retired_at', null, this.at);
    this.changes++;
    return true;
  }
}

/** Runs fn in one SQLite transaction with a fresh audit batch. */
export function inTransaction<T>(ctx: Ctx, fn: (w: Writer) => T, batchId?: string): T {
  const w = new Writer(ctx, batchId);
  return ctx.db.sqlite.transaction(() => fn(w))();
}

/** Parses a JSON audit value back to what was stored. */
export const fromAudit = (v: string | null): unknown => (v === null ? null : JSON.parse(v));
