// What keeps a localhost API safe from the web pages a user has open: a Host check against DNS rebinding, a
// custom header that a cross-site form or simple request cannot carry, same-origin checks, and strict headers.
import type { Context, MiddlewareHandler } from 'hono';
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

/** How a request reached us, when a TLS proxy stands in front. Its X-Forwarded-* headers are believed only when
 *  the server was told to trust the proxy: otherwise any client could claim another address or scheme. */
export interface ProxyTrust {
  trustProxy?: boolean;
}

/** The last value of a comma-separated X-Forwarded-* header: the one our own proxy added (earlier ones came
 *  from the client and prove nothing). */
function lastForwarded(c: Context, name: string): string | undefined {
  const v = c.req.header(name)?.split(',').at(-1)?.trim();
  return v ? v : undefined;
}

type NodeBindings = { incoming?: { socket?: { remoteAddress?: string; encrypted?: boolean } } } | undefined;
const socketOf = (c: Context) => (c.env as NodeBindings)?.incoming?.socket;

/** Whether the browser reached us over TLS: our own socket (not the request line, which a client writes), or a
 *  trusted proxy saying so. */
export function overTls(c: Context, o: ProxyTrust = {}): boolean {
  if (socketOf(c)?.encrypted === true) return true;
  return o.trustProxy === true && lastForwarded(c, 'x-forwarded-proto')?.toLowerCase() === 'https';
}

/** The address a request came from: the client a trusted proxy names in X-Forwarded-For, else the socket's peer. */
export function clientAddress(c: Context, o: ProxyTrust = {}): string {
  const forwarded = o.trustProxy ? lastForwarded(c, 'x-forwarded-for') : undefined;
  return addressKey(forwarded ?? socketOf(c)?.remoteAddress ?? 'unknown');
}

/** One key per client: IPv4 as is (also when mapped into IPv6), IPv6 by its /64, since one home or server gets a
 *  whole /64 and could otherwise take a new address for every attempt. */
export function addressKey(address: string): string {
  let a = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1]!;
  if (!a.includes(':')) return a;
  const halves = a.split('::');
  if (halves.length > 2) return a;
  const groups = (part: string | undefined) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const full = halves.length === 2 ? [...head, ...Array<string>(Math.max(0, 8 - head.length - tail.length)).fill('0'), ...tail] : head;
  if (full.length !== 8 || full.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return a;
  return `${full.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/**
 * The address people use to reach a hosted instance (--public-url): http(s), a host name, no path, user or query,
 * since the screens and the API live at the root of their origin.
 */
export function parsePublicUrl(text: string, what = '--public-url'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${what} "${text}" is not a URL; give the address people open, e.g. https://tem.example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${what} "${text}" must start with https:// (or http://), not ${url.protocol}`);
  if (url.username || url.password) throw new Error(`${what} "${text}" must not hold a user name or password`);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new Error(`${what} "${text}" must be the root of a host (like https://tem.example.com): TEM desk is not served under a path`);
  }
  return url;
}

/** The Host headers a public URL arrives with through a proxy: its host, and with the default port also spelled out. */
export function publicHosts(url: URL): string[] {
  const hosts = [url.host.toLowerCase()];
  if (url.port === '') hosts.push(`${url.hostname.toLowerCase()}:${url.protocol === 'https:' ? 443 : 80}`);
  return hosts;
}

/** API requests must come from our own pages: the X-TEM header, JSON, and no foreign Origin or fetch site. */
export function guardApiRequest(o: ProxyTrust & { publicUrl?: URL } = {}): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin')?.toLowerCase();
    if (origin !== undefined && !ownOrigins(c, o).includes(origin)) {
      const hint = origin.startsWith('https://') && !o.trustProxy ? ' (behind a TLS proxy, start the server with --trust-proxy or --public-url)' : '';
      return json(403, 'forbidden', `Cross-origin requests are refused${hint}`);
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

// Our pages' origin: the Host with the scheme the browser used (https only when we know it), and the public URL.
function ownOrigins(c: Context, o: ProxyTrust & { publicUrl?: URL }): string[] {
  const host = (c.req.header('host') ?? '').toLowerCase();
  const own = [`${overTls(c, o) ? 'https' : 'http'}://${host}`];
  if (o.publicUrl) own.push(o.publicUrl.origin.toLowerCase());
  return own;
}
