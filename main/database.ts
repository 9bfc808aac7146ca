// The desktop app's database: checked before it is opened (with a way out when it is damaged), migrated with a
// backup first (openDb does that), backed up once a day while the app runs, and swapped for a backup on restore.
// No Electron here: the questions to the user come in as a `DatabaseUi`.
import { existsSync, readFileSync } from 'node:fs';
import { openDb, type Db } from '../db/open.ts';
import { checkpointWhenIdle } from '../db/checkpoint.ts';
import { makeCtx, type Ctx } from '../api/index.ts';
import { DAILY_KEEP, checkFile, dailyBackup, latestGoodBackup, restoreDatabase, type BackupInfo, type RestoreResult } from '../db/backup.ts';

export type WayOut = { action: 'restore'; file: string } | { action: 'quit' };

export interface DatabaseUi {
  /**
   * The database cannot be used: say so, with SQLite's words and the newest good backup, and ask what to do
   * (restore that backup or another file, open the data folder and look, or quit).
   */
  damaged(info: { file: string; problems: string[]; latest: BackupInfo | null }): Promise<WayOut>;
  /** Something went wrong on the way out (the chosen backup was refused, ...); the question is then asked again. */
  error(message: string): Promise<void>;
}

export interface OpenedDatabase {
  db: Db;
  ctx: Ctx;
}

/**
 * Opens the database at `file`, or returns null when the user chose to quit. A file that fails `quick_check`
 * or does not open is never used as it is: the user restores a backup (the damaged file is kept in backups/) or
 * quits, and nothing is written in between.
 */
export async function openAppDatabase(o: {
  file: string;
  migrationsFolder: string;
  actor: string;
  ui: DatabaseUi;
  log?: (message: string) => void;
}): Promise<OpenedDatabase | null> {
  for (;;) {
    let problems: string[] = [];
    if (existsSync(o.file)) {
      const check = checkFile(o.file, 'quick');
      if (!check.ok) problems = check.problems;
    }
    if (!problems.length) {
      try {
        const db = openAppDb(o.file, o.migrationsFolder);
        return { db, ctx: makeCtx(db, o.actor, 'ipc') };
      } catch (e) {
        // SQLite's own errors (a damaged file, a failed migration) have a way out; anything else (no permission
        // on the folder, ...) stops the start with its message.
        if (!isSqliteError(e)) throw e;
        problems = [(e as Error).message];
      }
    }
    o.log?.(`Database ${o.file} cannot be used: ${problems.join('; ')}`);
    const choice = await o.ui.damaged({ file: o.file, problems, latest: latestGoodBackup(o.file) });
    if (choice.action === 'quit') return null;
    try {
      const r = await restoreDatabase(o.file, choice.file);
      o.log?.(`Restored ${r.restoredFrom}; the previous file is at ${r.keptAt}`);
    } catch (e) {
      await o.ui.error((e as Error).message);
    }
  }
}

/** The app's database: opened (migrated) and checkpointed while the user is idle. */
function openAppDb(file: string, migrationsFolder: string): Db {
  const db = openDb(file, { migrationsFolder });
  checkpointWhenIdle(db.sqlite);
  return db;
}

function isSqliteError(e: unknown): boolean {
  for (let x = e as { code?: unknown; cause?: unknown } | undefined, i = 0; x && i < 5; x = x.cause as typeof x, i++) {
    if (typeof x.code === 'string' && x.code.startsWith('SQLITE_')) return true;
  }
  return false;
}

/** Replaces the open database with a backup: closes it, restores, reopens. On failure the old one is reopened. */
export async function swapInBackup(
  current: OpenedDatabase,
  source: string,
  o: { migrationsFolder: string; actor: string },
): Promise<{ opened: OpenedDatabase; result: RestoreResult }> {
  const file = current.db.file;
  current.db.close();
  try {
    const result = await restoreDatabase(file, source);
    const db = openAppDb(file, o.migrationsFolder);
    return { opened: { db, ctx: makeCtx(db, o.actor, 'ipc') }, result };
  } catch (e) {
    const db = openAppDb(file, o.migrationsFolder);
    Object.assign(current, { db, ctx: makeCtx(db, o.actor, 'ipc') });
    throw e;
  }
}

/** How many daily backups to keep: $TEM_BACKUP_DAYS, else "backupDays" in the first config file that has it, else 14. */
export function backupDays(env: NodeJS.ProcessEnv, files: string[]): number {
  const valid = (v: unknown) => (typeof v === 'number' || typeof v === 'string') && /^\d+$/.test(String(v)) && Number(v) >= 1 && Number(v) <= 3650;
  if (valid(env.TEM_BACKUP_DAYS)) return Number(env.TEM_BACKUP_DAYS);
  for (const file of files) {
    try {
      const v = (JSON.parse(readFileSync(file, 'utf8')) as { backupDays?: unknown })?.backupDays;
      if (valid(v)) return Number(v);
    } catch {
      // no file, or not JSON: next
    }
  }
  return DAILY_KEEP;
}

/**
 * Runs the daily backup now (soon after start) and then every hour, so an app left open overnight still gets
 * one backup a day. Returns the stop function.
 */
export function scheduleDailyBackups(
  db: () => Db | null,
  o: { keep?: number; firstAfterMs?: number; everyMs?: number; log?: (message: string) => void } = {},
): () => void {
  let running = false;
  const run = async () => {
    const d = db();
    if (!d || running || !d.sqlite.open) return;
    running = true;
    try {
      const r = await dailyBackup(d.sqlite, d.file, { keep: o.keep });
      if (r.created) o.log?.(`Daily backup: ${r.created}`);
      for (const f of r.removed) o.log?.(`Removed old backup ${f}`);
    } catch (e) {
      o.log?.(`Daily backup failed: ${(e as Error).message}`);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(run, o.firstAfterMs ?? 5_000);
  const every = setInterval(run, o.everyMs ?? 60 * 60 * 1000);
  first.unref?.();
  every.unref?.();
  return () => {
    clearTimeout(first);
    clearInterval(every);
  };
}
