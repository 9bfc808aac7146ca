import type { Db } from '../db/open.ts';

/** Which door a call came through; recorded with every write in the audit trail. */
export type Door = 'ui' | 'cli' | 'http' | 'ipc' | 'import' | 'sync' | 'test';

export interface Ctx {
  db: Db;
  actor: string;
  door: Door;
  now(): string;
}

export function makeCtx(db: Db, actor: string, door: Door): Ctx {
  return { db, actor, door, now: () => new Date().toISOString() };
}
