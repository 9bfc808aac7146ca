import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** A command used the wrong way: its message, then a pointer to `tem --help`; exit 2. */
export class UsageError extends Error {}

/** Input refused before anything is done (a path that does not lead anywhere): its message alone; exit 2. */
export class RefusedError extends Error {}

/** `--map customer=applicant_name,account=frn` as { customer: 'applicant_name', account: 'frn' }. */
export function parseMap(spec: string | undefined): Record<string, string> | undefined {
  if (!spec) return undefined;
  const map: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`--map takes field=header pairs separated by commas, not "${part}"`);
    map[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return map;
}

/** What node:util's parseArgs says about a command line (every command wraps it in a UsageError), in tem's words:
 *  `tem import book: unknown option --x; see tem --help`. Null for any other message. */
export function argsMessage(command: string, message: string): string | null {
  const first = message.split('\n')[0]!;
  let m = /^Unknown option '([^']+)'/.exec(first);
  if (m) return `tem ${command}: unknown option ${m[1]}; see tem --help`;
  m = /^Option '(?:-\w, )?(-{1,2}[^' ]+)(?: <value>)?' argument missing/.exec(first);
  if (m) return `tem ${command}: ${m[1]} needs a value; see tem --help`;
  m = /^Option '(?:-\w, )?(-{1,2}[^' ]+)' does not take an argument/.exec(first);
  if (m) return `tem ${command}: ${m[1]} takes no value; see tem --help`;
  m = /^Unexpected argument '(.*)'\. This command does not take positional arguments/.exec(first);
  if (m) return `tem ${command}: unexpected argument "${m[1]}"; see tem --help`;
  return null;
}

/** A folder, a file, or null when nothing is there. */
export const pathKind = (path: string): 'folder' | 'file' | null => {
  try {
    return statSync(path).isDirectory() ? 'folder' : 'file';
  } catch {
    return null;
  }
};

/** The folder a file goes in must exist: tem never makes folders the user may have mistyped. */
export function checkFolderOf(file: string, flag: string): void {
  const folder = dirname(file);
  const kind = pathKind(resolve(folder));
  if (kind === null) throw new RefusedError(`${flag}: the folder ${folder} does not exist`);
  if (kind === 'file') throw new RefusedError(`${flag}: ${folder} is a file, not a folder`);
}

/** `--out FILE`: its folder exists and FILE is not itself a folder. Nothing is written here. */
export function checkOutFile(file: string, flag = '--out'): void {
  checkFolderOf(file, flag);
  if (pathKind(resolve(file)) === 'folder') throw new RefusedError(`${flag}: ${file} is a folder; give a file name in it`);
}

/** `--per-carrier DIR`: an existing folder, or a new one whose parent exists (only DIR itself is made). */
export function checkOutFolder(dir: string, flag: string): void {
  const kind = pathKind(resolve(dir));
  if (kind === 'file') throw new RefusedError(`${flag}: ${dir} is a file, not a folder`);
  if (kind === null) checkFolderOf(dir, flag);
}
