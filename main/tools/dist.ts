// npm run dist: installers for this system with electron-builder (AppImage and deb on Linux, NSIS on Windows,
// dmg on macOS), from electron-builder.yml. It needs the Electron binary; without it, it says so in one line and
// builds nothing.
//   TEM_UPDATE_URL=https://updates.example.com/tem-desk npm run dist
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findElectron, ROOT, type ElectronBinary } from './electron-binary.ts';
import { run as realRun, npm, type Runner } from './run.ts';

export async function dist(args: string[], d: { root?: string; find?: () => ElectronBinary; run?: Runner; say?: (l: string) => void; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const root = d.root ?? ROOT;
  const run = d.run ?? realRun;
  const say = d.say ?? ((l: string) => process.stderr.write(l + '\n'));
  const env = { ...(d.env ?? process.env) };
  const electron = (d.find ?? (() => findElectron({ root })))();
  if (!electron.ok) {
    say(`npm run dist cannot build an installer here: ${electron.reason}. Run it where npm install downloaded Electron.`);
    return 1;
  }

  // The update address the app starts with (env or config.json on the user's machine can override it).
  mkdirSync(join(root, 'out'), { recursive: true });
  writeFileSync(join(root, 'out', 'app-config.json'), JSON.stringify({ updateUrl: env.TEM_UPDATE_URL || null }, null, 2) + '\n');
  // electron-builder writes latest*.yml for the generic provider; it needs some URL even when none is set.
  env.TEM_UPDATE_URL ||= 'https://updates.example.invalid/tem-desk';

  const built = await run(npm, ['run', 'build'], { cwd: root, env });
  if (built !== 0) return built;
  const { buildElectron } = await import('./build.ts');
  const { ensureElectronSqlite } = await import('./native.ts');
  await buildElectron({ root });
  await ensureElectronSqlite({ root, electronVersion: electron.version, log: say });
  return run(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--config',
      'electron-builder.yml',
      '--publish',
      'never',
      `-c.electronVersion=${electron.version}`,
      `-c.electronDist=${join(root, 'node_modules', 'electron', 'dist')}`,
      ...args,
    ],
    { cwd: root, env },
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await dist(process.argv.slice(2));
}
