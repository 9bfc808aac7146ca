// The hosted instance's side of sync: it accepts each desk's changes in the order they were made, gives each a
// sequence number (its audit seq), and answers "everything after sequence N".
import type { Ctx } from '../context.ts';
import { ApiError } from '../errors.ts';
import { stmt } from '../write.ts';
import { applyChanges, type ApplyResult } from './apply.ts';
import { changesAfter, headSeq, type Change } from './changes.ts';
import { nodeId, readState, writeState } from './clock.ts';
import { isEncoded, decode } from '../../core/hlc.ts';
import { can, describeAccess } from '../../core/permissions.ts';
import { pushAccess } from './tables.ts';

export const MAX_PAGE = 5000;

export function staffOnly(ctx: Ctx) {
  // A client login sees one customer; a desk's copy is the whole book.
  if (ctx.scope !== null) throw new ApiError('forbidden', `${ctx.actor} signs in for one customer's data and cannot sync a desk`);
}

export interface PushInput {
  node: string;
  /** the sender's last change the hosted instance acknowledged before this batch */
  after: number;
  changes: Change[];
  /** the pushing database's random id (clock.ts installId): one node, one database */
  install?: string;
  /** changes this database made under node ids it used before (`node` is its current one): taken by id, without
   *  the ordering or acknowledgement of a node's own pushes, since another database may still push as that node */
  former?: boolean;
}

export interface PushResult extends ApplyResult {
  /** every change of this node up to this sequence of its own is here; the desk continues after it */
  acked_through: number;
  /** true when the batch started past what is here (an earlier batch never arrived): nothing was applied */
  gap: boolean;
  head: number;
  /** how far the pushing desk's clock runs ahead of this one (0 within five minutes): its changes would win over
   *  newer ones made elsewhere, so the desk is told to set its clock. They are still accepted: nothing is lost. */
  clock_ahead_ms: number;
}

const TOLERATED_SKEW_MS = 5 * 60_000;

/**
 * What every hosted instance checks of a pushed batch before taking any of it: a staff login, not its own node,
 * every change made by the pushing node, in the order made, with a valid clock. Returns the batch's last
 * sequence and how far the desk's clock runs ahead.
 */
export function checkPush(ctx: Ctx, input: PushInput, hubNode: string): { last: number; clock_ahead_ms: number } {
  staffOnly(ctx);
  if (input.node === hubNode) throw new ApiError('invalid_input', 'sync.push: a database cannot push to itself');
  let last = input.after;
  let newest = '';
  for (const [i, c] of input.changes.entries()) {
    if (input.former) {
      if (c.node === hubNode || c.node === input.node)
        throw new ApiError('invalid_input', `sync.push: change ${i + 1} is sent as made under a former node id, but it was made by node ${c.node}`);
    } else if (c.node !== input.node) throw new ApiError('invalid_input', `sync.push: change ${i + 1} was made by node ${c.node}, not by the pushing node ${input.node}`);
    if (c.seq <= last) throw new ApiError('invalid_input', `sync.push: change ${i + 1} is out of order (sequence ${c.seq} after ${last})`);
    if (!isEncoded(c.hlc)) throw new ApiError('invalid_input', `sync.push: change ${i + 1} has no valid clock ("${c.hlc}")`);
    last = c.seq;
    if (c.hlc > newest) newest = c.hlc;
  }
  const ahead = newest ? decode(newest).ms - Date.parse(ctx.now()) : 0;
  return { last, clock_ahead_ms: ahead > TOLERATED_SKEW_MS ? ahead : 0 };
}

/**
 * A node's changes must all come from one database: a second one pushing as the same node (a copy of the file from
 * before node ids belonged to a file) would take the first one's changes for its own and never fetch them, and
 * the first would never fetch the second's. `stored` is the database recorded for the node (null: none yet; '*':
 * two were seen). Answers what to record, or throws: the node is then refused to both, each must link again.
 */
export function installCheck(stored: string | null | undefined, install: string | undefined): { record: string | null; refuse: boolean } {
  if (install === undefined) return { record: null, refuse: false }; // an older desk sends no install id
  if (stored === null || stored === undefined) return { record: install, refuse: false };
  if (stored === install) return { record: null, refuse: false };
  return { record: '*', refuse: true };
}

export function sharedNodeError(node: string): ApiError {
  return new ApiError(
    'conflict',
    `node ${node} is used by two databases (one is a copy of the other, or both were made from one backup), so neither would ` +
      `get the other's changes; nothing of this push was taken. On each desk that says "this desk is node ${node}" ` +
      '(tem sync status), run "tem sync link URL --user NAME --password-stdin" again and then "tem sync now": linking makes ' +
      'it a desk of its own and sends and fetches everything again, so nothing is lost',
    { shared_node: node },
  );
}

/** Why the pushing user may not make a change here (the same access the change through the API needs), or null. */
export const pushRefusal = (ctx: Ctx) => (c: Change): string | null => {
  const need = pushAccess(c.table);
  return can(ctx.grants, need) ? null : `${ctx.actor} may not change ${c.table} here: it needs ${describeAccess(need)}`;
};

/**
 * Accepts one batch of a desk's changes. Batches must follow each other: one that starts past the last change
 * received (an earlier batch was lost or overtaken) is refused with `gap` and the acknowledged point, and the
 * desk resends from there, so a row always arrives before the changes that need it. A batch that overlaps what
 * arrived already (a retry) applies only what is new; a change already here changes nothing.
 */
export function acceptPush(ctx: Ctx, input: PushInput): PushResult {
  const { last, clock_ahead_ms } = checkPush(ctx, input, nodeId(ctx.db.sqlite));
  const sqlite = ctx.db.sqlite;
  let shared = false;
  const result = sqlite.transaction((): PushResult | null => {
    const known = stmt(ctx, 'SELECT acked_through FROM sync_nodes WHERE node = ?').pluck().get(input.node) as number | undefined;
    const acked = known ?? 0;
    // The database each node pushes from (kept with the hub's own sync state: key install:NODE).
    const key = `install:${input.node}`;
    const check = installCheck(readState(sqlite, key), input.install);
    if (check.record !== null) writeState(sqlite, key, check.record);
    if (check.refuse) {
      shared = true;
      return null;
    }
    if (input.former) {
      // By id only: the node's own acknowledgement is not touched (its changes still come from it).
      const r = applyChanges(ctx, input.changes, pushRefusal(ctx));
      return { ...r, acked_through: acked, gap: false, head: headSeq(sqlite), clock_ahead_ms };
    }
    if (input.after > acked) return { ...applyChanges(ctx, []), acked_through: acked, gap: true, head: headSeq(sqlite), clock_ahead_ms };
    // Every change is checked by its id, not by its sequence: a desk restored from a backup numbers new changes
    // with sequences this instance acknowledged before, and those must not be taken for repeats.
    const applied = applyChanges(ctx, input.changes, pushRefusal(ctx));
    const through = Math.max(acked, last);
    const now = ctx.now();
    stmt(
      ctx,
      `INSERT INTO sync_nodes (node, acked_through, actor, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (node) DO UPDATE SET acked_through = excluded.acked_through, actor = excluded.actor, last_seen_at = excluded.last_seen_at`,
    ).run(input.node, through, ctx.actor, now, now);
    return { ...applied, acked_through: through, gap: false, head: headSeq(sqlite), clock_ahead_ms };
  }).immediate();
  if (shared || !result) throw sharedNodeError(input.node);
  return result;
}

export interface PullResult {
  changes: Change[];
  /** continue after this sequence */
  through: number;
  /** the change at `through` (clock@node), which the next pull names so a restored hosted instance is noticed */
  through_id: string | null;
  /** the change the puller named at `after` is not here (this instance was restored from a backup): pull again from 0 */
  restart: boolean;
  /** the newest sequence here when this page was read: done when through reaches it */
  head: number;
}

const idAt = (ctx: Ctx, seq: number) =>
  seq === 0 ? null : ((stmt(ctx, "SELECT hlc || '@' || node FROM sync_changes WHERE audit_seq = ?").pluck().get(seq) as string | undefined) ?? null);

/**
 * One page of every change after sequence `after`, except the puller's own. One read, so head matches the page.
 * `after_id` names the change the puller saw at `after`: when it is not that change here, these numbers are not
 * the ones the puller followed (a restored backup) and it must start again from 0, so no change is skipped.
 */
export interface PullInput {
  node: string;
  after: number;
  after_id?: string | null;
  include_own?: boolean;
  limit: number;
}

export function servePull(ctx: Ctx, input: PullInput): PullResult {
  staffOnly(ctx);
  const sqlite = ctx.db.sqlite;
  const limit = Math.min(input.limit, MAX_PAGE);
  return sqlite.transaction((): PullResult => {
    const head = headSeq(sqlite);
    if (input.after > 0 && input.after_id && idAt(ctx, input.after) !== input.after_id) return { changes: [], through: 0, through_id: null, restart: true, head };
    // A desk has its own changes, unless it was restored from a backup and asks for them back.
    const changes = changesAfter(sqlite, input.include_own ? '' : input.node, input.after, limit);
    // A full page may stop short of head; a short page saw everything up to head (the rest was the puller's own).
    const through = changes.length === limit ? changes[changes.length - 1]!.seq : Math.max(head, input.after);
    return { changes, through, through_id: idAt(ctx, through), restart: false, head };
  })();
}

export function serverInfo(ctx: Ctx) {
  return { node: nodeId(ctx.db.sqlite), head: headSeq(ctx.db.sqlite) };
}
