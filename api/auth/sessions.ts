// Signed-in sessions. A door (the HTTP server's cookie, Electron's main process) holds a random token; the
// database holds only its hash. A session ends on sign-out, when its user is deactivated, and after the idle
// time in the setting auth.idle_minutes.
import type { Db } from '../../db/open.ts';
import { newSessionToken, sessionId } from '../../core/auth.ts';
import { makeCtx, type Ctx, type Door } from '../context.ts';
import { NO_ACCESS } from '../../core/permissions.ts';
import { readSetting } from '../handlers/settings.ts';
import { ctxForUser, userById, type UserRow } from './users.ts';

interface SessionRow {
  id: string;
  user_id: string;
  door: string;
  created_at: string;
  last_seen_at: string;
  ended_at: string | null;
  end_reason: string | null;
}

// Touching last_seen_at on every call would write on every request; a minute's precision is enough.
const TOUCH_EVERY_MS = 60_000;

export function idleMinutes(db: Db): number {
  try {
    return readSetting(makeCtx(db, 'system', 'http'), 'auth.idle_minutes');
  } catch {
    return 30;
  }
}

export function startSession(db: Db, user: UserRow, door: Door, now = new Date()): string {
  const { token, id } = newSessionToken();
  const at = now.toISOString();
  db.sqlite.prepare('INSERT INTO sessions (id, user_id, door, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)').run(id, user.id, door, at, at);
  return token;
}

export function endSession(db: Db, token: string, reason = 'signed out', now = new Date()): void {
  db.sqlite.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE id = ? AND ended_at IS NULL').run(now.toISOString(), reason, sessionId(token));
}

/** Ends every open session of a user (password reset, deactivation). */
export function endUserSessions(db: Db, userId: string, reason: string, now = new Date()): void {
  db.sqlite.prepare('UPDATE sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL').run(now.toISOString(), reason, userId);
}

export type SessionState = { ok: true; ctx: Ctx; user: UserRow } | { ok: false; reason: 'none' | 'ended' | 'idle' | 'inactive' | 'reset' };

/** Why an ended session ended, as the next call is told. */
const ENDED: Record<string, 'ended' | 'idle' | 'inactive' | 'reset'> = { idle: 'idle', deactivated: 'inactive', inactive: 'inactive', 'password reset': 'reset' };

/** The caller behind a token, or why there is none. Refreshes the session's idle timer. */
export function resolveSession(db: Db, token: string | undefined | null, door: Door, now = new Date()): SessionState {
  if (!token) return { ok: false, reason: 'none' };
  const s = db.sqlite.prepare('SELECT * FROM sessions WHERE id = ?').get(sessionId(token)) as SessionRow | undefined;
  if (!s) return { ok: false, reason: 'none' };
  if (s.ended_at) return { ok: false, reason: ENDED[s.end_reason ?? ''] ?? 'ended' };
  const idleMs = now.getTime() - Date.parse(s.last_seen_at);
  if (idleMs > idleMinutes(db) * 60_000) {
    endSession(db, token, 'idle', now);
    return { ok: false, reason: 'idle' };
  }
  const user = userById(db, s.user_id);
  if (!user || !user.active) {
    endSession(db, token, 'inactive', now);
    return { ok: false, reason: 'inactive' };
  }
  if (idleMs > TOUCH_EVERY_MS) db.sqlite.prepare('UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(now.toISOString(), s.id);
  return { ok: true, ctx: ctxForUser(db, user, door, token), user };
}

/** The context of a caller who has not signed in: only public methods (sign-in, first run) answer. */
export const anonymousCtx = (db: Db, door: Door): Ctx => makeCtx(db, 'anonymous', door, NO_ACCESS, [], { anonymous: true });

export const SESSION_MESSAGES: Record<Exclude<SessionState, { ok: true }>['reason'], string> = {
  none: 'Please sign in first.',
  ended: 'You signed out; please sign in again.',
  idle: 'Your session ended after a time without use; please sign in again.',
  inactive: 'This user is no longer active; ask an administrator.',
  reset: 'An administrator reset your password; please sign in with the new one.',
};
