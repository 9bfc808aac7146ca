// Where the desktop app finds its parts, in development (`electron .` in the project) and packaged (app.asar plus
// the resources folder beside it).
import { join } from 'node:path';

export interface AppPaths {
  /** The Vite build of the renderer, served as app://tem/. */
  renderer: string;
  /** The bundled, sandbox-safe preload script. */
  preload: string;
  /** drizzle's migration folder: shipped outside the archive as an extra resource. */
  migrations: string;
  /** better-sqlite3 built for Electron (node_modules keeps the build for Node). */
  nativeBinding: string;
  /** Where the update address may be configured, first match wins. */
  configFiles: string[];
}

export function appPaths(o: { appPath: string; isPackaged: boolean; resourcesPath: string; userData: string }): AppPaths {
  const res = o.isPackaged ? o.resourcesPath : join(o.appPath, 'out');
  return {
    renderer: join(o.appPath, 'out', 'renderer'),
    preload: join(o.appPath, 'out', 'preload', 'index.cjs'),
    migrations: o.isPackaged ? join(o.resourcesPath, 'migrations') : join(o.appPath, 'db', 'migrations'),
    nativeBinding: join(res, 'native', 'better_sqlite3.node'),
    configFiles: [join(o.userData, 'config.json'), join(res, 'app-config.json')],
  };
}
