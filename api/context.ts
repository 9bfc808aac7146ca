import type { Db } from '../db/open.ts';
import { FULL_ACCESS, type Grants } from '../core/permissions.ts';

/** Which door a call came through, as the door that built the ctx knows it (the transport: Electron's IPC, HTTP,
 *  the CLI, sync) or as a test names it. Handlers may look at it (a browser cannot be handed a folder). */
export type Door = 'ui' | 'cli' | 'http' | 'ipc' | 'import' | 'sync' | 'test';

/** The door the audit trail records, in the words users mean (issue 5): the app's screens, an import, the
 *  command line, or sync. 'test' is what in-process tests write. */
export type TrailDoor = 'ui' | 'import' | 'cli' | 'sync' | 'test';

/**
 * The trail's door for a transport. IPC answers only our own pages (main/ipc.ts checks the sender), so it is
 * the UI. HTTP is recorded as the UI too: the browser UI and a script calling /api/<method> send the same
 * headers (X-TEM: 1, a session cookie), so the server cannot tell them apart, and a script is the rare case.
 * Imports are not decided here but per method (api/contract/doors.ts), whichever door called them.
 */
export function trailDoorOf(door: Door): TrailDoor {
  return door === 'ipc' || door === 'http' ? 'ui' : door;
}

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
  /** Set by call() for the length of one method whose writes the trail records under another door than the
   *  transport's (an import); the Writer records trailDoorOf(door) otherwise. */
  trail_door?: TrailDoor;
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
