// `tem sync link|now|status|unlink` against a hosted instance on a loopback port.
import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { tem } from '../support/cli.ts';
import { tempDir } from '../support/api.ts';
import { openDb } from '../../db/open.ts';
import { overHttp, node, dump, OWNER } from './sync-setup.ts';
import { startServer } from '../../server/index.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function book(n: number, prefix: string): string {
  const lines = ['customer,location,carrier,account,service,expected'];
  for (let i = 0; i < n; i++) lines.push(`Customer ${i % 5},Main,Carrier ${i % 2},${prefix}${String(i).padStart(5, '0')},Line ${i},${100 + i}.25`);
  return lines.join('\n') + '\n';
}

describe('tem sync', () => {
  it('links two desks, syncs a book between them with progress, reports status and unlinks keeping the data', async () => {
    const world = await overHttp(node('server', join(tmp.dir, 'hosted.db')));
    try {
      const a = join(tmp.dir, 'a.db');
      const b = join(tmp.dir, 'b.db');
      const csv = join(tmp.dir, 'book.csv');
      (await import('node:fs')).writeFileSync(csv, book(300, 'C'));
      expect((await tem('--db', a, 'import', 'book', csv)).code).toBe(0);

      const base = await hostedUrl(world);
      const withUser = base.credentials ? ['--user', OWNER.name] : [];
      process.env.TEM_SYNC_PASSWORD = OWNER.password;
      const linked = await tem('--db', a, 'sync', 'link', base.url, ...withUser);
      expect(linked.err).toBe('');
      expect(linked.out).toMatch(new RegExp(`^Linked to ${base.url.replace(/[.]/g, '\\.')}${base.credentials ? ' as owner' : ''}\\. [\\d,]+ changes of this desk are waiting`));
      const first = await tem('--db', a, 'sync', 'now');
      expect(first.code).toBe(0);
      // The summary counts what the progress lines count: changes sent, and entries of the hosted instance's log
      // read (of which only the changes made elsewhere come down; this desk's own stay out).
      const summary = /^Sent ([\d,]+) changes; read ([\d,]+) entries of the hosted instance's log and fetched ([\d,]+) changes? made elsewhere(; the other entries are this desk's own or stay on the hosted instance)?\.\n$/;
      const lines = (err: string) => err.trim().split('\n');
      const m1 = summary.exec(first.out)!;
      expect(m1).not.toBeNull();
      expect(lines(first.err).at(-2)).toBe(`sent ${m1[1]} of ${m1[1]} changes (100%)`);
      expect(lines(first.err).at(-1)).toBe(`read ${m1[2]} of ${m1[2]} entries of the hosted instance's log (100%)`);
      expect(Number(m1[1]!.replace(/,/g, ''))).toBeGreaterThan(300);
      // The first desk's own changes are most of what it read back, and they do not come down again.
      expect(m1[4]).toBeDefined();
      expect(Number(m1[3]!.replace(/,/g, ''))).toBeLessThan(Number(m1[1]!.replace(/,/g, '')));

      expect((await tem('--db', b, 'sync', 'link', base.url, ...withUser)).code).toBe(0);
      const second = await tem('--db', b, 'sync', 'now');
      const m2 = summary.exec(second.out)!;
      expect(m2).not.toBeNull();
      expect(lines(second.err).at(-1)).toBe(`read ${m2[2]} of ${m2[2]} entries of the hosted instance's log (100%)`);
      // The second desk fetches the first desk's changes and what the hosted instance made itself.
      expect(Number(m2[3]!.replace(/,/g, ''))).toBe(Number(m1[1]!.replace(/,/g, '')) + Number(m1[3]!.replace(/,/g, '')));
      const again = await tem('--db', b, 'sync', 'now');
      expect(again.out).toMatch(/^Sent [\d,]+ changes?; (nothing new on the hosted instance|read [\d,]+ entr(y|ies) of the hosted instance's log and fetched 0 changes made elsewhere; the other entries are this desk's own or stay on the hosted instance)\.\n$/);
      const status = await tem('--db', b, 'sync', 'status');
      expect(status.out).toContain(`Linked to ${base.url}`);
      expect(status.out).toContain('Waiting to be sent: 0 changes.');
      const json = JSON.parse((await tem('--db', b, 'sync', 'status', '--format', 'json')).out);
      expect(json).toMatchObject({ linked: true, url: base.url, pending: 0, not_applied: 0 });

      const [da, db] = [openDb(a), openDb(b)];
      expect(dump(db)).toEqual(dump(da));
      expect(db.sqlite.prepare('SELECT count(*) FROM billing_accounts').pluck().get()).toBe(300);
      da.close();
      db.close();

      if (base.credentials) {
        // Without the session from signing in, the hosted instance answers nothing.
        const { httpCall } = await import('../../api/sync/transport.ts');
        await expect(httpCall(base.url, 'sync.pull', { node: json.node, after: 0 }, null)).rejects.toMatchObject({ code: 'unauthenticated' });
        process.env.TEM_SYNC_PASSWORD = 'not the password';
        const wrong = await tem('--db', join(tmp.dir, 'd.db'), 'sync', 'link', base.url, '--user', OWNER.name);
        expect(wrong.code).toBe(1);
        expect(wrong.err).toMatch(/^tem: The hosted instance refused auth\.signIn: /);
        const notLinked = openDb(join(tmp.dir, 'd.db'));
        expect(notLinked.sqlite.prepare("SELECT count(*) FROM sync_state WHERE key = 'remote_url'").pluck().get()).toBe(0);
        notLinked.close();
      }
      const unlinked = await tem('--db', b, 'sync', 'unlink');
      expect(unlinked.out).toBe(`Unlinked from ${base.url}. Every row and its history stay on this desk.\n`);
      const after = openDb(b);
      expect(after.sqlite.prepare('SELECT count(*) FROM billing_accounts').pluck().get()).toBe(300);
      after.close();
      expect((await tem('--db', b, 'sync', 'now')).err).toBe('tem: This desk is not linked to a hosted instance: link it first (tem sync link URL)\n');
      expect((await tem('--db', b, 'sync', 'link')).code).toBe(2);
      expect((await tem('--db', b, 'sync', 'frobnicate')).err).toContain('sync needs link, now, status or unlink, not "frobnicate"');
    } finally {
      delete process.env.TEM_SYNC_PASSWORD;
      await world.close();
    }
  }, 60_000);

  it('says clearly when the hosted instance cannot be reached', async () => {
    const s = await startServer({ db: openDb(':memory:'), actor: 'x', port: 0, staticDir: '/nonexistent' });
    const dead = s.url;
    await s.close();
    const r = await tem('--db', join(tmp.dir, 'c.db'), 'sync', 'link', dead);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^tem: The hosted instance at ${dead.replace(/[.]/g, '\\.')} cannot be reached`));
  });
});

/** The hosted instance's address, and whether it asks for sign-in. */
async function hostedUrl(world: Awaited<ReturnType<typeof overHttp>>) {
  return { url: world.url!, credentials: world.credentials };
}
