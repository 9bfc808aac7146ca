// The web door's sign-in: an HttpOnly, SameSite=Strict session cookie (Secure behind TLS), the token never in a
// page's reach, and every call without a session refused with 401 and the reason.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/open.ts';
import { startServer, type RunningServer } from '../../server/index.ts';
import { tempDir } from '../support/api.ts';

let tmp: ReturnType<typeof tempDir>;
let db: Db;
let server: RunningServer;

const post = (method: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-tem': '1', ...headers }, body: JSON.stringify(body) });
const cookieOf = (res: Response) => res.headers.getSetCookie().find((c) => c.startsWith('tem_session='))!;

beforeAll(async () => {
  tmp = tempDir();
  db = openDb(join(tmp.dir, 'http.db'));
  server = await startServer({ db, actor: 'server', port: 0, staticDir: '/nonexistent' });
});
afterAll(async () => {
  await server?.close();
  db?.close();
  tmp?.cleanup();
});

describe('sign-in over HTTP', () => {
  it('refuses every method but sign-in and first run without a session, and closes the change feed', async () => {
    const r = await post('month.check', { month: '2026-03' });
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ error: { code: 'unauthenticated', message: 'Please sign in first.' } });
    expect((await fetch(`${server.url}api/events`)).status).toBe(401);
    expect(await (await post('auth.status', {})).json()).toMatchObject({ setup_needed: true, me: null });
  });

  it('sets the session as an HttpOnly, SameSite=Strict cookie and keeps the token out of the answer', async () => {
    const r = await post('auth.setup', { company_name: 'Web Co', name: 'olivia', password: 'owner-pass-1' });
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ me: { name: 'olivia', owner: true } });
    expect(body).not.toHaveProperty('session');
    const cookie = cookieOf(r);
    expect(cookie).toMatch(/^tem_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    const jar = cookie.split(';')[0]!;
    expect(await (await post('auth.me', {}, { cookie: jar })).json()).toMatchObject({ name: 'olivia' });
    expect((await post('month.check', { month: '2026-03' }, { cookie: jar })).status).toBe(200);
    // Signing out ends the session and clears the cookie; the old token no longer works.
    const out = await post('auth.signOut', {}, { cookie: jar });
    expect(cookieOf(out)).toBe('tem_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    const after = await post('month.check', { month: '2026-03' }, { cookie: jar });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: { code: 'unauthenticated', message: 'You signed out; please sign in again.' } });
  });

  it('does not believe a forwarded https from a proxy it was not told to trust', async () => {
    // Without --trust-proxy anyone could claim TLS; the Secure cookie behind a trusted proxy is in hosted-serve.test.ts.
    const r = await post('auth.signIn', { name: 'olivia', password: 'owner-pass-1' }, { 'x-forwarded-proto': 'https' });
    expect(cookieOf(r)).toMatch(/; HttpOnly; SameSite=Strict$/);
  });

  it('answers a wrong password with 401 and no cookie', async () => {
    const r = await post('auth.signIn', { name: 'olivia', password: 'nope-nope' });
    expect(r.status).toBe(401);
    expect(r.headers.getSetCookie()).toEqual([]);
    expect(await r.json()).toEqual({ error: { code: 'unauthenticated', message: 'The user name or password is not right, or the account is locked for 15 minutes after 5 failed sign-ins in a row (an administrator can reset the password).' } });
  });
});

describe('the change feed for a client login', () => {
  /** Opens /api/events with a cookie and collects what arrives until `until` matches or the time runs out. */
  function feed(jar: string) {
    const ctl = new AbortController();
    let text = '';
    const ready = fetch(`${server.url}api/events`, { headers: { cookie: jar }, signal: ctl.signal }).then(async (res) => {
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      void (async () => {
        for (;;) {
          const r = await reader.read().catch(() => ({ done: true, value: undefined }));
          if (r.done) return;
          text += dec.decode(r.value, { stream: true });
        }
      })();
    });
    return {
      ready,
      text: () => text,
      async until(p: (t: string) => boolean) {
        for (let i = 0; i < 100 && !p(text); i++) await new Promise((r) => setTimeout(r, 50));
        return text;
      },
      close: () => ctl.abort(),
    };
  }

  it("tells a client only that something changed, never the method, batch, door or who wrote; staff get all of it", async () => {
    const owner = cookieOf(await post('auth.signIn', { name: 'olivia', password: 'owner-pass-1' })).split(';')[0]!;
    const customer = (await (await post('customers.create', { name: 'Feed Clinic' }, { cookie: owner })).json()) as { id: string };
    const made = await post('users.create', { name: 'feed-client', password: 'feed-client-pw', kind: 'client', customer_ids: [customer.id], modules: ['crm'], confirm: true }, { cookie: owner });
    expect(made.status).toBe(200);
    const clientJar = cookieOf(await post('auth.signIn', { name: 'feed-client', password: 'feed-client-pw' })).split(';')[0]!;
    const staff = feed(owner);
    const client = feed(clientJar);
    await Promise.all([staff.ready, client.ready]);
    await Promise.all([staff.until((t) => t.includes('event: ready')), client.until((t) => t.includes('event: ready'))]);
    const other = (await (await post('customers.create', { name: 'Somebody Else Ltd' }, { cookie: owner })).json()) as { id: string };
    expect(other.id).toMatch(/^[0-9a-f-]{36}$/);
    const full = await staff.until((t) => t.includes('"customers.create"'));
    const bare = await client.until((t) => t.includes('event: changed'));
    staff.close();
    client.close();
    expect(full).toContain('"method":"customers.create"');
    expect(full).toContain('"actor":"olivia"');
    expect(full).toContain('"door":"http"');
    const notices = bare.split('\n').filter((l) => l.startsWith('data: {"method"'));
    expect(notices.length).toBeGreaterThan(0);
    for (const n of notices) expect(n).toMatch(/^data: \{"method":null,"batch_id":null,"door":null,"actor":null,"at":"\d{4}-\d\d-\d\dT[\d:.]+Z"\}$/);
    expect(bare).not.toContain('olivia');
    expect(bare).not.toContain('customers.create');
  });
});
