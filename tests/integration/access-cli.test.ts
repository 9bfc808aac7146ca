// The command line's users: `tem user add NAME --password-stdin [--admin]`, `tem user list`, and every command
// running as a named user (--user or TEM_USER), the owner by default on a single-user install.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, tempDir } from '../support/api.ts';
import { openDb } from '../../db/open.ts';
import { verifyPassword } from '../../core/auth.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { call, makeCtx } from '../../api/index.ts';

let tmp: ReturnType<typeof tempDir>;
let dbFile: string;

function tem(args: string[], opts: { input?: string; user?: string } = {}) {
  const env = { ...process.env };
  delete env.TEM_USER;
  if (opts.user) env.TEM_USER = opts.user;
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/tem.mjs'), '--db', dbFile, ...args], { input: opts.input ?? '', env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  tmp = tempDir();
  dbFile = join(tmp.dir, 'cli.db');
});
afterAll(() => tmp?.cleanup());

describe('tem user', () => {
  it('adds the owner first, then more users, and lists them', () => {
    expect(tem(['user', 'add', 'olivia', '--password-stdin', '--full-name', 'Olivia Owner'], { input: 'owner-pass-1\n' })).toMatchObject({ code: 0, out: 'Added olivia (owner of this install, administrator).\n' });
    // One user: commands run as the owner without saying so.
    expect(tem(['user', 'add', 'ann', '--password-stdin', '--admin'], { input: 'ann-pass-12\n' })).toMatchObject({ code: 0, out: 'Added ann (administrator).\n' });
    const refused = tem(['--user', 'olivia', 'user', 'add', 'bo', '--password-stdin', '--modules', 'tem'], { input: 'bo-pass-123\n' });
    expect(refused).toMatchObject({ code: 1, err: 'tem: Assigning Telecom Expense Management to bo uses a paid seat: confirm it with --confirm to go ahead\n' });
    expect(tem(['--user', 'olivia', 'user', 'add', 'bo', '--password-stdin', '--modules', 'tem', '--confirm'], { input: 'bo-pass-123\n' }).code).toBe(0);
    const list = tem(['user', 'list'], { user: 'ann' });
    expect(list.code).toBe(0);
    expect(list.out.split('\n')).toEqual([
      'Name    Full name     Kind   Role         Modules',
      'ann                   staff  admin',
      'bo                    staff               tem',
      'olivia  Olivia Owner  staff  owner admin  tem,inventory,crm',
      '',
    ].map((l) => l.trimEnd()));
    // The password went in as a scrypt hash of what was piped (without the newline).
    const db = openDb(dbFile);
    const row = db.sqlite.prepare("SELECT password_hash FROM users WHERE name = 'bo'").get() as { password_hash: string };
    db.close();
    expect(verifyPassword('bo-pass-123', row.password_hash)).toBe(true);
  });

  it('runs every command as a named user, refusing what that user may not do', () => {
    expect(tem(['user', 'list'])).toMatchObject({ code: 2, err: expect.stringContaining('this install has several users: say who runs the command with --user NAME or TEM_USER=NAME') });
    expect(tem(['--user', 'nobody', 'user', 'list'])).toMatchObject({ code: 2, err: expect.stringContaining('there is no user "nobody" in this database') });
    expect(tem(['--user', 'bo', 'user', 'list'])).toMatchObject({ code: 1, err: 'tem: bo may not call users.list: it needs the "administer" permission in Administration\n' });
    expect(tem(['check', '--month', '2026-03'], { user: 'bo' })).toMatchObject({ code: 1, err: 'tem: bo may not call month.check: it needs the "view" permission in Telecom Expense Management\n' });
    expect(tem(['check', '--month', '2026-03', '--format', 'json'], { user: 'ann' }).code).toBe(0);
  });
});

describe('tem as a client login', () => {
  it("lists only its customer's rows and is refused a write with a clear message", async () => {
    // Two customers with different bills, put in by the owner through the API on the same file.
    const db = openDb(dbFile);
    const owner = makeCtx(db, 'olivia', 'cli');
    const ids: Record<string, string> = {};
    for (const [name, number, amount] of [['Alpha Clinic', 'A-100', '1234.56'], ['Zulu Schools', 'Z-900', '9876.54']] as const) {
      const c = await call(owner, 'customers.create', { name });
      const carrier = await call(owner, 'carriers.create', { name: `${name} Telco` });
      const a = await call(owner, 'accounts.create', { carrier_id: carrier.id, customer_id: c.id, account_number: number });
      await call(owner, 'actuals.set', { account_id: a.id, month: '2026-03', amount });
      ids[name] = c.id;
    }
    db.close();
    const add = tem(['--user', 'olivia', 'user', 'add', 'alpha-cli', '--password-stdin', '--client', '--customer', ids['Alpha Clinic']!, '--modules', 'tem', '--confirm'], { input: 'alpha-cli-pw\n' });
    expect(add.code).toBe(0);
    // the owner sees both accounts, the client only its own
    const all = JSON.parse(tem(['check', '--month', '2026-03', '--format', 'json'], { user: 'olivia' }).out) as { rows: { account: string; actual_cents: number }[] };
    expect(all.rows.map((r) => [r.account, r.actual_cents]).sort()).toEqual([['A-100', 123_456], ['Z-900', 987_654]]);
    const mine = tem(['--user', 'alpha-cli', 'check', '--month', '2026-03', '--format', 'json']);
    expect(mine.code).toBe(0);
    const rows = (JSON.parse(mine.out) as { rows: { customer: string; account: string; actual_cents: number }[] }).rows;
    expect(rows.map((r) => [r.customer, r.account, r.actual_cents])).toEqual([['Alpha Clinic', 'A-100', 123_456]]);
    expect(mine.out).not.toContain('Zulu');
    // a write: importing bills needs "import", which a client login never holds
    const file = join(tmp.dir, 'actuals.csv');
    writeFileSync(file, 'account,amount\r\nA-100,1.00\r\n');
    expect(tem(['--user', 'alpha-cli', 'import', 'actuals', file, '--month', '2026-03', '--map', 'account=account,amount=amount'])).toMatchObject({
      code: 1,
      err: 'tem: alpha-cli may not call import.actuals: client logins can view, export and comment on their tickets, not import files\n',
    });
    const after = JSON.parse(tem(['check', '--month', '2026-03', '--format', 'json'], { user: 'olivia' }).out) as { rows: { account: string; actual_cents: number }[] };
    expect(after.rows.find((r) => r.account === 'A-100')!.actual_cents).toBe(123_456);
  });
});

describe('tem user add --client --customer', () => {
  it('takes a customer code, a name that only one customer has, or an id, and refuses an ambiguous name with the choices', async () => {
    const db = openDb(dbFile);
    const owner = makeCtx(db, 'olivia', 'cli');
    const id: Record<string, string> = {};
    for (const [name, code] of [['Ogden Schools', 'OGD-1'], ['Ogden Schools', 'OGD-2'], ['Provo Library', null], ['Orem, Utah Clinic', 'ORM']] as const) {
      id[code ?? name] = (await call(owner, 'customers.create', { name, code })).id;
    }
    db.close();
    const add = (name: string, ...customer: string[]) =>
      tem(['--user', 'olivia', 'user', 'add', name, '--password-stdin', '--client', ...customer.flatMap((c) => ['--customer', c])], { input: `${name}-password\n` });
    const bound = async (name: string) => {
      const d = openDb(dbFile);
      const u = (await call(makeCtx(d, 'olivia', 'cli'), 'users.list', {})).find((x) => x.name === name)!;
      d.close();
      return u.customer_ids;
    };

    // an ambiguous name: refused, listing each customer of that name with its code and id
    const ambiguous = add('ogden', 'ogden schools');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.err).toContain(
      `--customer "ogden schools" names 2 customers; give the code (or id) of one:\n  Ogden Schools (code OGD-1) [id ${id['OGD-1']}]\n  Ogden Schools (code OGD-2) [id ${id['OGD-2']}]\n`,
    );
    expect(add('nobody', 'Nowhere Inc').err).toContain('--customer: there is no customer with the code, name or id "Nowhere Inc"');
    // a code (any case), a unique name, a name holding a comma, an id, and a comma-separated list
    expect(add('ogden2', 'ogd-2')).toMatchObject({ code: 0, out: 'Added ogden2.\n' });
    expect(await bound('ogden2')).toEqual([id['OGD-2']]);
    expect(add('provo', 'Provo Library').code).toBe(0);
    expect(await bound('provo')).toEqual([id['Provo Library']]);
    expect(add('orem', 'Orem, Utah Clinic').code).toBe(0);
    expect(await bound('orem')).toEqual([id['ORM']]);
    expect(add('two', `OGD-1,${id['Provo Library']}`, 'ORM').code).toBe(0);
    expect(await bound('two')).toEqual([id['OGD-1'], id['Provo Library'], id['ORM']]);
  });

  it('tem export book --customer takes the same code, name or id, and names an unknown one', async () => {
    const out = join(tmp.dir, 'provo.csv');
    const exported = tem(['--user', 'olivia', 'export', 'book', '--format', 'csv', '--out', out, '--customer', 'provo library']);
    // Provo Library has no accounts yet: one customer row, and nobody else's.
    expect(exported).toMatchObject({ code: 0, out: `Exported the book to ${out}: 1 row (csv)\n` });
    const lines = readFileSync(out, 'utf8').trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Provo Library');
    expect(tem(['--user', 'olivia', 'export', 'book', '--format', 'csv', '--out', out, '--customer', 'ogd-1']).out).toBe(`Exported the book to ${out}: 1 row (csv)\n`);
    expect(readFileSync(out, 'utf8')).toContain('OGD-1');
    expect(readFileSync(out, 'utf8')).not.toContain('OGD-2');
    expect(tem(['--user', 'olivia', 'export', 'book', '--format', 'csv', '--out', out, '--customer', 'Nowhere Inc'])).toMatchObject({
      code: 2,
      err: expect.stringContaining('--customer: there is no customer with the code, name or id "Nowhere Inc"'),
    });
  });

  it('prints the options in its usage, as the README shows them', () => {
    const usage = tem(['--user', 'olivia', 'user']);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('[--modules tem,inventory,crm --confirm] [--client --customer CUSTOMER[,CUSTOMER...]]');
    expect(usage.err).toContain("A CUSTOMER is the customer's code, its name, or its id; --customer may be given more than once.");
  });
});
