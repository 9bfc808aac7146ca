// Tells the windows that data changed, so they refresh: every write made through the API in this process (the
// API's change notifier), and writes made by another process on the same file (a `tem import` while the app is
// open), which SQLite's data_version reveals.
import { onChange, type ChangeEvent } from '../api/index.ts';
import type { Db } from '../db/open.ts';

export function forwardChanges(o: { db: () => Db | null; send: (event: ChangeEvent) => void; pollMs?: number }): () => void {
  const stop = onChange((event, ctx) => {
    if (ctx && ctx.db === o.db()) o.send(event);
  });
  let watched: Db | null = null;
  let version = 0;
  const poll = () => {
    const db = o.db();
    if (!db || !db.sqlite.open) return;
    let v: number;
    try {
      v = db.sqlite.pragma('data_version', { simple: true }) as number;
    } catch {
      return;
    }
    if (db !== watched) {
      // A new connection (after a restore) starts its own count.
      watched = db;
      version = v;
      return;
    }
    if (v === version) return;
    version = v;
    o.send({ method: null, batch_id: null, door: null, actor: null, at: new Date().toISOString() });
  };
  poll();
  const timer = setInterval(poll, o.pollMs ?? 1000);
  timer.unref?.();
  return () => {
    stop();
    clearInterval(timer);
  };
}
