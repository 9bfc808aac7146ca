// A child process for the sync crash test: a desk syncing with its hosted instance over HTTP that stops dead
// after the hosted instance answered push batch `freezeAt` (which it committed) but before the desk recorded
// that answer, and waits to be killed with SIGKILL. Usage:
//   node bin/run-ts.mjs tests/integration/sync-kill-child.ts DB BATCH_SIZE FREEZE_AT
import { writeSync } from 'node:fs';
import { openDb } from '../../db/open.ts';
import { makeCtx } from '../../api/index.ts';
import { syncNow, storedCookie } from '../../api/sync/client.ts';
import { httpTransport } from '../../api/sync/transport.ts';
import { readState } from '../../api/sync/clock.ts';

const [file, batchArg, freezeArg] = process.argv.slice(2);
const say = (s: string) => writeSync(1, s + '\n');
const db = openDb(file!);
const ctx = makeCtx(db, 'desk-a', 'test');
const transport = httpTransport(readState(db.sqlite, 'remote_url')!, storedCookie(ctx));
await syncNow(ctx, transport, {
  pushBatch: Number(batchArg),
  afterPushAnswered: (n) => {
    if (n !== Number(freezeArg)) return;
    say(`frozen ${n} ${readState(db.sqlite, 'pushed_through')}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120_000);
  },
});
say('finished');
db.close();
