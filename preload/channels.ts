// The IPC channels between preload/ and main/, and what travels on them. No Electron import: both sides and the
// tests share this file.
import type { WireError, ChangeEvent } from '../api/wire.ts';

/** renderer -> main: ipcRenderer.invoke(INVOKE_CHANNEL, method, input) -> InvokeResult */
export const INVOKE_CHANNEL = 'tem:invoke';
/** main -> renderer: webContents.send(EVENT_CHANNEL, name, payload) */
export const EVENT_CHANNEL = 'tem:event';

/** renderer -> main: ipcRenderer.invoke(PICK_FOLDER_CHANNEL, title) -> PickedFolder. Main shows the folder
 *  dialog; the page gets a token for the chosen folder (to pass where a method takes a folder), never the power
 *  to name one itself. */
export const PICK_FOLDER_CHANNEL = 'tem:pickFolder';
export type PickedFolder = { token: string; path: string } | null;

export type InvokeResult = { ok: true; value: unknown } | { ok: false; error: WireError };

/** Where an update stands, sent to the renderer as the 'update' event. */
export type UpdateStatus =
  | { state: 'checking' }
  | { state: 'available'; version: string }
  | { state: 'not-available'; version: string }
  | { state: 'progress'; percent: number; transferred: number; total: number; bytesPerSecond: number }
  | { state: 'downloaded'; version: string }
  | { state: 'error'; message: string };

/** The events main sends and the renderer may listen to with window.tem.on(name, listener). */
export interface BridgeEvents {
  changed: ChangeEvent;
  update: UpdateStatus;
}
export type BridgeEventName = keyof BridgeEvents;
export const BRIDGE_EVENTS: readonly BridgeEventName[] = ['changed', 'update'];
