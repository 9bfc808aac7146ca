// Long-running processes (the desktop main process, the web server) copy the WAL back into the database file
// while the user is idle, so a keyed value never waits for that copy. The automatic checkpoint stays as a
// safety net for long write bursts (an import) with no idle moment.
import type Database from 'better-sqlite3';

/** Pages the WAL may hold before SQLite checkpoints by itself (about 40 MB). */
export const AUTO_CHECKPOINT_PAGES = 10_000;

/** Checkpoints once writes have paused for a whole tick. Returns a function that stops it. */
export function checkpointWhenIdle(sqlite: Database.Database, tickMs = 1000): () => void {
  const changes = sqlite.prepare('SELECT total_changes() AS n');
  let last = (changes.get() as { n: number }).n;
  let dirty = false;
  const timer = setInterval(() => {
    if (!sqlite.open) return clearInterval(timer);
    const n = (changes.get() as { n: number }).n;
    if (n !== last) {
      last = n;
      dirty = true;
    } else if (dirty) {
      sqlite.pragma('wal_checkpoint(PASSIVE)');
      dirty = false;
    }
  }, tickMs);
  timer.unref();
  return () => clearInterval(timer);
}
