// Data safety for the database file: SQLite's online backup, a daily backup with retention, a backup before
// migrations, integrity checks, and a restore that checks its source and keeps the current database first.
// Backups live in a `backups` folder beside the database (for the desktop app: the application data folder).
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { openSqlite } from './sqlite.ts';

/** Daily backups kept: the newest this many days that have one. */
export const DAILY_KEEP = 14;
/** Backups taken before a migration that are kept. */
export const BEFORE_MIGRATION_KEEP = 5;

export type BackupKind = 'daily' | 'manual' | 'before-migration' | 'before-restore' | 'damaged';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export const backupsDir = (dbFile: string) => join(dirname(resolve(dbFile)), 'backups');

const pad = (n: number) => String(n).padStart(2, '0');
/** The user's calendar day, local time: YYYY-MM-DD. */
export const localDay = (d = new Date()) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** A local timestamp for file names: YYYY-MM-DD-HHMMSS. */
export const localStamp = (d = new Date()) => `${localDay(d)}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

const NAME = /^tem-(daily|manual|before-migration|before-restore|damaged)-(\d{4}-\d\d-\d\d(?:-\d{6})?)(?:-(\d+))?\.db$/;

/** A file name in the backups folder that does not exist yet. */
function freshPath(dir: string, kind: BackupKind, stamp: string): string {
  for (let i = 1; ; i++) {
    const p = join(dir, `tem-${kind}-${stamp}${i > 1 ? `-${i}` : ''}.db`);
    if (!existsSync(p) && !existsSync(p + '.partial')) return p;
  }
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

export interface CheckResult {
  ok: boolean;
  /** What SQLite reported, one problem a line; empty when ok. */
  problems: string[];
}

/** Runs SQLite's check on an open connection: `quick_check` (fast, used on every start) or the full `integrity_check`. */
export function checkConnection(sqlite: Database.Database, mode: 'quick' | 'full' = 'quick'): CheckResult {
  try {
    const rows = sqlite.pragma(mode === 'quick' ? 'quick_check(20)' : 'integrity_check(20)', { simple: false }) as Record<string, string>[];
    const lines = rows.map((r) => String(Object.values(r)[0]));
    if (lines.length === 1 && lines[0] === 'ok') return { ok: true, problems: [] };
    return { ok: false, problems: lines };
  } catch (e) {
    return { ok: false, problems: [(e as Error).message] };
  }
}

/** Checks a database file. A file that is missing, unreadable or not a database fails with SQLite's reason. */
export function checkFile(file: string, mode: 'quick' | 'full' = 'quick'): CheckResult {
  if (!existsSync(file)) return { ok: false, problems: [`${file} does not exist`] };
  let sqlite: Database.Database | undefined;
  try {
    sqlite = openSqlite(file, { fileMustExist: true });
    return checkConnection(sqlite, mode);
  } catch (e) {
    return { ok: false, problems: [(e as Error).message] };
  } finally {
    sqlite?.close();
  }
}

/** True if the connection holds a TEM desk database (a migrated one, or at least our tables). */
function isTemDatabase(sqlite: Database.Database): boolean {
  const row = sqlite
    .prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name IN ('__drizzle_migrations', 'customers', 'billing_accounts')")
    .get() as { n: number };
  return row.n > 0;
}

/**
 * Turns a freshly written copy into a self-contained backup: rollback journal (no -wal beside it), checked,
 * then renamed into place so a backup file is never half written.
 */
function seal(partial: string, dest: string): void {
  const sqlite = openSqlite(partial, { fileMustExist: true });
  let check: CheckResult;
  try {
    sqlite.pragma('journal_mode = DELETE');
    check = checkConnection(sqlite, 'quick');
  } finally {
    sqlite.close();
  }
  if (!check.ok) {
    removeDb(partial);
    throw new BackupError(`The backup copy failed its integrity check: ${check.problems.join('; ')}`);
  }
  renameSync(partial, dest);
}

function removeDb(file: string) {
  for (const s of ['', ...SIDE_FILES]) rmSync(file + s, { force: true });
}

/**
 * Copies an open database to `dest` with SQLite's online backup (other connections may keep writing). An existing
 * `dest` is refused unless `overwrite` (a save dialog already asked); it is replaced only once the copy is complete.
 */
export async function backupDatabase(sqlite: Database.Database, dest: string, overwrite = false): Promise<string> {
  dest = resolve(dest);
  if (!overwrite && existsSync(dest)) throw new BackupError(`${dest} already exists; choose another file name`);
  if (sqlite.name && [sqlite.name, ...SIDE_FILES.map((x) => sqlite.name + x)].some((f) => resolve(f) === dest))
    throw new BackupError('A backup cannot replace the database itself; choose another file name');
  mkdirSync(dirname(dest), { recursive: true });
  const partial = dest + '.partial';
  removeDb(partial);
  try {
    await sqlite.backup(partial);
  } catch (e) {
    removeDb(partial);
    throw new BackupError(`Cannot write the backup to ${dest}: ${(e as Error).message}`);
  }
  seal(partial, dest);
  return dest;
}

/** Backs up a database file (the CLI's `tem backup`): to `dest`, or to a new manual backup in the backups folder. */
export async function backupFile(dbFile: string, dest?: string, now = new Date()): Promise<string> {
  if (!existsSync(dbFile)) throw new BackupError(`There is no database at ${dbFile} to back up`);
  const sqlite = openSqlite(dbFile, { fileMustExist: true });
  try {
    return await backupDatabase(sqlite, dest ?? freshPath(backupsDir(dbFile), 'manual', localStamp(now)));
  } finally {
    sqlite.close();
  }
}

export interface BackupInfo {
  file: string;
  kind: BackupKind;
  /** The stamp in the name: YYYY-MM-DD or YYYY-MM-DD-HHMMSS, local time. */
  stamp: string;
  size: number;
  modified: Date;
}

/** The backups beside a database, newest first. */
export function listBackups(dbFile: string): BackupInfo[] {
  const dir = backupsDir(dbFile);
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const name of readdirSync(dir)) {
    const m = NAME.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    const st = statSync(file);
    out.push({ file, kind: m[1] as BackupKind, stamp: m[2]!, size: st.size, modified: st.mtime });
  }
  return out.sort((a, b) => b.modified.getTime() - a.modified.getTime() || b.stamp.localeCompare(a.stamp));
}

/** The newest backup that passes the integrity check, for the way out of a damaged database. */
export function latestGoodBackup(dbFile: string): BackupInfo | null {
  for (const b of listBackups(dbFile)) if (b.kind !== 'damaged' && checkFile(b.file, 'quick').ok) return b;
  return null;
}

/** Keeps the newest `keep` backups of one kind and removes the others. Returns the removed files. */
function prune(dbFile: string, kind: BackupKind, keep: number): string[] {
  const old = listBackups(dbFile)
    .filter((b) => b.kind === kind)
    .sort((a, b) => b.stamp.localeCompare(a.stamp))
    .slice(keep);
  for (const b of old) removeDb(b.file);
  return old.map((b) => b.file);
}

/**
 * The automatic daily backup: one file a calendar day (tem-daily-YYYY-MM-DD.db), the newest `keep` kept.
 * Cheap to call often: it does nothing when today's backup exists.
 */
export async function dailyBackup(
  sqlite: Database.Database,
  dbFile: string,
  opts: { keep?: number; now?: Date } = {},
): Promise<{ created: string | null; removed: string[] }> {
  const dest = join(backupsDir(dbFile), `tem-daily-${localDay(opts.now)}.db`);
  const created = existsSync(dest) ? null : await backupDatabase(sqlite, dest);
  return { created, removed: prune(dbFile, 'daily', Math.max(1, opts.keep ?? DAILY_KEEP)) };
}

/** How many migrations in the folder this database has not applied yet (drizzle's rule: newer than the last one). */
export function pendingMigrations(sqlite: Database.Database, migrationsFolder: string): number {
  const all = readMigrationFiles({ migrationsFolder });
  const table = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get();
  if (!table) return all.length;
  const last = sqlite.prepare('SELECT MAX(created_at) AS at FROM __drizzle_migrations').get() as { at: number | string | null };
  const lastAt = last.at === null ? -Infinity : Number(last.at);
  return all.filter((m) => m.folderMillis > lastAt).length;
}

/**
 * Before migrations change an existing database, copies it to backups/tem-before-migration-*.db. A new, empty
 * database is not copied. Synchronous (VACUUM INTO), because it runs inside openDb before anything else.
 */
export function backupBeforeMigrations(sqlite: Database.Database, dbFile: string, migrationsFolder: string, now = new Date()): string | null {
  const hasTables = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").get();
  if (!hasTables || pendingMigrations(sqlite, migrationsFolder) === 0) return null;
  const dir = backupsDir(dbFile);
  mkdirSync(dir, { recursive: true });
  const dest = freshPath(dir, 'before-migration', localStamp(now));
  const partial = dest + '.partial';
  removeDb(partial);
  sqlite.prepare('VACUUM INTO ?').run(partial);
  seal(partial, dest);
  prune(dbFile, 'before-migration', BEFORE_MIGRATION_KEEP);
  return dest;
}

export interface RestoreResult {
  /** The database file now holding the restored data. */
  file: string;
  restoredFrom: string;
  /** Where the database that was there before now is (null if there was none). */
  keptAt: string | null;
  /** Whether the one kept was a healthy copy or the damaged file moved aside. */
  kept: 'before-restore' | 'damaged' | null;
}

/**
 * Replaces the database with a backup. The source is copied and fully checked first (integrity and that it is a
 * TEM desk database); the current database is kept in the backups folder (a copy if it is healthy, the file
 * itself moved aside if it is damaged); then the data is written with SQLite's backup API, so a connection that
 * still has the file open sees a consistent database. Close the app's own connection first where you can.
 */
export async function restoreDatabase(dbFile: string, source: string, now = new Date()): Promise<RestoreResult> {
  dbFile = resolve(dbFile);
  source = resolve(source);
  if (!existsSync(source)) throw new BackupError(`${source} does not exist`);
  if (source === dbFile) throw new BackupError('That file is the database itself; choose a backup');
  const dir = backupsDir(dbFile);
  mkdirSync(dir, { recursive: true });
  const stamp = localStamp(now);

  // 1. Stage and check the source (with its -wal, if it was copied while open).
  const staged = join(dir, `.restoring-${stamp}.db`);
  removeDb(staged);
  copyFileSync(source, staged);
  if (existsSync(source + '-wal')) copyFileSync(source + '-wal', staged + '-wal');
  try {
    let problem: string | null = null;
    let sqlite: Database.Database | undefined;
    try {
      sqlite = openSqlite(staged, { fileMustExist: true });
      const check = checkConnection(sqlite, 'full');
      if (!check.ok && /not a database/.test(check.problems[0] ?? '')) problem = 'it is not a database file';
      else if (!check.ok) problem = `it fails the integrity check (${check.problems.slice(0, 3).join('; ')})`;
      else if (!isTemDatabase(sqlite)) problem = 'it is not a TEM desk database';
      else sqlite.pragma('journal_mode = DELETE');
    } catch (e) {
      problem = (e as Error).message;
    } finally {
      sqlite?.close();
    }
    if (problem) throw new BackupError(`Cannot restore ${basename(source)}: ${problem}. Nothing was changed.`);

    // 2. Keep what is there now.
    let keptAt: string | null = null;
    let kept: RestoreResult['kept'] = null;
    if (existsSync(dbFile)) {
      if (checkFile(dbFile, 'quick').ok) {
        keptAt = await backupFile(dbFile, freshPath(dir, 'before-restore', stamp));
        kept = 'before-restore';
      } else {
        keptAt = freshPath(dir, 'damaged', stamp);
        for (const s of ['', ...SIDE_FILES]) if (existsSync(dbFile + s)) renameSync(dbFile + s, keptAt + s);
        kept = 'damaged';
      }
    }

    // 3. Write the backup into place.
    if (existsSync(dbFile)) {
      const src = openSqlite(staged, { readonly: true, fileMustExist: true });
      try {
        await src.backup(dbFile);
      } finally {
        src.close();
      }
    } else {
      for (const s of SIDE_FILES) rmSync(dbFile + s, { force: true });
      renameSync(staged, dbFile);
    }
    const after = checkFile(dbFile, 'quick');
    if (!after.ok) throw new BackupError(`The restored database fails its check (${after.problems.join('; ')}); the previous one is at ${keptAt}`);
    return { file: dbFile, restoredFrom: source, keptAt, kept };
  } finally {
    removeDb(staged);
  }
}
