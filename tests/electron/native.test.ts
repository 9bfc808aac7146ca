// better-sqlite3 for Electron is built in a staging copy and cached per version, never in node_modules. The real
// build needs Electron's headers or prebuilt binaries from the network, so @electron/rebuild is replaced here by
// a stand-in that checks what it is given and "builds" a file.
import { describe, it, expect, vi, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/api.ts';

const calls: Record<string, unknown>[] = [];
vi.mock('@electron/rebuild', () => ({
  rebuild: async (o: { buildPath: string; electronVersion: string; onlyModules: string[] }) => {
    calls.push(o);
    const mod = join(o.buildPath, 'node_modules', 'better-sqlite3');
    // The staging copy has the sources but not the Node build.
    if (!existsSync(join(mod, 'binding.gyp')) || existsSync(join(mod, 'build'))) throw new Error('bad staging copy');
    mkdirSync(join(mod, 'build', 'Release'), { recursive: true });
    writeFileSync(join(mod, 'build', 'Release', 'better_sqlite3.node'), `electron ${o.electronVersion}`);
  },
}));

const { ensureElectronSqlite, nativeTarget } = await import('../../main/tools/native.ts');

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('better-sqlite3 for Electron', () => {
  it('is built in a staging copy, cached, and copied to out/native; node_modules is left alone', async () => {
    const root = join(tmp.dir, 'project');
    const pkg = join(root, 'node_modules', 'better-sqlite3');
    mkdirSync(join(pkg, 'build', 'Release'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}');
    writeFileSync(join(pkg, 'binding.gyp'), '{}');
    writeFileSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'node build');

    const target = await ensureElectronSqlite({ root, electronVersion: '39.8.10', arch: 'x64', platform: 'linux' });
    expect(target).toBe(nativeTarget(root));
    expect(readFileSync(target, 'utf8')).toBe('electron 39.8.10');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ electronVersion: '39.8.10', onlyModules: ['better-sqlite3'], force: true, arch: 'x64' });
    expect(readFileSync(join(pkg, 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node build');
    expect(existsSync(join(root, 'out', 'native', 'cache', 'better-sqlite3-12.11.1-electron-39.8.10-linux-x64', 'better_sqlite3.node'))).toBe(true);

    // Cached: no second build for the same versions; a new Electron version builds again.
    await ensureElectronSqlite({ root, electronVersion: '39.8.10', arch: 'x64', platform: 'linux' });
    expect(calls).toHaveLength(1);
    await ensureElectronSqlite({ root, electronVersion: '40.0.0', arch: 'x64', platform: 'linux' });
    expect(calls).toHaveLength(2);
    expect(readFileSync(target, 'utf8')).toBe('electron 40.0.0');
  });
});
