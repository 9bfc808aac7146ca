// The window's ApiClient: IPC when Electron's preload exposed window.tem, HTTP otherwise.
import type { TemBridge } from '../../../api/wire.ts';
import { createApiClient } from './client.ts';
import { httpTransport } from './http.ts';
import { ipcTransport } from './ipc.ts';

declare global {
  interface Window {
    tem?: TemBridge;
  }
}

export const api = createApiClient(window.tem ? ipcTransport(window.tem) : httpTransport());
export { ApiFailure, type ApiClient } from './client.ts';
export type * from './types.ts';
