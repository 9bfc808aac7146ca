// The HTTP door: POST /api/<method> for every method of the contract, through the same call() and zod checks as
// the CLI and Electron's IPC; GET /api/events for change notices; everything else is the built renderer.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { call, ApiError, type Ctx } from '../api/index.ts';
import { toWire, fromWire, HTTP_STATUS, type WireError } from '../api/wire.ts';
import { guardHost, guardApiRequest, clientAddress, type ProxyTrust } from './security.ts';
import { staticFiles } from './static.ts';
import type { ChangeStream } from './events.ts';
import { sessionFor, withSessionCookie, requireSession } from './session.ts';
import { SlidingWindowLimiter, SIGN_IN_LIMIT, limitText, waitText, retryAfterSeconds, type RateLimit } from './rate-limit.ts';

const MAX_BODY = 512 * 1024 * 1024; // an import file, base64 encoded

/** The methods that check a password (or make the first one): limited per client address. */
const SIGN_IN_METHODS = new Set(['auth.signIn', 'auth.setup']);

export interface AppOptions extends ProxyTrust {
  ctx: Ctx;
  allowedHosts: () => Set<string>;
  staticDir: string;
  events: ChangeStream;
  /** the address people use behind a proxy: its origin is our own */
  publicUrl?: URL;
  /** sign-in attempts per client address (SIGN_IN_LIMIT by default) */
  signInLimit?: RateLimit;
  /** the limiter's clock in ms (tests) */
  now?: () => number;
}

function errorResponse(e: unknown, headers: Record<string, string> = {}): Response {
  let err: WireError;
  if (e instanceof ApiError) err = { code: e.code, message: e.message, details: e.details };
  else err = { code: 'internal', message: 'The server failed to answer; see its log' };
  if (!(e instanceof ApiError) || e.code === 'internal') console.error(e);
  return new Response(toWire({ error: err }), { status: HTTP_STATUS[err.code], headers: { 'content-type': 'application/json', ...headers } });
}

export function createApp(opts: AppOptions) {
  const trust: ProxyTrust = { trustProxy: opts.trustProxy === true };
  const signIns = new SlidingWindowLimiter(opts.signInLimit ?? SIGN_IN_LIMIT, opts.now);
  // Checked before the password is (scrypt costs the server time): a refused attempt never reaches the handler.
  const tooManySignIns = (address: string): Response | null => {
    const v = signIns.attempt(address);
    if (v.ok) return null;
    const message = `Too many sign-in attempts from ${address} (at most ${limitText(signIns.limit)}); try again in ${waitText(v.retryAfterMs)}.`;
    return errorResponse(new ApiError('rate_limited', message), { 'Retry-After': String(retryAfterSeconds(v.retryAfterMs)) });
  };
  const app = new Hono();
  app.use('*', guardHost(opts.allowedHosts));
  app.use('/api/*', guardApiRequest({ ...trust, publicUrl: opts.publicUrl }));
  app.get('/api/events', requireSession(opts.ctx.db), opts.events.handler);
  app.post(
    '/api/:method',
    bodyLimit({ maxSize: MAX_BODY, onError: () => errorResponse(new ApiError('invalid_input', 'The request is too large')) }),
    async (c) => {
      let input: unknown;
      try {
        const text = await c.req.text();
        input = text.trim() === '' ? {} : fromWire(text);
      } catch {
        return errorResponse(new ApiError('invalid_input', 'The request body is not valid JSON'));
      }
      try {
        // Every call runs as the user whose session cookie came with it (server/session.ts).
        const method = c.req.param('method');
        const refused = SIGN_IN_METHODS.has(method) ? tooManySignIns(clientAddress(c, trust)) : null;
        if (refused) return refused;
        const who = sessionFor(c, opts.ctx.db, method);
        if (who instanceof ApiError) return errorResponse(who);
        const result = await call(who, method as never, input);
        return withSessionCookie(c, method, result, (body) => new Response(toWire(body), { headers: { 'content-type': 'application/json' } }), trust);
      } catch (e) {
        return errorResponse(e);
      }
    },
  );
  app.all('/api/*', () => errorResponse(new ApiError('not_found', 'API methods are called with POST /api/<method>')));
  app.all('*', staticFiles(opts.staticDir));
  app.onError((e) => errorResponse(e));
  return app;
}
