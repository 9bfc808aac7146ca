// The HTTP door: POST /api/<method> for every method of the contract, through the same call() and zod checks as
// the CLI and Electron's IPC; GET /api/events for change notices; everything else is the built renderer.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { call, ApiError, type Ctx } from '../api/index.ts';
import { toWire, fromWire, HTTP_STATUS, type WireError } from '../api/wire.ts';
import { guardHost, guardApiRequest } from './security.ts';
import { staticFiles } from './static.ts';
import type { ChangeStream } from './events.ts';
import { sessionFor, withSessionCookie, requireSession } from './session.ts';

const MAX_BODY = 512 * 1024 * 1024; // an import file, base64 encoded

function errorResponse(e: unknown): Response {
  let err: WireError;
  if (e instanceof ApiError) err = { code: e.code, message: e.message, details: e.details };
  else err = { code: 'internal', message: 'The server failed to answer; see its log' };
  if (!(e instanceof ApiError) || e.code === 'internal') console.error(e);
  return new Response(toWire({ error: err }), { status: HTTP_STATUS[err.code], headers: { 'content-type': 'application/json' } });
}

export function createApp(opts: { ctx: Ctx; allowedHosts: () => Set<string>; staticDir: string; events: ChangeStream }) {
  const app = new Hono();
  app.use('*', guardHost(opts.allowedHosts));
  app.use('/api/*', guardApiRequest());
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
        const who = sessionFor(c, opts.ctx.db, method);
        if (who instanceof ApiError) return errorResponse(who);
        const result = await call(who, method as never, input);
        return withSessionCookie(c, method, result, (body) => new Response(toWire(body), { headers: { 'content-type': 'application/json' } }));
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
