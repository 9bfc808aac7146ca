// Updates with electron-updater from a generic server (a folder of installers and latest*.yml on any web
// server). The address comes from configuration; updates are off in development and when none is configured.
// The update is checked at start and from the menu, downloaded in the background with its progress sent to the
// renderer, and installed when the app quits (or at once, if the user says so when it is ready).
import { readFileSync } from 'node:fs';
import type { UpdateStatus } from '../preload/channels.ts';

/** The parts of electron-updater's AppUpdater this module uses (the tests pass a real one or a fake). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

export interface UpdateConfig {
  url: string | null;
  /** Where the address came from, or why there is none. */
  source: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** An update address must be https (plain http only to this machine, for testing). */
export function checkUpdateUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `"${url}" is not a web address`;
  }
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && LOCAL_HOSTS.has(u.hostname)) return null;
  return `the update address must start with https:// (got ${u.protocol}//${u.host})`;
}

/**
 * The update address: $TEM_UPDATE_URL, else "updateUrl" in the first of `files` that has one (config.json in the
 * application data folder, then app-config.json shipped with the app). TEM_UPDATE_URL=off turns updates off.
 */
export function updateConfig(env: NodeJS.ProcessEnv, files: string[]): UpdateConfig {
  const fromEnv = env.TEM_UPDATE_URL?.trim();
  if (fromEnv === 'off') return { url: null, source: 'TEM_UPDATE_URL=off' };
  if (fromEnv) return { url: fromEnv, source: 'TEM_UPDATE_URL' };
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const url = (json as { updateUrl?: unknown })?.updateUrl;
    if (typeof url === 'string' && url.trim()) return { url: url.trim(), source: file };
  }
  return { url: null, source: `no update address configured (set TEM_UPDATE_URL, or "updateUrl" in ${files[0] ?? 'config.json'})` };
}

export type CheckOutcome =
  | { status: 'off'; reason: string }
  | { status: 'available'; version: string }
  | { status: 'not-available'; version: string }
  | { status: 'error'; message: string };

export interface UpdatesOptions {
  /** Creates the updater; not called when updates are off. */
  updater(): UpdaterLike;
  config: UpdateConfig;
  isPackaged: boolean;
  /** Every status change, for the renderer. */
  send(status: UpdateStatus): void;
  /** Called once an update is downloaded (main asks whether to restart now). */
  onDownloaded?(version: string): void;
  log?(message: string): void;
}

export interface Updates {
  readonly enabled: boolean;
  /** Why updates are off, when they are. */
  readonly offReason: string | null;
  readonly last: UpdateStatus | null;
  check(): Promise<CheckOutcome>;
  installNow(): void;
}

const versionOf = (info: unknown) => String((info as { version?: unknown } | null)?.version ?? '');

export function createUpdates(o: UpdatesOptions): Updates {
  const bad = o.config.url ? checkUpdateUrl(o.config.url) : null;
  const offReason = !o.isPackaged
    ? 'updates are off in development'
    : !o.config.url
      ? o.config.source
      : bad
        ? `${bad} (from ${o.config.source})`
        : null;
  let last: UpdateStatus | null = null;
  let updater: UpdaterLike | null = null;
  let downloadedVersion: string | null = null;
  /** What the running check found (set by the updater's events). */
  let found: CheckOutcome | null = null;

  const emit = (s: UpdateStatus) => {
    last = s;
    o.send(s);
  };

  if (offReason) o.log?.(`Updates: ${offReason}`);
  else {
    updater = o.updater();
    updater.autoDownload = true;
    updater.autoInstallOnAppQuit = true;
    updater.setFeedURL({ provider: 'generic', url: o.config.url! });
    updater.on('checking-for-update', () => emit({ state: 'checking' }));
    updater.on('update-available', (info: never) => {
      found = { status: 'available', version: versionOf(info) };
      emit({ state: 'available', version: versionOf(info) });
    });
    updater.on('update-not-available', (info: never) => {
      found = { status: 'not-available', version: versionOf(info) };
      emit({ state: 'not-available', version: versionOf(info) });
    });
    updater.on('download-progress', (p: never) => {
      const q = p as { percent?: number; transferred?: number; total?: number; bytesPerSecond?: number };
      emit({ state: 'progress', percent: q.percent ?? 0, transferred: q.transferred ?? 0, total: q.total ?? 0, bytesPerSecond: q.bytesPerSecond ?? 0 });
    });
    updater.on('update-downloaded', (info: never) => {
      downloadedVersion = versionOf(info);
      emit({ state: 'downloaded', version: downloadedVersion });
      o.onDownloaded?.(downloadedVersion);
    });
    updater.on('error', (e: never) => {
      const message = (e as Error | null)?.message ?? String(e);
      found ??= { status: 'error', message };
      o.log?.(`Updates: ${message}`);
      emit({ state: 'error', message });
    });
    o.log?.(`Updates from ${o.config.url} (${o.config.source})`);
  }

  return {
    enabled: !offReason,
    offReason,
    get last() {
      return last;
    },
    async check(): Promise<CheckOutcome> {
      if (!updater) return { status: 'off', reason: offReason! };
      found = null;
      try {
        const r = (await updater.checkForUpdates()) as { downloadPromise?: Promise<unknown> | null } | null;
        // A failed download is reported by the 'error' event; the promise must not go unhandled as well.
        r?.downloadPromise?.catch(() => {});
      } catch (e) {
        return found ?? { status: 'error', message: (e as Error).message };
      }
      return found ?? { status: 'error', message: 'the update server gave no answer' };
    },
    installNow() {
      if (updater && downloadedVersion) updater.quitAndInstall(false, true);
    },
  };
}
