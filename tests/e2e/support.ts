// Browser tests run against `tem serve` on a temporary database (port 0) in Debian's Chromium, one browser per
// file. Seeding and reading back go through the same HTTP API the page uses.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { toWire, fromWire, API_HEADER } from '../../api/wire.ts';
import type { methods, MethodName } from '../../api/contract/index.ts';
import type { z } from 'zod';

export const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

type In<M extends MethodName> = z.input<(typeof methods)[M]['input']>;
type Out<M extends MethodName> = z.output<(typeof methods)[M]['output']>;

export interface TemServer {
  url: string;
  dir: string;
  /** Calls the API as the owner (signed in when the server started). */
  api<M extends MethodName>(method: M, input: In<M>): Promise<Out<M>>;
  /** The owner's session cookie value; openPage puts it into the browser so pages open signed in. */
  cookie: string;
  /** Signs a user in over HTTP and returns their session cookie value (for openPage's `cookie` option). */
  signIn(name: string, password: string): Promise<string>;
  stop(): Promise<void>;
}

/** The owner every browser test's server is set up with (first run), and their password. */
export const E2E_OWNER = 'e2e';
export const E2E_PASSWORD = 'e2e-owner-password';
const SESSION_COOKIE = 'tem_session';

/** Sign-in over HTTP: first run on a new database, else sign in as the owner. Returns the session cookie value. */
async function ownerSession(url: string): Promise<string> {
  const post = (method: string, input: unknown) =>
    fetch(`${url}api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', [API_HEADER]: '1' }, body: toWire(input) });
  const status = fromWire(await (await post('auth.status', {})).text()) as { setup_needed?: boolean };
  const res = status.setup_needed
    ? await post('auth.setup', { company_name: 'E2E Telecom Brokers', name: E2E_OWNER, password: E2E_PASSWORD })
    : await post('auth.signIn', { name: E2E_OWNER, password: E2E_PASSWORD });
  return sessionCookieOf(res);
}

function sessionCookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!res.ok || !set) throw new Error(`sign-in failed: ${res.status}`);
  return set.slice(SESSION_COOKIE.length + 1).split(';')[0]!;
}

/** Starts `tem serve --db <temp file> --port 0` and waits for the URL it prints. */
export async function startTem(opts: { db?: string; /** false: leave the first-run sign-up to the test */ signUp?: boolean } = {}): Promise<TemServer> {
  if (!existsSync(join(ROOT, 'out/renderer/index.html'))) throw new Error('The renderer is not built: run `npm run build` first (npm test does)');
  const dir = mkdtempSync(join(tmpdir(), 'tem-e2e-'));
  const db = opts.db ?? join(dir, 'e2e.db');
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/tem.mjs'), 'serve', '--db', db, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, TEM_USER: 'e2e' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`tem serve printed no URL in 20 s:\n${out}\n${stderr}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /https?:\/\/\S+/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[0]);
      }
    });
    child.once('exit', (code) => fail(new Error(`tem serve exited with ${code}:\n${stderr}`)));
  });
  let cookie = opts.signUp === false ? '' : await ownerSession(url);
  const api = async (method: string, input: unknown) => {
    const res = await fetch(`${url}api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [API_HEADER]: '1', cookie: `${SESSION_COOKIE}=${cookie}` },
      body: toWire(input),
    });
    const body = fromWire(await res.text()) as { error?: { message: string } };
    if (!res.ok) throw new Error(`${method}: ${res.status} ${body.error?.message}`);
    return body;
  };
  return {
    url,
    dir,
    api: api as TemServer['api'],
    get cookie() {
      return cookie;
    },
    set cookie(c: string) {
      cookie = c;
    },
    signIn: async (name, password) =>
      sessionCookieOf(
        await fetch(`${url}api/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', [API_HEADER]: '1' }, body: toWire({ name, password }) }),
      ),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh page with clipboard access, failing the test on any page error or CSP violation. */
export async function openPage(
  browser: Browser,
  server: TemServer,
  path = '',
  opts: { cookie?: string | null } = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Pages open signed in as the owner unless the test says otherwise (cookie: null opens the sign-in screen).
  const cookie = opts.cookie === undefined ? server.cookie : opts.cookie;
  if (cookie) await context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: server.url, httpOnly: true, sameSite: 'Strict' }]);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A refused paste is an expected 400 answer, which Chromium logs as a failed load.
    if (/Failed to load resource: .* 400 \(Bad Request\)/.test(m.text())) return;
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(server.url + path);
  return { page, problems };
}

export const bytes = (s: string) => new TextEncoder().encode(s);

export const MONTH = '2026-03';

/** Two customers, one carrier each, tolerance 5%: the accounts the tests key into, in the grid's order. */
export const BOOK_CSV = [
  'customer,location,carrier,account,service,expected,tolerance_pct',
  'Springfield Schools,Main,Acme Telecom,A-100,Fiber,1000.00,5',
  'Springfield Schools,Main,Acme Telecom,A-101,Fiber,500.00,5',
  'Springfield Schools,Main,Acme Telecom,A-102,Fiber,250.00,5',
  'Springfield Schools,Main,Acme Telecom,A-103,Fiber,1234.56,5',
  'Springfield Schools,Main,Acme Telecom,A-104,Credit line,-45.00,5',
  'Springfield Schools,Main,Acme Telecom,A-105,POTS,45.00,5',
  'Springfield Schools,Main,Acme Telecom,A-106,POTS,60.00,5',
  'Springfield Schools,Main,Acme Telecom,A-107,POTS,70.00,5',
  'Shelbyville Clinic,Annex,Bell Wireless,B-200,Wireless,300.00,5',
  'Shelbyville Clinic,Annex,Bell Wireless,B-201,Wireless,400.00,5',
].join('\r\n');

export async function seedBook(server: TemServer) {
  await server.api('import.book', { file_name: 'book.csv', data: bytes(BOOK_CSV) });
  const check = await server.api('month.check', { month: MONTH });
  const ids = Object.fromEntries(check.rows.map((r) => [r.account, r.account_id]));
  return { ids, check };
}

/** The stored actual of each account, in cents, read back through the API. */
export async function actuals(server: TemServer, accounts: string[]) {
  const check = await server.api('month.check', { month: MONTH });
  const byAccount = new Map(check.rows.map((r) => [r.account, r]));
  return accounts.map((a) => byAccount.get(a)?.actual_cents);
}

/** A browser with one page open at `path` (see openPage), its actions waiting at most `timeout` ms. */
export async function openBrowser(
  server: TemServer,
  path: string,
  opts: { timeout: number; cookie?: string | null },
): Promise<{ browser: Browser; page: Page; problems: string[] }> {
  const browser = await launchBrowser();
  try {
    const { page, problems } = await openPage(browser, server, path, { cookie: opts.cookie });
    page.setDefaultTimeout(opts.timeout);
    return { browser, page, problems };
  } catch (e) {
    await browser.close();
    throw e;
  }
}

/** Closes what a test file opened; either may be missing when the file's setup failed. */
export async function closeAll(browser: Browser | undefined, server: TemServer | undefined) {
  await browser?.close();
  await server?.stop();
}
