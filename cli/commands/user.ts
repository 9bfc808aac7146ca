// `tem user add NAME --password-stdin [--admin] ...` and `tem user list`: users from the command line. The first
// user added to a new install owns it (a full administrator), as the first sign-up in the app would.
import { parseArgs } from 'node:util';
import { call, type Ctx } from '../../api/index.ts';
import type { Db } from '../../db/open.ts';
import { makeCtx } from '../../api/context.ts';
import { ctxForUser, ownerOf, userByName, userCount } from '../../api/auth/users.ts';
import { UsageError, type Io } from '../io.ts';
import { customerIds, pickerCustomers } from '../customer-arg.ts';

const USAGE = `user takes:
  add NAME --password-stdin [--admin] [--manager] [--full-name TEXT] [--email ADDRESS]
      [--modules tem,inventory,crm --confirm] [--client --customer CUSTOMER[,CUSTOMER...]]
  list [--all] [--format table|json]
A CUSTOMER is the customer's code, its name, or its id; --customer may be given more than once.`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function options(argv: string[], spec: NonNullable<NonNullable<Parameters<typeof parseArgs>[0]>['options']>) {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export async function userCommand(ctx: Ctx, argv: string[], io: Io, stdin: () => Promise<string> = readStdin): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'add') {
    const o = options(rest, {
      'password-stdin': { type: 'boolean' },
      admin: { type: 'boolean' },
      manager: { type: 'boolean' },
      'full-name': { type: 'string' },
      email: { type: 'string' },
      modules: { type: 'string' },
      confirm: { type: 'boolean' },
      client: { type: 'boolean' },
      customer: { type: 'string', multiple: true },
    });
    const name = o.positionals[0];
    if (!name || o.positionals.length > 1) throw new UsageError(`user add needs one user name\n${USAGE}`);
    if (!o.values['password-stdin']) throw new UsageError('user add reads the password from standard input: add --password-stdin (echo "$PW" | tem user add NAME --password-stdin)');
    const password = await stdin();
    const modules = o.values.modules ? String(o.values.modules).split(',').map((m) => m.trim()).filter(Boolean) : undefined;
    const u = await call(ctx, 'users.create', {
      name,
      password,
      kind: o.values.client ? 'client' : 'staff',
      admin: Boolean(o.values.admin) || undefined,
      manager: Boolean(o.values.manager) || undefined,
      full_name: o.values['full-name'] as string | undefined,
      email: o.values.email as string | undefined,
      modules: modules as ('tem' | 'inventory' | 'crm')[] | undefined,
      confirm: Boolean(o.values.confirm),
      customer_ids: o.values.customer ? await customerIds(ctx, pickerCustomers, o.values.customer as string[]) : undefined,
    });
    io.out(`Added ${u.name}${u.owner ? ' (owner of this install, administrator)' : u.admin ? ' (administrator)' : ''}.\n`);
    return 0;
  }
  if (sub === 'list') {
    const o = options(rest, { all: { type: 'boolean' }, format: { type: 'string', default: 'table' } });
    const users = await call(ctx, 'users.list', { include_inactive: Boolean(o.values.all) });
    if (o.values.format === 'json') {
      io.out(JSON.stringify(users.map(({ grants: _g, ...u }) => u), null, 2) + '\n');
      return 0;
    }
    if (o.values.format !== 'table') throw new UsageError('--format is table or json');
    const rows = users.map((u) => [
      u.name,
      u.full_name ?? '',
      u.kind,
      [u.owner ? 'owner' : '', u.admin ? 'admin' : '', u.manager ? 'manager' : '', u.active ? '' : 'inactive'].filter(Boolean).join(' '),
      u.modules.join(','),
    ]);
    const head = ['Name', 'Full name', 'Kind', 'Role', 'Modules'];
    const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    for (const r of [head, ...rows]) io.out(r.map((c, i) => c.padEnd(width[i]!)).join('  ').trimEnd() + '\n');
    return 0;
  }
  throw new UsageError(USAGE);
}

/**
 * Who a CLI command runs as: --user NAME or $TEM_USER when given; else the owner when the install has one user;
 * before any user exists (a new install), the login name with full rights, as a single-user install.
 */
export function cliCtx(db: Db, named: string | undefined, fallbackName: string): Ctx {
  if (userCount(db) === 0) return makeCtx(db, named || fallbackName, 'cli');
  if (named) {
    const u = userByName(db, named);
    if (!u) throw new UsageError(`there is no user "${named}" in this database (see "tem user list"; --user NAME or TEM_USER says who runs a command)`);
    if (!u.active) throw new UsageError(`the user "${named}" is no longer active`);
    return ctxForUser(db, u, 'cli');
  }
  const active = (db.sqlite.prepare('SELECT COUNT(*) AS n FROM users WHERE active = 1').get() as { n: number }).n;
  const owner = ownerOf(db);
  if (active === 1 && owner?.active) return ctxForUser(db, owner, 'cli');
  throw new UsageError('this install has several users: say who runs the command with --user NAME or TEM_USER=NAME');
}
