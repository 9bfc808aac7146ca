// The `tem` command line. Every command calls the same api/ methods the desktop and web doors serve.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { openDb } from '../db/open.ts';
import { defaultDbPath } from '../db/location.ts';
import { makeCtx, ApiError } from '../api/index.ts';
import { importCommand } from './commands/import.ts';
import { checkCommand } from './commands/check.ts';
import { exportCommand } from './commands/export.ts';
import { approvalsCommand } from './commands/approvals.ts';
import { serveCommand } from './commands/serve.ts';
import { userCommand, cliCtx } from './commands/user.ts';
import { syncCommand } from './commands/sync.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { UsageError, type Io } from './io.ts';
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
  tem [--db FILE] export book --format csv|xlsx --out FILE [--customer ID]
        (the book, one row per service, in the layout "import book" reads back)
  tem [--db FILE] export discrepancies --month YYYY-MM [--carrier NAME] [--customer NAME] [--location NAME]
        [--status over,under,missing,unexpected] --format csv|xlsx|pdf (--out FILE | --per-carrier DIR)
  tem [--db FILE] approvals register --month YYYY-MM [--format csv|xlsx|json] [--out FILE]   (the ready-to-pay register)
  tem [--db FILE] serve [--port N] [--host 127.0.0.1] [--hosted --public-url URL [--trust-proxy]]
        web mode: the app and its API at http://127.0.0.1:4780/ (port 0 picks a free port)
  tem [--db FILE] sync link URL [--user NAME --password-stdin]   (link this desk to a hosted instance)
  tem [--db FILE] sync now | status [--format text|json] | unlink
        (send this desk's changes and fetch everyone else's; unlinking keeps every row here)
  tem [--db FILE] user add NAME --password-stdin [--admin] [--manager] [--full-name T] [--email E]
        [--modules tem,inventory,crm --confirm] [--client --customer ID,...]   (the first user owns the install)
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
(${defaultDbPath()}). Commands run as the user --user NAME (before the command) or $TEM_USER; on an
install with one user, as its owner; before any user exists, as the login name.`;

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
    if (onFile) return await onFile(g.db ?? defaultDbPath(), args, io);
    const run = commands[command];
    if (!run) throw new UsageError(`unknown command "${command}"`);
    const db = openDb(g.db ?? defaultDbPath());
    try {
      const login = process.env.TEM_USER || userInfo().username;
      // The web server runs no command itself: each request runs as the user signed in through it.
      const ctx = command === 'serve' ? makeCtx(db, login, 'cli') : cliCtx(db, g.user ?? (process.env.TEM_USER || undefined), login);
      return await run(ctx, args, io);
    } finally {
      db.close();
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`tem: ${e.message}\nRun "tem --help" for usage.\n`);
      return 2;
    }
    // Errors that speak to the user (bad input, a refused backup or restore) end the command with their message.
    if (e instanceof ApiError || e instanceof BackupError) {
      io.err(`tem: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

export { parseArgs };
