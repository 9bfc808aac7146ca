// main/ against a fake of the electron module: the window's security flags, the one IPC entry (sender check,
// allowlist, schema check), the app:// protocol's traversal guard, navigation/window/webview/permission refusals,
// single instance, window state, the menu, and the way out of a damaged database.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { cpSync, mkdirSync, writeFileSync, symlinkSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ElectronApi } from '../../main/app.ts';
import { startApp } from '../../main/app.ts';
import { windowOptions } from '../../main/security.ts';
import { createInvokeHandler, isTrustedSender } from '../../main/ipc.ts';
import { createProtocolHandler, resolveAppPath, CSP, APP_URL } from '../../main/protocol.ts';
import { loadWindowState, saveWindowState, DEFAULT_STATE } from '../../main/window-state.ts';
import { menuTemplate } from '../../main/menu.ts';
import { INVOKE_CHANNEL, EVENT_CHANNEL, type InvokeResult } from '../../preload/channels.ts';
import { METHOD_NAMES, makeCtx } from '../../api/index.ts';
import { openDb, MIGRATIONS_DIR } from '../../db/open.ts';
import { backupFile, listBackups } from '../../db/backup.ts';
import { useNativeBinding } from '../../db/sqlite.ts';
import { fakeElectron, type FakeElectron } from './fake-electron.ts';
import { backupDays, scheduleDailyBackups } from '../../main/database.ts';
import { tempDir, testApi } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SECURITY_FLAGS = {
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
};

const trusted = { senderFrame: { url: 'app://tem/index.html', parent: null }, sender: { id: 1 } };

/** A fake app folder with a built renderer. */
function appFolder(name: string) {
  const appPath = join(tmp.dir, name, 'app');
  mkdirSync(join(appPath, 'out', 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(appPath, 'out', 'renderer', 'index.html'), '<!doctype html><title>TEM desk</title><div id="root"></div>');
  writeFileSync(join(appPath, 'out', 'renderer', 'assets', 'app.js'), 'console.log(1)');
  cpSync(MIGRATIONS_DIR, join(appPath, 'db', 'migrations'), { recursive: true });
  return appPath;
}

async function boot(name: string, extra: Partial<Parameters<typeof fakeElectron>[0]> = {}, env: NodeJS.ProcessEnv = {}) {
  const appPath = appFolder(name);
  const userData = join(tmp.dir, name, 'data');
  const e = fakeElectron({ appPath, ...extra });
  const shell = startApp(e as unknown as ElectronApi, {
    env: { TEM_USER_DATA: userData, TEM_USER: 'alice', TEM_UPDATE_URL: 'off', ...env },
    platform: 'linux',
    resourcesPath: join(tmp.dir, name, 'resources'),
    echo: () => {},
  });
  await shell.ready;
  return { e, shell, userData, appPath };
}

const invoke = (e: FakeElectron, event: unknown, method: unknown, input?: unknown) =>
  e.ipcMain.handlers.get(INVOKE_CHANNEL)!(event, method, input) as Promise<InvokeResult>;

describe('the window', () => {
  it('carries every security flag', () => {
    const o = windowOptions({ preload: '/app/out/preload/index.cjs', bounds: DEFAULT_STATE });
    expect(o.webPreferences).toMatchObject({ ...SECURITY_FLAGS, preload: '/app/out/preload/index.cjs', devTools: false });
    expect(o.webPreferences!.preload).toMatch(/index\.cjs$/);
  });
});

describe('the shell started on a fake electron', () => {
  let b: Awaited<ReturnType<typeof boot>>;
  beforeAll(async () => {
    b = await boot('shell');
  });
  const win = () => b.e.windows[0]!;

  it('keeps its data in the fixed data folder and opens one sandboxed window on app://tem/', () => {
    expect(b.e.paths.get('userData')).toBe(b.userData);
    expect(b.e.paths.get('sessionData')).toBe(join(b.userData, 'Chromium'));
    expect(existsSync(join(b.userData, 'tem.db'))).toBe(true);
    expect(b.e.windows).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({ ...SECURITY_FLAGS, preload: join(b.appPath, 'out', 'preload', 'index.cjs') });
    expect(win().loadedUrl).toBe(APP_URL);
    expect(b.e.log.indexOf('app.enableSandbox')).toBeLessThan(b.e.log.indexOf('ready'));
    expect(b.e.log.indexOf('protocol.registerSchemesAsPrivileged')).toBeLessThan(b.e.log.indexOf('ready'));
    expect(b.e.protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect([...b.e.protocol.handlers.keys()]).toEqual(['app']);
  });

  it('refuses navigation away from the app, new windows and webviews', () => {
    const wc = win().webContents;
    const navigate = (name: string, url: string) => {
      let prevented = false;
      wc.emit(name, { preventDefault: () => (prevented = true), url }, url);
      return prevented;
    };
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(navigate('will-navigate', 'app://other/index.html')).toBe(true);
    expect(navigate('will-navigate', 'app://tem/index.html#/month')).toBe(false);
    expect(navigate('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(navigate('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-attach-webview', 'app://tem/')).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://carrier.example/portal' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'app://tem/index.html' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(wc.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    // Only the https link went to the system browser.
    expect(b.e.shell.external).toEqual(['https://carrier.example/portal']);
  });

  it('refuses every permission and every request that would leave the machine', () => {
    const s = b.e.session.defaultSession;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      let granted: boolean | undefined;
      s.permissionRequest!({}, permission, (g) => (granted = g));
      expect(granted).toBe(false);
    }
    expect(s.permissionCheck!({}, 'media')).toBe(false);
    const cancel = (url: string) => {
      let r: boolean | undefined;
      s.beforeRequest!({ url }, (x) => (r = x.cancel));
      return r;
    };
    expect(cancel('https://cdn.example/lib.js')).toBe(true);
    expect(cancel('http://127.0.0.1:4780/api')).toBe(true);
    expect(cancel('wss://evil.example/')).toBe(true);
    expect(cancel('file:///etc/passwd')).toBe(true);
    expect(cancel('app://tem/assets/app.js')).toBe(false);
    expect(cancel('data:image/png;base64,AAAA')).toBe(false);
  });

  it('serves the renderer with the CSP through app://', async () => {
    const handler = b.e.protocol.handlers.get('app')!;
    const res = await handler({ url: 'app://tem/index.html' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(await res.text()).toMatch(/<title>TEM desk<\/title>/);
    expect((await handler({ url: 'app://tem/..%2f..%2fdata%2ftem.db' })).status).toBe(403);
  });

  it('answers the page through the one IPC entry and tells it about changes', async () => {
    const created = await invoke(b.e, { ...trusted, sender: { id: win().webContents.id } }, 'customers.create', { name: 'Springfield Schools' });
    expect(created).toMatchObject({ ok: true, value: { name: 'Springfield Schools' } });
    const list = await invoke(b.e, { ...trusted, sender: { id: win().webContents.id } }, 'customers.list', {});
    expect(list.ok && (list.value as { name: string }[]).map((c) => c.name)).toEqual(['Springfield Schools']);
    const changed = win().webContents.sent.find((m) => m[0] === EVENT_CHANNEL && m[1] === 'changed');
    expect(changed?.[2]).toMatchObject({ method: 'customers.create', door: 'ipc', actor: 'alice' });
    // A window that is not ours (another webContents id) is refused even with our URL.
    expect(await invoke(b.e, { ...trusted, sender: { id: 999 } }, 'customers.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('has a menu with the usual shortcuts, backup, restore and updates', () => {
    const t = b.e.Menu.current!.template as { label?: string; role?: string; submenu?: { label?: string; role?: string; accelerator?: string }[] }[];
    const items = t.flatMap((m) => m.submenu ?? []);
    const roles = items.map((i) => i.role).filter(Boolean);
    expect(roles).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'reload', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen', 'quit']));
    expect(t.map((m) => m.role).filter(Boolean)).toEqual(expect.arrayContaining(['windowMenu', 'help']));
    expect(items.find((i) => i.label === 'Back Up Now…')?.accelerator).toBe('CmdOrCtrl+Shift+B');
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['Restore from Backup…', 'Open Data Folder', 'Check for Updates…']));
    expect(roles).toContain('toggleDevTools'); // development build
  });

  it('remembers the window bounds when it closes', () => {
    win().emit('close');
    const saved = JSON.parse(readFileSync(join(b.userData, 'window-state.json'), 'utf8'));
    expect(saved).toMatchObject({ width: DEFAULT_STATE.width, height: DEFAULT_STATE.height, maximized: false });
  });

  it('says updates are off in development, also from the menu', async () => {
    expect(b.shell.updates()!.enabled).toBe(false);
    expect(await b.shell.updates()!.check()).toEqual({ status: 'off', reason: 'updates are off in development' });
    const items = (b.e.Menu.current!.template as { submenu?: { label?: string; click?: () => unknown }[] }[]).flatMap((m) => m.submenu ?? []);
    await items.find((i) => i.label === 'Check for Updates…')!.click!();
    expect(b.e.dialog.boxes.at(-1)).toMatchObject({ message: 'Updates', detail: 'Updates are off: updates are off in development.' });
  });

  it('takes the daily backup soon after start and keeps the configured number of days', async () => {
    const cfg = join(tmp.dir, 'cfg.json');
    writeFileSync(cfg, '{"backupDays": 30}');
    expect(backupDays({}, [cfg])).toBe(30);
    expect(backupDays({ TEM_BACKUP_DAYS: '7' }, [cfg])).toBe(7);
    expect(backupDays({ TEM_BACKUP_DAYS: 'lots' }, [join(tmp.dir, 'none.json')])).toBe(14);
    const db = b.shell.database()!.db;
    const stop = scheduleDailyBackups(() => db, { firstAfterMs: 0 });
    await expect.poll(() => listBackups(db.file).filter((x) => x.kind === 'daily').length).toBe(1);
    stop();
  });
});

describe('backup and restore from the menu', () => {
  it('backs up the open database, and restores it after later changes, keeping the replaced one', async () => {
    const saveTo = join(tmp.dir, 'menu', 'saved.db');
    const { e, shell } = await boot('menu', { saveDialog: saveTo, openDialog: [saveTo] });
    const ours = { ...trusted, sender: { id: e.windows[0]!.webContents.id } };
    await invoke(e, ours, 'customers.create', { name: 'Before the backup' });
    const click = (label: string) => {
      const items = (e.Menu.current!.template as { submenu?: { label?: string; click?: () => unknown }[] }[]).flatMap((m) => m.submenu ?? []);
      return items.find((i) => i.label === label)!.click!();
    };
    await click('Back Up Now…');
    expect(e.dialog.boxes.at(-1)).toMatchObject({ message: 'Backup saved', detail: saveTo });
    await invoke(e, ours, 'customers.create', { name: 'After the backup' });
    const before = shell.database();
    await click('Restore from Backup…');
    expect(e.dialog.boxes.at(-2)).toMatchObject({ message: 'Replace all current data with saved.db?', buttons: ['Restore', 'Cancel'] });
    expect(e.dialog.boxes.at(-1)).toMatchObject({ message: 'Backup restored', detail: expect.stringMatching(/tem-before-restore-/) });
    expect(shell.database()).not.toBe(before);
    expect(e.windows[0]!.webContents.reloaded).toBe(1);
    const list = await invoke(e, ours, 'customers.list', {});
    expect(list.ok && (list.value as { name: string }[]).map((c) => c.name)).toEqual(['Before the backup']);
    await click('Open Data Folder');
    expect(e.shell.opened).toEqual([join(tmp.dir, 'menu', 'data')]);
  });
});

describe('single instance', () => {
  it('a second instance hands over and quits without a window or a database', async () => {
    const appPath = appFolder('second');
    const e = fakeElectron({ appPath, lock: false });
    const shell = startApp(e as unknown as ElectronApi, { env: { TEM_USER_DATA: join(tmp.dir, 'second', 'data') }, platform: 'linux', echo: () => {} });
    expect(shell.started).toBe(false);
    await shell.ready;
    expect(e.app.quitCalled).toBe(1);
    expect(e.windows).toHaveLength(0);
    expect(e.ipcMain.handlers.size).toBe(0);
  });

  it('the first instance shows its window when a second one starts', async () => {
    const { e } = await boot('first');
    const w = e.windows[0]!;
    w.shown = false;
    e.app.emit('second-instance');
    expect(w.shown).toBe(true);
  });

  it('opens the window where it was left', async () => {
    const userData = join(tmp.dir, 'placed', 'data');
    saveWindowState(join(userData, 'window-state.json'), { x: 100, y: 80, width: 1000, height: 700, maximized: true });
    const { e } = await boot('placed');
    expect(e.windows[0]!.options).toMatchObject({ x: 100, y: 80, width: 1000, height: 700 });
    expect(e.windows[0]!.maximized).toBe(true);
  });
});

describe('the IPC entry', () => {
  const t = testApi();
  const handler = createInvokeHandler({ ctx: () => t.ctx, ourWebContents: (id) => id === 1 });

  it('calls the API for our page and returns the value', async () => {
    expect(await handler(trusted, 'customers.create', { name: 'Acme' })).toMatchObject({ ok: true, value: { name: 'Acme' } });
  });

  it('refuses an unknown method', async () => {
    expect(await handler(trusted, 'customers.drop', {})).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no method "customers.drop"' } });
    expect(await handler(trusted, '__proto__', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await handler(trusted, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await handler(trusted, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a foreign sender', async () => {
    const refused = { ok: false, error: { code: 'forbidden', message: 'This page may not call TEM desk' } };
    for (const url of ['https://evil.example/', 'http://127.0.0.1:4780/', 'file:///app/out/renderer/index.html', 'app://evil/index.html', 'app://tem@evil/index.html', 'devtools://devtools/', '', 'not a url']) {
      expect(await handler({ senderFrame: { url, parent: null }, sender: { id: 1 } }, 'customers.list', {})).toEqual(refused);
    }
    // An iframe inside our page, a frame that is gone, a window that is not ours.
    expect(await handler({ senderFrame: { url: 'app://tem/index.html', parent: {} }, sender: { id: 1 } }, 'customers.list', {})).toEqual(refused);
    expect(await handler({ senderFrame: null, sender: { id: 1 } }, 'customers.list', {})).toEqual(refused);
    expect(await handler({ senderFrame: { url: 'app://tem/index.html', parent: null }, sender: { id: 2 } }, 'customers.list', {})).toEqual(refused);
    expect(isTrustedSender({ senderFrame: { url: 'app://tem/', parent: null } })).toBe(true);
  });

  it('refuses a malformed input with the schema\'s reasons', async () => {
    const r = await handler(trusted, 'customers.create', { name: 42, extra: () => 1 });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/^customers\.create: name: /) } });
    expect(Array.isArray((r as { error: { details: unknown } }).error.details)).toBe(true);
    expect(await handler(trusted, 'actuals.setMany', { items: 'all of them' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await handler(trusted, 'month.check', { month: '2026-13' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('does not leak internals when something breaks', async () => {
    const db = openDb(':memory:');
    const ctx = makeCtx(db, 'x', 'ipc');
    db.close();
    const logged: string[] = [];
    const h = createInvokeHandler({ ctx: () => ctx, log: (m) => logged.push(m) });
    const r = await h(trusted, 'customers.list', {});
    expect(r).toEqual({ ok: false, error: { code: 'internal', message: 'customers.list failed inside TEM desk; the details are in the log' } });
    expect(logged).toEqual(['customers.list failed']);
  });

  it('knows every method of the contract', async () => {
    for (const m of METHOD_NAMES) {
      const r = await handler(trusted, m, { this_is: 'not valid for any method', month: 'x', id: 7 });
      expect(r.ok === false && r.error.code).not.toBe('not_found');
    }
  });
});

describe('app:// protocol', () => {
  const root = join(tmp.dir, 'renderer');
  const outside = join(tmp.dir, 'secret.txt');
  beforeAll(() => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><p>app</p>');
    writeFileSync(join(root, 'assets', 'a.js'), 'export {}');
    writeFileSync(outside, 'the database password');
    symlinkSync(outside, join(root, 'assets', 'link.txt'));
  });
  const get = (url: string, method = 'GET') => createProtocolHandler(root)({ url, method });

  it('serves files under the renderer folder with their type and the CSP', async () => {
    const r = await get('app://tem/assets/a.js');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(r.headers.get('content-security-policy')).toBe(CSP);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await (await get('app://tem/')).text()).toMatch(/<p>app<\/p>/);
    expect(await (await get('app://tem/month/2026-01')).text()).toMatch(/<p>app<\/p>/); // a client-side route
    expect((await get('app://tem/assets/missing.js')).status).toBe(404);
    expect((await get('app://tem/index.html', 'POST')).status).toBe(405);
  });

  it('refuses path traversal in every spelling', async () => {
    for (const url of [
      'app://tem/..%2fsecret.txt',
      'app://tem/..%2f..%2f..%2fetc%2fpasswd',
      'app://tem/assets/..%2f..%2fsecret.txt',
      'app://tem/%2e%2e%2fsecret.txt',
      'app://tem/..%5csecret.txt',
      'app://tem/assets%5c..%5c..%5csecret.txt',
      'app://tem/%2e%2e/secret.txt',
      'app://tem/assets/link.txt',
      'app://tem/index.html%00.js',
      'app://tem/C:%5cWindows%5cwin.ini',
      'app://tem/%252e%252e%252fsecret.txt'.replace('%25', '%'),
      'app://evil/index.html',
      'app://tem:99/index.html',
      'app://tem/%E0%A4%A',
    ]) {
      const r = await get(url);
      expect([403, 404], url).toContain(r.status);
      expect(await r.text(), url).not.toMatch(/password/);
    }
    expect(resolveAppPath(root, 'app://tem/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://tem/assets/link.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://tem/assets/a.js')).toBe(join(root, 'assets', 'a.js'));
  });
});

describe('window state', () => {
  const file = join(tmp.dir, 'ws', 'window-state.json');
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('round-trips, and drops a position that is on no display', () => {
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_STATE);
    saveWindowState(file, { x: 50, y: 60, width: 1100, height: 700, maximized: false });
    expect(loadWindowState(file, screen)).toEqual({ x: 50, y: 60, width: 1100, height: 700, maximized: false });
    saveWindowState(file, { x: 3000, y: 60, width: 1100, height: 700 });
    expect(loadWindowState(file, screen)).toEqual({ width: 1100, height: 700, maximized: false });
    saveWindowState(file, { x: 10, y: 10, width: 20, height: 99999 });
    expect(loadWindowState(file, screen)).toMatchObject({ width: 800, height: 1080 });
    writeFileSync(file, '{not json');
    expect(loadWindowState(file, screen)).toEqual(DEFAULT_STATE);
  });
});

describe('menu', () => {
  it('has the macOS application menu on macOS and no devtools in a packaged build', () => {
    const noop = () => {};
    const actions = { backupNow: noop, restoreBackup: noop, openDataFolder: noop, checkForUpdates: noop, about: noop };
    const mac = menuTemplate(actions, { platform: 'darwin', appName: 'TEM desk', isDev: false });
    expect(mac[0]!.label).toBe('TEM desk');
    const all = JSON.stringify(mac.map((m) => ({ ...m, submenu: (m.submenu as { role?: string; label?: string }[] | undefined)?.map((i) => i.role ?? i.label) })));
    expect(all).not.toMatch(/toggleDevTools/);
    expect(all).toMatch(/hideOthers/);
  });
});

describe('a SQLite module that does not load', () => {
  it('stops the start with a clear message instead of blaming the database', async () => {
    const appPath = appFolder('no-addon');
    mkdirSync(join(appPath, 'out', 'native'), { recursive: true });
    writeFileSync(join(appPath, 'out', 'native', 'better_sqlite3.node'), 'not a shared library');
    const e = fakeElectron({ appPath });
    try {
      const shell = startApp(e as unknown as ElectronApi, { env: { TEM_USER_DATA: join(tmp.dir, 'no-addon', 'data'), TEM_UPDATE_URL: 'off' }, platform: 'linux', echo: () => {} });
      await shell.ready;
    } finally {
      useNativeBinding(undefined);
    }
    expect(e.dialog.errors).toHaveLength(1);
    expect(e.dialog.errors[0]![0]).toBe('TEM desk could not start');
    expect(e.dialog.errors[0]![1]).toMatch(/^The SQLite module cannot be loaded \(.*\)\. Start the app with "npm start", which builds better-sqlite3 for Electron\./s);
    expect(e.dialog.boxes).toEqual([]);
    expect(e.app.quitCalled).toBe(1);
    expect(e.windows).toHaveLength(0);
  });
});

describe('a damaged database at start', () => {
  it('offers the newest good backup, keeps the damaged file, and opens the restored one', async () => {
    const name = 'damaged';
    const userData = join(tmp.dir, name, 'data');
    const file = join(userData, 'tem.db');
    const t = testApi(file);
    await t.api('customers.create', { name: 'Kept in the backup' });
    t.db.close();
    await backupFile(file, join(userData, 'backups', 'tem-daily-2026-03-01.db'));
    writeFileSync(file, 'garbage '.repeat(1000));
    const { e, shell } = await boot(name, { messageBox: (o) => o.buttons!.findIndex((b) => b.startsWith('Restore the backup')) });
    const box = e.dialog.boxes[0]!;
    expect(box.message).toBe('TEM desk cannot use its database, so it has not opened it.');
    expect(box.detail).toMatch(/SQLite reports: file is not a database/);
    expect(box.buttons).toEqual(['Restore the backup of 2026-03-01', 'Choose a Backup…', 'Open Data Folder', 'Quit']);
    expect(shell.database()).not.toBeNull();
    expect(await invoke(e, { ...trusted, sender: { id: e.windows[0]!.webContents.id } }, 'customers.list', {})).toMatchObject({
      ok: true,
      value: [{ name: 'Kept in the backup' }],
    });
    expect(listBackups(file).map((b) => b.kind)).toContain('damaged');
  });

  it('quits without touching the file when the user says Quit', async () => {
    const name = 'damaged-quit';
    const file = join(tmp.dir, name, 'data', 'tem.db');
    mkdirSync(join(tmp.dir, name, 'data'), { recursive: true });
    writeFileSync(file, 'garbage '.repeat(1000));
    const { e, shell } = await boot(name, { messageBox: (o) => o.buttons!.indexOf('Quit') });
    expect(e.dialog.boxes[0]!.detail).toMatch(/No good backup was found/);
    expect(shell.database()).toBeNull();
    expect(e.app.quitCalled).toBe(1);
    expect(e.windows).toHaveLength(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^garbage/);
  });
});
