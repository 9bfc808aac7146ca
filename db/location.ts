import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder name is fixed, not taken from the product name, so renaming the app never orphans the data. */
export const APP_FOLDER = 'TEM desk';

/** The per-user application data folder, the same one Electron's app.getPath('userData') uses. */
export function appDataDir(env = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER);
}

/** TEM_DB wins; otherwise tem.db in the application data folder. */
export function defaultDbPath(env = process.env): string {
  return env.TEM_DB || join(appDataDir(env), 'tem.db');
}
