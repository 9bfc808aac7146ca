// better-sqlite3 built for Electron, next to (never instead of) the Node build in node_modules, so `npm test`
// and the CLI keep working whatever was started or packaged. The package is copied to a staging folder,
// @electron/rebuild builds it there for the installed Electron (a prebuilt download, else a compile against
// Electron's headers), and the addon lands in out/native/better_sqlite3.node, where main/ loads it through
// better-sqlite3's nativeBinding option (and electron-builder ships it as an extra resource).
import { cpSync, existsSync, mkdirSync, copyFileSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { ROOT } from './electron-binary.ts';

export const nativeTarget = (root = ROOT) => join(root, 'out', 'native', 'better_sqlite3.node');

export async function ensureElectronSqlite(o: {
  electronVersion: string;
  root?: string;
  arch?: string;
  platform?: NodeJS.Platform;
  log?: (line: string) => void;
}): Promise<string> {
  const root = o.root ?? ROOT;
  const arch = o.arch ?? process.arch;
  const platform = o.platform ?? process.platform;
  const pkgDir = join(root, 'node_modules', 'better-sqlite3');
  const version = (JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const key = `better-sqlite3-${version}-electron-${o.electronVersion}-${platform}-${arch}`;
  const cached = join(root, 'out', 'native', 'cache', key, 'better_sqlite3.node');
  const target = nativeTarget(root);

  if (!existsSync(cached)) {
    o.log?.(`Building better-sqlite3 ${version} for Electron ${o.electronVersion} (${platform}-${arch})…`);
    const stage = join(root, 'out', 'native', 'stage');
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(join(stage, 'node_modules'), { recursive: true });
    writeFileSync(join(stage, 'package.json'), JSON.stringify({ name: 'tem-native-stage', private: true, dependencies: { 'better-sqlite3': version } }));
    cpSync(pkgDir, join(stage, 'node_modules', 'better-sqlite3'), {
      recursive: true,
      filter: (src) => src !== join(pkgDir, 'build') && !src.startsWith(join(pkgDir, 'build') + sep),
    });
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({
      buildPath: stage,
      projectRootPath: stage,
      electronVersion: o.electronVersion,
      arch,
      platform,
      onlyModules: ['better-sqlite3'],
      force: true,
      mode: 'sequential',
    });
    const built = join(stage, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
    if (!existsSync(built)) throw new Error(`@electron/rebuild finished but ${built} is missing`);
    mkdirSync(join(cached, '..'), { recursive: true });
    copyFileSync(built, cached);
    rmSync(stage, { recursive: true, force: true });
  }
  mkdirSync(join(target, '..'), { recursive: true });
  copyFileSync(cached, target);
  return target;
}
