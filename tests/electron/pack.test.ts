// electron-builder packs the app from electron-builder.yml, here with a stand-in for the Electron binary (the real
// one cannot be downloaded) and without the fuses (flipping them patches that binary). The package must hold the
// bundles and exactly the packages main/ loads; the migrations and the Electron build of better-sqlite3 must be
// extra resources; and the packed code must boot from the package alone (extracted, on the fake electron).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildMain, buildPreload } from '../../main/tools/build.ts';
import { ROOT, tempDir } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const req = createRequire(join(ROOT, 'node_modules', 'app-builder-lib', 'package.json'));

describe('electron-builder', () => {
  const out = join(tmp.dir, 'dist');
  let log = '';
  let status: number | null = null;

  beforeAll(async () => {
    // The bundles as npm run dist builds them (the renderer comes from `npm run build`, which npm test runs first;
    // without it the package simply has no out/renderer and the boot test below puts in a page).
    await Promise.all([buildMain(), buildPreload()]);
    // A stand-in Electron distribution and addon, and the configuration with those two things swapped in.
    const fakeDist = join(tmp.dir, 'electron-dist');
    mkdirSync(fakeDist, { recursive: true });
    writeFileSync(join(fakeDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(fakeDist, 'electron'), 0o755);
    writeFileSync(join(fakeDist, 'electron.exe'), '');
    writeFileSync(join(tmp.dir, 'better_sqlite3.node'), 'stand-in');
    writeFileSync(join(tmp.dir, 'app-config.json'), '{"updateUrl": "https://updates.example.com/tem/"}');
    const yml = readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')
      .replace(/\nelectronFuses:\n(?: {2}.*\n)+/, '\n')
      .replace('from: out/native/better_sqlite3.node', `from: ${JSON.stringify(join(tmp.dir, 'better_sqlite3.node'))}`)
      .replace('from: out/app-config.json', `from: ${JSON.stringify(join(tmp.dir, 'app-config.json'))}`);
    expect(yml).not.toMatch(/^electronFuses:|from: out\/native/m);
    writeFileSync(join(tmp.dir, 'electron-builder.yml'), yml);
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'node_modules', 'electron-builder', 'cli.js'),
        '--config',
        join(tmp.dir, 'electron-builder.yml'),
        '--publish',
        'never',
        '--linux',
        'dir',
        '--x64',
        '-c.electronVersion=39.8.10',
        `-c.electronDist=${fakeDist}`,
        `-c.directories.output=${out}`,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TEM_UPDATE_URL: 'https://updates.example.com/tem/' }, timeout: 240_000 },
    );
    status = r.status;
    log = r.stdout + r.stderr;
  }, 300_000);

  it('packs the bundles and the runtime packages into app.asar, the rest as resources', () => {
    expect(status, log).toBe(0);
    const resources = join(out, 'linux-unpacked', 'resources');
    const asar = req('@electron/asar') as { listPackage(p: string, o: object): string[] };
    const files = asar.listPackage(join(resources, 'app.asar'), {}).map((f) => f.replaceAll('\\', '/'));
    expect(files).toEqual(expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/preload/index.cjs']));
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const packages = files.filter((f) => /^\/node_modules\/(@[^/]+\/)?[^/@]+$/.test(f)).map((f) => f.slice('/node_modules/'.length));
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'drizzle-orm', 'zod', 'electron-updater', 'exceljs', 'csv-parse', 'csv-stringify']));
    for (const unused of ['react', 'ag-grid-community', 'hono', 'tsx', 'esbuild', 'electron', 'vitest']) expect(packages).not.toContain(unused);
    expect(readdirSync(join(resources, 'migrations'))).toEqual(expect.arrayContaining(['0000_init.sql', 'meta']));
    expect(readFileSync(join(resources, 'native', 'better_sqlite3.node'), 'utf8')).toBe('stand-in');
    expect(JSON.parse(readFileSync(join(resources, 'app-config.json'), 'utf8'))).toEqual({ updateUrl: 'https://updates.example.com/tem/' });
    expect(readFileSync(join(resources, 'app-update.yml'), 'utf8')).toMatch(/provider: generic/);
  });

  it('the packed app boots from its own files', () => {
    expect(status, log).toBe(0);
    const resources = join(out, 'linux-unpacked', 'resources');
    const app = join(tmp.dir, 'extracted');
    (req('@electron/asar') as { extractAll(a: string, d: string): void }).extractAll(join(resources, 'app.asar'), app);
    // The stand-in addon is not loadable; without it main/ falls back to the package's own (Node) build.
    const res = join(tmp.dir, 'res');
    cpSync(join(resources, 'migrations'), join(res, 'migrations'), { recursive: true });
    mkdirSync(join(app, 'out', 'renderer'), { recursive: true });
    if (!existsSync(join(app, 'out', 'renderer', 'index.html'))) writeFileSync(join(app, 'out', 'renderer', 'index.html'), '<!doctype html><title>TEM desk</title>');
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'tests/electron/fixtures/drive-bundle.mjs'), join(app, 'out', 'main', 'index.js')], {
      cwd: tmp.dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FAKE_APP_PATH: app, FAKE_RESOURCES: res, TEM_USER_DATA: join(tmp.dir, 'data'), TEM_UPDATE_URL: 'off', TEM_DB: '' },
    });
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(result.created).toMatchObject({ ok: true, value: { name: 'Bundle Test Ltd' } });
    expect(result.page.status).toBe(200);
  });
});
