import type { Db } from '../db/open.ts';
import { FULL_ACCESS, type Grants } from '../core/permissions.ts';

/** Which door a call came through; recorded with every write in the audit trail. */
export type Door = 'ui' | 'cli' | 'http' | 'ipc' | 'import' | 'sync' | 'test';

export interface Ctx {
  db: Db;
  actor: string;
  door: Door;
  /** What the caller may do; checked by call() before any method runs. */
  grants: Grants;
  /** The customers the caller may see: null for staff (all), the bound customer ids for a client login. */
  scope: readonly string[] | null;
  now(): string;
}

/** A caller's context. Without grants it is the owner of a single-user install, who may do everything. */
export function makeCtx(db: Db, actor: string, door: Door, grants: Grants = FULL_ACCESS, scope: readonly string[] | null = null): Ctx {
  return { db, actor, door, grants, scope, now: () => new Date().toISOString() };
}
