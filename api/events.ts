// The change notifier: call() reports every successful mutation here, and each door forwards it to its windows
// (the HTTP server as server-sent events, Electron over IPC), so every open window can refresh what it shows.
import type { Ctx } from './context.ts';
import type { ChangeEvent } from './wire.ts';

export type { ChangeEvent };

export type ChangeListener = (event: ChangeEvent, ctx: Ctx | null) => void;

const listeners = new Set<ChangeListener>();

/** Subscribes to changes; returns the unsubscribe function. Listeners get the ctx of the call so a door can keep
 *  only the events of its own database. */
export function onChange(listener: ChangeListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

export function emitChange(event: ChangeEvent, ctx: Ctx | null): void {
  for (const l of listeners) {
    try {
      l(event, ctx);
    } catch {
      // A broken listener must never fail the write that already committed.
    }
  }
}

/** Reports a finished mutation, unless its result says that nothing changed. */
export function reportMutation(ctx: Ctx, method: string, output: unknown): void {
  const o = (output ?? {}) as { batch_id?: unknown; changed?: unknown };
  if (o.changed === 0 || o.changed === false) return;
  emitChange(
    { method, batch_id: typeof o.batch_id === 'string' ? o.batch_id : null, door: ctx.door, actor: ctx.actor, at: ctx.now() },
    ctx,
  );
}
