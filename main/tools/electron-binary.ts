// Is the Electron binary on this machine? `require('electron')` (in Node) returns the binary's path, or throws
// when npm skipped the download (ELECTRON_SKIP_BINARY_DOWNLOAD=1) and left no path.txt behind.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export type ElectronBinary = { ok: true; path: string; version: string } | { ok: false; reason: string };

export function findElectron(o: { root?: string; resolveBinary?: () => string; env?: NodeJS.ProcessEnv } = {}): ElectronBinary {
  const root = o.root ?? ROOT;
  const require = createRequire(join(root, 'package.json'));
  let version: string;
  try {
    version = (require('electron/package.json') as { version: string }).version;
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  let path: string;
  try {
    path = o.resolveBinary ? o.resolveBinary() : (require('electron') as string);
  } catch {
    return { ok: false, reason: 'Electron is not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD)' };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { ok: false, reason: `Electron is not installed on this machine (no binary at ${path})` };
  return { ok: true, path, version };
}
