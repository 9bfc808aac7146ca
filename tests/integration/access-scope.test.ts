// A client login of customer Alpha calls every read method of the API (found in the contract, not listed by
// hand) with Alpha's ids and with Zulu's real ids, and no row of Zulu ever comes back: lists, searches, reports,
// exports, history, the audit trail, carrier bills. The same calls as the owner do show Zulu, so the search can
// find a leak; every method with rows of Alpha's must answer with them, and Alpha's totals are exactly Alpha's
// figures (Zulu's amounts all differ, so a total that took them in would not match).
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

/** What one side's book and bills hold; the two sides differ in every amount, so a total that takes in the other
 *  customer's figures comes out different and shows the leak. */
interface Figures {
  monthly: number;
  past: string;
  march: string;
  april: string;
  override: number;
  expectedCredit: number;
  credit: number;
}
const FIGURES: Record<'A' | 'Z', Figures> = {
  A: { monthly: 100_000, past: '1000.00', march: '1400.00', april: '2500.00', override: 2_500, expectedCredit: 40_000, credit: 10_000 },
  Z: { monthly: 230_000, past: '2300.00', march: '3100.00', april: '5990.00', override: 7_700, expectedCredit: 70_000, credit: 35_000 },
};

async function side(o: Ctx, name: string, carrierName: string, accountNumber: string, f: Figures): Promise<Side> {
  const customer = await call(o, 'customers.create', { name });
  const location = await call(o, 'locations.create', { customer_id: customer.id, name: `${name.split(' ')[0]} Main Campus`, is_main: true });
  const carrier = await call(o, 'carriers.create', { name: carrierName, dispute_window_days: 60 });
  const account = await call(o, 'accounts.create', { carrier_id: carrier.id, customer_id: customer.id, location_id: location.id, account_number: accountNumber });
  const service = await call(o, 'services.create', { billing_account_id: account.id, description: `${name} fiber`, monthly_cents: f.monthly });
  const contract = await call(o, 'contracts.create', { billing_account_id: account.id, expected_source: 'services', end_date: '2026-09-30', tolerance_pct_bp: 500 });
  await call(o, 'expected.setOverride', { account_id: account.id, month: '2026-02', amount_cents: f.override, note: `${name} install fee` });
  for (const m of ['2026-01', '2026-02']) await call(o, 'actuals.set', { account_id: account.id, month: m, amount: f.past, invoice: `${accountNumber}-${m}` });
  await call(o, 'actuals.set', { account_id: account.id, month: MONTH, amount: f.march, invoice: `${accountNumber}-INV` });
  const opened = await call(o, 'tickets.open', { bills: [{ account_id: account.id, month: MONTH }], title: `${name} overbilled`, note: `${name} note`, expected_credit_cents: f.expectedCredit, opened_on: '2026-04-02' });
  const ticket = opened.ticket.id;
  await call(o, 'tickets.addNote', { ticket_id: ticket, text: `${name} second note` });
  await call(o, 'tickets.addCredit', { ticket_id: ticket, amount_cents: f.credit, month: '2026-04', note: `${name} credit` });
  await call(o, 'approvals.approve', { bills: [{ account_id: account.id, month: '2026-02' }] });
  await call(o, 'approvals.approve', { bills: [{ account_id: account.id, month: MONTH, override_reason: `${name} approved anyway` }] });
  // Set-up failures fail the test: a method never exercised would pass the leak search for nothing.
  const attachment = (await call(o, 'attachments.add', { ticket_id: ticket, file_name: `${name}.txt`, data: new TextEncoder().encode(`${name} bill`) })).attachment.id;
  await call(o, 'udf.set', { entity: 'customers', record_id: customer.id, values: { segment: `${name} segment` } });
  // The carrier's April bill, imported through the carrier's profile: bills, runs, comparisons and flags of each side.
  const profile = await call(o, 'billProfiles.create', {
    name: `${carrierName} CSV`,
    format: 'csv',
    carrier_name: carrierName,
    date_format: 'YMD',
    config: { columns: { account: 'Account', invoice: 'Invoice', bill_date: 'Bill Date', total: 'Amount Due' }, constants: {}, carrier_aliases: {} },
  });
  const csv = `Account,Invoice,Bill Date,Amount Due\r\n${accountNumber},${accountNumber}-APR,2026-04-03,${f.april}\r\n`;
  const run = await call(o, 'bills.import', { profile: profile.name, file_name: `${carrierName} April.csv`, data: new TextEncoder().encode(csv) });
  if (run.created !== 1) throw new Error(`the ${carrierName} bill was not imported: ${JSON.stringify(run)}`);
  const bill = (await call(o, 'bills.list', { account_id: account.id }))[0]!.id;
  return { customer: customer.id, location: location.id, carrier: carrier.id, account: account.id, service: service.id, contract: contract.id, ticket, attachment, profile: profile.id, run: run.run_id, bill };
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
  const A = await side(owner, 'Alpha Clinic', 'Alphacomm', 'A-ACC-1001', FIGURES.A);
  const Z = await side(owner, 'Zulu Schools', 'Zulucomm', 'Z-ACC-9009', FIGURES.Z);
  const group = await call(owner, 'groups.create', { name: 'Fiber circuit', fields: [] });
  // A book import that ends (here: refused) under a job id, so import.progress has a real job to report.
  const job = 'scope-book-job';
  await call(owner, 'import.book', { file_name: 'empty.csv', data: new TextEncoder().encode(''), job_id: job }).catch(() => undefined);
  if ((await call(owner, 'import.progress', { job_id: job }))?.phase !== 'failed') throw new Error('no book import job to ask about');
  seed = { A, Z, month: MONTH, user: setup.me.id, group: group.id, job };
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

/** The client's own rows: Alpha's names, numbers and ids (an id the caller passed itself does not count). */
function markersOfAlpha(): string[] {
  return ['Alpha', 'A-ACC-1001', ...Object.values(seed.A).filter((v): v is string => typeof v === 'string')];
}
/** The read methods whose answer held one of the client's own rows (filled by the leak search). */
const ownSeen = new Set<string>();

const queryMethods = () => METHOD_NAMES.filter((m) => methods[m].kind === 'query');

describe('a client login sees its own customers and nothing else', () => {
  it('every read method of the contract has inputs in the scope table', () => {
    const missing = queryMethods().filter((m) => !SCOPE_INPUTS[m]);
    expect(missing, `add inputs for these read methods to tests/integration/access-inputs.ts`).toEqual([]);
  });

  it('no read method returns a row of another customer, whatever the input', async () => {
    const leaks: string[] = [];
    const crashes: string[] = [];
    ownSeen.clear();
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
        if (markersOfAlpha().some((k) => t.includes(k))) ownSeen.add(m);
        const found = markersOfZulu().filter((k) => t.includes(k));
        if (found.length) leaks.push(`${m} ${JSON.stringify(input).slice(0, 120)} → ${found.join(', ')}`);
      }
    }
    expect(calls).toBeGreaterThan(queryMethods().length);
    expect(crashes).toEqual([]);
    expect(leaks).toEqual([]);
  }, 120_000);

  it('every read method with rows of its own gives the client its own rows (so the leak search read real answers)', () => {
    // The read methods that have no row of the client's own: company-wide settings and lists, the client's own
    // login, or refused outright (administration, imports, sync). Every other read method must have answered with
    // one of Alpha's rows in the search above; a new read method has to be put on one side or the other.
    const noOwnRows = [
      'tickets.assignees', 'company.get', 'users.list', 'users.get', 'securityGroups.list', 'widgetGroups.list', 'widgets.mine', 'lookups.lists', 'lookups.list',
      'udf.defs', 'news.current', 'news.list', 'admin.customerChoices', 'admin.settings', 'audit.actors', 'customers.stages', 'groups.list', 'groups.get', 'book.preview', 'book.mapping',
      'book.profiles', 'import.progress', 'settings.get', 'billProfiles.list', 'billProfiles.get', 'bills.preview', 'bills.importRun',
      'reports.monthSeries', 'sync.info', 'sync.pull', 'sync.status', 'sync.notApplied',
    ];
    expect(ownSeen.size).toBeGreaterThan(40);
    expect(queryMethods().filter((m) => !ownSeen.has(m))).toEqual(noOwnRows);
  });

  it("the client's totals are its own figures exactly (the other customer's amounts differ, so a leak would show)", async () => {
    const a = FIGURES.A;
    const dash = await call(client, 'reports.dashboard', { month: MONTH, today: '2026-04-15' });
    expect(dash.progress).toEqual({ accounts: 1, entered: 1, expected_bills: 1, expected_entered: 1 });
    expect(dash.flagged).toEqual({ bills: 1, at_stake_cents: 40_000, over: 1, under: 0, missing: 0, unexpected: 0 });
    expect(dash.tickets_by_status?.find((x) => x.status === 'open')?.tickets).toBe(1);
    expect(dash.credits_year).toEqual({ year: '2026', credits: 1, amount_cents: a.credit });
    expect(dash.series?.find((x) => x.month === MONTH)).toEqual({ month: MONTH, expected_cents: a.monthly, actual_cents: 140_000, entered: 1 });
    expect((await call(client, 'reports.monthSeries', { month: '2026-04', months: 4 })).series).toEqual([
      { month: '2026-01', expected_cents: a.monthly, actual_cents: 100_000, entered: 1 },
      { month: '2026-02', expected_cents: a.monthly + a.override, actual_cents: 100_000, entered: 1 },
      { month: '2026-03', expected_cents: a.monthly, actual_cents: 140_000, entered: 1 },
      { month: '2026-04', expected_cents: a.monthly, actual_cents: 250_000, entered: 1 },
    ]);
    const alerts = (await call(client, 'alerts.list', { as_of: '2026-04-15', recent_days: 90 })).alerts;
    expect(alerts.map((x) => [x.kind, x.month, x.count, x.at_stake_cents, x.detail])).toEqual([
      ['newly_flagged', '2026-04', 1, 150_000, 'Alpha Clinic, Alphacomm account A-ACC-1001, 2026-04 is over by 1,500.00'],
    ]);
    const check = await call(client, 'month.check', { month: MONTH });
    expect(check.totals).toEqual({ accounts: 1, entered: 1, ok: 0, over: 1, under: 0, missing: 0, unexpected: 0, expected_cents: 100_000, actual_cents: 140_000, variance_cents: 40_000, at_stake_cents: 40_000 });
    // the owner's figures for Alpha alone are the same
    expect((await call(owner, 'month.check', { month: MONTH, customer_id: seed.A.customer })).totals).toEqual(check.totals);
    expect((await call(client, 'reports.monthByCustomer', { month: MONTH })).totals).toEqual({ accounts: 1, entered: 1, ok: 0, flagged: 1, expected_cents: 100_000, actual_cents: 140_000, variance_cents: 40_000, at_stake_cents: 40_000 });
    expect((await call(client, 'reports.credits', { from: '2026-01', to: '2026-12' })).totals).toEqual({ credits: 1, amount_cents: a.credit });
    expect((await call(client, 'reports.ticketAgeing', { as_of: '2026-06-30' })).totals).toEqual({
      tickets: 1, overdue: 1, at_stake_cents: 40_000, expected_credit_cents: a.expectedCredit, received_cents: a.credit, owed_cents: a.expectedCredit - a.credit,
    });
    expect((await call(client, 'history.rollup', { by: 'customer', from: '2026-01', to: MONTH })).map((r) => [r.name, r.month, r.expected_cents, r.actual_cents])).toEqual([
      ['Alpha Clinic', '2026-01', 100_000, 100_000],
      ['Alpha Clinic', '2026-02', 102_500, 100_000],
      ['Alpha Clinic', '2026-03', 100_000, 140_000],
    ]);
    expect((await call(client, 'bills.list', {})).map((b) => [b.account_number, b.total_cents])).toEqual([['A-ACC-1001', 250_000]]);
    const flags = await call(client, 'bills.flags', { month: '2026-04' });
    expect(flags.accounts.map((x) => [x.account_id, x.flags.map((f) => f.rule)])).toEqual([[seed.A.account, ['trend']]]);
  });

  it('refuses import runs, import progress and bill import profiles to a client outright, even its own carrier\'s', async () => {
    for (const [m, input, what] of [
      ['bills.importRun', { run_id: seed.A.run }, 'bill import runs'],
      ['import.progress', { job_id: seed.job }, 'import progress'],
      ['billProfiles.get', { id: seed.A.profile }, 'bill import profiles'],
      ['billProfiles.list', {}, 'bill import profiles'],
    ] as const) {
      const e = await call(client, m, input as never).then(() => null, (x: ApiError) => x);
      expect(e, m).toMatchObject({ code: 'forbidden', message: `alpha-client may not see ${what}: imports are staff work, not shown to client logins` });
    }
    // staff still follow them
    expect((await call(owner, 'bills.importRun', { run_id: seed.Z.run })).status).toBe('done');
    expect((await call(owner, 'import.progress', { job_id: seed.job }))?.phase).toBe('failed');
  });

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
      ['locations.get', { id: seed.Z.location }],
      ['services.get', { id: seed.Z.service }],
      ['contracts.get', { id: seed.Z.contract }],
      ['carriers.get', { id: seed.Z.carrier }],
      ['customers.tree', { customer_id: seed.Z.customer }],
      ['expected.list', { account_id: seed.Z.account }],
      ['attachments.list', { ticket_id: seed.Z.ticket }],
      ['attachments.download', { id: seed.Z.attachment }],
      ['bills.compare', { bill_id: seed.Z.bill }],
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
    expect(upd).toMatchObject({ code: 'forbidden', message: 'alpha-client may not call tickets.update: client logins can view, export and comment on their tickets, not change data' });
    const setUdf = await call(client, 'udf.set', { entity: 'customers', record_id: seed.A.customer, values: { segment: 'x' } }).then(() => null, (x: ApiError) => x);
    expect(setUdf).toMatchObject({ code: 'forbidden', message: 'alpha-client may not see or change fields of customers: it needs the "edit" permission in CRM' });
  });

  it('an owner context without sign-in (CLI, tests) still sees everything', async () => {
    expect((await call(makeCtx(db, 'cli', 'cli'), 'customers.list', {})).length).toBe(2);
  });
});
