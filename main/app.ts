// The desktop shell, wired together. Electron comes in as a parameter (main/index.ts passes the real module, the
// tests a fake), so every rule here runs in the tests without the Electron binary.
import type * as ElectronNs from 'electron';
import type { BrowserWindow as BrowserWindowT, MessageBoxOptions } from 'electron';
import { appendFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { userInfo } from 'node:os';
import { appDataDir } from '../db/location.ts';
import { openSqlite, useNativeBinding } from '../db/sqlite.ts';
import { backupsDir, backupDatabase, localStamp } from '../db/backup.ts';
import { APP_URL, SCHEME_PRIVILEGES, APP_SCHEME, createProtocolHandler } from './protocol.ts';
import { windowOptions, hardenContents, hardenSession } from './security.ts';
import { createInvokeHandler, isTrustedSender, registerInvoke, registerPickFolder } from './ipc.ts';
import { createFolderGrants, createPickFolderHandler } from './folders.ts';
import { loadWindowState, trackWindowState } from './window-state.ts';
import { menuTemplate } from './menu.ts';
import { createUpdates, updateConfig, type Updates, type UpdaterLike } from './updater.ts';
import { appPaths, type AppPaths } from './paths.ts';
import { openAppDatabase, swapInBackup, scheduleDailyBackups, backupDays, type OpenedDatabase, type WayOut } from './database.ts';
import { forwardChanges } from './events.ts';
import { EVENT_CHANNEL, type BridgeEventName, type BridgeEvents } from '../preload/channels.ts';

type E = typeof ElectronNs;
/** The parts of the electron module the shell uses. */
export type ElectronApi = Pick<E, 'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'Menu' | 'dialog' | 'shell' | 'screen'>;

export const APP_NAME = 'TEM desk';

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** electron-updater's autoUpdater (created only when updates are on). */
  updater?: () => UpdaterLike;
  /** process.resourcesPath in the packaged app. */
  resourcesPath?: string;
  /** Also write log lines here (default: stderr in development and for errors). */
  echo?: (line: string) => void;
}

export interface Shell {
  /** False when another instance already runs (this one quits and hands over). */
  started: boolean;
  /** Settles when the app is up (or has decided to quit). */
  ready: Promise<void>;
  window(): BrowserWindowT | null;
  database(): OpenedDatabase | null;
  updates(): Updates | null;
  paths(): AppPaths | null;
}

export function startApp(e: ElectronApi, o: StartOptions = {}): Shell {
  const env = o.env ?? process.env;
  const platform = o.platform ?? process.platform;
  const { app } = e;

  // The data folder has a fixed name, so renaming the app never orphans the data; Chromium's own files go in a
  // subfolder of it. TEM_USER_DATA moves everything (tests, a second profile).
  const userData = env.TEM_USER_DATA || appDataDir(env, platform);
  app.setName(APP_NAME);
  app.setPath('userData', userData);
  app.setPath('sessionData', join(userData, 'Chromium'));
  const dbFile = env.TEM_DB || join(userData, 'tem.db');
  const actor = env.TEM_USER || safeUser();
  const isDev = !app.isPackaged;

  const logFile = join(userData, 'logs', 'main.log');
  const log = (message: string, error?: unknown) => {
    const line = `${new Date().toISOString()} ${message}${error ? `: ${(error as Error)?.stack ?? String(error)}` : ''}\n`;
    try {
      mkdirSync(join(userData, 'logs'), { recursive: true });
      appendFileSync(logFile, line);
    } catch {
      // the console still has it
    }
    if (o.echo) o.echo(line);
    else if (isDev || error) process.stderr.write(line);
  };

  let win: BrowserWindowT | null = null;
  let opened: OpenedDatabase | null = null;
  let updates: Updates | null = null;
  let paths: AppPaths | null = null;
  const stops: (() => void)[] = [];
  const shell: Shell = { started: true, ready: Promise.resolve(), window: () => win, database: () => opened, updates: () => updates, paths: () => paths };

  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { ...shell, started: false };
  }
  app.on('second-instance', () => {
    if (!win && opened && paths) createWindow();
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });

  e.protocol.registerSchemesAsPrivileged([SCHEME_PRIVILEGES]);
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => {
    hardenContents(contents, (url) => void e.shell.openExternal(url));
  });

  const send = <N extends BridgeEventName>(name: N, payload: BridgeEvents[N]) => {
    for (const w of e.BrowserWindow.getAllWindows()) if (!w.isDestroyed()) w.webContents.send(EVENT_CHANNEL, name, payload);
  };

  const box = async (options: MessageBoxOptions) => (win ? e.dialog.showMessageBox(win, options) : e.dialog.showMessageBox(options));

  const ui = {
    async damaged(info: { file: string; problems: string[]; latest: { file: string; stamp: string } | null }): Promise<WayOut> {
      for (;;) {
        const buttons = [...(info.latest ? [`Restore the backup of ${info.latest.stamp}`] : []), 'Choose a Backup…', 'Open Data Folder', 'Quit'];
        const { response } = await e.dialog.showMessageBox({
          type: 'error',
          title: `${APP_NAME}: the database needs attention`,
          message: `${APP_NAME} cannot use its database, so it has not opened it.`,
          detail:
            `File: ${info.file}\nSQLite reports: ${info.problems.slice(0, 5).join('; ')}\n\n` +
            (info.latest
              ? `Restoring puts back the newest good backup (${basename(info.latest.file)}); the damaged file is kept in the backups folder. Work entered after that backup is not in it.`
              : 'No good backup was found in the backups folder. Choose a backup file, or quit and ask for help: the file has not been changed.'),
          buttons,
          defaultId: 0,
          cancelId: buttons.length - 1,
          noLink: true,
        });
        const label = buttons[response];
        if (label === 'Quit' || label === undefined) return { action: 'quit' };
        if (label === 'Open Data Folder') {
          await e.shell.openPath(userData);
          continue;
        }
        if (label === 'Choose a Backup…') {
          const pick = await e.dialog.showOpenDialog({
            title: 'Choose a backup to restore',
            defaultPath: backupsDir(info.file),
            filters: [{ name: 'TEM desk backup', extensions: ['db', 'sqlite'] }],
            properties: ['openFile'],
          });
          if (pick.canceled || !pick.filePaths[0]) continue;
          return { action: 'restore', file: pick.filePaths[0] };
        }
        return { action: 'restore', file: info.latest!.file };
      }
    },
    async error(message: string) {
      await e.dialog.showMessageBox({ type: 'error', title: APP_NAME, message: 'That did not work', detail: message, buttons: ['OK'] });
    },
  };

  const actions = {
    async backupNow() {
      if (!opened) return;
      const pick = await e.dialog.showSaveDialog({
        title: 'Back up the database',
        defaultPath: join(backupsDir(opened.db.file), `tem-manual-${localStamp()}.db`),
        filters: [{ name: 'TEM desk backup', extensions: ['db'] }],
      });
      if (pick.canceled || !pick.filePath) return;
      try {
        const file = await backupDatabase(opened.db.sqlite, pick.filePath, true);
        await box({ type: 'info', title: APP_NAME, message: 'Backup saved', detail: file, buttons: ['OK'] });
      } catch (err) {
        log('Backup failed', err);
        await box({ type: 'error', title: APP_NAME, message: 'The backup could not be saved', detail: (err as Error).message, buttons: ['OK'] });
      }
    },
    async restoreBackup() {
      if (!opened || !paths) return;
      const pick = await e.dialog.showOpenDialog({
        title: 'Restore from a backup',
        defaultPath: backupsDir(opened.db.file),
        filters: [{ name: 'TEM desk backup', extensions: ['db', 'sqlite'] }],
        properties: ['openFile'],
      });
      const source = pick.filePaths[0];
      if (pick.canceled || !source) return;
      const { response } = await box({
        type: 'warning',
        title: APP_NAME,
        message: `Replace all current data with ${basename(source)}?`,
        detail: 'The backup is checked first. The current database is kept in the backups folder, so this can be undone by restoring it.',
        buttons: ['Restore', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
      });
      if (response !== 0) return;
      try {
        const { opened: next, result } = await swapInBackup(opened, source, { migrationsFolder: paths.migrations, actor });
        opened = next;
        for (const w of e.BrowserWindow.getAllWindows()) w.webContents.reload();
        await box({ type: 'info', title: APP_NAME, message: 'Backup restored', detail: `The previous database is kept at ${result.keptAt}`, buttons: ['OK'] });
      } catch (err) {
        log('Restore failed', err);
        await box({ type: 'error', title: APP_NAME, message: 'The backup was not restored', detail: (err as Error).message, buttons: ['OK'] });
      }
    },
    openDataFolder() {
      void e.shell.openPath(userData);
    },
    async checkForUpdates() {
      if (!updates) return;
      const r = await updates.check();
      const detail =
        r.status === 'off'
          ? `Updates are off: ${r.reason}.`
          : r.status === 'not-available'
            ? `You have the newest version (${app.getVersion()}).`
            : r.status === 'available'
              ? `Version ${r.version} is being downloaded. You will be asked to restart when it is ready; it is installed when you quit.`
              : `Could not check for updates: ${r.message}`;
      await box({ type: r.status === 'error' ? 'warning' : 'info', title: APP_NAME, message: 'Updates', detail, buttons: ['OK'] });
    },
    about() {
      void box({
        type: 'info',
        title: APP_NAME,
        message: `${APP_NAME} ${app.getVersion()}`,
        detail: `Data folder: ${userData}\nDatabase: ${dbFile}\nElectron ${process.versions.electron ?? '-'}, Node ${process.versions.node}`,
        buttons: ['OK'],
      });
    },
  };

  const createWindow = () => {
    const stateFile = join(userData, 'window-state.json');
    const state = loadWindowState(stateFile, e.screen.getAllDisplays().map((d) => d.workArea));
    const w = new e.BrowserWindow(windowOptions({ preload: paths!.preload, bounds: state, devTools: isDev }));
    win = w;
    const id = w.webContents.id;
    ours.add(id);
    if (state.maximized) w.maximize();
    trackWindowState(w, stateFile);
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      ours.delete(id);
      if (win === w) win = null;
    });
    void w.loadURL(APP_URL);
    return w;
  };
  const ours = new Set<number>();

  const onReady = async () => {
    paths = appPaths({ appPath: app.getAppPath(), isPackaged: app.isPackaged, resourcesPath: o.resourcesPath ?? process.resourcesPath ?? '', userData });
    if (existsSync(paths.nativeBinding)) useNativeBinding(paths.nativeBinding);
    else log(`better-sqlite3 for Electron is missing at ${paths.nativeBinding}; using the default build`);
    try {
      openSqlite(':memory:').close();
    } catch (err) {
      throw new Error(
        `The SQLite module cannot be loaded (${(err as Error).message}). ` +
          (isDev ? 'Start the app with "npm start", which builds better-sqlite3 for Electron.' : `Reinstall ${APP_NAME}.`),
      );
    }
    hardenSession(e.session.defaultSession);
    e.protocol.handle(APP_SCHEME, createProtocolHandler(paths.renderer));

    opened = await openAppDatabase({ file: dbFile, migrationsFolder: paths.migrations, actor, ui, log: (m) => log(m) });
    if (!opened) {
      app.quit();
      return;
    }
    log(`Database ${dbFile}`);
    const folders = createFolderGrants();
    registerInvoke(e.ipcMain, createInvokeHandler({ ctx: () => opened!.ctx, ourWebContents: (id) => ours.has(id), log, folders }));
    registerPickFolder(
      e.ipcMain,
      createPickFolderHandler({
        grants: folders,
        trusted: (event) => isTrustedSender(event as Parameters<typeof isTrustedSender>[0], (id) => ours.has(id)),
        showOpenDialog: (options) => (win ? e.dialog.showOpenDialog(win, options) : e.dialog.showOpenDialog(options)),
      }),
    );
    stops.push(forwardChanges({ db: () => opened?.db ?? null, send: (event) => send('changed', event) }));
    stops.push(scheduleDailyBackups(() => opened?.db ?? null, { keep: backupDays(env, paths.configFiles), log: (m) => log(m) }));

    updates = createUpdates({
      updater: o.updater ?? (() => {
        throw new Error('no updater');
      }),
      config: updateConfig(env, paths.configFiles),
      isPackaged: app.isPackaged,
      send: (status) => send('update', status),
      log: (m) => log(m),
      onDownloaded: (version) => {
        void box({
          type: 'info',
          title: APP_NAME,
          message: `${APP_NAME} ${version} is ready`,
          detail: 'Restart now to install it, or keep working: it is installed when you quit.',
          buttons: ['Restart Now', 'Later'],
          defaultId: 1,
          cancelId: 1,
        }).then(({ response }) => response === 0 && updates?.installNow());
      },
    });

    e.Menu.setApplicationMenu(e.Menu.buildFromTemplate(menuTemplate(actions, { platform, appName: APP_NAME, isDev })));
    createWindow();
    if (updates.enabled) void updates.check();
  };

  app.on('window-all-closed', () => {
    if (platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (!win && opened && paths) createWindow();
  });
  app.on('will-quit', () => {
    for (const stop of stops.splice(0)) stop();
    opened?.db.close();
  });

  shell.ready = app
    .whenReady()
    .then(onReady)
    .catch((err) => {
      log('Start failed', err);
      e.dialog.showErrorBox(`${APP_NAME} could not start`, `${(err as Error)?.message ?? err}\n\nThe log is at ${logFile}`);
      app.quit();
    });
  return shell;
}

function safeUser(): string {
  try {
    return userInfo().username || 'desktop';
  } catch {
    return 'desktop';
  }
}
