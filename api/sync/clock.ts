// This database's node id and hybrid logical clock, and the stamp the Writer puts on every change it records.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { tick, receive, decode, encode, compare, HLC_ZERO, type Hlc } from '../../core/hlc.ts';
import { isSynced } from './tables.ts';

interface NodeClock {
  node: string;
  last: Hlc;
  insert: Database.Statement;
  latest: Database.Statement;
  nodeNow: Database.Statement;
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

const freshId = () => randomBytes(8).toString('hex');

/**
 * Which file this is: device and inode. A copy of the file (tem backup, a backup in backups/, cp, a file taken to
 * another computer) is another file; the file itself, opened by several processes or restored in place, is not.
 * Null for a database in memory.
 */
function fileIdentity(sqlite: Database.Database): string | null {
  const name = sqlite.name;
  if (!name || name === ':memory:' || sqlite.memory) return null;
  try {
    const st = statSync(name, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** The node ids this database synced as before its current one; their changes here are still sent (by id). */
export function formerNodes(sqlite: Database.Database): string[] {
  const v = readState(sqlite, 'former_nodes');
  return v ? (JSON.parse(v) as string[]) : [];
}

/**
 * Makes this database a new node: a new node id and install id, the old node id kept as a former one. Changes
 * stamped with the old id stay as they are (every copy knows them by that id); the ones the hosted instance may
 * lack are sent again from the start, by id, so none is lost and none counts twice. Inside a transaction.
 */
export function renewNode(sqlite: Database.Database): string {
  const old = readState(sqlite, 'node_id');
  const node = freshId();
  writeState(sqlite, 'node_id', node);
  writeState(sqlite, 'install_id', freshId());
  writeState(sqlite, 'node_file', fileIdentity(sqlite));
  if (old) writeState(sqlite, 'former_nodes', JSON.stringify([...formerNodes(sqlite).filter((n) => n !== old), old]));
  // The new node has sent nothing yet; the former nodes' changes go again from the start.
  writeState(sqlite, 'pushed_through', 0);
  writeState(sqlite, 'former_pushed_through', 0);
  const c = clocks.get(sqlite);
  if (c) c.node = node;
  return node;
}

/**
 * The node id of this database. Made once and kept in the file, and it belongs to that file: a database whose
 * recorded file is not the one it is in now is a copy, and takes a new node id before it writes or syncs anything,
 * so two databases never act as one node (each would take the other's changes for its own and never fetch them).
 */
function ownNode(sqlite: Database.Database): string {
  const here = fileIdentity(sqlite);
  const check = () => {
    let node = readState(sqlite, 'node_id');
    if (!node) {
      node = freshId();
      writeState(sqlite, 'node_id', node);
      writeState(sqlite, 'install_id', freshId());
      writeState(sqlite, 'node_file', here);
      return node;
    }
    // A database from before node ids belonged to a file: it is taken to be the original.
    if (readState(sqlite, 'install_id') === null) writeState(sqlite, 'install_id', freshId());
    const recorded = readState(sqlite, 'node_file');
    if (here === null) return node;
    if (recorded === null) writeState(sqlite, 'node_file', here);
    else if (recorded !== here) node = renewNode(sqlite);
    return node;
  };
  const quick = readState(sqlite, 'node_id');
  if (quick && readState(sqlite, 'install_id') !== null && (here === null || readState(sqlite, 'node_file') === here)) return quick;
  if (sqlite.inTransaction) return check();
  return sqlite.transaction(check).immediate();
}

export function nodeClock(sqlite: Database.Database): NodeClock {
  let c = clocks.get(sqlite);
  if (c) return c;
  const node = ownNode(sqlite);
  c = {
    node,
    last: HLC_ZERO,
    insert: sqlite.prepare('INSERT INTO sync_changes (audit_seq, hlc, node, outcome, detail) VALUES (?, ?, ?, ?, ?)'),
    latest: sqlite.prepare('SELECT hlc FROM sync_changes ORDER BY hlc DESC LIMIT 1').pluck(),
    nodeNow: sqlite.prepare("SELECT value FROM sync_state WHERE key = 'node_id'").pluck(),
  };
  clocks.set(sqlite, c);
  return c;
}

/** The random id of this database, sent with its pushes: a hosted instance that sees a node pushed from two
 *  databases (copies made before node ids belonged to a file) refuses that node until each desk links again. */
export const installId = (sqlite: Database.Database) => (nodeClock(sqlite), readState(sqlite, 'install_id')!);

/** This database's node id now (another process on the same file may have renewed it since). */
export function nodeId(sqlite: Database.Database): string {
  const c = nodeClock(sqlite);
  const now = c.nodeNow.get() as string | undefined;
  if (now) c.node = now;
  return c.node;
}

/** Catches up with clocks stamped by other processes on the same file (a CLI import while the desktop runs), and
 *  with the node id, which another process may have renewed (tem sync link while the desktop runs). */
function catchUp(c: NodeClock): void {
  const node = c.nodeNow.get() as string | undefined;
  if (node) c.node = node;
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
