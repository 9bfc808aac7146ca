import { parseArgs } from 'node:util';
import { startServer } from '../../server/index.ts';
import { startHostedServer } from '../../server/hosted-pg.ts';
import { isLoopback, parsePublicUrl } from '../../server/security.ts';
import type { Ctx } from '../../api/index.ts';
import { UsageError, type Io } from '../io.ts';

const OPTIONS = {
  port: { type: 'string', default: '4780' },
  host: { type: 'string', default: '127.0.0.1' },
  // A hosted instance: many users at once, behind a TLS reverse proxy (README "Running a hosted instance").
  hosted: { type: 'boolean', default: false },
  'trust-proxy': { type: 'boolean', default: false },
  'public-url': { type: 'string' },
} as const;

/** `tem serve`: the web mode on this machine, or with --hosted a hosted instance, until Ctrl+C. */
export async function serveCommand(ctx: Ctx, argv: string[], io: Io, stop: Promise<unknown> = interrupted()): Promise<number> {
  let o;
  try {
    o = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const port = Number(o.port);
  if (!/^\d+$/.test(o.port!) || port > 65535) throw new UsageError('--port is a number from 0 to 65535 (0 picks a free port)');
  const hosted = hostedOptions(o, io);
  // Behind a trusted proxy another machine may be that proxy (a container, a load balancer): no warning then.
  if (!isLoopback(o.host!) && !hosted?.trustProxy) {
    io.err(`tem: warning: ${o.host} is reachable from other machines; put it behind TLS (a proxy) so passwords and session cookies travel encrypted\n`);
  }
  let server;
  let where = ctx.db.file;
  try {
    // With DATABASE_URL a hosted instance keeps its data in PostgreSQL, shared by several processes (server/hosted-pg.ts).
    const databaseUrl = hosted ? process.env.DATABASE_URL || undefined : undefined;
    if (databaseUrl) {
      const pg = await startHostedServer({ databaseUrl, dataFile: ctx.db.file, actor: ctx.actor, host: o.host, port, ...hosted });
      where = `${pg.database} (this process's cache: ${pg.cacheFile})`;
      server = pg;
    } else server = await startServer({ db: ctx.db, actor: ctx.actor, host: o.host, port, ...hosted });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${o.host} is in use; choose another with --port N (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${o.host}: ${(e as Error).message}`);
    throw e;
  }
  if (hosted) io.out(`TEM desk (hosted) is listening on ${server.url}\nPublic URL: ${server.publicUrl}\n`);
  else io.out(`TEM desk is running at ${server.url}\n`);
  io.out(`Database: ${where}\nPress Ctrl+C to stop.\n`);
  await stop;
  await server.close();
  return 0;
}

/** --hosted needs the public URL (the Host the proxy passes on); --trust-proxy and --public-url need --hosted. */
function hostedOptions(o: { hosted?: boolean; 'trust-proxy'?: boolean; 'public-url'?: string }, io: Io) {
  if (!o.hosted) {
    if (o['trust-proxy'] || o['public-url'] !== undefined) throw new UsageError('--trust-proxy and --public-url go with --hosted (tem serve --hosted --public-url https://... --trust-proxy)');
    return undefined;
  }
  if (o['public-url'] === undefined) throw new UsageError('--hosted needs --public-url URL, the address people open through the proxy (e.g. https://tem.example.com)');
  let url: URL;
  try {
    url = parsePublicUrl(o['public-url']);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) io.err(`tem: warning: ${url.href} is not https; passwords and session cookies would travel unencrypted\n`);
  if (!o['trust-proxy']) {
    io.err('tem: warning: without --trust-proxy the proxy\'s X-Forwarded-Proto and X-Forwarded-For are ignored: session cookies are not marked Secure and every sign-in counts against the proxy\'s own address\n');
  }
  return { trustProxy: o['trust-proxy'] === true, publicUrl: o['public-url'] };
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
