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
  /** The signed-in user's id (users.id); null for a process acting as the install's owner (CLI before first
   *  run, tests, the desktop before sign-up). */
  user_id: string | null;
  /** For a manager: the ids of every user who reports to them, directly or further down; [] otherwise. */
  reports: readonly string[];
  /** The names of those users (tickets.assignee holds a user's name), so a manager's lists can include them. */
  report_names: readonly string[];
  /** True when nobody signed in (an HTTP request without a session): only public methods run. */
  anonymous: boolean;
  /** The session token the door holds for this caller (auth.signOut ends it); null outside a session. */
  session_token: string | null;
  now(): string;
}

export interface CtxExtra {
  user_id?: string | null;
  reports?: readonly string[];
  report_names?: readonly string[];
  anonymous?: boolean;
  session_token?: string | null;
}

/** A caller's context. Without grants it is the owner of a single-user install, who may do everything. */
export function makeCtx(
  db: Db,
  actor: string,
  door: Door,
  grants: Grants = FULL_ACCESS,
  scope: readonly string[] | null = null,
  extra: CtxExtra = {},
): Ctx {
  return {
    db,
    actor,
    door,
    grants,
    scope,
    user_id: extra.user_id ?? null,
    reports: extra.reports ?? [],
    report_names: extra.report_names ?? [],
    anonymous: extra.anonymous ?? false,
    session_token: extra.session_token ?? null,
    now: () => new Date().toISOString(),
  };
}
