// What the preload exposes as window.tem, built from an ipcRenderer so it can be tested without Electron.
// Three functions cross into the page: invoke (for the API methods on the allowlist), on (for the events main
// sends) and pickFolder (main's folder dialog, answered with a token for the chosen folder). None hands the page
// an ipcRenderer, an IpcRendererEvent or anything else from Electron.
import type { TemBridge } from '../api/wire.ts';
import { BRIDGE_EVENTS, EVENT_CHANNEL, INVOKE_CHANNEL, PICK_FOLDER_CHANNEL, type BridgeEventName, type BridgeEvents, type InvokeResult, type PickedFolder } from './channels.ts';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface Bridge extends TemBridge {
  invoke(method: string, input?: unknown): Promise<InvokeResult>;
  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEvents[E]) => void): () => void;
  /** Asks main to show the folder dialog; null when the user cancels. */
  pickFolder(title?: string): Promise<PickedFolder>;
}

export function createBridge(ipc: IpcRendererLike, methods: readonly string[]): Bridge {
  const allowed = new Set(methods);
  const events = new Set<string>(BRIDGE_EVENTS);
  const bridge = {
    invoke(method: string, input?: unknown): Promise<InvokeResult> {
      if (typeof method !== 'string' || !allowed.has(method)) {
        return Promise.resolve({ ok: false, error: { code: 'not_found', message: `There is no method "${String(method)}"` } });
      }
      return ipc.invoke(INVOKE_CHANNEL, method, input ?? {}) as Promise<InvokeResult>;
    },
    on(event: string, listener: (payload: never) => void): () => void {
      if (typeof event !== 'string' || !events.has(event)) throw new TypeError(`There is no event "${String(event)}"; events: ${[...events].join(', ')}`);
      if (typeof listener !== 'function') throw new TypeError('on(event, listener) needs a function');
      const forward = (_e: unknown, name: unknown, payload: unknown) => {
        if (name === event) listener(payload as never);
      };
      ipc.on(EVENT_CHANNEL, forward as (event: unknown, ...args: unknown[]) => void);
      return () => void ipc.removeListener(EVENT_CHANNEL, forward as (event: unknown, ...args: unknown[]) => void);
    },
    pickFolder(title?: string): Promise<PickedFolder> {
      return ipc.invoke(PICK_FOLDER_CHANNEL, typeof title === 'string' ? title : undefined) as Promise<PickedFolder>;
    },
  };
  return Object.freeze(bridge) as Bridge;
}
