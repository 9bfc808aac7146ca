// The `tem` command line. Every command calls the same api/ methods the desktop and web doors serve.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openDb, type Db } from '../db/open.ts';
import { appDataDir, defaultDbPath } from '../db/location.ts';
import { makeCtx, ApiError } from '../api/index.ts';
import { CentsRangeError } from '../core/money.ts';
import { ownerOf, userByName, userCount } from '../api/auth/users.ts';
import { builtinProfile } from '../api/bills/builtin.ts';
import { importCommand } from './commands/import.ts';
import { checkCommand } from './commands/check.ts';
import { exportCommand } from './commands/export.ts';
import { approvalsCommand } from './commands/approvals.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand, cliCtx } from './commands/user.ts';
import { syncCommand } from './commands/sync.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { UsageError, RefusedError, argsMessage, pathKind, type Io } from './io.ts';
import { BackupError } from '../db/backup.ts';

export const HELP = `tem — TEM desk on the command line

Usage:
  tem [--db FILE] import book FILE [--map field=header,...] [--locale L] [--delimiter C] [--sheet NAME]
        [--skip-invalid] [--tolerance-pct P] [--tolerance-amount A] [--tolerance-mode either|both]
        [--profile erate-fy2015-line-items|erate-fy2014-connections]
  tem [--db FILE] import actuals FILE --month YYYY-MM [--map field=header,...] [--locale L] [--delimiter C]
        [--sheet NAME] [--skip-invalid]
  tem [--db FILE] import bills FILE --profile NAME [--month YYYY-MM] [--total AMOUNT] [--skip-invalid] [--preview]
        (a carrier's CSV, XLSX or EDI 811 bill file through a saved profile; "oxford" is built in)
  tem [--db FILE] check --month YYYY-MM [--format table|json|csv] [--flagged]
  tem [--db FILE] export book --format csv|xlsx --out FILE [--customer CUSTOMER]
        (the book, one row per service, in the layout "import book" reads back; CUSTOMER: code, name or id)
  tem [--db FILE] export discrepancies --month YYYY-MM [--carrier NAME] [--customer NAME] [--location NAME]
        [--status over,under,missing,unexpected] --format csv|xlsx|pdf (--out FILE | --per-carrier DIR)
  tem [--db FILE] approvals register --month YYYY-MM [--format csv|xlsx|json] [--out FILE]   (the ready-to-pay register)
  tem [--db FILE] serve [--port N] [--host 127.0.0.1] [--hosted --public-url URL [--trust-proxy]]
        web mode: the app and its API at http://127.0.0.1:4780/ (port 0 picks a free port)
  tem [--db FILE] sync link URL [--user NAME --password-stdin]   (link this desk to a hosted instance)
  tem [--db FILE] sync now | status [--format text|json] | unlink
        (send this desk's changes and fetch everyone else's; unlinking keeps every row here)
  tem [--db FILE] user add NAME --password-stdin [--admin] [--manager] [--full-name T] [--email E]
        [--modules tem,inventory,crm --confirm] [--client --customer CUSTOMER,...]   (the first user owns the install)
  tem [--db FILE] user list [--all] [--format table|json]
  tem [--db FILE] backup [--out FILE]     (default: a new file in the backups folder beside the database)
  tem [--db FILE] restore FILE            (checks FILE first and keeps the current database in backups/)
  tem --help

Book fields:    customer, customer_code, location (default "Main"), carrier, account, service, circuit_id,
                status, install_date, disconnect_date, group, service_type, expected, account_expected, tolerance_pct,
                tolerance_amount, tolerance_mode, start, end, auto_renew, field.<key>
Actuals fields: carrier, account, actual, invoice, bill_date
Locales:        en-US (default), en-GB, de-DE, fr-FR, de-CH, pt-BR

The database is --db FILE, else $TEM_DB, else tem.db in the application data folder
(${defaultDbPath()}). Commands that only read refuse a database file that is not there; import, serve,
user add, sync link and restore create it, in a folder that exists (only the application data folder is made).
Files to write (--out, --per-carrier) go into folders that exist. Commands run as the user --user NAME (before
the command) or $TEM_USER; on an install with one user, as its owner; before any user exists, as the login name.`;

/** Takes the global options out of argv wherever they stand. */
function globals(argv: string[]) {
  const rest: string[] = [];
  let db: string | undefined;
  let user: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    // --user before the command says who runs it (after it, a command may have its own --user, like sync link).
    if (rest.length === 0 && (a === '--user' || a.startsWith('--user='))) {
      user = a === '--user' ? argv[++i] : a.slice(7);
      if (!user) throw new UsageError('--user needs a user name');
    } else if (a === '--db') {
      db = argv[++i];
      if (!db) throw new UsageError('--db needs a file name');
    } else if (a.startsWith('--db=')) db = a.slice(5);
    else if (a === '--help' || a === '-h') help = true;
    else rest.push(a);
  }
  return { db, user, help, rest };
}

/** Commands that only read a book: a database file that is not there is a mistyped path, never a new book. */
function onlyReads(command: string, sub: string | undefined): boolean {
  if (command === 'check' || command === 'export' || command === 'approvals' || command === 'backup') return true;
  if (command === 'sync') return sub !== 'link';
  if (command === 'user') return sub === 'list';
  return false;
}

/**
 * Where the database is and whether this command may make it. A command that only reads refuses a file that is
 * not there; one that starts a book may create the file, but of the folders only the application data folder:
 * a folder named with --db or $TEM_DB that does not exist is a typing mistake. Returns whether the file is new.
 */
function checkDatabase(file: string, given: '--db' | 'TEM_DB' | null, reads: boolean): boolean {
  if (file === ':memory:') return false;
  const kind = pathKind(file);
  if (kind === 'folder') throw new RefusedError(`${given ?? 'the database'} ${file} is a folder, not a database file`);
  if (kind === 'file') return false;
  if (reads) throw new RefusedError(`no database at ${file}; check the path, or create one with tem import book / tem serve`);
  const folder = dirname(file);
  if (resolve(folder) !== resolve(appDataDir())) {
    const there = pathKind(folder);
    if (there === null) throw new RefusedError(`${given ?? 'the database'}: the folder ${folder} does not exist; check the path, or create the folder first`);
    if (there === 'file') throw new RefusedError(`${given ?? 'the database'}: ${folder} is a file, not a folder`);
  }
  return true;
}

/** Tables a command writes without anyone entering anything: the node id, the audit trail and change log of
 *  such writes, and the built-in bill import profiles, saved on first use. */
const HOUSEKEEPING = new Set(['__drizzle_migrations', 'sync_state', 'sync_changes', 'audit_log', 'bill_profiles']);

/** Whether a database holds nothing anyone entered: only its schema and what a command writes by itself. */
function holdsNothing(db: Db): boolean {
  const s = db.sqlite;
  const tables = s.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  if (!tables.every((t) => HOUSEKEEPING.has(t) || s.prepare(`SELECT EXISTS (SELECT 1 FROM "${t.replace(/"/g, '""')}")`).pluck().get() === 0)) return false;
  const profiles = s.prepare('SELECT name FROM bill_profiles').pluck().all() as string[];
  if (!profiles.every((name) => builtinProfile(name))) return false;
  // The only changes in the audit trail are those built-in profiles being saved (not edited).
  return s.prepare("SELECT EXISTS (SELECT 1 FROM audit_log WHERE table_name <> 'bill_profiles' OR action <> 'insert')").pluck().get() === 0;
}

/** A database file this command made and left empty because it failed goes again (with its -wal and -shm). */
function removeNewFile(file: string): void {
  for (const side of ['', '-wal', '-shm', '-journal']) rmSync(file + side, { force: true });
}

/** --user NAME (or $TEM_USER) must name a user of this install; the hint says how to list them on this one. */
function checkNamedUser(db: Db, named: string | undefined, fromEnv: boolean): void {
  if (!named || userCount(db) === 0 || userByName(db, named)) return;
  const owner = ownerOf(db);
  const admin = owner?.active ? owner.name : 'ADMIN';
  throw new UsageError(
    `${fromEnv ? `TEM_USER names "${named}", but there is no such user` : `there is no user "${named}"`} in this database; ` +
      `an administrator lists the users with "tem --user ${admin} user list" (--user NAME or TEM_USER says who runs a command)`,
  );
}

/** The command as the user typed it, for messages: `import book`, `sync now`, `check`. */
function commandName(command: string, args: string[]): string {
  const sub = args[0];
  return ['import', 'export', 'approvals', 'sync', 'user'].includes(command) && sub && !sub.startsWith('-') ? `${command} ${sub}` : command;
}

export async function main(argv: string[], io: Io = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) }): Promise<number> {
  try {
    const g = globals(argv);
    const [command, ...args] = g.rest;
    if (g.help || !command || command === 'help') {
      io.out(HELP + '\n');
      return command || g.help ? 0 : 2;
    }
    const commands: Record<string, (ctx: ReturnType<typeof makeCtx>, args: string[], io: Io) => Promise<number>> = {
      import: importCommand,
      check: checkCommand,
      export: exportCommand,
      approvals: approvalsCommand,
      serve: serveCommand,
      user: userCommand,
      sync: syncCommand,
    };
    // backup and restore work on the file itself: a damaged database must not stop its own way out.
    const fileCommands: Record<string, (dbFile: string, args: string[], io: Io) => Promise<number>> = {
      backup: backupCommand,
      restore: restoreCommand,
    };
    const onFile = fileCommands[command];
    const run = commands[command];
    if (!onFile && !run) throw new UsageError(`unknown command "${command}"`);
    const given = g.db !== undefined ? '--db' : process.env.TEM_DB ? 'TEM_DB' : null;
    const file = g.db ?? defaultDbPath();
    const isNew = checkDatabase(file, given, onlyReads(command, args[0]));
    if (onFile) return await onFile(file, args, io);
    const db = openDb(file);
    let code = 1;
    try {
      const login = process.env.TEM_USER || userInfo().username;
      const named = g.user ?? (process.env.TEM_USER || undefined);
      // The web server runs no command itself: each request runs as the user signed in through it.
      if (command !== 'serve') checkNamedUser(db, named, g.user === undefined);
      const ctx = command === 'serve' ? makeCtx(db, login, 'cli') : runnerCtx(db, named, login, command, args, given === '--db' ? file : null);
      code = await run!(ctx, args, io);
      return code;
    } finally {
      // A command that made the file and failed before writing anything leaves no empty database behind.
      const empty = isNew && code !== 0 && holdsNothing(db);
      db.close();
      if (empty) removeNewFile(file);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      // parseArgs's own words (every command's options go through it) are said the same way for every command.
      const rest = globalsOrEmpty(argv);
      const args = argsMessage(commandName(rest[0] ?? '', rest.slice(1)), e.message);
      io.err(args ? `${args}\n` : `tem: ${e.message}\nRun "tem --help" for usage.\n`);
      return 2;
    }
    if (e instanceof RefusedError) {
      io.err(`tem: ${e.message}\n`);
      return 2;
    }
    // Errors that speak to the user (bad input, a refused backup or restore) end the command with their message.
    if (e instanceof ApiError || e instanceof BackupError) {
      io.err(`tem: ${cliWords(e)}\n`);
      return 1;
    }
    // Amounts that cannot be counted or shown exactly (core/money.ts), met outside an API call: said, no stack trace.
    if (e instanceof CentsRangeError) {
      io.err(`tem: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** The value of a command's own --user NAME (or --user=NAME) among its arguments. */
function ownUserOption(args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--user') return args[i + 1];
    if (args[i]!.startsWith('--user=')) return args[i]!.slice(7);
  }
  return undefined;
}

/**
 * Who runs the command (cliCtx). `sync link URL --user NAME` names a user of the hosted instance, not of this desk:
 * on a desk with several users the desk's own user goes before the command, and the message says exactly how.
 */
function runnerCtx(db: Db, named: string | undefined, login: string, command: string, args: string[], dbGiven: string | null) {
  try {
    return cliCtx(db, named, login);
  } catch (e) {
    const hosted = command === 'sync' && args[0] === 'link' && named === undefined ? ownUserOption(args) : undefined;
    if (!(e instanceof UsageError) || !hosted) throw e;
    const owner = ownerOf(db);
    const deskUser = owner?.active ? owner.name : 'NAME';
    const url = args[1] && !args[1].startsWith('-') ? args[1] : 'URL';
    const quote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
    throw new UsageError(
      `this desk has several users: say which of them links it with --user NAME before the command (or TEM_USER=NAME); ` +
        `the --user ${hosted} after "sync link URL" names the user on the hosted instance. For example:\n` +
        `  echo "$PASSWORD" | tem${dbGiven ? ` --db ${quote(dbGiven)}` : ''} --user ${quote(deskUser)} sync link ${quote(url)} --user ${quote(hosted)} --password-stdin\n` +
        `(the desk user must be an administrator of this desk${owner?.active ? `, like its owner ${owner.name}` : ''}; "tem --user ${deskUser} user list" lists its users)`,
    );
  }
}

/** The command and its arguments without the global options (none when they were themselves wrong). */
function globalsOrEmpty(argv: string[]): string[] {
  try {
    return globals(argv).rest;
  } catch {
    return [];
  }
}

/** An API message as the command line says it: the API's own input names become the command's flags. */
function cliWords(e: ApiError | BackupError): string {
  // users.create / users.setModules ask for `confirm: true`; `tem user add` takes it as --confirm.
  if (e instanceof ApiError && (e.details as { needs_confirm?: unknown } | undefined)?.needs_confirm)
    return e.message.replace(' (confirm: true)', ' with --confirm');
  return e.message;
}

export { parseArgs };
