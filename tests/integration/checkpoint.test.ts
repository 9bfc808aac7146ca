import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { openDb } from '../../db/open.ts';
import { checkpointWhenIdle } from '../../db/checkpoint.ts';
import { tempDir } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('checkpointWhenIdle', () => {
  it('copies the WAL into the database once writes pause', async () => {
    const file = join(tmp.dir, 'c.db');
    const db = openDb(file);
    const stop = checkpointWhenIdle(db.sqlite, 50);
    db.sqlite.exec('CREATE TABLE t (x TEXT)');
    const insert = db.sqlite.prepare('INSERT INTO t VALUES (?)');
    db.sqlite.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    })();
    const sizeBefore = statSync(file).size;
    await new Promise((r) => setTimeout(r, 300));
    const [{ log, checkpointed }] = db.sqlite.pragma('wal_checkpoint(PASSIVE)') as { log: number; checkpointed: number }[];
    expect(statSync(file).size).toBeGreaterThan(sizeBefore + 300_000);
    expect(checkpointed).toBe(log);
    stop();
    db.close();
  });
});
