// Sign-in over HTTP: the session token lives in an HttpOnly, SameSite=Strict cookie (Secure behind TLS), never in
// a page's reach. Each API call runs as the cookie's user; without a session only the public methods answer
// (first run, sign-in), and the change feed is closed.
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { ApiError, ACCESS, isMethod, type Ctx } from '../api/index.ts';
import type { Db } from '../db/open.ts';
import { anonymousCtx, resolveSession, SESSION_MESSAGES } from '../api/auth/sessions.ts';

export const SESSION_COOKIE = 'tem_session';

/** Behind a TLS proxy (or served over https) the cookie is also Secure. */
const overTls = (c: Context) => new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto')?.toLowerCase() === 'https';

function cookie(c: Context, value: string, clear = false): string {
  const parts = [`${SESSION_COOKIE}=${clear ? '' : value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
  if (overTls(c)) parts.push('Secure');
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
export function withSessionCookie(c: Context, method: string, result: unknown, respond: (body: unknown) => Response): Response {
  if ((method === 'auth.signIn' || method === 'auth.setup') && result && typeof result === 'object' && 'session' in result) {
    const { session, ...rest } = result as { session?: string };
    const res = respond(rest);
    if (session) res.headers.append('Set-Cookie', cookie(c, session));
    return res;
  }
  const res = respond(result);
  if (method === 'auth.signOut') res.headers.append('Set-Cookie', cookie(c, '', true));
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
