// Sign-in over HTTP: the session token lives in an HttpOnly, SameSite=Strict cookie (Secure behind TLS, as far as
// we know it: a proxy's X-Forwarded-Proto counts only when the server trusts the proxy), never in a page's reach.
// Each API call runs as the cookie's user; without a session only the public methods answer
// (first run, sign-in), and the change feed is closed.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError, ACCESS, isMethod, type Ctx } from '../api/index.ts';
import type { Db } from '../db/open.ts';
import { anonymousCtx, resolveSession, SESSION_MESSAGES } from '../api/auth/sessions.ts';
import { overTls, type ProxyTrust } from './security.ts';

export const SESSION_COOKIE = 'tem_session';

function cookie(c: Context, trust: ProxyTrust, value: string, clear = false): string {
  const parts = [`${SESSION_COOKIE}=${clear ? '' : value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (overTls(c, trust)) parts.push('Secure');
  if (clear) parts.push('Max-Age=0');
  return parts.join('; ');
}

/** The caller of one API request, or the error that refuses it (401 with why the session ended). */
export function sessionFor(c: Context, db: Db, method: string): Ctx | ApiError {
  const state = resolveSession(db, getCookie(c, SESSION_COOKIE), 'http');
  if (state.ok) return state.ctx;
  const open = isMethod(method) && ACCESS[method].open === 'public';
  if (!open) return new ApiError('unauthenticated', SESSION_MESSAGES[state.reason]);
  return anonymousCtx(db, 'http');
}

/** Sign-in and first run answer with a session: it goes into the cookie and never into the page. */
export function withSessionCookie(c: Context, method: string, result: unknown, respond: (body: unknown) => Response, trust: ProxyTrust = {}): Response {
  if ((method === 'auth.signIn' || method === 'auth.setup') && result && typeof result === 'object' && 'session' in result) {
    const { session, ...rest } = result as { session?: string };
    const res = respond(rest);
    if (session) res.headers.append('Set-Cookie', cookie(c, trust, session));
    return res;
  }
  const res = respond(result);
  if (method === 'auth.signOut') res.headers.append('Set-Cookie', cookie(c, trust, '', true));
  return res;
}

/** For routes other than API calls (the change feed): a signed-in session or 401. */
export function requireSession(db: Db): MiddlewareHandler {
  return async (c, next) => {
    const state = resolveSession(db, getCookie(c, SESSION_COOKIE), 'http');
    if (!state.ok) return c.json({ error: { code: 'unauthenticated', message: SESSION_MESSAGES[state.reason] } }, 401);
    await next();
  };
}
