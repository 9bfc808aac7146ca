// `tem backup [--out FILE]` and `tem restore FILE`. They work on the database file itself, without opening it
// through the API, so a damaged database can still be backed up as far as SQLite can read it, and replaced.
import { parseArgs } from 'node:util';
import { backupFile, restoreDatabase } from '../../db/backup.ts';
import { UsageError, checkOutFile, type Io } from '../io.ts';

function args(argv: string[], options: { out?: { type: 'string' } }) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function backupCommand(dbFile: string, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = args(argv, { out: { type: 'string' } });
  if (positionals.length) throw new UsageError(`backup takes no file name; use --out FILE (not "${positionals[0]}")`);
  const out = (values as { out?: string }).out;
  if (out) checkOutFile(out);
  const file = await backupFile(dbFile, out);
  io.out(`Backed up ${dbFile} to ${file}\n`);
  return 0;
}

export async function restoreCommand(dbFile: string, argv: string[], io: Io): Promise<number> {
  const { positionals } = args(argv, {});
  if (positionals.length !== 1) throw new UsageError('restore needs exactly one FILE (a backup made by tem backup or the app)');
  const r = await restoreDatabase(dbFile, positionals[0]!);
  io.out(`Restored ${r.restoredFrom} into ${r.file}\n`);
  if (r.kept === 'before-restore') io.out(`The database that was there is kept at ${r.keptAt}\n`);
  if (r.kept === 'damaged') io.out(`The damaged database that was there was moved to ${r.keptAt}\n`);
  return 0;
}
