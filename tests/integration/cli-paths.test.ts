// The command line and the paths a user types: a database that is not there, folders that are not there
// (--db, --out, --per-carrier), a failed import on a new file, parseArgs's complaints and the CLI's own words
// for API messages. Every refusal exits 2, says what and where, and creates nothing.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { tem } from '../support/cli.ts';
import { ROOT, tempDir } from '../support/api.ts';
import { openDb } from '../../db/open.ts';
import { call } from '../../api/index.ts';
import { ctxForUser, ownerOf } from '../../api/auth/users.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const book = join(tmp.dir, 'book.csv');
const badBook = join(tmp.dir, 'bad-book.csv');
const actuals = join(tmp.dir, 'actuals.csv');
const db = join(tmp.dir, 'book.db');
const MONTH = '2026-03';

/** Everything under the temporary folder, so a test can say nothing was created. */
const files = () => readdirSync(tmp.dir, { recursive: true }).map(String).sort();

/** `tem` as its own process (user add reads the password from standard input). */
function temProcess(args: string[], input = '') {
  const env = { ...process.env };
  delete env.TEM_USER;
  delete env.TEM_DB;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/tem.mjs'), ...args], { input, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  writeFileSync(book, 'customer,carrier,account,expected\nAcme,AT&T,100,50.00\nAcme,AT&T,200,20.00\n');
  writeFileSync(badBook, 'customer,carrier,account,expected\nAcme,AT&T,100,fifty\n');
  writeFileSync(actuals, 'carrier,account,actual\nAT&T,100,55.00\n');
  expect((await tem('--db', db, 'import', 'book', book)).code).toBe(0);
  expect((await tem('--db', db, 'import', 'actuals', actuals, '--month', MONTH)).code).toBe(0);
});

describe('tem and a database that is not there', () => {
  it('commands that only read refuse it, exit 2 and create nothing', async () => {
    const before = files();
    const missing = join(tmp.dir, 'no-such-folder', 'x.db');
    const message = `tem: no database at ${missing}; check the path, or create one with tem import book / tem serve\n`;
    for (const args of [
      ['check', '--month', MONTH],
      ['export', 'book', '--format', 'csv', '--out', join(tmp.dir, 'book-out.csv')],
      ['export', 'discrepancies', '--month', MONTH, '--format', 'csv', '--out', join(tmp.dir, 'd.csv')],
      ['approvals', 'register', '--month', MONTH],
      ['sync', 'status'],
      ['sync', 'now'],
      ['user', 'list'],
      ['backup'],
    ]) {
      expect([args.join(' '), await tem('--db', missing, ...args)]).toEqual([args.join(' '), { code: 2, out: '', err: message }]);
    }
    // A missing file in a folder that exists is refused the same way.
    const typo = join(tmp.dir, 'bok.db');
    expect(await tem('--db', typo, 'check', '--month', MONTH)).toEqual({
      code: 2,
      out: '',
      err: `tem: no database at ${typo}; check the path, or create one with tem import book / tem serve\n`,
    });
    expect(files()).toEqual(before);
  });

  it('commands that start a book refuse a --db folder that does not exist, creating nothing', async () => {
    const before = files();
    const folder = join(tmp.dir, 'nope', 'deeper');
    const missing = join(folder, 'x.db');
    const message = `tem: --db: the folder ${folder} does not exist; check the path, or create the folder first\n`;
    for (const args of [
      ['import', 'book', book],
      ['import', 'actuals', actuals, '--month', MONTH],
      ['import', 'bills', actuals, '--profile', 'oxford'],
      ['serve', '--port', '0'],
      ['user', 'add', 'olivia', '--password-stdin'],
      ['sync', 'link', 'http://127.0.0.1:9/'],
      ['restore', db],
    ]) {
      expect([args.join(' '), await tem('--db', missing, ...args)]).toEqual([args.join(' '), { code: 2, out: '', err: message }]);
    }
    // $TEM_DB is a path the user typed as well.
    process.env.TEM_DB = missing;
    try {
      expect(await tem('import', 'book', book)).toEqual({ code: 2, out: '', err: `tem: TEM_DB: the folder ${folder} does not exist; check the path, or create the folder first\n` });
    } finally {
      delete process.env.TEM_DB;
    }
    expect(await tem('--db', tmp.dir, 'check', '--month', MONTH)).toEqual({ code: 2, out: '', err: `tem: --db ${tmp.dir} is a folder, not a database file\n` });
    expect(await tem('--db', join(book, 'x.db'), 'import', 'book', book)).toEqual({ code: 2, out: '', err: `tem: --db: ${book} is a file, not a folder\n` });
    expect(files()).toEqual(before);
  });

  it('only the application data folder is made for the default database', async () => {
    const saved = { xdg: process.env.XDG_CONFIG_HOME, db: process.env.TEM_DB };
    const config = join(tmp.dir, 'config');
    mkdirSync(config);
    process.env.XDG_CONFIG_HOME = config;
    delete process.env.TEM_DB;
    try {
      const file = join(config, 'TEM desk', 'tem.db');
      expect(await tem('check', '--month', MONTH)).toEqual({ code: 2, out: '', err: `tem: no database at ${file}; check the path, or create one with tem import book / tem serve\n` });
      expect(existsSync(join(config, 'TEM desk'))).toBe(false);
      expect((await tem('import', 'book', book)).code).toBe(0);
      expect(existsSync(file)).toBe(true);
      expect((await tem('check', '--month', MONTH, '--format', 'json')).code).toBe(0);
    } finally {
      if (saved.xdg === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved.xdg;
      if (saved.db !== undefined) process.env.TEM_DB = saved.db;
    }
  });

  it('a failed import leaves no database behind when it made the file, and keeps one that was there', async () => {
    const fresh = join(tmp.dir, 'fresh.db');
    const rejected = await tem('--db', fresh, 'import', 'book', badBook);
    expect(rejected.code).toBe(1);
    expect(rejected.err).toContain('tem: bad-book.csv: 1 of 1 rows are invalid, so nothing was imported');
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('fresh'))).toEqual([]);
    // A usage error after the file was opened, a file without the needed columns, a bill file that does not fit
    // its profile (which saves the built-in profile first): none of them leaves a file.
    expect((await tem('--db', fresh, 'import', 'book', book, '--tolerance-mode', 'some')).code).toBe(2);
    expect((await tem('--db', fresh, 'import', 'actuals', book, '--month', MONTH)).err).toBe(
      'tem: book.csv: no column "actual"; the header row has "customer", "carrier", "account", "expected"\nName the file\'s own headers with --map, e.g. --map account=Konto,expected=Betrag\n',
    );
    expect((await tem('--db', fresh, 'import', 'bills', book, '--profile', 'oxford')).code).toBe(1);
    expect((await tem('--db', fresh, 'import', 'bills', book, '--profile', 'no such profile')).code).toBe(1);
    expect(readdirSync(tmp.dir).filter((f) => f.startsWith('fresh'))).toEqual([]);
    expect((await tem('--db', fresh, 'check', '--month', MONTH)).err).toBe(`tem: no database at ${fresh}; check the path, or create one with tem import book / tem serve\n`);

    // On a database that was there the same failure changes nothing and the file stays.
    expect((await tem('--db', db, 'import', 'book', badBook)).code).toBe(1);
    expect(existsSync(db)).toBe(true);
    const check = JSON.parse((await tem('--db', db, 'check', '--month', MONTH, '--format', 'json')).out);
    expect(check.totals).toMatchObject({ accounts: 2, ok: 0, over: 1, missing: 1 });

    // An import that works makes the file.
    const made = await tem('--db', fresh, 'import', 'book', book);
    expect(made.code).toBe(0);
    expect(existsSync(fresh)).toBe(true);
  });
});

describe('tem export and files to write', () => {
  it('--out in a folder that does not exist is refused for every command that writes a file, writing nothing', async () => {
    const before = files();
    const out = (name: string) => join(tmp.dir, 'missing', name);
    const folder = join(tmp.dir, 'missing');
    const message = { code: 2, out: '', err: `tem: --out: the folder ${folder} does not exist\n` };
    expect(await tem('--db', db, 'export', 'book', '--format', 'csv', '--out', out('b.csv'))).toEqual(message);
    expect(await tem('--db', db, 'export', 'book', '--format', 'xlsx', '--out', out('b.xlsx'))).toEqual(message);
    for (const format of ['csv', 'xlsx', 'pdf'])
      expect(await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', format, '--out', out(`d.${format}`))).toEqual(message);
    expect(await tem('--db', db, 'approvals', 'register', '--month', MONTH, '--out', out('r.csv'))).toEqual(message);
    expect(await tem('--db', db, 'approvals', 'register', '--month', MONTH, '--format', 'xlsx', '--out', out('r.xlsx'))).toEqual(message);
    expect(await tem('--db', db, 'backup', '--out', out('b.db'))).toEqual(message);
    expect(await tem('--db', db, 'export', 'book', '--out', tmp.dir)).toEqual({ code: 2, out: '', err: `tem: --out: ${tmp.dir} is a folder; give a file name in it\n` });
    expect(files()).toEqual(before);

    const written = join(tmp.dir, 'book-export.csv');
    expect(await tem('--db', db, 'export', 'book', '--out', written)).toEqual({ code: 0, out: `Exported the book to ${written}: 2 rows (csv)\n`, err: '' });
  });

  it('--per-carrier makes the folder itself, never the folders above it, and refuses a file', async () => {
    const before = files();
    const deep = join(tmp.dir, 'absent', 'to-carriers');
    expect(await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'csv', '--per-carrier', deep)).toEqual({
      code: 2,
      out: '',
      err: `tem: --per-carrier: the folder ${join(tmp.dir, 'absent')} does not exist\n`,
    });
    expect(await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'csv', '--per-carrier', book)).toEqual({
      code: 2,
      out: '',
      err: `tem: --per-carrier: ${book} is a file, not a folder\n`,
    });
    expect(files()).toEqual(before);
    const dir = join(tmp.dir, 'to-carriers');
    const r = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'csv', '--per-carrier', dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`${join(dir, `Discrepancy report ${MONTH} - AT&T.csv`)}  (AT&T: 2 bills)\nWrote 1 files (one per carrier) into ${dir}\n`);
    expect(readdirSync(dir)).toEqual([`Discrepancy report ${MONTH} - AT&T.csv`]);
  });
});

describe('tem messages', () => {
  it('says an unknown option, a missing value and a stray argument the same way for every command', async () => {
    const cases: [string[], string][] = [
      [['check', '--month', MONTH, '--x'], 'tem check: unknown option --x; see tem --help\n'],
      [['import', 'book', book, '--frob'], 'tem import book: unknown option --frob; see tem --help\n'],
      [['export', 'book', '--out', join(tmp.dir, 'x.csv'), '--fromat', 'csv'], 'tem export book: unknown option --fromat; see tem --help\n'],
      [['export', 'discrepancies', '--month', MONTH, '-f', 'pdf'], 'tem export discrepancies: unknown option -f; see tem --help\n'],
      [['approvals', 'register', '--month', MONTH, '--xlsx'], 'tem approvals register: unknown option --xlsx; see tem --help\n'],
      [['sync', 'now', '--force'], 'tem sync now: unknown option --force; see tem --help\n'],
      [['sync', 'status', '--verbose'], 'tem sync status: unknown option --verbose; see tem --help\n'],
      [['user', 'list', '--inactive'], 'tem user list: unknown option --inactive; see tem --help\n'],
      [['serve', '--prot', '80'], 'tem serve: unknown option --prot; see tem --help\n'],
      [['backup', '--to', 'x'], 'tem backup: unknown option --to; see tem --help\n'],
      [['restore', 'x.db', '--force'], 'tem restore: unknown option --force; see tem --help\n'],
      [['check', '--month'], 'tem check: --month needs a value; see tem --help\n'],
      [['check', '--flagged=yes', '--month', MONTH], 'tem check: --flagged takes no value; see tem --help\n'],
      [['check', 'extra', '--month', MONTH], 'tem check: unexpected argument "extra"; see tem --help\n'],
    ];
    for (const [args, err] of cases) expect([args.join(' '), await tem('--db', db, ...args)]).toEqual([args.join(' '), { code: 2, out: '', err }]);
    // The command's own usage errors keep their words and the pointer to --help.
    expect(await tem('--db', db, 'check')).toEqual({ code: 2, out: '', err: 'tem: check needs --month YYYY-MM\nRun "tem --help" for usage.\n' });
  });

  it('says a row with no amount was skipped and the amount already entered stays', async () => {
    const blanks = join(tmp.dir, 'blank-actuals.csv');
    writeFileSync(blanks, 'carrier,account,actual\nAT&T,100,\nAT&T,200,21.00\n');
    const r = await tem('--db', db, 'import', 'actuals', blanks, '--month', MONTH);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Imported actuals ${blanks} for ${MONTH}: 1 of 2 rows (1 row with no amount skipped: an amount already entered for that account stays)`);
    // Account 100 keeps the 55.00 the first import entered.
    const check = JSON.parse((await tem('--db', db, 'check', '--month', MONTH, '--format', 'json')).out) as { rows: { account: string; actual_cents: number | null }[] };
    expect(check.rows.map((x) => [x.account, x.actual_cents])).toEqual([
      ['100', 5500],
      ['200', 2100],
    ]);
  });

  it('names --confirm for a paid seat and a user list that works on this install', async () => {
    const users = join(tmp.dir, 'users.db');
    expect(temProcess(['--db', users, 'user', 'add', 'olivia', '--password-stdin'], 'owner-pass-1\n')).toMatchObject({ code: 0 });
    expect(temProcess(['--db', users, 'user', 'add', 'ann', '--password-stdin', '--modules', 'tem'], 'ann-pass-12\n')).toEqual({
      code: 1,
      out: '',
      err: 'tem: Assigning Telecom Expense Management to ann uses a paid seat: confirm it with --confirm to go ahead\n',
    });
    expect(temProcess(['--db', users, 'user', 'add', 'ann', '--password-stdin', '--modules', 'tem', '--confirm'], 'ann-pass-12\n')).toMatchObject({ code: 0, out: 'Added ann.\n' });
    // Two users: listing them needs --user, and the hint says so with the owner's name.
    const hint = 'in this database; an administrator lists the users with "tem --user olivia user list" (--user NAME or TEM_USER says who runs a command)\nRun "tem --help" for usage.\n';
    expect(temProcess(['--db', users, '--user', 'nobody', 'check', '--month', MONTH])).toEqual({ code: 2, out: '', err: `tem: there is no user "nobody" ${hint}` });
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/tem.mjs'), '--db', users, 'user', 'list'], { env: { ...process.env, TEM_USER: 'olivai' }, encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([2, `tem: TEM_USER names "olivai", but there is no such user ${hint}`]);
    const listed = temProcess(['--db', users, '--user', 'olivia', 'user', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('olivia');
    // The API keeps its own words for the other doors.
    const d = openDb(users);
    try {
      const owner = ctxForUser(d, ownerOf(d)!, 'http');
      await expect(call(owner, 'users.create', { name: 'bo', password: 'bo-pass-123', modules: ['tem'] })).rejects.toMatchObject({
        message: 'Assigning Telecom Expense Management to bo uses a paid seat: confirm it (confirm: true) to go ahead',
      });
    } finally {
      d.close();
    }
  });
});
