// The HTTP door without a browser: every contract method through call(), errors mapped to statuses, bytes on the
// wire, the change stream, the static renderer with its CSP, and the guards a localhost server needs.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDb, type Db } from '../../db/open.ts';
import { startServer, type RunningServer } from '../../server/index.ts';
import { ownerCookie, cookieHeader } from '../support/auth.ts';
import { toWire, fromWire } from '../../api/wire.ts';
import { BOOK_CSV, MONTH, bytes } from './support.ts';

let dir: string;
let db: Db;
let server: RunningServer;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

// The calls run as the install's owner, signed in through a session cookie (tests/support/auth.ts).
let session = '';
const call = (method: string, input: unknown, headers: Record<string, string> = {}) =>
  raw('POST', `/api/${method}`, { 'content-type': 'application/json', 'x-tem': '1', cookie: cookieHeader(session), ...headers }, toWire(input));
const json = (a: Answer) => fromWire(a.body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tem-http-'));
  const www = join(dir, 'www');
  mkdirSync(join(www, 'assets'), { recursive: true });
  writeFileSync(join(www, 'index.html'), '<!doctype html><title>TEM desk</title>');
  writeFileSync(join(www, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');
  db = openDb(join(dir, 'http.db'));
  server = await startServer({ db, actor: 'http-test', port: 0, staticDir: www, pollMs: 50 });
  session = await ownerCookie(db);
});

afterAll(async () => {
  await server?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tem serve over HTTP', () => {
  it('listens on 127.0.0.1 on the port it picked', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it('imports a book sent as {"$bytes": base64} and answers a month check', async () => {
    const imported = await call('import.book', { file_name: 'book.csv', data: bytes(BOOK_CSV) });
    expect(imported.status).toBe(200);
    expect(json(imported)).toMatchObject({ rows_imported: 10, changed: true });
    const check = json(await call('month.check', { month: MONTH }));
    expect(check.rows).toHaveLength(10);
    expect(check.totals).toMatchObject({ accounts: 10, entered: 0, missing: 10 });
  });

  it('maps API errors to 400, 404 and 409 with {error: {code, message, details}}', async () => {
    const bad = await call('actuals.setMany', { locale: 'en-US', items: [{ account_id: 'nope', month: MONTH, amount: 'Hello' }] });
    expect(bad.status).toBe(400);
    expect(json(bad).error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('none was'), details: [{ index: 0, value: 'Hello' }] });
    const schema = await call('month.check', { month: '2026-13' });
    expect(schema.status).toBe(400);
    expect(json(schema).error.message).toMatch(/month/);
    expect((await call('no.such.method', {})).status).toBe(404);
    expect((await call('customers.get', { id: 'missing' })).status).toBe(404);
    const c = json(await call('customers.create', { name: 'Gone Co' }));
    await call('customers.retire', { id: c.id });
    const conflict = await call('customers.update', { id: c.id, patch: { name: 'Back' } });
    expect(conflict.status).toBe(409);
    expect(json(conflict).error.code).toBe('conflict');
    expect((await raw('POST', '/api/month.check', { 'content-type': 'application/json', 'x-tem': '1' }, '{not json')).status).toBe(400);
  });

  it('refuses foreign hosts (DNS rebinding), requests without X-TEM, foreign origins and form posts', async () => {
    const host = `127.0.0.1:${server.port}`;
    expect((await call('customers.list', {}, { host: `evil.example:${server.port}` })).status).toBe(421);
    expect((await raw('GET', '/', { host: 'evil.example' })).status).toBe(421);
    expect((await call('customers.list', {}, { host: `localhost:${server.port}` })).status).toBe(200);
    const noHeader = await raw('POST', '/api/customers.create', { 'content-type': 'application/json' }, '{"name":"Intruder"}');
    expect(noHeader.status).toBe(403);
    expect((await call('customers.create', { name: 'Intruder' }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('customers.create', { name: 'Intruder' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await raw('POST', '/api/customers.create', { 'content-type': 'text/plain', 'x-tem': '1' }, '{"name":"Intruder"}')).status).toBe(415);
    expect((await call('customers.list', {}, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    const names = (json(await call('customers.list', { include_retired: true })) as unknown as { name: string }[]).map((c) => c.name);
    expect(names).not.toContain('Intruder');
  });

  it('serves the renderer with a strict CSP, index.html for app paths, and nothing outside its folder', async () => {
    const page = await raw('GET', '/', {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>TEM desk</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await raw('GET', '/month/2026-03', {})).body).toContain('<title>TEM desk</title>');
    const asset = await raw('GET', '/assets/app.js', {});
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await raw('GET', '/assets/missing.js', {})).status).toBe(404);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const r = await raw('GET', path, {});
      expect(r.body).not.toContain('secret');
    }
  });

  it('streams a change notice to every open window after a write, and after a write by another process', async () => {
    const events: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/api/events', headers: { cookie: cookieHeader(session) } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (d: string) => {
          events.push(d);
          const all = events.join('');
          if (all.includes('"actuals.set"') && all.includes('"method":null')) {
            req.destroy();
            resolve();
          }
        });
      });
      req.on('error', (e) => (e.message.includes('aborted') || e.message.includes('socket hang up') ? resolve() : reject(e)));
      req.end();
    });
    await new Promise((r) => setTimeout(r, 100));
    const check = json(await call('month.check', { month: MONTH }));
    const set = json(await call('actuals.set', { account_id: check.rows[0].account_id, month: MONTH, amount: '1.00' }));
    // Another connection (as a CLI import would be) changes the file: noticed through data_version.
    const other = new Database(join(dir, 'http.db'));
    other.prepare("UPDATE customers SET notes = 'x'").run();
    other.close();
    await done;
    const all = events.join('');
    expect(all).toContain('event: changed');
    expect(all).toContain(`"batch_id":"${set.batch_id}"`);
    expect(all).toContain('"door":"http"');
  });
});
