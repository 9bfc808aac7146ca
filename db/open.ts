import type Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as schema from './schema.ts';
import { openSqlite } from './sqlite.ts';
import { backupBeforeMigrations } from './backup.ts';
import { AUTO_CHECKPOINT_PAGES } from './checkpoint.ts';
import { guardAuditLog } from './audit-guard.ts';

export type Schema = typeof schema;
export interface Db {
  orm: BetterSQLite3Database<Schema>;
  sqlite: Database.Database;
  file: string;
  close(): void;
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenOptions {
  /** Where the migrations are (the packaged desktop app ships them outside its archive). */
  migrationsFolder?: string;
  /** Copy an existing database to backups/ before applying pending migrations to it (default: true for files). */
  backupBeforeMigrate?: boolean;
}

/**
 * Opens (creating if needed) a database file or ':memory:', sets the pragmas and applies every pending migration,
 * after backing up an existing file that has pending ones.
 */
export function openDb(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = openSqlite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  const orm = drizzle(sqlite, { schema });
  const migrationsFolder = opts.migrationsFolder ?? MIGRATIONS_DIR;
  if (file !== ':memory:' && opts.backupBeforeMigrate !== false) backupBeforeMigrations(sqlite, file, migrationsFolder);
  migrate(orm, { migrationsFolder });
  guardAuditLog(sqlite);
  return { orm, sqlite, file, close: () => sqlite.close() };
}
