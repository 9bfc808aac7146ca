// The desk's side of sync: link to a hosted instance, push this desk's changes, pull everyone else's.
import type { Ctx } from '../context.ts';
import { ApiError } from '../errors.ts';
import { applyChanges, emptyResult, OUTCOMES, type ApplyResult } from './apply.ts';
import { countFormerAfter, countOwnAfter, formerChangesAfter, ownChangesAfter } from './changes.ts';
import { formerNodes, installId, nodeClock, nodeId, readState, renewNode, writeState } from './clock.ts';
import { encode } from '../../core/hlc.ts';
import { isSynced } from './tables.ts';
import type { SyncTransport } from './transport.ts';

export const PUSH_BATCH = 2000;
export const PULL_PAGE = 2000;

export interface SyncProgress {
  phase: 'push' | 'pull';
  /** push: this desk's changes sent so far; pull: how far through the hosted instance's sequence (changes) */
  done: number;
  /** push: this desk's changes to send; pull: the hosted instance's sequence to reach (grows if others push meanwhile) */
  total: number;
}

export interface SyncOptions {
  onProgress?: (p: SyncProgress) => void;
  pushBatch?: number;
  pullPage?: number;
  /** called after each push the hosted instance answered, before it is recorded here (tests cut pushes off here) */
  afterPushAnswered?: (batch: number) => void | Promise<void>;
}

export interface SyncReport {
  pushed: ApplyResult & { batches: number };
  pulled: ApplyResult & { pages: number };
  pushed_through: number;
  pulled_through: number;
  clock_ahead_ms: number;
}

const int = (s: string | null) => (s === null ? 0 : Number(s));

export interface LinkState {
  linked: boolean;
  url: string | null;
  remote_node: string | null;
  node: string;
  linked_as: string | null;
  linked_at: string | null;
  last_sync_at: string | null;
  pushed_through: number;
  pulled_through: number;
  /** this desk's changes the hosted instance does not have yet */
  pending: number;
  /** changes that lost to a newer change of the same field, or could not be written, kept in the audit trail */
  not_applied: number;
}

export function linkState(ctx: Ctx): LinkState {
  const s = ctx.db.sqlite;
  const node = nodeId(s);
  const url = readState(s, 'remote_url');
  const pushed = int(readState(s, 'pushed_through'));
  return {
    linked: url !== null,
    url,
    remote_node: readState(s, 'remote_node'),
    node,
    linked_as: readState(s, 'linked_as'),
    linked_at: readState(s, 'linked_at'),
    last_sync_at: readState(s, 'last_sync_at'),
    pushed_through: pushed,
    pulled_through: int(readState(s, 'pulled_through')),
    pending: countOwnAfter(s, node, pushed) + countFormerAfter(s, formerNodes(s), int(readState(s, 'former_pushed_through'))),
    not_applied: s.prepare('SELECT count(*) FROM sync_changes WHERE outcome IS NOT NULL').pluck().get() as number,
  };
}

/** Audit rows stamped per read by stampOlderWrites. */
const STAMP_PAGE = 5000;

/**
 * Stamps audit rows written before this database recorded changes (an older version of the app), so the rows
 * they made sync too. Their clock is the audit time, in audit order.
 */
export function stampOlderWrites(ctx: Ctx): number {
  const s = ctx.db.sqlite;
  const c = nodeClock(s);
  // A page at a time (a connection cannot write while it iterates): a database written by an older version can
  // hold millions of unstamped audit rows, which are not all read into memory at once.
  const page = s.prepare(
    `SELECT a.seq, a.at, a.table_name FROM audit_log a LEFT JOIN sync_changes s ON s.audit_seq = a.seq
     WHERE s.audit_seq IS NULL AND a.seq > ? ORDER BY a.seq LIMIT ${STAMP_PAGE}`,
  );
  const insert = s.prepare('INSERT INTO sync_changes (audit_seq, hlc, node, outcome, detail) VALUES (?, ?, ?, NULL, NULL)');
  const taken = s.prepare('SELECT 1 FROM sync_changes WHERE hlc = ? AND node = ?').pluck();
  let n = 0;
  let prev = { ms: 0, count: 0 };
  s.transaction(() => {
    for (let after = 0; ; ) {
      const rows = page.all(after) as { seq: number; at: string; table_name: string }[];
      for (const r of rows) {
        if (!isSynced(r.table_name)) continue;
        const ms = Date.parse(r.at);
        let h = ms > prev.ms ? { ms, count: 0 } : { ms: prev.ms, count: prev.count + 1 };
        while (taken.get(encode(h), c.node)) h = { ms: h.ms, count: h.count + 1 };
        insert.run(r.seq, encode(h), c.node);
        prev = h;
        n++;
      }
      if (rows.length < STAMP_PAGE) break;
      after = rows[rows.length - 1]!.seq;
    }
  })();
  return n;
}

/**
 * Links this desk to a hosted instance: checks it answers and remembers it. A node id belongs to one database;
 * linking again is how a database that shares its node id with another (a copy made before node ids belonged to
 * a file, a backup restored in place) becomes a desk of its own: it takes a new node id. The changes it made
 * under its former node ids are sent again, by id (the hosted instance skips those it has), and everything is
 * fetched from the start except the new node's own changes: so what the former node sent from elsewhere (another
 * copy, or this desk before it was restored from a backup) comes here too, and nothing is fetched twice.
 */
export async function link(ctx: Ctx, url: string, transport: SyncTransport, opts: { cookie: string | null; as: string | null }) {
  const s = ctx.db.sqlite;
  const info = await transport.info();
  if (info.node === nodeId(s)) throw new ApiError('invalid_input', 'This database cannot be linked to itself');
  s.transaction(() => {
    const linkedAs = readState(s, 'linked_node');
    const linkedBefore = linkedAs !== null ? linkedAs === nodeId(s) : readState(s, 'remote_node') !== null;
    writeState(s, 'remote_url', url);
    writeState(s, 'remote_node', info.node);
    writeState(s, 'remote_cookie', opts.cookie);
    writeState(s, 'linked_as', opts.as);
    writeState(s, 'linked_at', ctx.now());
    // A database's first link keeps its node id (its changes go in order as its own). Linking again, whatever the
    // reason (unlinked, restored from a backup, told by the hosted instance that another database uses its node),
    // makes it a new node.
    const node = linkedBefore ? renewNode(s) : nodeId(s);
    if (!linkedBefore) writeState(s, 'pushed_through', 0);
    writeState(s, 'linked_node', node);
    writeState(s, 'pulled_through', 0);
    writeState(s, 'pulled_through_id', null);
    writeState(s, 'pull_own', null);
  }).immediate();
  stampOlderWrites(ctx);
  return linkState(ctx);
}

/** Unlinks: forgets the hosted instance and its sign-in; every row, change and audit entry stays here. */
export function unlink(ctx: Ctx) {
  const s = ctx.db.sqlite;
  const was = readState(s, 'remote_url');
  s.transaction(() => {
    for (const k of ['remote_url', 'remote_cookie', 'linked_as', 'linked_at']) writeState(s, k, null);
  })();
  return { unlinked: was !== null, url: was };
}

/** The session cookie kept from signing in at the hosted instance (sent with every push and pull). */
export const storedCookie = (ctx: Ctx) => readState(ctx.db.sqlite, 'remote_cookie');

/**
 * One sync: push everything this desk made that the hosted instance has not acknowledged, then pull every
 * change after the last sequence pulled. Each pulled page is applied and its sequence recorded in one
 * transaction, so a sync cut off anywhere resumes where it stopped and nothing is applied twice.
 */
export async function syncNow(ctx: Ctx, transport: SyncTransport, opts: SyncOptions = {}): Promise<SyncReport> {
  const s = ctx.db.sqlite;
  if (readState(s, 'remote_url') === null) throw new ApiError('invalid_input', 'This desk is not linked to a hosted instance: link it first (tem sync link URL)');
  const node = nodeId(s);
  const install = installId(s);
  const pushBatch = opts.pushBatch ?? PUSH_BATCH;
  const pullPage = opts.pullPage ?? PULL_PAGE;
  const pushed = { ...emptyResult(), batches: 0 };
  let through = int(readState(s, 'pushed_through'));
  const formers = formerNodes(s);
  let formerThrough = int(readState(s, 'former_pushed_through'));
  const toPush = countOwnAfter(s, node, through) + countFormerAfter(s, formers, formerThrough);
  let sent = 0;
  let gaps = 0;
  let ahead = 0;
  // First what this database made under node ids it used before (see link and renewNode): by id, in the order
  // made, without the ordering of a node's own pushes (another database may still push as that node). They come
  // first because this node's own changes may need their rows.
  for (;;) {
    const batch = formerChangesAfter(s, formers, formerThrough, pushBatch);
    if (batch.length === 0) break;
    const r = await transport.push({ node, after: 0, changes: batch, install, former: true });
    if (opts.afterPushAnswered) await opts.afterPushAnswered(pushed.batches + 1);
    pushed.batches++;
    ahead = Math.max(ahead, r.clock_ahead_ms);
    for (const k of OUTCOMES) pushed[k] += r[k];
    sent += batch.length;
    formerThrough = batch[batch.length - 1]!.seq;
    writeState(s, 'former_pushed_through', formerThrough);
    opts.onProgress?.({ phase: 'push', done: Math.min(sent, toPush), total: toPush });
  }
  for (let first = true; ; first = false) {
    const batch = ownChangesAfter(s, node, through, pushBatch);
    // With nothing to send the desk still asks once, so it learns when the hosted instance has less of it than
    // it sent (restored from a backup) and sends that again.
    if (batch.length === 0 && !first) break;
    const r = await transport.push({ node, after: through, changes: batch, install });
    if (opts.afterPushAnswered) await opts.afterPushAnswered(pushed.batches + 1);
    pushed.batches++;
    ahead = Math.max(ahead, r.clock_ahead_ms);
    if (r.gap) {
      // The hosted instance has less of this desk than recorded here (it was restored from a backup): resend.
      if (++gaps > 3) throw new ApiError('conflict', `The hosted instance keeps refusing this desk's changes after sequence ${r.acked_through}`);
      through = r.acked_through;
    } else {
      for (const k of OUTCOMES) pushed[k] += r[k];
      sent += batch.filter((c) => c.seq > through).length;
      // Only as far as this desk sent: the hosted instance may have acknowledged more of this node, sent by this
      // database before it was restored from a backup; those sequences are numbered anew here and must be sent.
      if (batch.length) through = Math.max(through, batch[batch.length - 1]!.seq);
    }
    writeState(s, 'pushed_through', through);
    if (batch.length === 0 && !r.gap) break;
    opts.onProgress?.({ phase: 'push', done: Math.min(sent, toPush), total: toPush });
  }

  const pulled = { ...emptyResult(), pages: 0 };
  let start = int(readState(s, 'pulled_through'));
  let after = start;
  let afterId = readState(s, 'pulled_through_id');
  let restarted = false;
  const includeOwn = readState(s, 'pull_own') === '1';
  for (;;) {
    const page = await transport.pull({ node, after, after_id: afterId, include_own: includeOwn, limit: pullPage });
    if (page.restart) {
      // The hosted instance was restored from a backup: its numbers are not the ones followed here. Everything
      // again from the start; what is here already is recognised and skipped.
      if (restarted) throw new ApiError('conflict', 'The hosted instance keeps renumbering its changes; try again later');
      restarted = true;
      start = after = 0;
      afterId = null;
      continue;
    }
    s.transaction(() => {
      const r = applyChanges(ctx, page.changes);
      for (const k of OUTCOMES) pulled[k] += r[k];
      writeState(s, 'pulled_through', page.through);
      writeState(s, 'pulled_through_id', page.through_id);
    }).immediate();
    pulled.pages++;
    opts.onProgress?.({ phase: 'pull', done: page.through - start, total: Math.max(page.head - start, page.through - start) });
    const done = page.through >= page.head || page.changes.length === 0;
    after = page.through;
    afterId = page.through_id;
    if (done) break;
  }
  if (includeOwn) writeState(s, 'pull_own', null);
  writeState(s, 'last_sync_at', ctx.now());
  return { pushed, pulled, pushed_through: through, pulled_through: after, clock_ahead_ms: Math.round(ahead) };
}
