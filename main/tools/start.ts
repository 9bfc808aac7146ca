// npm start: the desktop app where the Electron binary is installed; elsewhere one line saying so, then the web
// mode (the same app in the browser), so the README's main command always works.
//   npm start [-- ARGS]   ARGS go to Electron, or to `tem serve` (e.g. -- --port 4000)
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findElectron, ROOT, type ElectronBinary } from './electron-binary.ts';
import { run as realRun, npm, type Runner } from './run.ts';

export interface StartDeps {
  root?: string;
  find?: () => ElectronBinary;
  run?: Runner;
  say?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Builds main/preload and better-sqlite3 for Electron (skipped in tests). */
  prepareDesktop?: (electronVersion: string) => Promise<void>;
}

export const WEB_FALLBACK = 'starting the web mode instead';

export async function start(args: string[], d: StartDeps = {}): Promise<number> {
  const root = d.root ?? ROOT;
  const run = d.run ?? realRun;
  const say = d.say ?? ((l: string) => process.stdout.write(l + '\n'));
  const env = d.env ?? process.env;
  const electron = (d.find ?? (() => findElectron({ root })))();
  const rendererBuilt = () => existsSync(join(root, 'out', 'renderer', 'index.html'));

  if (!electron.ok) {
    say(`${electron.reason}; ${WEB_FALLBACK}`);
    if (!rendererBuilt()) {
      const built = await run(npm, ['run', 'build'], { cwd: root, env });
      if (built !== 0) return built;
    }
    return run(process.execPath, [join(root, 'bin', 'tem.mjs'), 'serve', ...args], { cwd: root, env });
  }

  const built = await run(npm, ['run', 'build'], { cwd: root, env });
  if (built !== 0) return built;
  await (d.prepareDesktop ?? prepareDesktop)(electron.version);
  const childEnv = { ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  return run(electron.path, [root, ...args], { cwd: root, env: childEnv });
}

async function prepareDesktop(electronVersion: string) {
  const { buildElectron } = await import('./build.ts');
  const { ensureElectronSqlite } = await import('./native.ts');
  await buildElectron();
  await ensureElectronSqlite({ electronVersion, log: (l) => process.stdout.write(l + '\n') });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await start(process.argv.slice(2));
}
