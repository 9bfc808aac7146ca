// Data safety: a process killed in the middle of a big paste or import leaves all of it or none of it; backups
// (online, daily with retention, before migrations) are complete databases; restore checks before it replaces
// and keeps what was there; a damaged file is recognised.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDb, MIGRATIONS_DIR } from '../../db/open.ts';
import { openSqlite } from '../../db/sqlite.ts';
import {
  backupFile,
  backupDatabase,
  checkFile,
  dailyBackup,
  latestGoodBackup,
  listBackups,
  pendingMigrations,
  restoreDatabase,
  backupsDir,
  BackupError,
} from '../../db/backup.ts';
import { main } from '../../cli/main.ts';
import { ROOT, tempDir, testApi } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const SEED = 4000;
const FIXTURE = join(ROOT, 'tests/electron/fixtures/big-write.ts');

interface Child {
  lines: string[];
  /** Resolves with the first output line that starts with `prefix`. */
  waitFor(prefix: string): Promise<string>;
  kill9(): Promise<void>;
  done: Promise<number | null>;
}

function writer(db: string, ...args: string[]): Child {
  const p = spawn(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), FIXTURE, db, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve(l: string): void }[] = [];
  let buf = '';
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  p.stdout.on('data', (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of waiters.splice(0)) if (line.startsWith(w.prefix)) w.resolve(line);
      else waiters.push(w);
    }
  });
  const done = new Promise<number | null>((resolve) => p.on('exit', (code) => resolve(code)));
  return {
    lines,
    waitFor: (prefix) =>
      new Promise((resolve, reject) => {
        const hit = lines.find((l) => l.startsWith(prefix));
        if (hit) return resolve(hit);
        waiters.push({ prefix, resolve });
        void done.then((code) => reject(new Error(`writer exited (${code}) before "${prefix}": ${err}`)));
      }),
    kill9: async () => {
      p.kill('SIGKILL');
      await done;
    },
    done,
  };
}

const count = (file: string, sql: string) => {
  const db = openDb(file);
  try {
    return (db.sqlite.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('a process killed in the middle of a big write', () => {
  const db = join(tmp.dir, 'crash.db');

  beforeAll(async () => {
    const seed = writer(db, 'seed', String(SEED));
    expect(await seed.done).toBe(0);
    expect(seed.lines).toContain(`seeded ${SEED}`);
  });

  it('leaves none of a paste when it dies half way through the transaction', async () => {
    const child = writer(db, 'paste', '2026-01', String(SEED / 2));
    expect(await child.waitFor('frozen')).toBe(`frozen ${SEED / 2}`);
    // Half the rows are written but not committed, and part of them is already on disk in the -wal file.
    expect(statSync(db + '-wal').size).toBeGreaterThan(0);
    await child.kill9();
    expect(child.lines.some((l) => l.startsWith('committed'))).toBe(false);
    expect(count(db, "SELECT COUNT(*) AS n FROM actuals WHERE month = '2026-01'")).toBe(0);
    expect(checkFile(db, 'full')).toEqual({ ok: true, problems: [] });
  });

  it('keeps all of a paste that committed', async () => {
    const child = writer(db, 'paste', '2026-02');
    expect(await child.done).toBe(0);
    expect(count(db, "SELECT COUNT(*) AS n FROM actuals WHERE month = '2026-02'")).toBe(SEED);
  });

  it('leaves none of an import when it dies half way, and all of it when it finishes', async () => {
    const before = count(db, 'SELECT COUNT(*) AS n FROM billing_accounts');
    expect(before).toBe(SEED);
    const child = writer(db, 'import', '3000', '1500');
    await child.waitFor('frozen');
    await child.kill9();
    expect(count(db, 'SELECT COUNT(*) AS n FROM billing_accounts')).toBe(before);
    expect(count(db, "SELECT COUNT(*) AS n FROM imports")).toBe(1);
    const again = writer(db, 'import', '3000');
    expect(await again.done).toBe(0);
    expect(count(db, 'SELECT COUNT(*) AS n FROM billing_accounts')).toBe(before + 3000);
  });

  it('is all or nothing whenever the kill lands', async () => {
    for (const [i, delay] of [5, 60, 250].entries()) {
      const month = `2027-0${i + 1}`;
      const child = writer(db, 'paste', month);
      // The paste covers every account there is (the import above added some): none of them, or all.
      const all = Number((await child.waitFor('begin')).split(' ')[1]);
      expect(all).toBe(count(db, 'SELECT COUNT(*) AS n FROM billing_accounts'));
      await new Promise((r) => setTimeout(r, delay));
      await child.kill9();
      const n = count(db, `SELECT COUNT(*) AS n FROM actuals WHERE month = '${month}'`);
      expect([0, all]).toContain(n);
    }
    expect(checkFile(db, 'quick').ok).toBe(true);
  });
});

async function seeded(file: string, customers = 3) {
  const t = testApi(file);
  for (let i = 0; i < customers; i++) await t.api('customers.create', { name: `Customer ${i}` });
  return t;
}
const customers = (file: string) => {
  const s = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    return (s.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n;
  } finally {
    s.close();
  }
};

/** Overwrites part of a file with garbage, as a disk or a copy gone wrong would. */
function damage(file: string, at: number, length = 4096) {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(length, 0xa5), 0, length, at);
  closeSync(fd);
}

describe('backups', () => {
  it('copies a live database with the online backup, as one self-contained checked file', async () => {
    const dir = join(tmp.dir, 'b1');
    const t = await seeded(join(dir, 'tem.db'));
    const dest = await backupDatabase(t.db.sqlite, join(dir, 'out', 'copy.db'));
    t.db.close();
    expect(existsSync(dest + '-wal')).toBe(false);
    expect(customers(dest)).toBe(3);
    expect(checkFile(dest, 'full').ok).toBe(true);
    await expect(backupDatabase(openSqlite(join(dir, 'tem.db')), dest)).rejects.toThrow(/already exists/);
  });

  it('makes one daily backup a day and keeps the newest N', async () => {
    const file = join(tmp.dir, 'b2', 'tem.db');
    const t = await seeded(file);
    const day = (d: number) => new Date(2026, 0, d, 9, 30);
    const first = await dailyBackup(t.db.sqlite, file, { keep: 3, now: day(1) });
    expect(first.created).toMatch(/tem-daily-2026-01-01\.db$/);
    expect((await dailyBackup(t.db.sqlite, file, { keep: 3, now: day(1) })).created).toBeNull();
    for (const d of [2, 3, 4, 5]) await dailyBackup(t.db.sqlite, file, { keep: 3, now: day(d) });
    t.db.close();
    const names = readdirSync(backupsDir(file)).sort();
    expect(names).toEqual(['tem-daily-2026-01-03.db', 'tem-daily-2026-01-04.db', 'tem-daily-2026-01-05.db']);
    expect(listBackups(file).map((b) => b.kind)).toEqual(['daily', 'daily', 'daily']);
  });

  it('backs up an existing database before applying new migrations, and only then', async () => {
    const dir = join(tmp.dir, 'b3');
    const folder = join(dir, 'migrations');
    cpSync(MIGRATIONS_DIR, folder, { recursive: true });
    const file = join(dir, 'tem.db');
    const t = await seeded(file);
    t.db.close();
    expect(listBackups(file)).toEqual([]); // a new database is not backed up

    // A release adds a migration.
    const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8'));
    const last = journal.entries.at(-1);
    journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '0099_test_extra' });
    writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
    writeFileSync(join(folder, '0099_test_extra.sql'), 'CREATE TABLE test_extra (id text PRIMARY KEY);');

    const raw = openSqlite(file);
    expect(pendingMigrations(raw, folder)).toBe(1);
    raw.close();
    const db = openDb(file, { migrationsFolder: folder });
    db.close();
    const [backup, ...more] = listBackups(file);
    expect(more).toEqual([]);
    expect(backup!.kind).toBe('before-migration');
    const copy = openSqlite(backup!.file, { readonly: true });
    expect(copy.prepare("SELECT name FROM sqlite_master WHERE name = 'test_extra'").get()).toBeUndefined();
    expect((copy.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n).toBe(3);
    copy.close();

    openDb(file, { migrationsFolder: folder }).close(); // nothing pending: no new backup
    expect(listBackups(file)).toHaveLength(1);
  });
});

describe('integrity and restore', () => {
  it('recognises a damaged file and a file that is not a database', async () => {
    const dir = join(tmp.dir, 'r1');
    const file = join(dir, 'tem.db');
    const t = await seeded(file, 300);
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    t.db.close();
    expect(checkFile(file)).toEqual({ ok: true, problems: [] });
    const pages = statSync(file).size / 4096;
    expect(pages).toBeGreaterThan(4);
    damage(file, 4096 * Math.floor(pages / 2));
    damage(file, 4096 * (pages - 2));
    const bad = checkFile(file, 'quick');
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).not.toBe('');
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is a spreadsheet, honest'.repeat(200));
    expect(checkFile(junk)).toEqual({ ok: false, problems: ['file is not a database'] });
    expect(checkFile(join(dir, 'missing.db')).ok).toBe(false);
  });

  it('refuses a damaged or foreign file and changes nothing', async () => {
    const dir = join(tmp.dir, 'r2');
    const file = join(dir, 'tem.db');
    (await seeded(file)).db.close();
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not sqlite at all'.repeat(500));
    await expect(restoreDatabase(file, junk)).rejects.toThrow(/Cannot restore junk\.db: it is not a database file\. Nothing was changed\./);
    const other = join(dir, 'other.db');
    const o = openSqlite(other);
    o.exec('CREATE TABLE notes (t text)');
    o.close();
    await expect(restoreDatabase(file, other)).rejects.toThrow(/not a TEM desk database/);
    await expect(restoreDatabase(file, file)).rejects.toBeInstanceOf(BackupError);
    expect(customers(file)).toBe(3);
    expect(listBackups(file)).toEqual([]);
  });

  it('restores a backup and keeps a copy of the database it replaces', async () => {
    const dir = join(tmp.dir, 'r3');
    const file = join(dir, 'tem.db');
    const t = await seeded(file, 2);
    const saved = await backupFile(file, join(dir, 'saved.db'));
    await t.api('customers.create', { name: 'Added after the backup' });
    t.db.close();
    expect(customers(file)).toBe(3);
    const r = await restoreDatabase(file, saved);
    expect(r.kept).toBe('before-restore');
    expect(customers(file)).toBe(2);
    expect(customers(r.keptAt!)).toBe(3);
    const db = openDb(file); // and it opens through the API as usual
    expect((db.sqlite.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n).toBe(2);
    db.close();
  });

  it('moves a damaged database aside and restores the newest good backup', async () => {
    const dir = join(tmp.dir, 'r4');
    const file = join(dir, 'tem.db');
    const t = await seeded(file, 200);
    await dailyBackup(t.db.sqlite, file, { now: new Date(2026, 1, 1) });
    const late = await dailyBackup(t.db.sqlite, file, { now: new Date(2026, 1, 2) });
    damage(late.created!, 0, 100); // the newest backup itself is bad
    t.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    t.db.close();
    writeFileSync(file, 'garbage'.repeat(1000));
    expect(checkFile(file).ok).toBe(false);
    const good = latestGoodBackup(file)!;
    expect(good.file).toMatch(/tem-daily-2026-02-01\.db$/);
    const r = await restoreDatabase(file, good.file);
    expect(r.kept).toBe('damaged');
    expect(readFileSync(r.keptAt!, 'utf8')).toMatch(/^garbage/);
    expect(customers(file)).toBe(200);
    expect(checkFile(file, 'full').ok).toBe(true);
  });
});

describe('tem backup and tem restore', () => {
  const io = () => {
    const o = { out: '', err: '' };
    return { o, io: { out: (s: string) => void (o.out += s), err: (s: string) => void (o.err += s) } };
  };

  it('backs up to the backups folder or --out, and restores with a copy kept', async () => {
    const dir = join(tmp.dir, 'cli');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'tem.db');
    (await seeded(file, 4)).db.close();

    const a = io();
    expect(await main(['--db', file, 'backup'], a.io)).toBe(0);
    expect(a.o.out).toMatch(/^Backed up .*tem\.db to .*backups\/tem-manual-\d{4}-\d\d-\d\d-\d{6}\.db\n$/);

    const out = join(dir, 'mine.db');
    const b = io();
    expect(await main(['--db', file, 'backup', '--out', out], b.io)).toBe(0);
    expect(customers(out)).toBe(4);
    const again = io();
    expect(await main(['--db', file, 'backup', '--out', out], again.io)).toBe(1);
    expect(again.o.err).toMatch(/already exists/);

    const t = testApi(file);
    await t.api('customers.create', { name: 'Fifth' });
    t.db.close();
    const r = io();
    expect(await main(['--db', file, 'restore', out], r.io)).toBe(0);
    expect(r.o.out).toMatch(/Restored .*mine\.db into .*tem\.db\nThe database that was there is kept at .*tem-before-restore-.*\.db\n/);
    expect(customers(file)).toBe(4);

    const u = io();
    expect(await main(['--db', file, 'restore'], u.io)).toBe(2);
    expect(u.o.err).toMatch(/restore needs exactly one FILE/);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'nope'.repeat(2000));
    const j = io();
    expect(await main(['--db', file, 'restore', junk], j.io)).toBe(1);
    expect(j.o.err).toMatch(/Cannot restore junk\.db: it is not a database file/);
  });

  it('can restore over a database too damaged to open', async () => {
    const dir = join(tmp.dir, 'cli2');
    const file = join(dir, 'tem.db');
    const t = await seeded(file, 1);
    const saved = await backupDatabase(t.db.sqlite, join(dir, 'saved.db'));
    t.db.close();
    writeFileSync(file, 'x'.repeat(10_000));
    const r = io();
    expect(await main(['--db', file, 'restore', saved], r.io)).toBe(0);
    expect(r.o.out).toMatch(/The damaged database that was there was moved to .*tem-damaged-/);
    expect(customers(file)).toBe(1);
  });
});
