// GET /api/events: server-sent events telling every open window that data changed, so it refreshes without a
// reload. Writes through this server arrive from the API's change notifier; writes by other processes on the
// same database file (a CLI import, another instance) are noticed through SQLite's data_version. A client login's
// window gets only a bare "changed" notice: which method, batch, door and staff member wrote is another
// customer's business as often as not.
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { onChange, type ChangeEvent } from '../api/index.ts';
import { resolveSession } from '../api/auth/sessions.ts';
import type { Db } from '../db/open.ts';
import { SESSION_COOKIE } from './session.ts';

/** The notice a client login gets: that something changed, and when, nothing more. */
export const bareEvent = (event: ChangeEvent): ChangeEvent => ({ method: null, batch_id: null, door: null, actor: null, at: event.at });

export class ChangeStream {
  /** Each open stream, and whether its session is a client login (bare notices only). */
  private readonly clients = new Map<SSEStreamingApi, { bare: boolean }>();
  private readonly stopNotifier: () => void;
  private readonly poller: NodeJS.Timeout;
  private readonly pinger: NodeJS.Timeout;
  private dataVersion: number;

  constructor(
    private readonly db: Db,
    pollMs = 1000,
  ) {
    this.stopNotifier = onChange((event, ctx) => {
      if (ctx?.db === db) this.broadcast(event);
    });
    this.dataVersion = this.readDataVersion();
    this.poller = setInterval(() => this.poll(), pollMs);
    this.poller.unref();
    // A comment line now and then keeps proxies and idle timers from closing the stream.
    this.pinger = setInterval(() => this.clients.forEach((_, s) => void s.write(': ping\n\n').catch(() => {})), 20_000);
    this.pinger.unref();
  }

  private readDataVersion(): number {
    return this.db.sqlite.pragma('data_version', { simple: true }) as number;
  }

  private poll() {
    let v: number;
    try {
      v = this.readDataVersion();
    } catch {
      return; // closed
    }
    if (v === this.dataVersion) return;
    this.dataVersion = v;
    this.broadcast({ method: null, batch_id: null, door: null, actor: null, at: new Date().toISOString() });
  }

  broadcast(event: ChangeEvent) {
    const full = JSON.stringify(event);
    const bare = JSON.stringify(bareEvent(event));
    for (const [s, who] of this.clients) void s.writeSSE({ event: 'changed', data: who.bare ? bare : full }).catch(() => this.clients.delete(s));
  }

  handler = (c: Context) =>
    streamSSE(c, async (stream) => {
      // The route sits behind requireSession; a session that cannot be read here counts as a client (bare notices).
      const state = resolveSession(this.db, getCookie(c, SESSION_COOKIE), 'http');
      this.clients.set(stream, { bare: !state.ok || state.ctx.scope !== null });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      await new Promise<void>((done) => stream.onAbort(done));
      this.clients.delete(stream);
    });

  get size() {
    return this.clients.size;
  }

  close() {
    this.stopNotifier();
    clearInterval(this.poller);
    clearInterval(this.pinger);
    for (const s of this.clients.keys()) s.abort();
    this.clients.clear();
  }
}
