// Where a hosted instance keeps the change log that desks push to and pull from. The embedded one (today's
// SQLite file: its audit trail numbers the changes) unless the server chose another at start, such as the
// PostgreSQL log several server processes share (server/pg/). The sync.info / push / pull handlers ask here.
import type { Db } from '../../db/open.ts';
import type { Ctx } from '../context.ts';
import { ApiError } from '../errors.ts';
import { acceptPush, servePull, serverInfo, type PullInput, type PullResult, type PushInput, type PushResult } from './server.ts';

export interface SyncHub {
  info(ctx: Ctx): Promise<{ node: string; head: number }>;
  push(ctx: Ctx, input: PushInput): Promise<PushResult>;
  pull(ctx: Ctx, input: PullInput): Promise<PullResult>;
}

/** The hosted instance's own SQLite database is the hub: acceptPush / servePull. */
export const sqliteHub: SyncHub = {
  info: async (ctx) => serverInfo(ctx),
  push: async (ctx, input) => acceptPush(ctx, input),
  pull: async (ctx, input) => servePull(ctx, input),
};

const hubs = new WeakMap<Db, SyncHub>();

/** Serves sync for every context on this database through `hub` (null: back to the embedded one). */
export function useHub(db: Db, hub: SyncHub | null): void {
  if (hub) hubs.set(db, hub);
  else hubs.delete(db);
}

export const hubFor = (ctx: Ctx): SyncHub => hubs.get(ctx.db) ?? sqliteHub;

/** A server process whose database is the cache of another hub syncs by itself: its users may not relink it. */
export function refuseDeskSync(ctx: Ctx, method: string): void {
  if (hubs.has(ctx.db)) throw new ApiError('conflict', `${method}: this server keeps its data in PostgreSQL and syncs with it by itself; link desks to it instead`);
}
