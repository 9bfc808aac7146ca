// The trail records the door users mean (issue 5, item 6): the app's screens ('ui', over Electron's IPC or the
// browser's HTTP), an import ('import', whichever door ran it), the command line ('cli') and sync ('sync', in the
// sync tests). Each door is exercised for real here: the IPC entry with a trusted sender, the HTTP server with
// the header the renderer sends, and the `tem` command line.
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ROOT, bytes, tempDir } from '../support/api.ts';
import { tem } from '../support/cli.ts';
import { ownerCookie, cookieHeader } from '../support/auth.ts';
import { openDb } from '../../db/open.ts';
import { makeCtx, methods, METHOD_NAMES, IMPORT_METHODS, trailDoorOf, type MethodName } from '../../api/index.ts';
import { FILE_NOT_ROWS } from '../../api/contract/doors.ts';
import { API_HEADER, toWire, fromWire } from '../../api/wire.ts';
import { createInvokeHandler } from '../../main/ipc.ts';
import { startServer } from '../../server/index.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const BOOK = bytes('customer,carrier,account,service,expected\r\nAcme Schools,Acme Telecom,007321,Fiber,100.00\r\n');
const MARCH = bytes('carrier,account,actual\r\nAcme Telecom,007321,120.00\r\n');

type DoorRow = { door: string; table_name: string; n: number };
/** Which doors wrote which tables, in the entries after seq `from`. */
const doorsSince = (db: ReturnType<typeof openDb>, from: number) =>
  db.sqlite.prepare('SELECT door, table_name, COUNT(*) AS n FROM audit_log WHERE seq > ? GROUP BY door, table_name ORDER BY door, table_name').all(from) as DoorRow[];
const lastSeq = (db: ReturnType<typeof openDb>) => db.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number;
const doorsOf = (rows: DoorRow[]) => [...new Set(rows.map((r) => r.door))];

describe('the door in the trail', () => {
  it('names every mutation that writes rows read from a file as an import', () => {
    // A mutation whose input carries a file's bytes either imports rows from it or keeps it whole (named why).
    const takesFile = METHOD_NAMES.filter((n) => {
      if (methods[n].kind !== 'mutation') return false;
      const shape = (methods[n].input as z.ZodObject).shape as Record<string, z.ZodType> | undefined;
      return Boolean(shape?.data?.safeParse(new Uint8Array([1])).success);
    });
    expect(takesFile.filter((n) => !IMPORT_METHODS.has(n) && !FILE_NOT_ROWS.has(n))).toEqual([]);
    expect([...IMPORT_METHODS].sort()).toEqual(['bills.import', 'bills.importStart', 'bills.importStep', 'bills.loadOxford', 'import.actuals', 'import.book']);
    for (const n of IMPORT_METHODS) expect(methods[n as MethodName].kind).toBe('mutation');
    // Transports in users' words: the IPC and HTTP doors serve the app's screens.
    expect((['ipc', 'http', 'cli', 'sync', 'ui', 'import', 'test'] as const).map(trailDoorOf)).toEqual(['ui', 'ui', 'cli', 'sync', 'ui', 'import', 'test']);
  });

  it("records an IPC call from the app's window as 'ui', and an import through it as 'import'", async () => {
    const db = openDb(join(tmp.dir, 'ipc.db'));
    // the desktop's ctx before sign-up, as main/database.ts makes it
    const invoke = createInvokeHandler({ ctx: () => makeCtx(db, 'desk', 'ipc'), ourWebContents: (id) => id === 1 });
    const trusted = { senderFrame: { url: 'app://tem/index.html', parent: null }, sender: { id: 1 } };
    let from = lastSeq(db);
    expect(await invoke(trusted, 'import.book', { file_name: 'book.csv', data: BOOK })).toMatchObject({ ok: true, value: { rows_imported: 1 } });
    expect(doorsOf(doorsSince(db, from))).toEqual(['import']);
    from = lastSeq(db);
    expect(await invoke(trusted, 'customers.create', { name: 'Keyed in the window' })).toMatchObject({ ok: true });
    expect(doorsSince(db, from)).toEqual([{ door: 'ui', table_name: 'customers', n: 1 }]);
    from = lastSeq(db);
    const accounts = (await invoke(trusted, 'accounts.list', {})) as { ok: true; value: { id: string }[] };
    expect(await invoke(trusted, 'actuals.set', { account_id: accounts.value[0]!.id, month: '2026-03', amount: '120.00' })).toMatchObject({ ok: true });
    expect(doorsSince(db, from)).toEqual([{ door: 'ui', table_name: 'actuals', n: 1 }]);
    // nothing this database holds was recorded under a transport's name
    expect(db.sqlite.prepare("SELECT COUNT(*) FROM audit_log WHERE door IN ('ipc', 'http')").pluck().get()).toBe(0);
    db.close();
  });

  it("records an HTTP call with the renderer's header as 'ui', and an import through it as 'import'", async () => {
    const db = openDb(join(tmp.dir, 'http.db'));
    const server = await startServer({ db, actor: 'server', port: 0, staticDir: '/nonexistent' });
    try {
      const session = await ownerCookie(db);
      // what renderer/src/api/http.ts sends with every call
      const post = async (method: string, input: unknown) => {
        const r = await fetch(`${server.url}api/${method}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [API_HEADER]: '1', cookie: cookieHeader(session) },
          body: toWire(input),
        });
        expect(r.status, `${method}: ${r.status}`).toBe(200);
        return fromWire(await r.text()) as Record<string, unknown>;
      };
      let from = lastSeq(db);
      expect(await post('import.book', { file_name: 'book.csv', data: BOOK })).toMatchObject({ rows_imported: 1 });
      expect(await post('import.actuals', { file_name: 'march.csv', data: MARCH, month: '2026-03' })).toMatchObject({ rows_imported: 1 });
      expect(doorsOf(doorsSince(db, from))).toEqual(['import']);
      from = lastSeq(db);
      const c = await post('customers.create', { name: 'Keyed in the browser' });
      await post('customers.update', { id: c.id, patch: { notes: 'web' } });
      expect(doorsSince(db, from)).toEqual([{ door: 'ui', table_name: 'customers', n: 2 }]);
      const rows = db.sqlite.prepare("SELECT actor, door, action, field FROM audit_log WHERE record_id = ? ORDER BY seq").all(c.id);
      expect(rows).toEqual([
        { actor: 'owner', door: 'ui', action: 'insert', field: null },
        { actor: 'owner', door: 'ui', action: 'update', field: 'notes' },
      ]);
      // the trail as the audit page reads it, filtered by door
      expect((await post('audit.list', { door: 'import', table_name: 'customers' })) as unknown as unknown[]).toHaveLength(1);
    } finally {
      await server.close();
      db.close();
    }
  });

  it("records `tem import` as 'import' and a command-line edit as 'cli'", async () => {
    const file = join(tmp.dir, 'cli.db');
    const csv = join(tmp.dir, 'book.csv');
    writeFileSync(csv, BOOK);
    writeFileSync(join(tmp.dir, 'march.csv'), MARCH);
    expect((await tem('--db', file, 'import', 'book', csv)).code).toBe(0);
    expect((await tem('--db', file, 'import', 'actuals', join(tmp.dir, 'march.csv'), '--month', '2026-03')).code).toBe(0);
    let db = openDb(file);
    expect(doorsSince(db, 0).map((r) => [r.door, r.table_name])).toEqual([
      ['import', 'actuals'],
      ['import', 'billing_accounts'],
      ['import', 'carriers'],
      ['import', 'contracts'],
      ['import', 'customers'],
      ['import', 'locations'],
      ['import', 'services'],
    ]);
    const from = lastSeq(db);
    db.close();
    // `tem user add` is an edit through the real command line (a process of its own, reading the password on stdin)
    const env = { ...process.env };
    delete env.TEM_USER;
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/tem.mjs'), '--db', file, 'user', 'add', 'olivia', '--password-stdin'], { input: 'owner-pass-1\n', env, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    db = openDb(file);
    const added = doorsSince(db, from);
    expect(doorsOf(added)).toEqual(['cli']);
    expect(added.map((x) => x.table_name)).toContain('users');
    db.close();
  }, 120_000);
});
