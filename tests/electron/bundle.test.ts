// The built main process (out/main/index.js, as electron-builder packs it) runs in a Node child with a fake
// electron module in place of the real one, laid out like the packaged app (migrations in resources/), and is
// driven like a window would: the esbuild bundle, its external packages, and main/ wired together.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildMain } from '../../main/tools/build.ts';
import { MIGRATIONS_DIR } from '../../db/open.ts';
import { CSP } from '../../main/protocol.ts';
import { ROOT, tempDir } from '../support/api.ts';

const tmp = tempDir();
// Inside the project, so the bundle finds node_modules the way the packaged app finds its own.
const outDir = join(ROOT, 'out', `.test-bundle-${process.pid}`);

beforeAll(async () => {
  await buildMain({ outDir });
});
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  tmp.cleanup();
});

describe('the bundled main process', () => {
  it('boots on a fake electron and serves the page, the API and its guards', () => {
    const appPath = join(tmp.dir, 'app');
    const resources = join(tmp.dir, 'resources');
    mkdirSync(join(appPath, 'out', 'renderer'), { recursive: true });
    writeFileSync(join(appPath, 'out', 'renderer', 'index.html'), '<!doctype html><title>TEM desk</title>');
    cpSync(MIGRATIONS_DIR, join(resources, 'migrations'), { recursive: true });
    const userData = join(tmp.dir, 'data');
    const r = spawnSync(process.execPath, ['--import', join(ROOT, 'tests/electron/fixtures/drive-bundle.mjs'), join(outDir, 'main', 'index.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, FAKE_APP_PATH: appPath, FAKE_RESOURCES: resources, TEM_USER_DATA: userData, TEM_UPDATE_URL: 'off', TEM_USER: 'bundle', TEM_DB: '' },
    });
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(out.loadedUrl).toBe('app://tem/index.html');
    expect(out.webPreferences).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webviewTag: false, devTools: false });
    expect(out.created).toMatchObject({ ok: true, value: { name: 'Bundle Test Ltd' } });
    expect(out.listed.value.map((c: { name: string }) => c.name)).toEqual(['Bundle Test Ltd']);
    expect(out.foreign).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(out.unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(out.page).toEqual({ status: 200, csp: CSP, body: '<!doctype html><title>TEM desk</title>' });
    expect(out.traversal).toBe(403);
    expect(out.changed).toEqual(['changed']);
    expect(out.menu).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'windowMenu', 'help']));
    expect(out.userData).toBe(userData);
    expect(existsSync(join(userData, 'tem.db'))).toBe(true);
    expect(existsSync(join(userData, 'logs', 'main.log'))).toBe(true);
  });
});
