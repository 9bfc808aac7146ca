// What keeps a localhost API safe from the web pages a user has open: a Host check against DNS rebinding, a
// custom header that a cross-site form or simple request cannot carry, same-origin checks, and strict headers.
import type { MiddlewareHandler } from 'hono';
import { API_HEADER } from '../api/wire.ts';

/** The renderer loads only its own scripts, styles and fonts, talks only to its own origin, and is never framed. */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopback = (host: string) => LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

/** host:port as it appears in a Host header (IPv6 in brackets). */
export const hostPort = (host: string, port: number) => `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;

/** The Host headers this server answers: the bound host and port, and for a loopback bind the other loopback names. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = isLoopback(host) ? ['127.0.0.1', 'localhost', '[::1]', host] : [host];
  return new Set(names.map((h) => hostPort(h, port).toLowerCase()));
}

const json = (status: number, code: string, message: string) =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json' } });

/** Rejects any request whose Host is not ours (DNS rebinding) and adds the security headers to every answer. */
export function guardHost(allowed: () => Set<string>): MiddlewareHandler {
  return async (c, next) => {
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (!allowed().has(host)) return json(421, 'forbidden', `This server does not answer for host "${host}"`);
    await next();
    const h = c.res.headers;
    h.set('Content-Security-Policy', CSP);
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.set('X-Frame-Options', 'DENY');
    h.set('Cross-Origin-Opener-Policy', 'same-origin');
    h.set('Cross-Origin-Resource-Policy', 'same-origin');
  };
}

/** API requests must come from our own pages: the X-TEM header, JSON, and no foreign Origin or fetch site. */
export function guardApiRequest(): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin !== undefined && origin.toLowerCase() !== `http://${(c.req.header('host') ?? '').toLowerCase()}`) {
      return json(403, 'forbidden', 'Cross-origin requests are refused');
    }
    const site = c.req.header('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return json(403, 'forbidden', 'Cross-site requests are refused');
    if (c.req.method === 'POST') {
      if (c.req.header(API_HEADER) !== '1') return json(403, 'forbidden', `API requests need the header ${API_HEADER}: 1`);
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return json(415, 'invalid_input', 'API requests are JSON');
    }
    await next();
  };
}
