// The `tem` command line. Every command calls the same api/ methods the desktop and web doors serve.
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { openDb } from '../db/open.ts';
import { defaultDbPath } from '../db/location.ts';
import { makeCtx, ApiError } from '../api/index.ts';
import { importCommand } from './commands/import.ts';
import { checkCommand } from './commands/check.ts';
import { approvalsCommand } from './commands/approvals.ts';
import { serveCommand } from './commands/serve.ts';
import { backupCommand, restoreCommand } from './commands/backup.ts';
import { UsageError, type Io } from './io.ts';
import { BackupError } from '../db/backup.ts';

export const HELP = `tem — TEM desk on the command line

Usage:
  tem [--db FILE] import book FILE [--map field=header,...] [--locale L] [--delimiter C] [--sheet NAME]
        [--skip-invalid] [--tolerance-pct P] [--tolerance-amount A] [--tolerance-mode either|both]
  tem [--db FILE] import actuals FILE --month YYYY-MM [--map field=header,...] [--locale L] [--delimiter C]
        [--sheet NAME] [--skip-invalid]
  tem [--db FILE] check --month YYYY-MM [--format table|json|csv] [--flagged]
  tem [--db FILE] approvals register --month YYYY-MM [--format csv|json]   (the ready-to-pay register)
  tem [--db FILE] serve [--port N] [--host 127.0.0.1]
        web mode: the app and its API at http://127.0.0.1:4780/ (port 0 picks a free port)
  tem [--db FILE] backup [--out FILE]     (default: a new file in the backups folder beside the database)
  tem [--db FILE] restore FILE            (checks FILE first and keeps the current database in backups/)
  tem --help

Book fields:    customer, location (default "Main"), carrier, account, service, expected,
                tolerance_pct, tolerance_amount, tolerance_mode, start, end
Actuals fields: carrier, account, actual, invoice, bill_date
Locales:        en-US (default), en-GB, de-DE, fr-FR, de-CH, pt-BR

The database is --db FILE, else $TEM_DB, else tem.db in the application data folder
(${defaultDbPath()}). Commands run as $TEM_USER, else the login name.`;

/** Takes the global options out of argv wherever they stand. */
function globals(argv: string[]) {
  const rest: string[] = [];
  let db: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') {
      db = argv[++i];
      if (!db) throw new UsageError('--db needs a file name');
    } else if (a.startsWith('--db=')) db = a.slice(5);
    else if (a === '--help' || a === '-h') help = true;
    else rest.push(a);
  }
  return { db, help, rest };
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
      approvals: approvalsCommand,
      serve: serveCommand,
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
      return await run(makeCtx(db, process.env.TEM_USER || userInfo().username, 'cli'), args, io);
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
