// Sync between desks and their hosted instance (issue 10). A desk calls sync.link / sync.now / sync.status /
// sync.unlink on itself; sync.now calls sync.info / sync.push / sync.pull on the hosted instance.
import { z } from 'zod';
import { query, mutation } from '../define.ts';

const Seq = z.number().int().min(0);
const Hlc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}$/, 'a clock value like 2026-03-01T10:20:00.000Z-0000');
const Node = z.string().regex(/^[0-9a-f]{16}$/, 'a node id is 16 hex digits');
const Name = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a table or column name');

export const Change = z.object({
  seq: z.number().int().min(1),
  hlc: Hlc,
  node: Node,
  table: Name,
  record: z.string().min(1).max(200),
  action: z.enum(['insert', 'update', 'retire']),
  field: Name.nullable(),
  value: z.string().nullable(),
  actor: z.string().max(200),
  at: z.string().max(40),
  batch: z.string().max(200),
});

const Counts = {
  applied: z.number().int(),
  lost: z.number().int(),
  conflict: z.number().int(),
  orphan: z.number().int(),
  skipped: z.number().int(),
  refused: z.number().int(),
  duplicate: z.number().int(),
};

export const info = query('sync.info', "A hosted instance's node id and newest sequence number", z.object({}), z.object({ node: Node, head: Seq }));

export const push = mutation(
  'sync.push',
  "Send a batch of one desk's changes, in the order it made them, after the last one acknowledged. Idempotent",
  z.object({
    node: Node,
    after: Seq,
    changes: z.array(Change).max(10_000),
    /** the pushing database's random id: a node pushed from two databases is refused until each links again */
    install: z.string().min(1).max(100).optional(),
    /** changes the pushing database made under node ids it used before: taken by id, in order */
    former: z.boolean().optional(),
  }),
  z.object({ ...Counts, acked_through: Seq, gap: z.boolean(), head: Seq, clock_ahead_ms: z.number().int().min(0) }),
);

export const pull = query(
  'sync.pull',
  'Every change after sequence number `after` except the caller\'s own, one page at a time',
  z.object({
    node: Node,
    after: Seq,
    after_id: z.string().max(100).nullable().optional(),
    /** also the caller's own changes (a desk restored from a backup fetching back what it had sent) */
    include_own: z.boolean().optional(),
    limit: z.number().int().min(1).max(10_000).default(2000),
  }),
  z.object({ changes: z.array(Change), through: Seq, through_id: z.string().nullable(), restart: z.boolean(), head: Seq }),
);

export const LinkState = z.object({
  linked: z.boolean(),
  url: z.string().nullable(),
  remote_node: z.string().nullable(),
  node: z.string(),
  linked_as: z.string().nullable(),
  linked_at: z.string().nullable(),
  last_sync_at: z.string().nullable(),
  pushed_through: Seq,
  pulled_through: Seq,
  pending: z.number().int(),
  not_applied: z.number().int(),
});

export const status = query('sync.status', 'Whether this desk is linked, to what, and what it has not sent yet', z.object({}), LinkState);

export const link = mutation(
  'sync.link',
  'Link this desk to a hosted instance by signing in there; the first sync then sends and fetches the whole book',
  z.object({
    url: z.string().trim().min(1, 'the address of the hosted instance is needed').max(2000),
    name: z.string().trim().min(1).max(100).optional(),
    password: z.string().min(1).max(1024).optional(),
  }),
  LinkState,
);

export const unlink = mutation(
  'sync.unlink',
  'Forget the hosted instance and its sign-in; every row and its history stay on this desk',
  z.object({}),
  z.object({ unlinked: z.boolean(), url: z.string().nullable() }),
);

const Report = z.object({ ...Counts });

export const now = mutation(
  'sync.now',
  "Send this desk's changes to its hosted instance and fetch everyone else's",
  z.object({}),
  z.object({
    pushed: Report.extend({ batches: z.number().int() }),
    pulled: Report.extend({ pages: z.number().int() }),
    pushed_through: Seq,
    pulled_through: Seq,
    /** how far this desk's clock ran ahead of the hosted instance's (0 when within five minutes) */
    clock_ahead_ms: z.number().int().min(0),
  }),
);

export const NotApplied = z.object({
  table: z.string(),
  record: z.string(),
  field: z.string().nullable(),
  /** the value that did not take effect, and the one that stands (JSON text as in the audit trail) */
  value: z.string().nullable(),
  standing: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
  hlc: z.string(),
  outcome: z.enum(['lost', 'conflict', 'orphan', 'skipped', 'refused']),
  detail: z.string().nullable(),
});

export const notApplied = query(
  'sync.notApplied',
  'Changes from other desks (or this one) that did not take effect: older than the value that stands, or not writable here',
  z.object({ limit: z.number().int().min(1).max(10_000).default(500) }),
  z.object({ items: z.array(NotApplied) }),
);
