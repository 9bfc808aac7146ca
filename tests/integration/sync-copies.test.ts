// Two databases never act as one node. A node id belongs to the file it was made in: a copy (tem backup, cp, a
// backup in backups/) takes a new node id before it writes or syncs anything, so desks made from one backup get each
// other's changes. Copies made before that (same node id in two files) are refused by the hosted instance, on
// SQLite and on PostgreSQL, until each links again; then both have everything. A desk restored in place keeps its
// node and keeps sending every new change. And `tem sync link URL --user NAME` on a desk with several users says
// where the desk's own user goes.
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, tempDir } from '../support/api.ts';
import { openDb } from '../../db/open.ts';
import { backupFile } from '../../db/backup.ts';
import { nodeId, readState } from '../../api/sync/clock.ts';
import { inProcess, pgInProcess, node, dump, changeIds, at, MONTH, type Node, type World } from './sync-setup.ts';
import { withPostgres } from '../support/pg.ts';

type MakeWorld = (server?: Node) => Promise<World>;
const onPg = withPostgres('the sync copy tests');
const hubs: [string, MakeWorld][] = [['SQLite', inProcess], ...(onPg ? [['PostgreSQL', pgInProcess] as [string, MakeWorld]] : [])];

const tmp = tempDir();
afterAll(() => tmp.cleanup());

const BOOK = ['customer,location,carrier,account,service,expected', 'Springfield Schools,Main,Acme,A-100,Fiber,100.00', 'Shelbyville Library,Main,Acme,B-200,Fiber,200.00'].join('\n') + '\n';
const amounts = (n: Node) => n.db.sqlite.prepare("SELECT a.account_number || '=' || t.amount_cents FROM actuals t JOIN billing_accounts a ON a.id = t.billing_account_id ORDER BY 1").pluck().all();
const accountId = (n: Node, number: string) => n.db.sqlite.prepare('SELECT id FROM billing_accounts WHERE account_number = ?').pluck().get(number) as string;

/** The web database with the book, and its node id. */
async function webBook(file: string) {
  const web = node('olivia', file);
  web.clock(at('08:00'));
  await web.api('import.book', { file_name: 'book.csv', data: new TextEncoder().encode(BOOK) });
  const id = nodeId(web.db.sqlite);
  web.db.close();
  return id;
}

describe.each(hubs)('two desks made from one backup (hosted on %s)', (hub, makeWorld) => {
  it('are two nodes, and after syncing twice each holds both values', async () => {
    const world = await makeWorld();
    const web = join(tmp.dir, `web-${hub}.db`);
    const webNode = await webBook(web);
    // tem --db web.db backup --out desk1.db, and again --out desk2.db
    await backupFile(web, join(tmp.dir, `desk1-${hub}.db`));
    await backupFile(web, join(tmp.dir, `desk2-${hub}.db`));
    const d1 = node('olivia', join(tmp.dir, `desk1-${hub}.db`));
    const d2 = node('olivia', join(tmp.dir, `desk2-${hub}.db`));
    // desk 2 enters its bill before it is linked: it is sent all the same
    d2.clock(at('09:00'));
    await d2.api('actuals.set', { account_id: accountId(d2, 'B-200'), month: MONTH, amount: '222.00' });
    await world.link(d1);
    await world.link(d2);
    const ids = [nodeId(d1.db.sqlite), nodeId(d2.db.sqlite)];
    expect(new Set([webNode, ...ids]).size).toBe(3);
    d1.clock(at('09:05'));
    await d1.api('actuals.set', { account_id: accountId(d1, 'A-100'), month: MONTH, amount: '111.00' });
    for (let round = 0; round < 2; round++) for (const d of [d1, d2]) await world.sync(d);
    for (const d of [d1, d2, world.server]) expect(amounts(d)).toEqual(['A-100=11100', 'B-200=22200']);
    expect(dump(d1.db)).toEqual(dump(world.server.db));
    expect(dump(d2.db)).toEqual(dump(world.server.db));
    expect(changeIds(d1.db)).toEqual(changeIds(d2.db));
    // the book the web database made, once on the hosted instance (sent by both desks under the web database's id)
    const webChanges = world.server.db.sqlite.prepare('SELECT count(*) FROM sync_changes WHERE node = ?').pluck().get(webNode) as number;
    expect(webChanges).toBe(d1.db.sqlite.prepare('SELECT count(*) FROM sync_changes WHERE node = ?').pluck().get(webNode));
    d1.db.close();
    d2.db.close();
    await world.close();
  });

  it('a linked desk copied with cp goes on as a desk of its own, and both get every change', async () => {
    const world = await makeWorld();
    const file = join(tmp.dir, `linked-${hub}.db`);
    await webBook(file);
    let a = node('olivia', file);
    await world.link(a);
    await world.sync(a);
    const before = nodeId(a.db.sqlite);
    a.db.close();
    copyFileSync(file, join(tmp.dir, `linked-copy-${hub}.db`));
    a = node('olivia', file);
    const b = node('olivia', join(tmp.dir, `linked-copy-${hub}.db`));
    expect(nodeId(a.db.sqlite)).toBe(before);
    expect(nodeId(b.db.sqlite)).not.toBe(before);
    expect(readState(b.db.sqlite, 'remote_url')).not.toBeNull();
    a.clock(at('10:00'));
    await a.api('actuals.set', { account_id: accountId(a, 'A-100'), month: MONTH, amount: '1.00' });
    b.clock(at('10:01'));
    await b.api('actuals.set', { account_id: accountId(b, 'B-200'), month: MONTH, amount: '2.00' });
    for (let round = 0; round < 2; round++) for (const d of [a, b]) await world.sync(d);
    for (const d of [a, b]) expect(amounts(d)).toEqual(['A-100=100', 'B-200=200']);
    expect(dump(a.db)).toEqual(dump(b.db));
    a.db.close();
    b.db.close();
    await world.close();
  });

  it('copies that share a node id (made before node ids belonged to a file) are refused until each links again, then both have both values', async () => {
    const world = await makeWorld();
    const web = join(tmp.dir, `old-web-${hub}.db`);
    const webNode = await webBook(web);
    const files = [join(tmp.dir, `old-1-${hub}.db`), join(tmp.dir, `old-2-${hub}.db`)];
    const desks = files.map((f) => {
      copyFileSync(web, f);
      // as an older TEM desk left them: no file recorded with the node id, no install id
      const db = openDb(f);
      db.sqlite.prepare("DELETE FROM sync_state WHERE key IN ('node_file', 'install_id')").run();
      db.close();
      return node('olivia', f);
    });
    const [d1, d2] = desks as [Node, Node];
    expect(nodeId(d1.db.sqlite)).toBe(webNode);
    expect(nodeId(d2.db.sqlite)).toBe(webNode);
    await world.link(d1);
    await world.link(d2);
    d1.clock(at('09:00'));
    await d1.api('actuals.set', { account_id: accountId(d1, 'A-100'), month: MONTH, amount: '111.00' });
    d2.clock(at('09:01'));
    await d2.api('actuals.set', { account_id: accountId(d2, 'B-200'), month: MONTH, amount: '222.00' });
    await world.sync(d1);
    const refusal = `node ${webNode} is used by two databases`;
    await expect(world.sync(d2)).rejects.toThrow(refusal);
    // the first one too, from now on: it would never fetch what the second made under that node id
    await expect(world.sync(d1)).rejects.toThrow(refusal);
    await expect(world.sync(d2)).rejects.toThrow(/run "tem sync link URL --user NAME --password-stdin" again and then "tem sync now"/);
    expect(amounts(world.server)).toEqual(['A-100=11100']);
    // The documented fix: link each again, sync.
    for (const d of [d1, d2]) await world.link(d);
    expect(nodeId(d1.db.sqlite)).not.toBe(nodeId(d2.db.sqlite));
    for (let round = 0; round < 2; round++) for (const d of [d1, d2]) await world.sync(d);
    for (const d of [d1, d2, world.server]) expect(amounts(d)).toEqual(['A-100=11100', 'B-200=22200']);
    expect(dump(d1.db)).toEqual(dump(world.server.db));
    expect(dump(d2.db)).toEqual(dump(world.server.db));
    d1.db.close();
    d2.db.close();
    await world.close();
  });

  it('a desk restored in place keeps its node and sends every change it makes after the restore', async () => {
    const world = await makeWorld();
    const file = join(tmp.dir, `restored-${hub}.db`);
    const backup = join(tmp.dir, `restored-backup-${hub}.db`);
    await webBook(file);
    let a = node('olivia', file);
    await world.link(a);
    await world.sync(a);
    a.db.sqlite.prepare('VACUUM INTO ?').run(backup);
    const node0 = nodeId(a.db.sqlite);
    // three changes sent after the backup: the hosted instance acknowledges sequences the restored desk reuses
    a.clock(at('09:00'));
    for (const amount of ['1.00', '2.00', '3.00']) await a.api('actuals.set', { account_id: accountId(a, 'A-100'), month: MONTH, amount });
    await world.sync(a);
    a.db.close();
    copyFileSync(backup, file);
    a = node('olivia', file);
    expect(nodeId(a.db.sqlite)).toBe(node0);
    a.clock(at('09:30'));
    await a.api('actuals.set', { account_id: accountId(a, 'B-200'), month: MONTH, amount: '20.00' });
    await world.sync(a);
    a.clock(at('09:31'));
    await a.api('actuals.set', { account_id: accountId(a, 'B-200'), month: MONTH, amount: '21.00' });
    const r = await world.sync(a);
    expect(r.pushed.applied).toBe(1);
    expect(amounts(world.server)).toEqual(['A-100=300', 'B-200=2100']);
    // linking again fetches what the desk had sent before it was restored
    await world.link(a);
    await world.sync(a);
    expect(amounts(a)).toEqual(['A-100=300', 'B-200=2100']);
    expect(dump(a.db)).toEqual(dump(world.server.db));
    a.db.close();
    await world.close();
  });
});

describe('tem sync link --user NAME on a desk with several users', () => {
  it('says that the desk user goes before the command and shows the whole command', () => {
    const file = join(tmp.dir, 'several.db');
    const run = (args: string[], input: string) => {
      const env = { ...process.env };
      delete env.TEM_USER;
      delete env.TEM_SYNC_PASSWORD;
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/tem.mjs'), '--db', file, ...args], { input, env, encoding: 'utf8', timeout: 60_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    expect(run(['user', 'add', 'olivia', '--password-stdin'], 'owner-pass-1\n').code).toBe(0);
    expect(run(['user', 'add', 'sam', '--password-stdin'], 'sam-pass-123\n').code).toBe(0);
    // the README's command, with the hosted instance's user after "sync link URL"
    const r = run(['sync', 'link', 'https://tem.example.com', '--user', 'olivia', '--password-stdin'], 'hosted-pass\n');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      'tem: this desk has several users: say which of them links it with --user NAME before the command (or TEM_USER=NAME); ' +
        'the --user olivia after "sync link URL" names the user on the hosted instance. For example:\n' +
        `  echo "$PASSWORD" | tem --db ${file} --user olivia sync link https://tem.example.com --user olivia --password-stdin\n` +
        '(the desk user must be an administrator of this desk, like its owner olivia; "tem --user olivia user list" lists its users)\n' +
        'Run "tem --help" for usage.\n',
    );
    // without a --user after the command the message is the general one
    expect(run(['sync', 'status'], '').err).toContain('this install has several users: say who runs the command with --user NAME or TEM_USER=NAME');
  });
});
