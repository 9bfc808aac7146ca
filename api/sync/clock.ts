// This database's node id and hybrid logical clock, and the stamp the Writer puts on every change it records.
import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { tick, receive, decode, encode, compare, HLC_ZERO, type Hlc } from '../../core/hlc.ts';
import { isSynced } from './tables.ts';

interface NodeClock {
  node: string;
  last: Hlc;
  insert: Database.Statement;
  latest: Database.Statement;
}

const clocks = new WeakMap<Database.Database, NodeClock>();

export function readState(sqlite: Database.Database, key: string): string | null {
  const r = sqlite.prepare('SELECT value FROM sync_state WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value ?? null;
}

export function writeState(sqlite: Database.Database, key: string, value: string | number | null): void {
  if (value === null) sqlite.prepare('DELETE FROM sync_state WHERE key = ?').run(key);
  else sqlite.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, String(value));
}

/** The node id of this database: made once, kept in the file, so a copied file is the same node (see README). */
export function nodeClock(sqlite: Database.Database): NodeClock {
  let c = clocks.get(sqlite);
  if (c) return c;
  let node = readState(sqlite, 'node_id');
  if (!node) {
    sqlite.prepare('INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, ?)').run('node_id', randomBytes(8).toString('hex'));
    node = readState(sqlite, 'node_id')!;
  }
  c = {
    node,
    last: HLC_ZERO,
    insert: sqlite.prepare('INSERT INTO sync_changes (audit_seq, hlc, node, outcome, detail) VALUES (?, ?, ?, ?, ?)'),
    latest: sqlite.prepare('SELECT hlc FROM sync_changes ORDER BY hlc DESC LIMIT 1').pluck(),
  };
  clocks.set(sqlite, c);
  return c;
}

export const nodeId = (sqlite: Database.Database) => nodeClock(sqlite).node;

/** Catches up with clocks stamped by other processes on the same file (a CLI import while the desktop runs). */
function catchUp(c: NodeClock): void {
  const latest = c.latest.get() as string | undefined;
  if (latest) {
    const h = decode(latest);
    if (compare(h, c.last) > 0) c.last = h;
  }
}

/** Moves the clock past a remote clock heard from (the newest change of a pulled or pushed batch). */
export function hear(sqlite: Database.Database, remote: string, nowMs: number): void {
  const c = nodeClock(sqlite);
  c.last = receive(c.last, decode(remote), nowMs);
}

/**
 * The Writer's hook: stamps each audit row of a synced table as a change. One per Writer (one transaction); it
 * reads the newest stamp in the file at its first change, when the transaction already holds the write lock,
 * so two processes writing one file never stamp the same clock value.
 */
export class ChangeStamper {
  private clock: NodeClock | null = null;
  private readonly ms: number;
  constructor(
    private readonly sqlite: Database.Database,
    at: string,
  ) {
    this.ms = Date.parse(at);
  }

  record(table: string, auditSeq: number | bigint): void {
    if (!isSynced(table)) return;
    let c = this.clock;
    if (!c) {
      c = this.clock = nodeClock(this.sqlite);
      catchUp(c);
    }
    c.last = tick(c.last, this.ms);
    c.insert.run(auditSeq, encode(c.last), c.node, null, null);
  }
}

export { catchUp as catchUpClock };
