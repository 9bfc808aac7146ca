// `tem serve --hosted` on a free port, reached the way a TLS reverse proxy reaches it: the Host of the public URL,
// X-Forwarded-Proto and X-Forwarded-For. Believed only with --trust-proxy; sign-ins limited per client address;
// staff and client logins under the same access rules as every other door.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/open.ts';
import { call, client, makeCtx, type Ctx } from '../../api/index.ts';
import { anonymousCtx, resolveSession } from '../../api/auth/sessions.ts';
import { serveCommand } from '../../cli/commands/serve.ts';
import { UsageError } from '../../cli/io.ts';
import { tempDir, seedAccount } from '../support/api.ts';

const PUBLIC = 'https://tem.example.com';
const PUBLIC_HOST = 'tem.example.com';
const MONTH = '2026-03';

let tmp: ReturnType<typeof tempDir>;
let db: Db;

interface Served {
  /** the loopback port the server listens on */
  port: number;
  out: string;
  err: string;
  stop(): Promise<void>;
}

/** Runs `tem serve ARGS` in process until stop(); resolves once it printed where it listens. */
async function serve(args: string[]): Promise<Served> {
  let out = '';
  let err = '';
  let release!: () => void;
  const stopped = new Promise<void>((r) => (release = r));
  const ctx = makeCtx(db, 'hosted', 'cli');
  const done = serveCommand(ctx, args, { out: (s) => void (out += s), err: (s) => void (err += s) }, stopped);
  const started = Date.now();
  while (!/listening on|running at/.test(out)) {
    if (Date.now() - started > 10_000) throw new Error(`tem serve printed nothing:\n${out}\n${err}`);
    await Promise.race([done, new Promise((r) => setTimeout(r, 20))]);
  }
  const port = Number(/:(\d+)\//.exec(out)![1]);
  return {
    port,
    get out() {
      return out;
    },
    get err() {
      return err;
    },
    stop: async () => {
      release();
      await done;
    },
  };
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** POST /api/<method> to 127.0.0.1:port with any Host and headers (fetch may not set Host; a proxy does). */
function post(port: number, method: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/${method}`, headers: { host: PUBLIC_HOST, 'content-type': 'application/json', 'x-tem': '1', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const sessionCookie = (a: Answer) => ((a.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('tem_session='));
const jar = (a: Answer) => sessionCookie(a)!.split(';')[0]!;

let trusted: Served;
let untrusted: Served;
let alpha: string;

beforeAll(async () => {
  tmp = tempDir();
  db = openDb(join(tmp.dir, 'hosted.db'));
  // The book is made in process; the HTTP door only signs people in and answers them.
  const setup = await call(anonymousCtx(db, 'http'), 'auth.setup', { company_name: 'Hosted Brokers', name: 'owner', password: 'owner-password' });
  const s = resolveSession(db, setup.session!, 'http');
  if (!s.ok) throw new Error('no owner session');
  const owner: Ctx = s.ctx;
  const t = { db, ctx: owner, api: client(owner) };
  const a = await seedAccount(t, { customer: 'Alpha Clinic', account: 'A-100', expected: 10_000 });
  await seedAccount(t, { customer: 'Zulu Schools', account: 'Z-900', expected: 20_000 });
  alpha = a.customer.id;
  const viewers = await Promise.all((['tem', 'crm', 'inventory'] as const).map((module) => call(owner, 'securityGroups.save', { module, name: `View ${module}`, permissions: ['view'] })));
  const group_ids = viewers.map((g) => g.id);
  const modules = ['tem', 'crm', 'inventory'] as const;
  await call(owner, 'users.create', { name: 'clerk', password: 'clerk-password', kind: 'staff', modules: [...modules], confirm: true, group_ids });
  await call(owner, 'users.create', { name: 'alpha-client', password: 'alpha-password', kind: 'client', customer_ids: [alpha], modules: [...modules], confirm: true, group_ids });
  // A proxy on another machine (a container) reaches 0.0.0.0; with --trust-proxy that is no cause for a warning.
  trusted = await serve(['--hosted', '--public-url', PUBLIC, '--trust-proxy', '--host', '0.0.0.0', '--port', '0']);
  untrusted = await serve(['--hosted', '--public-url', PUBLIC, '--port', '0']);
}, 120_000);

afterAll(async () => {
  await trusted?.stop();
  await untrusted?.stop();
  db?.close();
  tmp?.cleanup();
});

describe('tem serve --hosted', () => {
  it('prints where it listens and the public URL, and warns only where the proxy is not trusted', () => {
    expect(trusted.out).toBe(`TEM desk (hosted) is listening on http://0.0.0.0:${trusted.port}/\nPublic URL: https://tem.example.com/\nDatabase: ${db.file}\nPress Ctrl+C to stop.\n`);
    expect(trusted.err).toBe('');
    expect(untrusted.out).toMatch(/^TEM desk \(hosted\) is listening on http:\/\/127\.0\.0\.1:\d+\/\nPublic URL: https:\/\/tem\.example\.com\/\n/);
    expect(untrusted.err).toContain('without --trust-proxy');
  });

  it('refuses hosted options that do not fit, naming the option', async () => {
    const ctx = makeCtx(db, 'hosted', 'cli');
    const io = { out: () => {}, err: () => {} };
    const refused = (args: string[]) => serveCommand(ctx, args, io, Promise.resolve()).then(() => null, (e: Error) => e);
    expect(await refused(['--hosted'])).toEqual(new UsageError('--hosted needs --public-url URL, the address people open through the proxy (e.g. https://tem.example.com)'));
    expect(await refused(['--trust-proxy'])).toBeInstanceOf(UsageError);
    expect(await refused(['--hosted', '--public-url', 'https://tem.example.com/tem'])).toEqual(
      new UsageError('--public-url "https://tem.example.com/tem" must be the root of a host (like https://tem.example.com): TEM desk is not served under a path'),
    );
    expect(await refused(['--hosted', '--public-url', 'tem.example.com'])).toEqual(new UsageError('--public-url "tem.example.com" is not a URL; give the address people open, e.g. https://tem.example.com'));
  });

  it('answers for the public host name and refuses an unknown one', async () => {
    expect((await post(trusted.port, 'auth.status', {})).status).toBe(200);
    expect((await post(trusted.port, 'auth.status', {}, { host: 'tem.example.com:443' })).status).toBe(200);
    const other = await post(trusted.port, 'auth.status', {}, { host: 'evil.example.net' });
    expect(other.status).toBe(421);
    expect(other.body).toEqual({ error: { code: 'forbidden', message: 'This server does not answer for host "evil.example.net"' } });
    // A browser's POST carries the page's origin: the public URL's is ours, another site's is not.
    expect((await post(untrusted.port, 'auth.status', {}, { origin: PUBLIC })).status).toBe(200);
    expect((await post(trusted.port, 'auth.status', {}, { origin: 'https://evil.example.net' })).status).toBe(403);
  });

  it('marks the session cookie Secure when a trusted proxy says the browser used https, and only then', async () => {
    const viaTls = await post(trusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '192.0.2.1' });
    expect(viaTls.status).toBe(200);
    expect(sessionCookie(viaTls)).toMatch(/^tem_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
    const plain = await post(trusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, { 'x-forwarded-for': '192.0.2.1' });
    expect(sessionCookie(plain)).toMatch(/; SameSite=Strict$/);
    // Without --trust-proxy anyone could send the header, so it means nothing.
    const spoofed = await post(untrusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, { 'x-forwarded-proto': 'https' });
    expect(spoofed.status).toBe(200);
    expect(sessionCookie(spoofed)).toMatch(/^tem_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('refuses the 11th sign-in within a minute from one address with 429 rate_limited, whatever the account', async () => {
    const from = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.23' };
    for (let i = 1; i <= 10; i++) {
      const r = await post(trusted.port, 'auth.signIn', { name: `nobody-${i}`, password: 'guess-guess' }, from);
      expect(r.status, `attempt ${i}`).toBe(401);
    }
    const eleventh = await post(trusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, from);
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.code).toBe('rate_limited');
    expect(eleventh.body.error.message).toMatch(/^Too many sign-in attempts from 198\.51\.100\.23 \(at most 10 a minute\); try again in (5\d|60) seconds\.$/);
    const wait = Number(eleventh.headers['retry-after']);
    expect(wait).toBeGreaterThan(50);
    expect(wait).toBeLessThanOrEqual(60);
    expect(sessionCookie(eleventh)).toBeUndefined();
    // The address our proxy appended is the one that counts; what the client put before it proves nothing.
    const disguised = await post(trusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, { 'x-forwarded-for': '10.9.8.7, 198.51.100.23' });
    expect(disguised.status).toBe(429);
    // Another address is not held back, and the account itself was never locked.
    const other = await post(trusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, { 'x-forwarded-for': '198.51.100.24' });
    expect(other.status).toBe(200);
  });

  it('without --trust-proxy counts the socket address, so a made-up X-Forwarded-For does not get around the limit', async () => {
    // One sign-in from 127.0.0.1 went to this server above; nine more fill the minute.
    for (let i = 2; i <= 10; i++) {
      const r = await post(untrusted.port, 'auth.signIn', { name: `nobody-${i}`, password: 'guess-guess' }, { 'x-forwarded-for': `203.0.113.${i}` });
      expect(r.status, `attempt ${i}`).toBe(401);
    }
    const eleventh = await post(untrusted.port, 'auth.signIn', { name: 'clerk', password: 'clerk-password' }, { 'x-forwarded-for': '203.0.113.99' });
    expect(eleventh.status).toBe(429);
    expect(eleventh.body.error.message).toMatch(/^Too many sign-in attempts from 127\.0\.0\.1 /);
    // First run (auth.setup) checks a password too and is limited the same way.
    expect((await post(untrusted.port, 'auth.setup', { company_name: 'X', name: 'x', password: 'x-password' })).body.error.code).toBe('rate_limited');
  });

  it('serves a client login only its own customer, and staff everything they may see', async () => {
    const signIn = async (name: string, password: string, address: string) => {
      const r = await post(trusted.port, 'auth.signIn', { name, password }, { 'x-forwarded-proto': 'https', 'x-forwarded-for': address });
      expect(r.status, `${name} signs in`).toBe(200);
      return jar(r);
    };
    const clientJar = await signIn('alpha-client', 'alpha-password', '192.0.2.50');
    const staffJar = await signIn('clerk', 'clerk-password', '192.0.2.51');
    const as = (cookie: string, method: string, input: unknown) => post(trusted.port, method, input, { cookie, 'x-forwarded-proto': 'https', origin: PUBLIC });

    const customers = await as(clientJar, 'customers.list', {});
    expect(customers.status).toBe(200);
    expect(customers.body.map((c: { name: string }) => c.name)).toEqual(['Alpha Clinic']);
    const check = await as(clientJar, 'month.check', { month: MONTH });
    expect(check.status).toBe(200);
    expect(JSON.stringify(check.body)).toContain('A-100');
    expect(JSON.stringify(check.body)).not.toContain('Z-900');
    const write = await as(clientJar, 'customers.create', { name: 'Sneaky' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('forbidden');

    const staffCustomers = await as(staffJar, 'customers.list', {});
    expect(staffCustomers.body.map((c: { name: string }) => c.name).sort()).toEqual(['Alpha Clinic', 'Zulu Schools']);
    const staffCheck = await as(staffJar, 'month.check', { month: MONTH });
    expect(JSON.stringify(staffCheck.body)).toContain('Z-900');
    // No cookie, no answer.
    expect((await post(trusted.port, 'customers.list', {})).status).toBe(401);
  });
});
