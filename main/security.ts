// The renderer is untrusted. Its window runs isolated and sandboxed without Node; it may not navigate away from
// the app, open windows, embed webviews, ask for permissions or load anything from the network.
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { isAppUrl } from './ipc.ts';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
}

/** The options of every app window. The security flags are spelled out even where they are Electron's defaults. */
export function windowOptions(o: { preload: string; bounds: WindowBounds; title?: string; icon?: string; devTools?: boolean }): BrowserWindowConstructorOptions {
  return {
    ...o.bounds,
    minWidth: 800,
    minHeight: 500,
    title: o.title ?? 'TEM desk',
    icon: o.icon,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: o.preload,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: true,
      devTools: o.devTools ?? false,
    },
  };
}

/** Links to these schemes may be handed to the system (browser, mail client); nothing else leaves the app. */
const EXTERNAL = new Set(['https:', 'mailto:']);

export function externalUrl(url: string): boolean {
  try {
    return EXTERNAL.has(new URL(url).protocol);
  } catch {
    return false;
  }
}

type Contents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * For every webContents the app creates: navigation only within app://tem/, no new windows (an https or mailto
 * link goes to the system's browser instead), no webviews.
 */
export function hardenContents(contents: Contents, openExternal: (url: string) => void): void {
  const stay = (event: { preventDefault(): void; url?: string }, url: string) => {
    if (!isAppUrl(event.url ?? url)) event.preventDefault();
  };
  contents.on('will-navigate', stay);
  contents.on('will-redirect', stay);
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (externalUrl(url)) openExternal(url);
    return { action: 'deny' };
  });
}

/** Schemes the page may load from: our own, and what Chromium uses internally for inline data and devtools. */
const LOCAL = /^(app|data|blob|devtools|chrome-extension):/;

/** The window's session: every permission refused, every request that would leave the machine cancelled. */
export function hardenSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !LOCAL.test(details.url) }));
}
