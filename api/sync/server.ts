// The hosted instance's side of sync: it accepts each desk's changes in the order they were made, gives each a
// sequence number (its audit seq), and answers "everything after sequence N".
import type { Ctx } from '../context.ts';
import { ApiError } from '../errors.ts';
import { stmt } from '../write.ts';
import { applyChanges, type ApplyResult } from './apply.ts';
import { changesAfter, headSeq, type Change } from './changes.ts';
import { nodeId } from './clock.ts';
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
    if (c.node !== input.node) throw new ApiError('invalid_input', `sync.push: change ${i + 1} was made by node ${c.node}, not by the pushing node ${input.node}`);
    if (c.seq <= last) throw new ApiError('invalid_input', `sync.push: change ${i + 1} is out of order (sequence ${c.seq} after ${last})`);
    if (!isEncoded(c.hlc)) throw new ApiError('invalid_input', `sync.push: change ${i + 1} has no valid clock ("${c.hlc}")`);
    last = c.seq;
    if (c.hlc > newest) newest = c.hlc;
  }
  const ahead = newest ? decode(newest).ms - Date.parse(ctx.now()) : 0;
  return { last, clock_ahead_ms: ahead > TOLERATED_SKEW_MS ? ahead : 0 };
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
  return sqlite.transaction((): PushResult => {
    const known = stmt(ctx, 'SELECT acked_through FROM sync_nodes WHERE node = ?').pluck().get(input.node) as number | undefined;
    const acked = known ?? 0;
    if (input.after > acked) return { ...applyChanges(ctx, []), acked_through: acked, gap: true, head: headSeq(sqlite), clock_ahead_ms };
    // Every change is checked by its id, not by its sequence: a desk restored from a backup numbers new changes
    // with sequences this instance acknowledged before, and those must not be taken for repeats.
    const result = applyChanges(ctx, input.changes, pushRefusal(ctx));
    const through = Math.max(acked, last);
    const now = ctx.now();
    stmt(
      ctx,
      `INSERT INTO sync_nodes (node, acked_through, actor, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (node) DO UPDATE SET acked_through = excluded.acked_through, actor = excluded.actor, last_seen_at = excluded.last_seen_at`,
    ).run(input.node, through, ctx.actor, now, now);
    return { ...result, acked_through: through, gap: false, head: headSeq(sqlite), clock_ahead_ms };
  }).immediate();
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
