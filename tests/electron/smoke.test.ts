// The desktop app for real, through Playwright's _electron: it runs where the Electron binary is installed and is
// reported as skipped, with the reason, where it is not (npm install with ELECTRON_SKIP_BINARY_DOWNLOAD=1).
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findElectron } from '../../main/tools/electron-binary.ts';
import { ROOT, tempDir } from '../support/api.ts';

const electron = findElectron();
const SKIPPED = electron.ok ? '' : ` [SKIPPED: ${electron.reason}; this test needs the Electron binary]`;
if (!electron.ok) process.stderr.write(`Electron smoke test skipped: ${electron.reason}.\n`);

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('the desktop app (Playwright _electron)', () => {
  it.skipIf(!electron.ok)(`opens its window on app://tem/ with window.tem and nothing of Node${SKIPPED}`, async () => {
    if (!electron.ok) return;
    // What npm start prepares: the renderer, main and preload, and better-sqlite3 built for Electron.
    const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
    expect(built.status).toBe(0);
    const { buildElectron } = await import('../../main/tools/build.ts');
    const { ensureElectronSqlite } = await import('../../main/tools/native.ts');
    await buildElectron();
    await ensureElectronSqlite({ electronVersion: electron.version });

    const { _electron } = await import('playwright-core');
    const app = await _electron.launch({
      executablePath: electron.path,
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, TEM_USER_DATA: join(tmp.dir, 'data'), TEM_UPDATE_URL: 'off', TEM_USER: 'smoke' } as Record<string, string>,
    });
    try {
      const page = await app.firstWindow();
      await page.waitForLoadState('domcontentloaded');
      expect(page.url()).toBe('app://tem/index.html');
      expect(await page.evaluate('({ tem: Object.keys(window.tem), require: typeof require, process: typeof process, module: typeof module })')).toEqual({
        tem: ['invoke', 'on'],
        require: 'undefined',
        process: 'undefined',
        module: 'undefined',
      });
      expect(await page.evaluate("window.tem.invoke('customers.create', { name: 'Smoke Test Inc' })")).toMatchObject({ ok: true, value: { name: 'Smoke Test Inc' } });
      expect(await page.evaluate("window.tem.invoke('customers.list', {}).then((r) => r.value.map((c) => c.name))")).toEqual(['Smoke Test Inc']);
      expect(await page.evaluate("window.tem.invoke('customers.drop', {})")).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(await page.evaluate("window.tem.invoke('customers.create', { name: 7 })")).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

      // The bridge is a context-isolated copy: the page cannot reach into it or change it.
      expect(await page.evaluate("(() => { try { window.tem.invoke = null; } catch {} return typeof window.tem.invoke; })()")).toBe('function');
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
      const csp = await page.evaluate("fetch('app://tem/index.html').then((r) => r.headers.get('content-security-policy'))");
      expect(csp).toMatch(/default-src 'none'/);

      // Navigation away and window.open are refused.
      await page.evaluate("window.open('https://example.com/'); location.href = 'https://example.com/'");
      await page.waitForTimeout(500);
      expect(page.url()).toBe('app://tem/index.html');
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 600_000);
});
