// Where attached files' bytes live: a folder `attachments` beside the database file (the application's data folder
// for the desktop app), one file per SHA-256 of the content, in a two-letter subfolder. The same file attached
// twice is stored once; a file is written to a temporary name and renamed, so a crash never leaves half a file
// under a real hash. An in-memory database (tests, scratch work) keeps its files in a temporary folder.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Ctx } from '../context.ts';

const memoryDir = join(tmpdir(), `tem-attachments-${process.pid}`);

export function attachmentsDir(ctx: Ctx): string {
  return ctx.db.file === ':memory:' || ctx.db.file === '' ? memoryDir : join(dirname(ctx.db.file), 'attachments');
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const pathOf = (ctx: Ctx, hash: string) => join(attachmentsDir(ctx), hash.slice(0, 2), hash);

/** Stores the bytes (once per content) and returns their hash. */
export function storeBytes(ctx: Ctx, data: Uint8Array): string {
  const hash = sha256(data);
  const file = pathOf(ctx, hash);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  }
  return hash;
}

/** The stored bytes of a hash, or null when the file is gone from the data folder. */
export function readBytes(ctx: Ctx, hash: string): Uint8Array | null {
  const file = pathOf(ctx, hash);
  if (!existsSync(file)) return null;
  const data = new Uint8Array(readFileSync(file));
  // A file changed on disk is not the one attached: say so rather than hand back other bytes.
  return sha256(data) === hash ? data : null;
}
