import { parseArgs } from 'node:util';
import { startServer } from '../../server/index.ts';
import { isLoopback } from '../../server/security.ts';
import type { Ctx } from '../../api/index.ts';
import { UsageError, type Io } from '../io.ts';

/** `tem serve`: the web mode on this machine until Ctrl+C. */
export async function serveCommand(ctx: Ctx, argv: string[], io: Io, stop: Promise<unknown> = interrupted()): Promise<number> {
  let o;
  try {
    o = parseArgs({ args: argv, options: { port: { type: 'string', default: '4780' }, host: { type: 'string', default: '127.0.0.1' } }, strict: true }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const port = Number(o.port);
  if (!/^\d+$/.test(o.port!) || port > 65535) throw new UsageError('--port is a number from 0 to 65535 (0 picks a free port)');
  if (!isLoopback(o.host!)) io.err(`tem: warning: ${o.host} is reachable from other machines; put it behind TLS (a proxy) so passwords and session cookies travel encrypted\n`);
  let server;
  try {
    server = await startServer({ db: ctx.db, actor: ctx.actor, host: o.host, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${o.host} is in use; choose another with --port N (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`cannot listen on ${o.host}: ${(e as Error).message}`);
    throw e;
  }
  io.out(`TEM desk is running at ${server.url}\nDatabase: ${ctx.db.file}\nPress Ctrl+C to stop.\n`);
  await stop;
  await server.close();
  return 0;
}

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
