// A client login of customer Alpha calls every read method of the API (found in the contract, not listed by
// hand) with Alpha's ids and with Zulu's, and no row of Zulu ever comes back: lists, searches, reports, exports,
// history, the audit trail. The same calls as the owner do show Zulu, so the search below can find a leak.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { openDb, type Db } from '../../db/open.ts';
import { call, makeCtx, methods, METHOD_NAMES, ApiError, type Ctx } from '../../api/index.ts';
import { anonymousCtx, resolveSession } from '../../api/auth/sessions.ts';
import { tempDir } from '../support/api.ts';
import { SCOPE_INPUTS, type Seed, type Side } from './access-inputs.ts';

const MONTH = '2026-03';
let tmp: ReturnType<typeof tempDir>;
let db: Db;
let owner: Ctx;
let client: Ctx;
let seed: Seed;
let nobodyAccount: string;

async function side(o: Ctx, name: string, carrierName: string, accountNumber: string): Promise<Side> {
  const customer = await call(o, 'customers.create', { name });
  const location = await call(o, 'locations.create', { customer_id: customer.id, name: `${name.split(' ')[0]} Main Campus`, is_main: true });
  const carrier = await call(o, 'carriers.create', { name: carrierName, dispute_window_days: 60 });
  const account = await call(o, 'accounts.create', { carrier_id: carrier.id, customer_id: customer.id, location_id: location.id, account_number: accountNumber });
  const service = await call(o, 'services.create', { billing_account_id: account.id, description: `${name} fiber`, monthly_cents: 100_000 });
  const contract = await call(o, 'contracts.create', { billing_account_id: account.id, expected_source: 'services', end_date: '2026-09-30', tolerance_pct_bp: 500 });
  await call(o, 'expected.setOverride', { account_id: account.id, month: '2026-02', amount_cents: 2_500, note: `${name} install fee` });
  for (const m of ['2026-01', '2026-02']) await call(o, 'actuals.set', { account_id: account.id, month: m, amount: '1000.00', invoice: `${accountNumber}-${m}` });
  await call(o, 'actuals.set', { account_id: account.id, month: MONTH, amount: '1400.00', invoice: `${accountNumber}-INV` });
  const opened = await call(o, 'tickets.open', { bills: [{ account_id: account.id, month: MONTH }], title: `${name} overbilled`, note: `${name} note`, expected_credit_cents: 40_000, opened_on: '2026-04-02' });
  const ticket = opened.ticket.id;
  await call(o, 'tickets.addNote', { ticket_id: ticket, text: `${name} second note` });
  await call(o, 'tickets.addCredit', { ticket_id: ticket, amount_cents: 10_000, month: '2026-04', note: `${name} credit` });
  await call(o, 'approvals.approve', { bills: [{ account_id: account.id, month: '2026-02' }] });
  await call(o, 'approvals.approve', { bills: [{ account_id: account.id, month: MONTH, override_reason: `${name} approved anyway` }] });
  let attachment: string | null = null;
  try {
    attachment = (await call(o, 'attachments.add', { ticket_id: ticket, file_name: `${name}.txt`, data: new TextEncoder().encode(`${name} bill`) }) as { id?: string; attachment?: { id: string } }).attachment?.id ?? null;
  } catch {
    attachment = null;
  }
  await call(o, 'udf.set', { entity: 'customers', record_id: customer.id, values: { segment: `${name} segment` } });
  return { customer: customer.id, location: location.id, carrier: carrier.id, account: account.id, service: service.id, contract: contract.id, ticket, attachment };
}

beforeAll(async () => {
  tmp = tempDir();
  db = openDb(join(tmp.dir, 'scope.db'));
  const anon = anonymousCtx(db, 'http');
  const setup = await call(anon, 'auth.setup', { company_name: 'Scope Brokers', name: 'owner', password: 'owner-password' });
  const s = resolveSession(db, setup.session!, 'http');
  if (!s.ok) throw new Error('no owner session');
  owner = s.ctx;
  await call(owner, 'udf.saveDef', { entity: 'customers', key: 'segment', label: 'Segment', type: 'text' });
  seed = { A: await side(owner, 'Alpha Clinic', 'Alphacomm', 'A-ACC-1001'), Z: await side(owner, 'Zulu Schools', 'Zulucomm', 'Z-ACC-9009'), month: MONTH };
  // A bill for an account nobody has put in the book: it belongs to no customer, so no client sees it.
  const nobody = await call(owner, 'accounts.create', { carrier_id: seed.A.carrier, account_number: 'NOBODY-777', in_book: false });
  nobodyAccount = nobody.id;
  await call(owner, 'actuals.set', { account_id: nobody.id, month: MONTH, amount: '77.00' });
  await call(owner, 'news.save', { title: 'Welcome to the portal' });
  // Exports too, so that every export method runs for the client (they must filter like the lists).
  const exporters = await Promise.all(
    (['tem', 'inventory', 'crm'] as const).map((module) => call(owner, 'securityGroups.save', { module, name: `Client exports ${module}`, permissions: ['view', 'export'] })),
  );
  await call(owner, 'users.create', {
    name: 'alpha-client',
    password: 'alpha-client-pw',
    kind: 'client',
    customer_ids: [seed.A.customer],
    modules: ['tem', 'inventory', 'crm'],
    confirm: true,
    group_ids: exporters.map((g) => g.id),
  });
  const c = resolveSession(db, (await call(anon, 'auth.signIn', { name: 'alpha-client', password: 'alpha-client-pw' })).session!, 'http');
  if (!c.ok) throw new Error('no client session');
  client = c.ctx;
}, 120_000);

afterAll(() => {
  db?.close();
  tmp?.cleanup();
});

/** Output as searchable text: bytes (a CSV export) decoded, the ids the caller itself passed removed. */
function text(value: unknown, passed: unknown): string {
  const s = JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : v));
  const ids = (JSON.stringify(passed).match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);
  return ids.reduce((acc, id) => acc.split(id).join('<passed id>'), s);
}

function markersOfZulu(): string[] {
  return ['Zulu', 'Z-ACC-9009', 'NOBODY-777', nobodyAccount, ...Object.values(seed.Z).filter((v): v is string => typeof v === 'string')];
}

const queryMethods = () => METHOD_NAMES.filter((m) => methods[m].kind === 'query');

describe('a client login sees its own customers and nothing else', () => {
  it('every read method of the contract has inputs in the scope table', () => {
    const missing = queryMethods().filter((m) => !SCOPE_INPUTS[m]);
    expect(missing, `add inputs for these read methods to tests/integration/access-inputs.ts`).toEqual([]);
  });

  it('no read method returns a row of another customer, whatever the input', async () => {
    const leaks: string[] = [];
    const crashes: string[] = [];
    let calls = 0;
    for (const m of queryMethods()) {
      for (const input of SCOPE_INPUTS[m]?.(seed) ?? []) {
        calls++;
        let out: unknown;
        try {
          out = await call(client, m, input as never);
        } catch (e) {
          // not found (another customer's id) is the right answer; anything else means the method was not exercised.
          // Refused outright (administration, imports) returns nothing either.
          if (!(e instanceof ApiError) || (e.code !== 'not_found' && e.code !== 'forbidden')) crashes.push(`${m} ${JSON.stringify(input).slice(0, 120)}: ${(e as Error).message}`);
          continue;
        }
        const t = text(out, input);
        const found = markersOfZulu().filter((k) => t.includes(k));
        if (found.length) leaks.push(`${m} ${JSON.stringify(input).slice(0, 120)} → ${found.join(', ')}`);
      }
    }
    expect(calls).toBeGreaterThan(queryMethods().length);
    expect(crashes).toEqual([]);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('the same calls as the owner do show the other customer (the search can find a leak)', async () => {
    const seen = new Set<string>();
    for (const m of ['customers.list', 'month.check', 'tickets.list', 'audit.list', 'approvals.register', 'history.rollup', 'carriers.list', 'udf.list'] as const) {
      for (const input of SCOPE_INPUTS[m]!(seed)) {
        const t = text(await call(owner, m, input as never), input);
        if (markersOfZulu().some((k) => t.includes(k))) seen.add(m);
      }
    }
    expect([...seen].sort()).toEqual(['approvals.register', 'audit.list', 'carriers.list', 'customers.list', 'history.rollup', 'month.check', 'tickets.list', 'udf.list']);
  });

  it('the client sees its own rows', async () => {
    const check = await call(client, 'month.check', { month: MONTH });
    expect(check.rows.map((r) => [r.customer, r.account, r.actual_cents])).toEqual([['Alpha Clinic', 'A-ACC-1001', 140_000]]);
    expect(check.totals).toMatchObject({ accounts: 1, entered: 1 });
    expect((await call(client, 'tickets.list', {})).map((t) => t.title)).toEqual(['Alpha Clinic overbilled']);
    expect((await call(client, 'customers.list', {})).map((c) => c.name)).toEqual(['Alpha Clinic']);
    expect((await call(client, 'carriers.list', {})).map((c) => c.name)).toEqual(['Alphacomm']);
    expect((await call(client, 'approvals.register', { month: MONTH })).rows.map((r) => r.account)).toEqual(['A-ACC-1001']);
    expect((await call(client, 'udf.get', { entity: 'customers', record_id: seed.A.customer })).values).toEqual({ segment: 'Alpha Clinic segment' });
    const trail = await call(client, 'audit.list', { limit: 10000 });
    expect(trail.length).toBeGreaterThan(10);
  });

  it("asking for another customer's record by id answers not found, as if it did not exist", async () => {
    for (const [m, input] of [
      ['customers.get', { id: seed.Z.customer }],
      ['accounts.get', { id: seed.Z.account }],
      ['tickets.get', { id: seed.Z.ticket }],
      ['history.account', { account_id: seed.Z.account, to: MONTH }],
      ['udf.get', { entity: 'customers', record_id: seed.Z.customer }],
    ] as const) {
      const e = await call(client, m, input as never).then(() => null, (x: ApiError) => x);
      expect(e?.code, m).toBe('not_found');
    }
  });

  it('may comment on its own tickets only, and change nothing else', async () => {
    const note = await call(client, 'tickets.addNote', { ticket_id: seed.A.ticket, text: 'Please check the March bill' });
    expect(note.ticket.notes.at(-1)).toMatchObject({ author: 'alpha-client', text: 'Please check the March bill' });
    const other = await call(client, 'tickets.addNote', { ticket_id: seed.Z.ticket, text: 'sneaky' }).then(() => null, (x: ApiError) => x);
    expect(other?.code).toBe('not_found');
    const upd = await call(client, 'tickets.update', { id: seed.A.ticket, patch: { status: 'closed_no_credit' } } as never).then(() => null, (x: ApiError) => x);
    expect(upd).toMatchObject({ code: 'forbidden', message: 'alpha-client may not call tickets.update: it needs the "edit" permission in Telecom Expense Management' });
    const setUdf = await call(client, 'udf.set', { entity: 'customers', record_id: seed.A.customer, values: { segment: 'x' } }).then(() => null, (x: ApiError) => x);
    expect(setUdf).toMatchObject({ code: 'forbidden', message: 'alpha-client may not see or change fields of customers: it needs the "edit" permission in CRM' });
  });

  it('an owner context without sign-in (CLI, tests) still sees everything', async () => {
    expect((await call(makeCtx(db, 'cli', 'cli'), 'customers.list', {})).length).toBe(2);
  });
});
