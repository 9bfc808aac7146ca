// Updates against a fake update server on localhost: the real electron-updater (its DebUpdater, which needs no
// Electron to check and download) fetches latest*.yml over HTTP, finds a newer version, downloads it with its
// sha512 checked, and main/updater.ts turns that into the statuses the renderer sees. Plus: where the address comes
// from, and that updates stay off in development, without an address, or with a plain-http remote address.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, request, type Server, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { DebUpdater, type AppUpdater } from 'electron-updater';
import { HttpExecutor, configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { createUpdates, updateConfig, checkUpdateUrl, type UpdaterLike } from '../../main/updater.ts';
import type { UpdateStatus } from '../../preload/channels.ts';
import { tempDir } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const PAYLOAD = randomBytes(256 * 1024);
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('base64');

interface Release {
  version: string;
  file?: Buffer;
  sha?: string;
}
let release: Release = { version: '0.2.0' };
const requests: string[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    const file = release.file ?? PAYLOAD;
    if (/^\/latest(-linux|-mac)?(-arm64)?\.yml$/.test(path)) {
      res.writeHead(200, { 'Content-Type': 'text/yaml' });
      res.end(
        [
          `version: ${release.version}`,
          'files:',
          `  - url: tem-desk_${release.version}_amd64.deb`,
          `    sha512: ${release.sha ?? sha512(file)}`,
          `    size: ${file.length}`,
          `path: tem-desk_${release.version}_amd64.deb`,
          `sha512: ${release.sha ?? sha512(file)}`,
          `releaseDate: '2026-05-01T10:00:00.000Z'`,
          '',
        ].join('\n'),
      );
    } else if (path === `/tem-desk_${release.version}_amd64.deb`) {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': file.length });
      res.end(file);
    } else {
      res.writeHead(404);
      res.end('not here');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** electron-updater's HTTP (ElectronHttpExecutor) on Node's http module instead of Electron's net module. */
class NodeHttp extends HttpExecutor<ClientRequest> {
  createRequest(options: Parameters<HttpExecutor<ClientRequest>['createRequest']>[0], callback: (response: IncomingMessage) => void) {
    return request(options as RequestOptions, callback);
  }
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise((resolve, reject, onCancel) => {
      const requestOptions: RequestOptions = { headers: options.headers || undefined };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null },
        0,
      );
    });
  }
}

let n = 0;
/** A real electron-updater updater for an installed TEM desk 0.1.0, with an app adapter instead of Electron's app. */
function realUpdater(): AppUpdater {
  const dir = join(tmp.dir, `app${++n}`);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'app-update.yml');
  writeFileSync(config, `provider: generic\nurl: ${base}\nupdaterCacheDirName: tem-desk-updater\n`);
  const app = {
    version: '0.1.0',
    name: 'TEM desk',
    isPackaged: true,
    appUpdateConfigPath: config,
    userDataPath: dir,
    baseCachePath: join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch() {},
    quit() {},
    onQuit() {},
  };
  const u = new DebUpdater(null, app);
  (u as unknown as { httpExecutor: NodeHttp }).httpExecutor = new NodeHttp();
  u.logger = null;
  return u;
}

function watch(updater: AppUpdater) {
  const sent: UpdateStatus[] = [];
  let downloaded!: (v: string) => void;
  const done = new Promise<string>((r) => (downloaded = r));
  const updates = createUpdates({
    updater: () => updater as unknown as UpdaterLike,
    config: { url: base, source: 'test' },
    isPackaged: true,
    send: (s) => sent.push(s),
    onDownloaded: (v) => downloaded(v),
  });
  return { sent, done, updates };
}

describe('updates from a fake server on localhost', () => {
  it('checks, finds a newer version, downloads it with its checksum verified, and reports every step', async () => {
    release = { version: '0.2.0' };
    requests.length = 0;
    const updater = realUpdater();
    const { sent, done, updates } = watch(updater);
    expect(updates.enabled).toBe(true);
    expect(updater.autoDownload).toBe(true);
    expect(updater.autoInstallOnAppQuit).toBe(true);

    expect(await updates.check()).toEqual({ status: 'available', version: '0.2.0' });
    expect(await done).toBe('0.2.0');
    const states = sent.map((s) => s.state);
    expect(states[0]).toBe('checking');
    expect(states[1]).toBe('available');
    expect(states.at(-1)).toBe('downloaded');
    const progress = sent.filter((s) => s.state === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ percent: 100, total: PAYLOAD.length, transferred: PAYLOAD.length });
    expect(requests).toEqual(expect.arrayContaining([expect.stringMatching(/^GET \/latest(-linux|-mac)?(-arm64)?\.yml$/), 'GET /tem-desk_0.2.0_amd64.deb']));
    const installer = (updater as unknown as { installerPath: string }).installerPath;
    expect(readFileSync(installer).equals(PAYLOAD)).toBe(true);
  });

  it('says so when the server has nothing newer', async () => {
    release = { version: '0.1.0' };
    const { sent, updates } = watch(realUpdater());
    expect(await updates.check()).toEqual({ status: 'not-available', version: '0.1.0' });
    expect(sent.map((s) => s.state)).toEqual(['checking', 'not-available']);
  });

  it('refuses a download whose checksum does not match', async () => {
    release = { version: '0.3.0', sha: sha512(Buffer.from('some other file')) };
    const { sent, updates } = watch(realUpdater());
    expect(await updates.check()).toEqual({ status: 'available', version: '0.3.0' });
    await expect.poll(() => sent.at(-1)?.state, { timeout: 10_000 }).toBe('error');
    expect(sent.map((s) => s.state)).not.toContain('downloaded');
    expect((sent.at(-1) as { message: string }).message).toMatch(/sha512 checksum mismatch/);
  });

  it('reports a server without update files as an error, not a crash', async () => {
    release = { version: '0.2.0' };
    const updater = realUpdater();
    const updates = createUpdates({ updater: () => updater as unknown as UpdaterLike, config: { url: base + 'nowhere/', source: 'test' }, isPackaged: true, send: () => {} });
    const r = await updates.check();
    expect(r.status).toBe('error');
  });
});

describe('update settings', () => {
  const fake = () => {
    const calls: string[] = [];
    const u: UpdaterLike = {
      autoDownload: false,
      autoInstallOnAppQuit: false,
      setFeedURL: (o) => void calls.push(`feed ${o.url}`),
      checkForUpdates: () => Promise.resolve(null),
      quitAndInstall: (silent, run) => void calls.push(`install ${silent} ${run}`),
      on: () => u,
    };
    return { u, calls };
  };

  it('are off in development, without an address, and for a plain-http remote address', async () => {
    const { u, calls } = fake();
    let made = 0;
    const make = () => (made++, u);
    const dev = createUpdates({ updater: make, config: { url: 'https://u.example/', source: 'x' }, isPackaged: false, send: () => {} });
    expect(dev.enabled).toBe(false);
    expect(await dev.check()).toEqual({ status: 'off', reason: 'updates are off in development' });
    const none = createUpdates({ updater: make, config: updateConfig({}, []), isPackaged: true, send: () => {} });
    expect(none.offReason).toMatch(/no update address configured/);
    const http = createUpdates({ updater: make, config: { url: 'http://updates.example/', source: 'TEM_UPDATE_URL' }, isPackaged: true, send: () => {} });
    expect(http.offReason).toBe('the update address must start with https:// (got http://updates.example) (from TEM_UPDATE_URL)');
    expect(made).toBe(0);
    expect(calls).toEqual([]);
    expect(checkUpdateUrl('http://localhost:8080/')).toBeNull();
    expect(checkUpdateUrl('nonsense')).toMatch(/not a web address/);
  });

  it('come from TEM_UPDATE_URL, else the first config file with updateUrl', () => {
    const a = join(tmp.dir, 'config.json');
    const b = join(tmp.dir, 'app-config.json');
    writeFileSync(a, '{"theme": "dark"}');
    writeFileSync(b, '{"updateUrl": "https://updates.example.com/tem/"}');
    expect(updateConfig({}, [join(tmp.dir, 'missing.json'), a, b])).toEqual({ url: 'https://updates.example.com/tem/', source: b });
    writeFileSync(a, '{"updateUrl": "https://mine.example/"}');
    expect(updateConfig({}, [a, b]).url).toBe('https://mine.example/');
    expect(updateConfig({ TEM_UPDATE_URL: 'https://env.example/' }, [a, b])).toEqual({ url: 'https://env.example/', source: 'TEM_UPDATE_URL' });
    expect(updateConfig({ TEM_UPDATE_URL: 'off' }, [a, b]).url).toBeNull();
  });

  it('installs on quit, or at once only after a download', async () => {
    const { u, calls } = fake();
    const handlers = new Map<string, (...a: unknown[]) => void>();
    u.on = (event, l) => (handlers.set(event, l as never), u);
    const updates = createUpdates({ updater: () => u, config: { url: 'https://u.example/', source: 'x' }, isPackaged: true, send: () => {} });
    expect(calls).toEqual(['feed https://u.example/']);
    expect(u.autoInstallOnAppQuit).toBe(true);
    updates.installNow();
    expect(calls).toHaveLength(1);
    handlers.get('update-downloaded')!({ version: '0.2.0' });
    updates.installNow();
    expect(calls.at(-1)).toBe('install false true');
  });
});
