// Progress of a running sync, for windows that show it (a first sync of a large book takes a while).
import type { Ctx } from '../context.ts';
import type { SyncProgress } from './client.ts';

type Listener = (p: SyncProgress, ctx: Ctx) => void;
const listeners = new Set<Listener>();

export function onSyncProgress(l: Listener): () => void {
  listeners.add(l);
  return () => void listeners.delete(l);
}

export function emitSyncProgress(ctx: Ctx, p: SyncProgress): void {
  for (const l of listeners) {
    try {
      l(p, ctx);
    } catch {
      // A broken window must not stop the sync.
    }
  }
}
