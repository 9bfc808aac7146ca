// Proof that no write bypasses the accountability trail (issue 5, item 6). A broad workload runs every mutation of
// the contract that one database can run on its own (imports of every kind included), each call checked to leave
// the trail as it stood before it untouched (it only appends). Then every row of every synced table, and of the
// local tables written by the API, is replayed from the trail: the insert entry gives the row (columns it leaves
// out take the schema's default), each later update or retire entry gives one field, and the result must equal
// the row as it stands, column by column, created_at and updated_at included. A write that skipped the Writer
// (raw SQL, a forgotten field) leaves a column whose value the trail cannot explain, and the failure names the
// table, the record and the field.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApi, bytes, seedAccount, ROOT, type TestApi } from '../support/api.ts';
import { client, methods, METHOD_NAMES, type MethodName } from '../../api/index.ts';
import { ctxForUser, userByName } from '../../api/auth/users.ts';
import { syncedTables } from '../../api/sync/tables.ts';
import { fromAudit } from '../../api/write.ts';

type Row = Record<string, unknown>;

const OXFORD = join(ROOT, 'tests/fixtures/real/oxford-telecom-spend-2014-2018/monthly_by_supplier_service_area.csv');

// Local tables the API writes through the Writer: checked like synced ones, but for the columns each keeps out
// of the trail on purpose, with the reason.
const LOCAL_CHECKED = ['settings', 'company', 'users', 'security_groups', 'widget_groups'];
const KEPT_OUT: Record<string, Record<string, string>> = {
  // sign-in bookkeeping: a hash must never enter the trail; the trail records password_changed_at instead
  users: { password_hash: 'secret', failed_attempts: 'sign-in counter', locked_until: 'sign-in lock' },
  // the logo's bytes are recorded by their digest (logo_sha256), checked separately below
  company: { logo: 'by digest' },
};

// Mutations the workload does not run, and why; every other mutation must be run, so a new one joins the proof.
const NOT_RUN: Partial<Record<MethodName, string>> = {
  'auth.setup': 'first run of an install with no users (access-auth tests); writes the same rows as users.create',
  'auth.signOut': 'ends a session (sessions are local bookkeeping, not data)',
  'sync.push': 'needs a peer; applied changes are themselves trail entries with door sync (sync tests)',
  'sync.link': 'needs a hosted instance (sync tests)',
  'sync.unlink': 'needs a link (sync tests)',
  'sync.now': 'needs a link (sync tests)',
};

/** A column's declared default as SQLite stores it. */
function sqlDefault(d: string | null): unknown {
  if (d === null || /^null$/i.test(d)) return null;
  if (/^true$/i.test(d)) return 1;
  if (/^false$/i.test(d)) return 0;
  if (/^-?\d+(\.\d+)?$/.test(d)) return Number(d);
  const m = /^'(.*)'$/s.exec(d);
  if (m) return m[1]!.replace(/''/g, "'");
  throw new Error(`a default the proof cannot read: ${d}`);
}

/** Values as SQLite gives them back: booleans are 0/1, bytes compare by content. */
function norm(v: unknown): unknown {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `bytes:${Buffer.from(v).toString('hex')}`;
  if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer') return `bytes:${Buffer.from((v as { data: number[] }).data).toString('hex')}`;
  return v;
}

interface Entry {
  at: string;
  table_name: string;
  record_id: string;
  action: 'insert' | 'update' | 'retire';
  field: string | null;
  new_value: string | null;
}

/** Every (table, id, field) whose value the trail does not explain, as "table id field: is X, trail says Y". */
function unexplained(t: TestApi, tables: string[]): { problems: string[]; rows: number; cells: number } {
  const sqlite = t.db.sqlite;
  // A sync change that lost to a newer one is in the trail but never in force (api/sync/apply.ts).
  const entries = sqlite
    .prepare(
      `SELECT a.at, a.table_name, a.record_id, a.action, a.field, a.new_value FROM audit_log a
       LEFT JOIN sync_changes s ON s.audit_seq = a.seq WHERE s.outcome IS NULL ORDER BY a.seq`,
    )
    .all() as Entry[];
  const byRecord = new Map<string, Entry[]>();
  for (const e of entries) {
    const k = `${e.table_name}|${e.record_id}`;
    const list = byRecord.get(k) ?? [];
    list.push(e);
    byRecord.set(k, list);
  }
  const problems: string[] = [];
  let rows = 0;
  let cells = 0;
  for (const table of tables) {
    const cols = sqlite.prepare('SELECT name, dflt_value FROM pragma_table_info(?)').all(table) as { name: string; dflt_value: string | null }[];
    for (const row of sqlite.prepare(`SELECT * FROM ${table}`).all() as Row[]) {
      rows++;
      const id = String(row.id);
      const list = byRecord.get(`${table}|${id}`) ?? [];
      const insert = list.find((e) => e.action === 'insert');
      if (!insert) {
        problems.push(`${table} ${id}: no insert in the trail`);
        continue;
      }
      const replay: Row = {};
      for (const c of cols) replay[c.name] = sqlDefault(c.dflt_value);
      Object.assign(replay, JSON.parse(fromAudit(insert.new_value) as string) as Row);
      replay.id = insert.record_id;
      replay.created_at = insert.at;
      replay.updated_at = insert.at;
      for (const e of list) {
        if (e.action === 'insert') continue;
        replay[e.field!] = fromAudit(e.new_value);
        replay.updated_at = e.at;
      }
      for (const c of cols) {
        if (KEPT_OUT[table]?.[c.name]) continue;
        cells++;
        const is = norm(row[c.name]);
        const says = norm(replay[c.name]);
        if (is !== says) problems.push(`${table} ${id} ${c.name}: is ${JSON.stringify(is)}, the trail says ${JSON.stringify(says)}`);
      }
    }
  }
  return { problems, rows, cells };
}

describe('no write bypasses the trail', () => {
  it('explains every column of every row after a workload of every mutation, imports included', async () => {
    const t = testApi();
    const called = new Set<MethodName>();
    const raw = client(t.ctx);
    // Each call only appends: the trail as it stood before the call is unchanged after it, whatever the call did.
    const trailUpTo = (seq: number) => {
      const h = createHash('sha256');
      for (const r of t.db.sqlite.prepare('SELECT * FROM audit_log WHERE seq <= ? ORDER BY seq').iterate(seq)) h.update(JSON.stringify(r));
      return h.digest('hex');
    };
    const api = (async (name: MethodName, input: unknown) => {
      called.add(name);
      const seq = t.db.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) FROM audit_log').pluck().get() as number;
      const before = trailUpTo(seq);
      try {
        return await raw(name as never, input as never);
      } finally {
        expect(trailUpTo(seq), `${name} changed the trail as it stood`).toBe(before);
      }
    }) as unknown as TestApi['api'];
    const w: TestApi = { ...t, api };

    // Company, users and permissions (the first user owns the install; the workload runs on as the owner process).
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    await api('company.save', { name: 'Proof Co', logo: png, logo_type: 'image/png', modules: ['tem', 'inventory', 'crm'] });
    await api('company.save', { logo: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9]) });
    await api('users.create', { name: 'olivia', password: 'owner-pass-1' });
    const bob = await api('users.create', { name: 'bob', password: 'bob-pass-123', modules: ['tem'], confirm: true });
    await api('users.update', { id: bob.id, patch: { full_name: 'Bob Builder' } });
    await api('users.setModules', { id: bob.id, modules: ['tem', 'inventory'], confirm: true });
    await api('users.resetPassword', { id: bob.id, password: 'bob-pass-456' });
    const sg = await api('securityGroups.save', { module: 'tem', name: 'Approvers', permissions: ['view', 'approve'] });
    await api('securityGroups.save', { id: sg.id, module: 'tem', name: 'AP approvers', permissions: ['view', 'approve'] });
    await api('securityGroups.retire', { id: sg.id });
    const wg = await api('widgetGroups.save', { name: 'Back office', widget_ids: [] });
    await api('widgetGroups.retire', { id: wg.id });
    const bobCtx = ctxForUser(t.db, userByName(t.db, 'bob')!, 'test');
    await client(bobCtx)('auth.changePassword', { current: 'bob-pass-456', password: 'bob-pass-789' });
    called.add('auth.changePassword');
    await expect(api('auth.signIn', { name: 'bob', password: 'wrong-pass-1' })).rejects.toThrow('not right');
    await api('auth.signIn', { name: 'bob', password: 'bob-pass-789' });

    // Settings, drop-downs, user-defined fields, news.
    await api('settings.set', { values: { 'bills.grace_days': 9, 'audit.trend.enabled': false } });
    await api('settings.set', { values: { 'bills.grace_days': null } });
    await api('admin.saveSettings', { values: { 'auth.idle_minutes': 45 } });
    const stage = await api('lookups.save', { list: 'service_type', code: 'p2p', label: 'Point to point' });
    await api('lookups.save', { id: stage.id, list: 'service_type', label: 'Point-to-point circuit', active: false });
    const gl = await api('udf.saveDef', { entity: 'customers', label: 'GL code', type: 'text' });
    await api('udf.saveDef', { id: gl.id, entity: 'customers', label: 'GL account', type: 'text' });
    const news = await api('news.save', { title: 'Month end on the 3rd', body: 'Key the bills by noon' });
    await api('news.retire', { id: news.id });

    // Inventory by hand, then by import.
    const { account, carrier, customer, location, contract } = await seedAccount(w, { expected: 100_000, pctBp: 500 });
    await api('udf.set', { entity: 'customers', record_id: customer.id, values: { [gl.key]: '4410-TEL' } });
    await api('udf.set', { entity: 'customers', record_id: customer.id, values: { [gl.key]: '4420-TEL' } });
    await api('customers.update', { id: customer.id, patch: { notes: 'Key account' } });
    await api('locations.update', { id: location.id, patch: { name: 'Main office' } });
    await api('carriers.update', { id: carrier.id, patch: { dispute_window_days: 30, bill_day: 3 } });
    await api('accounts.update', { id: account.id, patch: { start_month: '2025-01' } });
    await api('contracts.update', { id: contract.id, patch: { tolerance_amount_cents: 2_000 } });
    const group = await api('groups.create', { name: 'Circuit', carries_expected: true });
    await api('groups.update', { id: group.id, patch: { name: 'Data circuit' } });
    const extra = await api('services.create', { billing_account_id: account.id, description: 'Backup DSL', monthly_cents: 5_000, group_id: group.id });
    await api('services.update', { id: extra.id, patch: { monthly_cents: 5_500 } });
    await api('expected.setStep', { account_id: account.id, from_month: '2026-05', amount_cents: 1_000, note: 'price rise' });
    await api('book.saveMapping', { headers: ['Client', 'Vendor', 'BAN', 'Item', 'MRC'], map: { customer: 'Client', carrier: 'Vendor', account: 'BAN', service: 'Item', expected: 'MRC' } });
    const book = await api('import.book', {
      file_name: 'book.csv',
      data: bytes('customer,carrier,account,service,expected\r\nNorth Clinic,Acme Telecom,555001,Fiber 50M,250.00\r\nNorth Clinic,Beta Mobile,555002,Lines,80.50\r\n'),
      tolerance_pct: '5',
      remember_map: true,
    });
    expect(book.rows_imported).toBe(2);
    const actualsRun = await api('import.actuals', { file_name: 'march.csv', data: bytes('carrier,account,actual\r\nAcme Telecom,555001,262.00\r\nBeta Mobile,555002,80.50\r\n'), month: '2026-03' });
    expect(actualsRun.rows_imported).toBe(2);
    const ids = (await api('services.list', { search: 'Fiber' })).map((s) => s.id);
    expect(ids.length).toBeGreaterThan(1);
    await api('services.bulkUpdate', { ids, patch: { status: 'disconnected', disconnect_date: '2026-06-30' } });

    // Carrier bills through a profile, step by step and in one call, then the Oxford history.
    const profile = await api('billProfiles.create', {
      name: 'Acme CSV',
      format: 'csv',
      carrier_name: 'Acme Telecom',
      date_format: 'MDY',
      config: { columns: { account: 'Account', invoice: 'Invoice', bill_date: 'Bill Date', total: 'Amount Due' }, constants: {}, carrier_aliases: {} },
    });
    await api('billProfiles.update', { id: profile.id, patch: { name: 'Acme bills' } });
    const billFile = (rows: string) => bytes(`Account,Invoice,Bill Date,Amount Due\r\n${rows}`);
    let run = await api('bills.importStart', { profile: 'Acme bills', file_name: 'acme-04.csv', data: billFile('007321,INV-4,04/03/2026,"1,150.00"\r\n555001,INV-5,04/03/2026,250.00\r\n') });
    while (run.status !== 'done') run = await api('bills.importStep', { run_id: run.run_id, chunk: 1 });
    // in one call, through a profile that keeps the bill's lines
    await api('billProfiles.create', {
      name: 'Acme lines',
      format: 'csv',
      carrier_name: 'Acme Telecom',
      date_format: 'MDY',
      config: { columns: { account: 'Account', invoice: 'Invoice', bill_date: 'Bill Date', line: 'Circuit', line_amount: 'Line Amount' }, constants: {}, carrier_aliases: {} },
    });
    const oneCall = await api('bills.import', {
      profile: 'Acme lines',
      file_name: 'acme-05.csv',
      data: bytes('Account,Invoice,Bill Date,Circuit,Line Amount\r\n007321,INV-6,05/03/2026,CKT-1,900.00\r\n007321,INV-6,05/03/2026,CKT-2,90.00\r\n'),
    });
    expect(oneCall.status).toBe('done');
    await api('bills.retire', { run_id: oneCall.run_id });
    await api('billProfiles.retire', { id: profile.id });
    const oxford = await api('bills.loadOxford', { file_name: 'monthly_by_supplier_service_area.csv', data: new Uint8Array(readFileSync(OXFORD)) });
    expect(oxford.status).toBe('done');

    // The month's work: keyed and pasted bills, one-off expectations, undo, tickets, files, credits, approvals.
    const bill = { account_id: account.id, month: '2026-03' };
    const set = await api('actuals.set', { ...bill, amount: 115_000, bill_date: '2026-03-05', invoice_number: 'INV-3' });
    await api('audit.undo', { batch_id: set.batch_id });
    await api('audit.undo', { batch_id: set.batch_id });
    await api('actuals.setMany', { items: [{ ...bill, amount: '1,150.00' }, { account_id: account.id, month: '2026-06', amount: 90_000 }] });
    await api('actuals.clear', { account_id: account.id, month: '2026-06' });
    await api('expected.setOverride', { account_id: account.id, month: '2026-05', amount_cents: 500, note: 'install' });
    const { ticket } = await api('tickets.open', { bills: [bill], note: 'over by 150.00', expected_credit_cents: 15_000 });
    await api('tickets.update', { id: ticket.id, patch: { status: 'disputed', claim_number: 'CL-1', assignee: 'olivia' } });
    await api('tickets.addNote', { ticket_id: ticket.id, text: 'called the carrier' });
    const file = await api('attachments.add', { ticket_id: ticket.id, file_name: 'bill.pdf', data: new Uint8Array([37, 80, 68, 70]) });
    await api('attachments.add', { ticket_id: ticket.id, file_name: 'email.eml', data: bytes('From: carrier') });
    await api('attachments.remove', { id: file.attachment.id });
    await api('tickets.addCredit', { ticket_id: ticket.id, amount_cents: 15_000, matched: { account_id: account.id, month: '2026-04' } });
    await api('tickets.update', { id: ticket.id, patch: { status: 'resolved' } });
    await api('approvals.approve', { bills: [bill] });
    await api('approvals.withdraw', { ...bill, reason: 'wrong month' });
    await api('approvals.approve', { bills: [bill] });

    // Retiring keeps the rows: each retire is one more entry to replay.
    const second = await api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, location_id: location.id, account_number: '007322' });
    await api('contracts.update', { id: contract.id, patch: { other_account_ids: [second.id] } });
    await api('contracts.update', { id: contract.id, patch: { other_account_ids: [] } });
    await api('services.retire', { id: extra.id });
    await api('contracts.retire', { id: contract.id });
    await api('groups.retire', { id: group.id });
    const gone = await api('customers.create', { name: 'Closed branch' });
    const goneLoc = await api('locations.create', { customer_id: gone.id, name: 'Shut', is_main: true });
    await api('locations.retire', { id: goneLoc.id });
    await api('customers.retire', { id: gone.id });
    const oldCarrier = await api('carriers.create', { name: 'Gone Telecom' });
    const oldAccount = await api('accounts.create', { carrier_id: oldCarrier.id, customer_id: customer.id, location_id: location.id, account_number: 'X-1' });
    await api('accounts.retire', { id: oldAccount.id });
    await api('carriers.retire', { id: oldCarrier.id });

    // Every mutation ran, or is named above with the reason it cannot run here.
    const mutations = METHOD_NAMES.filter((n) => methods[n].kind === 'mutation');
    expect(mutations.filter((n) => !called.has(n) && !NOT_RUN[n])).toEqual([]);

    const tables = [...syncedTables(t.db.sqlite), ...LOCAL_CHECKED];
    const result = unexplained(t, tables);
    expect(result.problems).toEqual([]);
    // the workload touched every synced table, so none was checked empty
    const empty = syncedTables(t.db.sqlite).filter((tb) => (t.db.sqlite.prepare(`SELECT COUNT(*) FROM ${tb}`).pluck().get() as number) === 0);
    expect(empty).toEqual([]);
    expect(result.rows).toBeGreaterThan(500);

    // The logo is recorded by its digest: the bytes standing are the bytes whose digest the trail holds last.
    const company = t.db.sqlite.prepare('SELECT id, logo, logo_sha256 FROM company').get() as { id: string; logo: Buffer; logo_sha256: string };
    expect(createHash('sha256').update(company.logo).digest('hex')).toBe(company.logo_sha256);
    const lastDigest = t.db.sqlite
      .prepare("SELECT new_value FROM audit_log WHERE table_name = 'company' AND record_id = ? AND field = 'logo_sha256' ORDER BY seq DESC LIMIT 1")
      .pluck()
      .get(company.id) as string;
    expect(fromAudit(lastDigest)).toBe(company.logo_sha256);
    t.db.close();
  }, 120_000);

  it('names the table, record and field of a write that bypassed the Writer', async () => {
    const t = testApi();
    const { account, customer } = await seedAccount(t);
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 500 });
    expect(unexplained(t, ['customers', 'actuals']).problems).toEqual([]);
    // Two raw writes no method would make: a changed field, and a row the trail never saw.
    t.db.sqlite.prepare("UPDATE customers SET notes = 'changed behind the trail' WHERE id = ?").run(customer.id);
    t.db.sqlite
      .prepare("INSERT INTO actuals (id, billing_account_id, month, amount_cents, source, created_at, updated_at) VALUES ('ghost', ?, '2026-04', 1, 'keyed', 'x', 'x')")
      .run(account.id);
    expect(unexplained(t, ['customers', 'actuals']).problems).toEqual([
      `customers ${customer.id} notes: is "changed behind the trail", the trail says null`,
      'actuals ghost: no insert in the trail',
    ]);
    t.db.close();
  });
});
