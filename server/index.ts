// Starts the web mode: the API and the built renderer on a local address. Port 0 picks a free port.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { makeCtx } from '../api/index.ts';
import type { Db } from '../db/open.ts';
import { createApp } from './app.ts';
import { ChangeStream } from './events.ts';
import { allowedHosts, hostPort, parsePublicUrl, publicHosts } from './security.ts';
import type { RateLimit } from './rate-limit.ts';

export const RENDERER_DIR = fileURLToPath(new URL('../out/renderer', import.meta.url));

export interface ServeOptions {
  db: Db;
  /** who the audit trail records for writes through this server */
  actor: string;
  host?: string;
  port?: number;
  staticDir?: string;
  /** how often to look for writes by other processes (ms) */
  pollMs?: number;
  /** runs around every request (the PostgreSQL-backed hosted instance syncs its cache before and after: server/hosted-pg.ts) */
  around?: (req: Request, next: () => Promise<Response>) => Promise<Response>;
  /** hosted behind a TLS proxy: believe its X-Forwarded-Proto and X-Forwarded-For (never without a proxy in front,
   *  since any client could send them) */
  trustProxy?: boolean;
  /** the address people open (https://tem.example.com): its Host header and origin are accepted */
  publicUrl?: string;
  /** sign-in attempts per client address; 10 a minute by default */
  signInLimit?: RateLimit;
  /** the sign-in limiter's clock in ms (tests) */
  now?: () => number;
}

export interface RunningServer {
  url: string;
  /** the public URL given, normalised (https://tem.example.com/) */
  publicUrl?: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const host = o.host ?? '127.0.0.1';
  const publicUrl = o.publicUrl === undefined ? undefined : parsePublicUrl(o.publicUrl, 'publicUrl');
  const events = new ChangeStream(o.db, o.pollMs);
  let hosts = new Set<string>();
  const app = createApp({
    ctx: makeCtx(o.db, o.actor, 'http'),
    allowedHosts: () => hosts,
    staticDir: o.staticDir ?? RENDERER_DIR,
    events,
    trustProxy: o.trustProxy,
    publicUrl,
    signInLimit: o.signInLimit,
    now: o.now,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const around = o.around;
    const fetch: typeof app.fetch = around ? (req, env, ex) => around(req, async () => app.fetch(req, env, ex)) : app.fetch;
    const s = serve({ fetch, hostname: host, port: o.port ?? 0 }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  hosts = new Set([...allowedHosts(host, port), ...(publicUrl ? publicHosts(publicUrl) : [])]);
  return {
    url: `http://${hostPort(host, port)}/`,
    publicUrl: publicUrl?.href,
    host,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        events.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
