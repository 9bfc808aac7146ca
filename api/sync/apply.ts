// Applying changes from other databases: last writer per field wins by clock, every change is kept.
//
// A change is applied when its clock is newer than every change in force on that field of that row (an insert
// counts for every field it set), so two edits of different fields of one row both stand, and every copy ends
// with the same value whatever order changes arrive in. A change that is older than the field's is "lost": it
// is recorded in the audit trail (door 'sync', old_value = the value that stands, new_value = the one that lost)
// and in sync_changes with outcome 'lost', never dropped. Applied rows are written here rather than through the
// Writer because they keep their origin's stamps (who, when, which batch) and clock.
//
// Two desks that each add the same thing offline (the bill of one account and month) make two rows with one
// unique key. The row added first (by clock) keeps the key on every copy; the other row's id becomes an alias
// of it (sync_aliases) and its values are applied to it field by field, by clock like any other change.
import type Database from 'better-sqlite3';
import type { Ctx } from '../context.ts';
import { stmt, fromAudit } from '../write.ts';
import { isSynced, tableInfo, foreignKeys, type TableInfo } from './tables.ts';
import { hear } from './clock.ts';
import type { Change } from './changes.ts';

export interface ApplyResult {
  applied: number;
  lost: number;
  conflict: number;
  orphan: number;
  skipped: number;
  refused: number;
  duplicate: number;
}

export const emptyResult = (): ApplyResult => ({ applied: 0, lost: 0, conflict: 0, orphan: 0, skipped: 0, refused: 0, duplicate: 0 });
export const OUTCOMES = ['applied', 'lost', 'conflict', 'orphan', 'skipped', 'refused', 'duplicate'] as const;

type Outcome = 'lost' | 'conflict' | 'orphan' | 'skipped' | 'refused' | null;
type Row = Record<string, unknown>;
type Clock = { hlc: string; node: string };
type Recorder = (c: Change, old: string | null, o: Outcome, detail?: string | null) => void;

/** Audit JSON back to what SQLite stores: bytes come back from {"type":"Buffer","data":[...]}. */
function toSqlValue(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data))
    return Buffer.from((v as { data: number[] }).data);
  if (v && typeof v === 'object') return JSON.stringify(v);
  return v ?? null;
}

const toAudit = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(Buffer.isBuffer(v) ? v.toJSON() : v));

const newer = (c: Clock, cur: Clock | null) => !cur || c.hlc > cur.hlc || (c.hlc === cur.hlc && c.node > cur.node);

// Whether this database has merged any rows: until it has, ids need no look-up (the common case, and the cost
// of a first sync is mostly per change).
const merged = new WeakMap<Database.Database, boolean>();
const anyMerged = (ctx: Ctx) => merged.get(ctx.db.sqlite) === true;

/** The id a row has here: itself, or the row it was merged into. */
function resolve(ctx: Ctx, table: string, id: string): string {
  if (!anyMerged(ctx)) return id;
  return (stmt(ctx, 'SELECT to_id FROM sync_aliases WHERE table_name = ? AND from_id = ?').pluck().get(table, id) as string | undefined) ?? id;
}

/** A row's id and the ids merged into it: its changes were recorded under any of them. */
function idsOf(ctx: Ctx, table: string, id: string): string[] {
  if (!anyMerged(ctx)) return [id];
  const from = stmt(ctx, 'SELECT from_id FROM sync_aliases WHERE table_name = ? AND to_id = ?').pluck().all(table, id) as string[];
  return from.length ? [id, ...from] : [id];
}

const FIELD_CLOCK = (n: number) => `SELECT s.hlc, s.node FROM audit_log a JOIN sync_changes s ON s.audit_seq = a.seq
  WHERE a.table_name = ? AND a.record_id IN (${Array(n).fill('?').join(', ')}) AND (a.field = ? OR a.action = 'insert') AND s.outcome IS NULL
  ORDER BY s.hlc DESC, s.node DESC LIMIT 1`;

/** The newest change in force on one field of one row, or null when none was recorded. */
function fieldClock(ctx: Ctx, table: string, id: string, field: string): Clock | null {
  const ids = idsOf(ctx, table, id);
  return (stmt(ctx, FIELD_CLOCK(ids.length)).get(table, ...ids, field) as Clock | undefined) ?? null;
}

/** The clock of the insert that made a row here, or null for a row older than sync. */
function insertClock(ctx: Ctx, table: string, id: string): Clock | null {
  const ids = idsOf(ctx, table, id);
  return (
    (stmt(
      ctx,
      `SELECT s.hlc, s.node FROM audit_log a JOIN sync_changes s ON s.audit_seq = a.seq
       WHERE a.table_name = ? AND a.record_id IN (${ids.map(() => '?').join(', ')}) AND a.action = 'insert' AND s.outcome IS NULL
       ORDER BY s.hlc, s.node LIMIT 1`,
    ).get(table, ...ids) as Clock | undefined) ?? null
  );
}

/** Ids in foreign-key columns follow merges, so a row added against a merged-away id finds its parent. */
function followAliases(ctx: Ctx, table: string, column: string, value: unknown): unknown {
  const parent = foreignKeys(ctx.db.sqlite, table).parents.get(column);
  return parent && typeof value === 'string' ? resolve(ctx, parent, value) : value;
}

// updated_at becomes the latest `at` of every change the row has seen, applied or lost, so it is the same on
// every copy whatever order the changes arrived in.
const touch = (info: TableInfo) => (info.columns.has('updated_at') ? ', updated_at = max(updated_at, ?)' : '');
const touchArgs = (info: TableInfo, c: Change) => (info.columns.has('updated_at') ? [c.at] : []);

/**
 * Applies changes in the caller's transaction. Changes already here (same node and clock) change nothing.
 * `refuse` (the hosted instance's access check) names why a change may not be written; it is then kept as
 * 'refused' and never passed on.
 */
export function applyChanges(ctx: Ctx, changes: readonly Change[], refuse?: (c: Change) => string | null): ApplyResult {
  const result = emptyResult();
  const sqlite = ctx.db.sqlite;
  merged.set(sqlite, stmt(ctx, 'SELECT EXISTS (SELECT 1 FROM sync_aliases)').pluck().get() === 1);
  const exists = stmt(ctx, 'SELECT 1 FROM sync_changes WHERE hlc = ? AND node = ?').pluck();
  const auditInsert = stmt(
    ctx,
    `INSERT INTO audit_log (at, actor, door, batch_id, table_name, record_id, action, field, old_value, new_value)
     VALUES (?, ?, 'sync', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const changeInsert = stmt(ctx, 'INSERT INTO sync_changes (audit_seq, hlc, node, outcome, detail) VALUES (?, ?, ?, ?, ?)');
  let newest = '';

  const record: Recorder = (c, oldValue, outcome, detail = null) => {
    const r = auditInsert.run(c.at, c.actor, c.batch, c.table, c.record, c.action, c.field, oldValue, c.value);
    changeInsert.run(r.lastInsertRowid, c.hlc, c.node, outcome, detail);
    if (outcome === null) result.applied++;
    else result[outcome]++;
  };

  for (const c of changes) {
    if (exists.get(c.hlc, c.node)) {
      result.duplicate++;
      continue;
    }
    if (c.hlc > newest) newest = c.hlc;
    const info = isSynced(c.table) ? tableInfo(sqlite, c.table) : null;
    if (!info) {
      record(c, null, 'skipped', `table "${c.table}" is not synced by this database`);
      continue;
    }
    if (c.field !== null && !info.columns.has(c.field)) {
      record(c, null, 'skipped', `table "${c.table}" has no column "${c.field}" in this database`);
      continue;
    }
    const refusal = refuse?.(c);
    if (refusal) {
      record(c, null, 'refused', refusal);
      continue;
    }
    const id = resolve(ctx, c.table, c.record);
    const row = stmt(ctx, `SELECT * FROM ${c.table} WHERE id = ?`).get(id) as Row | undefined;
    if (c.action === 'insert') {
      applyInsert(ctx, c, id, info, row, record);
      continue;
    }
    if (!row) {
      record(c, null, 'orphan', `no ${c.table} row ${c.record} here`);
      continue;
    }
    const field = c.field!;
    const standing = toAudit(row[field]);
    if (!newer(c, fieldClock(ctx, c.table, id, field))) {
      if (info.columns.has('updated_at')) stmt(ctx, `UPDATE ${c.table} SET updated_at = max(updated_at, ?) WHERE id = ?`).run(c.at, id);
      record(c, standing, 'lost');
      continue;
    }
    try {
      const value = followAliases(ctx, c.table, field, toSqlValue(fromAudit(c.value)));
      stmt(ctx, `UPDATE ${c.table} SET ${field} = ?${touch(info)} WHERE id = ?`).run(value, ...touchArgs(info, c), id);
    } catch (e) {
      record(c, standing, 'conflict', (e as Error).message);
      continue;
    }
    record(c, standing, null);
  }
  if (newest) hear(sqlite, newest, Date.parse(ctx.now()));
  return result;
}

function applyInsert(ctx: Ctx, c: Change, id: string, info: TableInfo, row: Row | undefined, record: Recorder) {
  let parsed: Row;
  try {
    parsed = JSON.parse(fromAudit(c.value) as string) as Row;
  } catch {
    record(c, null, 'skipped', 'the new row is not readable JSON');
    return;
  }
  const cols = Object.keys(parsed).filter((k) => info.columns.has(k) && k !== 'id' && k !== 'created_at' && k !== 'updated_at');
  const values: Row = {};
  for (const k of cols) values[k] = followAliases(ctx, c.table, k, toSqlValue(parsed[k]));
  if (row) {
    // The row is here already (sent twice under two clocks, or merged): each field by its own clock.
    fieldByField(ctx, c, id, info, cols, values, record, null);
    return;
  }
  const stamps = ['created_at', 'updated_at'].filter((s) => info.columns.has(s));
  const all = ['id', ...cols, ...stamps];
  try {
    stmt(ctx, `INSERT INTO ${c.table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})`).run(id, ...cols.map((k) => values[k]), ...stamps.map(() => c.at));
    record(c, null, null);
    return;
  } catch (e) {
    const twin = sameKey(ctx.db.sqlite, c.table, (e as Error).message, values);
    if (!twin) {
      // A missing parent row, or a key this change cannot be matched on.
      record(c, null, 'conflict', (e as Error).message);
      return;
    }
    mergeTwins(ctx, c, id, info, twin, cols, values, record);
  }
}

/** The row that already holds the unique key an insert failed on, if the failure was a unique key. */
function sameKey(sqlite: Database.Database, table: string, message: string, values: Row): { row: Row; key: string[] } | null {
  const m = /UNIQUE constraint failed: (.+)$/.exec(message);
  if (!m) return null;
  const key = m[1]!.split(',').map((s) => s.trim().replace(`${table}.`, ''));
  if (key.includes('id')) return null;
  const row = sqlite.prepare(`SELECT * FROM ${table} WHERE ${key.map((k) => `${k} IS ?`).join(' AND ')}`).get(...key.map((k) => values[k])) as Row | undefined;
  return row ? { row, key } : null;
}

function mergeTwins(ctx: Ctx, c: Change, id: string, info: TableInfo, twin: { row: Row; key: string[] }, cols: string[], values: Row, record: Recorder) {
  const sqlite = ctx.db.sqlite;
  const other = twin.row.id as string;
  const otherClock = insertClock(ctx, c.table, other);
  const describe = `the same ${twin.key.join(' and ')} as row ${other}`;
  merged.set(sqlite, true);
  if (!otherClock || !newer(otherClock, c)) {
    // The row here was added first: it keeps the key, and this change's values compete field by field.
    stmt(ctx, 'INSERT OR REPLACE INTO sync_aliases (table_name, from_id, to_id) VALUES (?, ?, ?)').run(c.table, id, other);
    fieldByField(ctx, c, other, info, cols, values, record, `${describe}, which was added first: merged into it`);
    return;
  }
  // This change's row was added first: the row here takes its id (rows pointing at it follow), then the values
  // compete field by field; the row here keeps whatever it changed later.
  sqlite.pragma('defer_foreign_keys = ON');
  const created = info.columns.has('created_at') ? ', created_at = ?' : '';
  stmt(ctx, `UPDATE ${c.table} SET id = ?${created} WHERE id = ?`).run(id, ...(created ? [c.at] : []), other);
  for (const child of foreignKeys(sqlite, c.table).children) stmt(ctx, `UPDATE ${child.table} SET ${child.column} = ? WHERE ${child.column} = ?`).run(id, other);
  stmt(ctx, 'UPDATE sync_aliases SET to_id = ? WHERE table_name = ? AND to_id = ?').run(id, c.table, other);
  stmt(ctx, 'INSERT OR REPLACE INTO sync_aliases (table_name, from_id, to_id) VALUES (?, ?, ?)').run(c.table, other, id);
  fieldByField(ctx, c, id, info, cols, values, record, `${describe}, which was added later: that row now has this id`);
}

function fieldByField(ctx: Ctx, c: Change, id: string, info: TableInfo, cols: string[], values: Row, record: Recorder, detail: string | null) {
  let any = false;
  for (const k of cols) {
    if (!newer(c, fieldClock(ctx, c.table, id, k))) continue;
    stmt(ctx, `UPDATE ${c.table} SET ${k} = ?${touch(info)} WHERE id = ?`).run(values[k], ...touchArgs(info, c), id);
    any = true;
  }
  if (!any && info.columns.has('updated_at')) stmt(ctx, `UPDATE ${c.table} SET updated_at = max(updated_at, ?) WHERE id = ?`).run(c.at, id);
  record(c, null, any || cols.length === 0 ? null : 'lost', detail);
}
