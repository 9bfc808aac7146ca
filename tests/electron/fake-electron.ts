// A fake of the parts of the electron module that main/ uses, recording what the shell asks of it. Used by the
// unit tests (passed to startApp) and by the bundle test (installed as require('electron') in a Node child).
import { EventEmitter } from 'node:events';

export interface FakeOptions {
  appPath: string;
  isPackaged?: boolean;
  version?: string;
  /** requestSingleInstanceLock's answer (false: another instance runs). */
  lock?: boolean;
  /** Answers (button indexes) for showMessageBox, in order; 0 when they run out, unless messageBox is set. */
  answers?: number[];
  messageBox?: (options: { buttons?: string[]; message?: string }) => number;
  openDialog?: string[];
  saveDialog?: string;
}

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  sent: unknown[][] = [];
  windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
  reloaded = 0;
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
  }
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.windowOpenHandler = h;
  }
  reload() {
    this.reloaded++;
  }
  getType() {
    return 'window';
  }
}

export function fakeElectron(o: FakeOptions) {
  const log: string[] = [];
  let ready = false;
  const paths = new Map<string, string>();
  const windows: FakeBrowserWindow[] = [];

  const app = Object.assign(new EventEmitter(), {
    isPackaged: o.isPackaged ?? false,
    quitCalled: 0,
    setName(name: string) {
      log.push(`app.setName ${name}`);
    },
    setPath(name: string, value: string) {
      if (ready && name === 'userData') throw new Error('userData must be set before ready');
      paths.set(name, value);
    },
    getPath(name: string) {
      return paths.get(name) ?? `/fake/${name}`;
    },
    getAppPath: () => o.appPath,
    getVersion: () => o.version ?? '0.1.0',
    requestSingleInstanceLock() {
      log.push('app.requestSingleInstanceLock');
      return o.lock ?? true;
    },
    enableSandbox() {
      if (ready) throw new Error('enableSandbox must be called before ready');
      log.push('app.enableSandbox');
    },
    quit() {
      app.quitCalled++;
      log.push('app.quit');
    },
    whenReady() {
      return Promise.resolve().then(() => {
        ready = true;
        log.push('ready');
      });
    },
  });

  class FakeBrowserWindow extends EventEmitter {
    readonly webContents = new FakeWebContents();
    loadedUrl: string | null = null;
    shown = false;
    maximized = false;
    constructor(readonly options: Record<string, unknown> & { webPreferences: Record<string, unknown> }) {
      super();
      if (!ready) throw new Error('BrowserWindow before ready');
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    static getAllWindows() {
      return windows.filter((w) => !w.destroyed);
    }
    destroyed = false;
    isDestroyed() {
      return this.destroyed;
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      log.push(`window.loadURL ${url}`);
      return Promise.resolve();
    }
    show() {
      this.shown = true;
    }
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    maximize() {
      this.maximized = true;
    }
    isMaximized() {
      return this.maximized;
    }
    getNormalBounds() {
      const b = this.options as unknown as { x?: number; y?: number; width: number; height: number };
      return { x: b.x ?? 10, y: b.y ?? 10, width: b.width, height: b.height };
    }
  }

  const ipcMain = {
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
      if (ipcMain.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      ipcMain.handlers.set(channel, fn);
    },
    removeHandler(channel: string) {
      ipcMain.handlers.delete(channel);
    },
  };

  const protocol = {
    privileged: [] as unknown[],
    handlers: new Map<string, (req: { url: string; method?: string }) => Promise<Response>>(),
    registerSchemesAsPrivileged(schemes: unknown[]) {
      if (ready) throw new Error('registerSchemesAsPrivileged must be called before ready');
      protocol.privileged.push(...schemes);
      log.push('protocol.registerSchemesAsPrivileged');
    },
    handle(scheme: string, fn: (req: { url: string; method?: string }) => Promise<Response>) {
      if (!ready) throw new Error('protocol.handle before ready');
      protocol.handlers.set(scheme, fn);
      log.push(`protocol.handle ${scheme}`);
    },
  };

  type PermissionHandler = (wc: unknown, permission: string, callback: (granted: boolean) => void) => void;
  const defaultSession = {
    permissionRequest: null as PermissionHandler | null,
    permissionCheck: null as ((...args: unknown[]) => boolean) | null,
    beforeRequest: null as ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null,
    setPermissionRequestHandler(h: PermissionHandler) {
      defaultSession.permissionRequest = h;
    },
    setPermissionCheckHandler(h: (...args: unknown[]) => boolean) {
      defaultSession.permissionCheck = h;
    },
    webRequest: {
      onBeforeRequest(h: (details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) {
        defaultSession.beforeRequest = h;
      },
    },
  };

  const Menu = {
    current: null as { template: unknown[] } | null,
    buildFromTemplate: (template: unknown[]) => ({ template }),
    setApplicationMenu(m: { template: unknown[] }) {
      Menu.current = m;
    },
  };

  const answers = [...(o.answers ?? [])];
  const dialog = {
    boxes: [] as { type?: string; message?: string; detail?: string; buttons?: string[] }[],
    errors: [] as string[][],
    showMessageBox(...args: unknown[]) {
      const options = (args.length > 1 ? args[1] : args[0]) as { type?: string; message?: string; detail?: string; buttons?: string[] };
      dialog.boxes.push(options);
      const response = o.messageBox ? o.messageBox(options) : (answers.shift() ?? 0);
      return Promise.resolve({ response, checkboxChecked: false });
    },
    /** The options of every open dialog shown (with or without a parent window). */
    opened: [] as { title?: string; properties?: string[] }[],
    showOpenDialog(...args: unknown[]) {
      dialog.opened.push((args.length > 1 ? args[1] : args[0]) as { title?: string; properties?: string[] });
      return Promise.resolve({ canceled: !o.openDialog?.length, filePaths: o.openDialog ?? [] });
    },
    showSaveDialog() {
      return Promise.resolve({ canceled: !o.saveDialog, filePath: o.saveDialog });
    },
    showErrorBox(title: string, content: string) {
      dialog.errors.push([title, content]);
    },
  };

  const shell = {
    external: [] as string[],
    opened: [] as string[],
    openExternal(url: string) {
      shell.external.push(url);
      return Promise.resolve();
    },
    openPath(p: string) {
      shell.opened.push(p);
      return Promise.resolve('');
    },
  };

  const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };

  return { app, BrowserWindow: FakeBrowserWindow, ipcMain, protocol, session: { defaultSession }, Menu, dialog, shell, screen, log, paths, windows };
}

export type FakeElectron = ReturnType<typeof fakeElectron>;
