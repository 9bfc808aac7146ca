// A change as it travels between databases: one field of one row (or a whole new row), its clock and origin.
// Its text is the audit row that recorded it where it was made.
import type Database from 'better-sqlite3';

export interface Change {
  /** the sender's sequence: the origin's audit seq in a push, the hosted instance's sequence in a pull */
  seq: number;
  hlc: string;
  node: string;
  table: string;
  record: string;
  action: 'insert' | 'update' | 'retire';
  /** null for an insert, which carries the whole row */
  field: string | null;
  /** the audit trail's JSON text of the new value (for an insert, of the row's values) */
  value: string | null;
  actor: string;
  at: string;
  batch: string;
}

const SELECT = `SELECT s.audit_seq AS seq, s.hlc, s.node, a.table_name AS "table", a.record_id AS record, a.action, a.field,
  a.new_value AS value, a.actor, a.at, a.batch_id AS batch
  FROM sync_changes s JOIN audit_log a ON a.seq = s.audit_seq`;

/** This node's own changes after `after`, in the order they were made: what a push sends. */
export function ownChangesAfter(sqlite: Database.Database, node: string, after: number, limit: number): Change[] {
  return sqlite.prepare(`${SELECT} WHERE s.audit_seq > ? AND s.node = ? ORDER BY s.audit_seq LIMIT ?`).all(after, node, limit) as Change[];
}

/** Every change after `after` except those made by `node` (it has them; '' for none): what a pull returns. */
export function changesAfter(sqlite: Database.Database, exceptNode: string, after: number, limit: number): Change[] {
  // A refused change stays where it was refused (its trail); no copy may apply it.
  return sqlite
    .prepare(`${SELECT} WHERE s.audit_seq > ? AND s.node != ? AND s.outcome IS NOT 'refused' ORDER BY s.audit_seq LIMIT ?`)
    .all(after, exceptNode, limit) as Change[];
}

/** Changes stamped here with node ids this database used before its current one (see renewNode), in order. */
export function formerChangesAfter(sqlite: Database.Database, formers: readonly string[], after: number, limit: number): Change[] {
  if (formers.length === 0) return [];
  return sqlite
    .prepare(`${SELECT} WHERE s.audit_seq > ? AND s.node IN (SELECT value FROM json_each(?)) AND s.outcome IS NOT 'refused' ORDER BY s.audit_seq LIMIT ?`)
    .all(after, JSON.stringify(formers), limit) as Change[];
}

export function countFormerAfter(sqlite: Database.Database, formers: readonly string[], after: number): number {
  if (formers.length === 0) return 0;
  return sqlite
    .prepare("SELECT count(*) FROM sync_changes WHERE audit_seq > ? AND node IN (SELECT value FROM json_each(?)) AND outcome IS NOT 'refused'")
    .pluck()
    .get(after, JSON.stringify(formers)) as number;
}

export function countOwnAfter(sqlite: Database.Database, node: string, after: number): number {
  return sqlite.prepare('SELECT count(*) FROM sync_changes WHERE audit_seq > ? AND node = ?').pluck().get(after, node) as number;
}

export function headSeq(sqlite: Database.Database): number {
  return (sqlite.prepare('SELECT max(audit_seq) FROM sync_changes').pluck().get() as number | null) ?? 0;
}

export const changeId = (c: { hlc: string; node: string }) => `${c.hlc}@${c.node}`;
