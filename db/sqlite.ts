// Which better-sqlite3 addon this process loads. Node (CLI, server, tests) uses the package's own build; the
// Electron main process points at a copy built for Electron's ABI, so node_modules always stays built for Node.
import Database from 'better-sqlite3';

let nativeBinding: string | undefined;

/** Called once by the Electron main process, before any database is opened. */
export function useNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

/** Opens a raw SQLite connection with the addon this process uses. */
export function openSqlite(file: string, options: Database.Options = {}): Database.Database {
  return new Database(file, nativeBinding ? { ...options, nativeBinding } : options);
}
