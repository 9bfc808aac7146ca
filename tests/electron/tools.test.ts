// npm start, npm run dist and electron-builder.yml. Where the Electron binary is missing (here), npm start says
// so in one line and runs the web mode, and npm run dist says so in one line and builds nothing; where it exists,
// both prepare the desktop build first. The packaging configuration passes electron-builder's own validation.
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { start, WEB_FALLBACK } from '../../main/tools/start.ts';
import { dist } from '../../main/tools/dist.ts';
import { findElectron } from '../../main/tools/electron-binary.ts';
import { ROOT, tempDir } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const missing = { ok: false as const, reason: 'Electron is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
const present = { ok: true as const, path: '/opt/electron/electron', version: '39.8.10' };

function recorder(code = 0) {
  const runs: string[][] = [];
  return { runs, run: (cmd: string, args: string[]) => (runs.push([cmd, ...args]), Promise.resolve(code)) };
}

describe('finding Electron', () => {
  it('reports a missing binary with the reason, and a present one with its path and version', () => {
    const none = findElectron({
      resolveBinary: () => {
        throw new Error('Electron failed to install correctly');
      },
    });
    expect(none).toEqual(missing);
    const fake = join(tmp.dir, 'electron-bin');
    writeFileSync(fake, '');
    expect(findElectron({ resolveBinary: () => fake })).toMatchObject({ ok: true, path: fake, version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(findElectron({ resolveBinary: () => join(tmp.dir, 'gone') })).toMatchObject({ ok: false, reason: expect.stringMatching(/no binary at/) });
  });
});

describe('npm start', () => {
  it('without Electron: one line, then the web mode with the given arguments', async () => {
    const lines: string[] = [];
    const r = recorder();
    const root = join(tmp.dir, 'built');
    mkdirSync(join(root, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(root, 'out', 'renderer', 'index.html'), '');
    expect(await start(['--port', '4000'], { root, find: () => missing, run: r.run, say: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([`Electron is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); ${WEB_FALLBACK}`]);
    expect(r.runs).toEqual([[process.execPath, join(root, 'bin', 'tem.mjs'), 'serve', '--port', '4000']]);
  });

  it('without Electron and without a built renderer: builds it first', async () => {
    const r = recorder();
    await start([], { root: join(tmp.dir, 'fresh'), find: () => missing, run: r.run, say: () => {} });
    expect(r.runs.map((x) => x.slice(1).join(' '))).toEqual(['run build', expect.stringMatching(/bin\/tem\.mjs serve$/)]);
  });

  it('with Electron: builds the renderer, main, preload and better-sqlite3 for Electron, then starts Electron on the project', async () => {
    const r = recorder();
    const prepared: string[] = [];
    const lines: string[] = [];
    const code = await start(['--inspect-brk'], {
      root: '/project',
      find: () => present,
      run: r.run,
      say: (l) => lines.push(l),
      env: { ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' },
      prepareDesktop: async (v) => void prepared.push(v),
    });
    expect(code).toBe(0);
    expect(lines).toEqual([]);
    expect(prepared).toEqual(['39.8.10']);
    expect(r.runs.map((x) => x.slice(1).join(' '))).toEqual(['run build', '/project --inspect-brk']);
    expect(r.runs[1]![0]).toBe('/opt/electron/electron');
  });

  it('really falls back to the web mode here', async () => {
    const here = findElectron();
    if (here.ok) return; // a machine with Electron starts the desktop app instead
    const child = spawn(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'main/tools/start.ts'), '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, TEM_DB: join(tmp.dir, 'web.db') },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    try {
      await expect.poll(() => out, { timeout: 120_000, interval: 100 }).toMatch(/TEM desk is running at (http:\/\/\S+)/);
      expect(out.split('\n')[0]).toBe('Electron is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); starting the web mode instead');
      const url = /TEM desk is running at (http:\/\/\S+)/.exec(out)![1]!;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/TEM desk/);
      child.kill('SIGTERM'); // start forwards it to the server, which stops
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  });
});

describe('npm run dist', () => {
  it('without Electron: one clear line, exit 1, nothing built', async () => {
    const lines: string[] = [];
    const r = recorder();
    expect(await dist([], { root: join(tmp.dir, 'd'), find: () => missing, run: r.run, say: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual([
      'npm run dist cannot build an installer here: Electron is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD). Run it where npm install downloaded Electron.',
    ]);
    expect(r.runs).toEqual([]);
  });

  it('really fails here with that one line', () => {
    if (findElectron().ok) return;
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'main/tools/dist.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^npm run dist cannot build an installer here: Electron is not installed on this machine/);
  });
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's validation and asks for what the issue asks", async () => {
    const req = createRequire(join(ROOT, 'node_modules', 'app-builder-lib', 'package.json'));
    const { getConfig, validateConfiguration } = req('./out/util/config/config.js');
    const { DebugLogger } = req('builder-util');
    const config = await getConfig(ROOT, 'electron-builder.yml', null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(false);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true, enableNodeOptionsEnvironmentVariable: false });
    expect(config.extraResources).toEqual(
      expect.arrayContaining([
        { from: 'db/migrations', to: 'migrations' },
        { from: 'out/native/better_sqlite3.node', to: 'native/better_sqlite3.node' },
      ]),
    );
    expect(config.publish).toMatchObject({ provider: 'generic' });
    const pkg = req(join(ROOT, 'package.json'));
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files.flatMap((f: string | { filter: string[] }) => (typeof f === 'string' ? [f] : f.filter))).toEqual(
      expect.arrayContaining(['package.json', 'out/main/**', 'out/preload/**', 'out/renderer/**']),
    );
  });
});
