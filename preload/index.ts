// The preload script. It runs sandboxed, where require() gives only a few Electron modules, so it cannot load
// the API contract (zod and all) at run time: the build (main/tools/build.ts) reads METHOD_NAMES from
// api/contract and writes the list into this bundle as __TEM_METHODS__.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

declare const __TEM_METHODS__: readonly string[];

contextBridge.exposeInMainWorld('tem', createBridge(ipcRenderer, __TEM_METHODS__));
