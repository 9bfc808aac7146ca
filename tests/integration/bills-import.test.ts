// Carrier bill import profiles: CSV (BOM, semicolons and decimal commas, 18-digit accounts), XLSX (merged
// header cells, date cells), EDI 811 (two accounts, one broken segment, a damaged transaction set, N1 parties),
// line-level bills (TIM Brasil), preview, chunked import with progress, re-import, corrected files and
// duplicates, and the CLI.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testApi, bytes, ROOT, tempDir, type TestApi } from '../support/api.ts';
import { tem } from '../support/cli.ts';
import { ApiError } from '../../api/index.ts';
import { parseAmount } from '../../core/money.ts';

const EDI = join(ROOT, 'tests/fixtures/edi');
const TIM = join(ROOT, 'tests/fixtures/real/tim-brasil-invoice-2011-03');

async function acmeProfile(t: TestApi, extra: Record<string, unknown> = {}) {
  return t.api('billProfiles.create', {
    name: 'Acme CSV',
    format: 'csv',
    carrier_name: 'Acme Telecom',
    date_format: 'MDY',
    config: { columns: { account: 'Account', invoice: 'Invoice', bill_date: 'Bill Date', total: 'Amount Due' }, constants: {}, carrier_aliases: {} },
    ...extra,
  });
}

const BOM_CSV = '\uFEFFAccount,Invoice,Bill Date,Amount Due\r\n007321,INV-1001,11/01/2019,"1,234.56"\r\n8400123,INV-1002,11/03/2019,89.10\r\n';

/** The actuals of a month: account number, cents, invoice numbers and latest bill date. */
const actuals = (t: TestApi, month: string) =>
  (
    t.db.sqlite
      .prepare('SELECT ba.account_number n, a.amount_cents c, a.invoice_number i, a.bill_date d FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id WHERE a.month = ? ORDER BY n')
      .all(month) as { n: string; c: number; i: string; d: string }[]
  ).map((r) => [r.n, r.c, r.i, r.d]);

async function rejected(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('CSV through a profile', () => {
  it('previews every value and bill from a file with a BOM, writing nothing', async () => {
    const t = testApi();
    await acmeProfile(t);
    const p = await t.api('bills.preview', { profile: 'acme csv', file_name: 'acme-2019-11.csv', data: bytes(BOM_CSV) });
    expect(p.headers).toEqual(['Account', 'Invoice', 'Bill Date', 'Amount Due']);
    expect(p.rows).toEqual([
      { row: 2, values: { account: '007321', invoice: 'INV-1001', bill_date: '11/01/2019', total: '1,234.56' }, bill: 0 },
      { row: 3, values: { account: '8400123', invoice: 'INV-1002', bill_date: '11/03/2019', total: '89.10' }, bill: 1 },
    ]);
    expect(p.bills.map((b) => [b.carrier, b.account, b.invoice_number, b.bill_date, b.month, b.total_cents, b.outcome, b.account_known])).toEqual([
      ['Acme Telecom', '007321', 'INV-1001', '2019-11-01', '2019-11', 123456, 'new', false],
      ['Acme Telecom', '8400123', 'INV-1002', '2019-11-03', '2019-11', 8910, 'new', false],
    ]);
    expect(p.totals).toEqual({ rows: 2, bills: 2, total_cents: 132366, new: 2, on_file: 0, corrected: 0, duplicate: 0 });
    expect((t.db.sqlite.prepare('SELECT COUNT(*) n FROM bills').get() as { n: number }).n).toBe(0);
  });

  it('imports, keeps the month actual = the sum of the bills, and a re-import doubles nothing', async () => {
    const t = testApi();
    await acmeProfile(t);
    const input = { profile: 'Acme CSV', file_name: 'acme-2019-11.csv', data: bytes(BOM_CSV) };
    const run = await t.api('bills.import', input);
    expect(run).toMatchObject({ status: 'done', bills_total: 2, bills_done: 2, created: 2, on_file: 0, corrected: 0, duplicates: 0, accounts_created: 2, carriers_created: 1, actuals_changed: 2, months: ['2019-11'] });
    const again = await t.api('bills.import', input);
    expect(again).toMatchObject({ created: 0, on_file: 2, duplicates: 0, actuals_changed: 0, batch_ids: [] });
    expect(actuals(t, '2019-11')).toEqual([['007321', 123456, 'INV-1001', '2019-11-01'], ['8400123', 8910, 'INV-1002', '2019-11-03']]);
    const preview = await t.api('bills.preview', input);
    expect(preview.bills.map((b) => b.outcome)).toEqual(['on_file', 'on_file']);
  });

  it('reads a semicolon file with decimal commas and keeps an 18-digit account number exactly', async () => {
    const t = testApi();
    await t.api('billProfiles.create', {
      name: 'Telekom DE',
      format: 'csv',
      carrier_name: 'Deutsche Telekom',
      delimiter: ';',
      locale: 'de-DE',
      date_format: 'DMY',
      currency: 'EUR',
      config: { columns: { account: 'Kundenkonto', invoice: 'Rechnungsnummer', bill_date: 'Rechnungsdatum', total: 'Betrag' }, constants: {}, carrier_aliases: {} },
    });
    const csv = 'Kundenkonto;Rechnungsnummer;Rechnungsdatum;Betrag\n000123456789012345;R-77;01.03.2026;1.234,56\n987654321098765432;R-78;01.03.2026;-12,30\n';
    const run = await t.api('bills.import', { profile: 'Telekom DE', file_name: 'telekom.csv', data: bytes(csv) });
    expect(run.created).toBe(2);
    const bills = await t.api('bills.list', { month: '2026-03' });
    expect(bills.map((b) => [b.account_number, b.invoice_number, b.bill_date, b.total_cents, b.currency])).toEqual([
      ['000123456789012345', 'R-77', '2026-03-01', 123456, 'EUR'],
      ['987654321098765432', 'R-78', '2026-03-01', -1230, 'EUR'],
    ]);
  });

  it('reads the header on a later row of the file, with rows numbered as in the file', async () => {
    const t = testApi();
    await acmeProfile(t, { header_row: 3 });
    const csv = 'Acme Telecom portal export\r\nGenerated 2019-12-02\r\nAccount,Invoice,Bill Date,Amount Due\r\n007321,INV-1,11/01/2019,5.00\r\n';
    const p = await t.api('bills.preview', { profile: 'Acme CSV', file_name: 'export.csv', data: bytes(csv) });
    expect(p.rows.map((r) => [r.row, r.values.account, r.values.total])).toEqual([[4, '007321', '5.00']]);
  });

  it('names every bad value by row and column, and imports nothing unless asked to skip bad rows', async () => {
    const t = testApi();
    await acmeProfile(t);
    const csv = 'Account,Invoice,Bill Date,Amount Due\n111,A-1,11/01/2019,10.00\n222,A-2,13/01/2019,20.00\n,A-3,11/02/2019,1.2.3\n';
    const e = await rejected(t.api('bills.import', { profile: 'Acme CSV', file_name: 'bad.csv', data: bytes(csv) }));
    expect(e.code).toBe('import_rejected');
    expect(e.message).toBe('bad.csv: 3 problem(s) in 2 row(s), so nothing was imported (import again with --skip-invalid, or "Skip the rows with problems" on the screen, to import the other bills)');
    expect(e.details).toEqual([
      { file: 'bad.csv', row: 3, column: 'Bill Date', value: '13/01/2019', reason: '"13/01/2019" is not a valid date: there is no such day (expected YYYY-MM-DD or M/D/YYYY)' },
      { file: 'bad.csv', row: 4, column: 'Account', value: '', reason: 'the account number is empty' },
      { file: 'bad.csv', row: 4, column: 'Amount Due', value: '1.2.3', reason: expect.stringContaining('"1.2.3"') },
    ]);
    expect((t.db.sqlite.prepare('SELECT COUNT(*) n FROM bills').get() as { n: number }).n).toBe(0);
    const run = await t.api('bills.import', { profile: 'Acme CSV', file_name: 'bad.csv', data: bytes(csv), skip_invalid: true });
    expect(run).toMatchObject({ created: 1, problems: [expect.objectContaining({ row: 3 }), expect.objectContaining({ row: 4 }), expect.objectContaining({ row: 4 })] });
  });

  it('says which columns are missing and which the header has', async () => {
    const t = testApi();
    await acmeProfile(t);
    await expect(t.api('bills.preview', { profile: 'Acme CSV', file_name: 'x.csv', data: bytes('Acct,Inv,Date,Total\n1,2,3,4\n') })).rejects.toThrow(
      'x.csv: no column "Account" (for account), "Invoice" (for invoice), "Bill Date" (for bill_date), "Amount Due" (for total) in header row 1; the header row has "Acct", "Inv", "Date", "Total"',
    );
    await expect(t.api('bills.preview', { profile: 'nope', file_name: 'x.csv', data: bytes('a\n') })).rejects.toThrow('there is no bill import profile "nope"; profiles are "Acme CSV"');
  });
});

describe('duplicates', () => {
  it('flags the same invoice number again, or the same amount and bill date, and does not count it', async () => {
    const t = testApi();
    await acmeProfile(t);
    await t.api('bills.import', { profile: 'Acme CSV', file_name: 'nov.csv', data: bytes('Account,Invoice,Bill Date,Amount Due\n007321,INV-1001,11/01/2019,100.00\n') });
    // The same invoice number with another amount, and another invoice with the same amount and date.
    const csv = 'Account,Invoice,Bill Date,Amount Due\n007321,inv-1001,11/05/2019,120.00\n007321,INV-2002,11/01/2019,100.00\n007321,INV-3003,11/20/2019,5.00\n';
    const preview = await t.api('bills.preview', { profile: 'Acme CSV', file_name: 'nov-b.csv', data: bytes(csv) });
    expect(preview.bills.map((b) => b.outcome)).toEqual(['duplicate', 'duplicate', 'new']);
    const run = await t.api('bills.import', { profile: 'Acme CSV', file_name: 'nov-b.csv', data: bytes(csv) });
    expect(run).toMatchObject({ created: 1, duplicates: 2 });
    expect(actuals(t, '2019-11')).toEqual([['007321', 10500, 'INV-1001, INV-3003', '2019-11-20']]);
    const flags = await t.api('bills.flags', { month: '2019-11', as_of: '2019-12-31' });
    expect(flags.accounts[0]!.flags.filter((f) => f.rule === 'duplicate').map((f) => f.explanation)).toEqual([
      'Duplicate: invoice inv-1001 for account 007321 is already on file (bill date 2019-11-01, amount 100.00). It is kept as a duplicate of the 2019-11 bill and not counted in the actual.',
      'Possible duplicate: account 007321 already has a bill of 100.00 dated 2019-11-01 (invoice INV-1001). It is kept as a duplicate of the 2019-11 bill and not counted in the actual.',
    ]);
    // Importing that second file again changes nothing either.
    expect(await t.api('bills.import', { profile: 'Acme CSV', file_name: 'nov-b.csv', data: bytes(csv) })).toMatchObject({ created: 0, duplicates: 0, on_file: 3 });
  });
  it('the same invoice twice in one file: the second is a flagged duplicate, not a second charge', async () => {
    const t = testApi();
    await acmeProfile(t);
    const csv = 'Account,Invoice,Bill Date,Amount Due\n007321,INV-5,11/01/2019,100.00\n007321,INV-5,11/01/2019,100.00\n';
    const p = await t.api('bills.preview', { profile: 'Acme CSV', file_name: 'twice.csv', data: bytes(csv) });
    expect(p.bills.map((b) => [b.rows, b.outcome])).toEqual([[[2], 'new'], [[3], 'duplicate']]);
    expect(await t.api('bills.import', { profile: 'Acme CSV', file_name: 'twice.csv', data: bytes(csv) })).toMatchObject({ created: 1, duplicates: 1 });
    expect(actuals(t, '2019-11')).toEqual([['007321', 10000, 'INV-5', '2019-11-01']]);
    expect(await t.api('bills.import', { profile: 'Acme CSV', file_name: 'twice.csv', data: bytes(csv) })).toMatchObject({ created: 0, duplicates: 0, on_file: 2 });
  });
});

describe('corrected files (bills with no invoice number and no bill date)', () => {
  const totalsProfile = (t: TestApi, name = 'Acme totals') =>
    t.api('billProfiles.create', {
      name,
      format: 'csv',
      carrier_name: 'Acme Telecom',
      config: { columns: { account: 'Account', month: 'Month', total: 'Total' }, constants: {}, carrier_aliases: {} },
    });
  const file = (amount: string) => bytes(`Account,Month,Total\n007321,2019-11,${amount}\n8400123,2019-11,50.00\n`);
  const trail = (t: TestApi) =>
    t.db.sqlite.prepare("SELECT old_value, new_value FROM audit_log WHERE table_name = 'actuals' AND field = 'amount_cents' AND action = 'update'").all();

  it('a corrected file replaces the earlier amount (audited), never adds a second bill', async () => {
    const t = testApi();
    await totalsProfile(t);
    expect(await t.api('bills.import', { profile: 'Acme totals', file_name: 'nov.csv', data: file('100.00') })).toMatchObject({ created: 2, corrected: 0 });
    expect(actuals(t, '2019-11')).toEqual([['007321', 10000, null, null], ['8400123', 5000, null, null]]);

    const p = await t.api('bills.preview', { profile: 'Acme totals', file_name: 'nov-corrected.csv', data: file('120.00') });
    expect(p.bills.map((b) => [b.account, b.total_cents, b.outcome])).toEqual([['007321', 12000, 'corrected'], ['8400123', 5000, 'on_file']]);
    expect(p.bills[0]!.explanation).toBe(
      'Correction: replaces the 2019-11 bill of 100.00 imported earlier through the same profile with 120.00 (neither has an invoice number or bill date, so a new amount for the same carrier, account and month is a corrected file, not a second bill); the earlier bill is kept for history.',
    );
    expect(p.totals).toMatchObject({ new: 0, on_file: 1, corrected: 1, duplicate: 0, total_cents: 12000 });

    const run = await t.api('bills.import', { profile: 'Acme totals', file_name: 'nov-corrected.csv', data: file('120.00') });
    expect(run).toMatchObject({ created: 0, on_file: 1, corrected: 1, duplicates: 0, actuals_changed: 1 });
    expect(actuals(t, '2019-11')).toEqual([['007321', 12000, null, null], ['8400123', 5000, null, null]]);
    const bills = await t.api('bills.list', { month: '2019-11' });
    expect(bills.map((b) => [b.account_number, b.total_cents, b.file_name])).toEqual([['007321', 12000, 'nov-corrected.csv'], ['8400123', 5000, 'nov.csv']]);
    // The replaced bill stays for history, and the actual's trail shows 100.00 -> 120.00.
    const all = await t.api('bills.list', { month: '2019-11', account_id: bills[0]!.billing_account_id, include_retired: true });
    expect(all.map((b) => [b.total_cents, b.retired_at === null])).toEqual([[10000, false], [12000, true]]);
    expect(trail(t)).toEqual([{ old_value: '10000', new_value: '12000' }]);

    // The corrected file again changes nothing; the first file again is the latest word, and replaces it back.
    expect(await t.api('bills.import', { profile: 'Acme totals', file_name: 'nov-corrected.csv', data: file('120.00') })).toMatchObject({ created: 0, on_file: 2, corrected: 0, actuals_changed: 0 });
    expect(await t.api('bills.import', { profile: 'Acme totals', file_name: 'nov.csv', data: file('100.00') })).toMatchObject({ created: 0, on_file: 1, corrected: 1 });
    expect(actuals(t, '2019-11')).toEqual([['007321', 10000, null, null], ['8400123', 5000, null, null]]);
    expect((await t.api('bills.list', { month: '2019-11' })).map((b) => b.total_cents)).toEqual([10000, 5000]);
  });

  it('only bills without an invoice number or date from the same profile are corrections', async () => {
    const t = testApi();
    await totalsProfile(t);
    await totalsProfile(t, 'Acme totals (other export)');
    await t.api('bills.import', { profile: 'Acme totals', file_name: 'nov.csv', data: file('100.00') });
    // Another profile is another source of bills for the account: its bill is new, and counts.
    expect(await t.api('bills.import', { profile: 'Acme totals (other export)', file_name: 'other.csv', data: file('120.00') })).toMatchObject({ created: 1, on_file: 1, corrected: 0 });
    expect(actuals(t, '2019-11')[0]).toEqual(['007321', 22000, null, null]);
    // Bills with invoice numbers are told apart by them: another invoice of the month is a second bill.
    await acmeProfile(t);
    const csv = (inv: string, amount: string) => bytes(`Account,Invoice,Bill Date,Amount Due\nC-1,${inv},12/01/2019,${amount}\n`);
    await t.api('bills.import', { profile: 'Acme CSV', file_name: 'a.csv', data: csv('INV-1', '10.00') });
    expect(await t.api('bills.import', { profile: 'Acme CSV', file_name: 'b.csv', data: csv('INV-2', '12.00') })).toMatchObject({ created: 1, corrected: 0 });
    expect(actuals(t, '2019-12')).toEqual([['C-1', 2200, 'INV-1, INV-2', '2019-12-01']]);
  });

  it('through the CLI: a corrected Oxford file replaces one month of one account and doubles nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'oxford.db');
      const original = join(ROOT, 'tests/fixtures/real/oxford-telecom-spend-2014-2018/monthly_by_supplier_service_area.csv');
      const corrected = join(dir, 'monthly_corrected.csv');
      const text = readFileSync(original, 'utf8');
      expect(text).toContain('2014-01,BT REDCARE,Environmental Development,2,3115.95\r\n');
      writeFileSync(corrected, text.replace('2014-01,BT REDCARE,Environmental Development,2,3115.95\r\n', '2014-01,BT REDCARE,Environmental Development,2,3215.95\r\n'));
      expect((await tem('--db', db, 'import', 'bills', original, '--profile', 'oxford')).code).toBe(0);
      const fix = await tem('--db', db, 'import', 'bills', corrected, '--profile', 'oxford');
      expect([fix.code, fix.err]).toEqual([0, '']);
      expect(fix.out).toBe(
        `Imported bills ${corrected} with profile "oxford": 180 bill(s) in 45 month(s)\n  0 new, 179 already on file (skipped), 1 correction(s) replacing an earlier import's bill, 0 duplicate(s) flagged and not counted\n  0 new account(s), 0 new carrier(s), 1 actual(s) changed\n`,
      );
      const t = testApi(db);
      const row = () =>
        t.db.sqlite
          .prepare(
            `SELECT a.amount_cents actual, (SELECT COUNT(*) FROM bills b WHERE b.billing_account_id = ba.id AND b.month = a.month AND b.retired_at IS NULL) bills
               FROM actuals a JOIN billing_accounts ba ON ba.id = a.billing_account_id JOIN carriers c ON c.id = ba.carrier_id
              WHERE c.name = 'BT REDCARE' AND ba.account_number = 'Environmental Development' AND a.month = '2014-01'`,
          )
          .get();
      expect(row()).toEqual({ actual: 321595, bills: 1 });
      expect(trail(t)).toEqual([{ old_value: '311595', new_value: '321595' }]);
      t.db.close();
      const again = await tem('--db', db, 'import', 'bills', corrected, '--profile', 'oxford');
      expect(again.out).toContain('0 new, 180 already on file (skipped), 0 correction(s)');
    } finally {
      cleanup();
    }
  });
});

describe('keyed actuals and imported bills', () => {
  it('a bill import replaces the keyed actual of its account and month (audited); other months keep theirs; taking the import back clears it', async () => {
    const t = testApi();
    await acmeProfile(t);
    const carrier = await t.api('carriers.create', { name: 'Acme Telecom' });
    const customer = await t.api('customers.create', { name: 'Springfield' });
    const account = await t.api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, account_number: '007321' });
    await t.api('actuals.set', { account_id: account.id, month: '2019-10', amount: '70.00' });
    await t.api('actuals.set', { account_id: account.id, month: '2019-11', amount: '95.00' });
    const run = await t.api('bills.import', { profile: 'Acme CSV', file_name: 'nov.csv', data: bytes('Account,Invoice,Bill Date,Amount Due\n007321,INV-7,11/01/2019,100.00\n') });
    expect(run).toMatchObject({ created: 1, accounts_created: 0, actuals_changed: 1 });
    const sources = () => t.db.sqlite.prepare('SELECT month, amount_cents, source FROM actuals ORDER BY month').all();
    expect(sources()).toEqual([
      { month: '2019-10', amount_cents: 7000, source: 'keyed' },
      { month: '2019-11', amount_cents: 10000, source: 'imported' },
    ]);
    const audit = t.db.sqlite.prepare("SELECT old_value, new_value FROM audit_log WHERE table_name = 'actuals' AND field = 'amount_cents'").all();
    expect(audit).toEqual([{ old_value: '9500', new_value: '10000' }]);

    const back = await t.api('bills.retire', { run_id: run.run_id });
    expect(back).toMatchObject({ changed: 1, actuals_changed: 1 });
    expect(sources()).toEqual([
      { month: '2019-10', amount_cents: 7000, source: 'keyed' },
      { month: '2019-11', amount_cents: null, source: 'imported' },
    ]);
    expect(await t.api('bills.list', { month: '2019-11' })).toEqual([]);
    expect(await t.api('bills.list', { month: '2019-11', include_retired: true })).toHaveLength(1);
    // Taken back, the file imports again as new.
    expect(await t.api('bills.import', { profile: 'Acme CSV', file_name: 'nov.csv', data: bytes('Account,Invoice,Bill Date,Amount Due\n007321,INV-7,11/01/2019,100.00\n') })).toMatchObject({ created: 1 });
  });
});

describe('progress', () => {
  it('writes the queued bills in chunks and reports bills_done after each step', async () => {
    const t = testApi();
    await acmeProfile(t);
    const lines = ['Account,Invoice,Bill Date,Amount Due'];
    for (let i = 1; i <= 5; i++) lines.push(`A${i},I${i},11/01/2019,${i}.00`);
    let run = await t.api('bills.importStart', { profile: 'Acme CSV', file_name: 'five.csv', data: bytes(lines.join('\n')) });
    expect(run).toMatchObject({ status: 'pending', bills_total: 5, bills_done: 0 });
    const seen: number[] = [];
    while (run.status !== 'done') {
      run = await t.api('bills.importStep', { run_id: run.run_id, chunk: 2 });
      seen.push(run.bills_done);
    }
    expect(seen).toEqual([2, 4, 5]);
    expect(await t.api('bills.importRun', { run_id: run.run_id })).toMatchObject({ status: 'done', created: 5, batch_ids: [expect.any(String), expect.any(String), expect.any(String)] });
  });
});

describe('XLSX', () => {
  it('reads a sheet whose header cells are merged over two rows, and date cells as the day entered', async () => {
    const t = testApi();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bills');
    ws.getRow(1).values = ['Account', 'Invoice', 'Billing period', '', 'Total'];
    ws.getRow(2).values = ['', '', 'From', 'To', ''];
    ws.mergeCells('A1:A2');
    ws.mergeCells('B1:B2');
    ws.mergeCells('C1:D1');
    ws.mergeCells('E1:E2');
    ws.addRow(['000987654321', 'X-1', new Date(Date.UTC(2026, 2, 1)), new Date(Date.UTC(2026, 2, 31)), 456.7]);
    ws.addRow(['000987654322', 'X-2', new Date(Date.UTC(2026, 2, 1)), new Date(Date.UTC(2026, 2, 31)), 1000]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    await t.api('billProfiles.create', {
      name: 'Beta XLSX',
      format: 'xlsx',
      carrier_name: 'Beta Networks',
      header_row: 2,
      sheet: 'Bills',
      config: { columns: { account: 'Account', invoice: 'Invoice', period_start: 'From', period_end: 'To', total: 'Total' }, constants: {}, carrier_aliases: {} },
    });
    const p = await t.api('bills.preview', { profile: 'Beta XLSX', file_name: 'beta.xlsx', data });
    expect(p.headers).toEqual(['Account', 'Invoice', 'From', 'To', 'Total']);
    expect(p.problems).toEqual([]);
    expect(p.bills.map((b) => [b.account, b.invoice_number, b.period_start, b.period_end, b.month, b.total_cents])).toEqual([
      ['000987654321', 'X-1', '2026-03-01', '2026-03-31', '2026-03', 45670],
      ['000987654322', 'X-2', '2026-03-01', '2026-03-31', '2026-03', 100000],
    ]);
  });

  it('refuses an account number stored as a number that lost digits', async () => {
    const t = testApi();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.addRow(['Account', 'Total']);
    ws.addRow([123456789012345678, 10]);
    await t.api('billProfiles.create', { name: 'N', format: 'xlsx', carrier_name: 'C', config: { columns: { account: 'Account', total: 'Total' }, constants: {}, carrier_aliases: {} } });
    const p = await t.api('bills.preview', { profile: 'N', file_name: 'n.xlsx', data: new Uint8Array(await wb.xlsx.writeBuffer()), month: '2026-03' });
    expect(p.problems.map((x) => [x.row, x.column, x.reason])).toEqual([
      [2, 'Account', 'the account number is stored as a number in the sheet and has lost digits; format the column as text and export again'],
    ]);
  });
});

describe('EDI 811 through a profile', () => {
  const profile = (t: TestApi) =>
    t.api('billProfiles.create', { name: 'Example 811', format: 'edi811', carrier_name: 'Example Telecom', config: { columns: {}, constants: {}, carrier_aliases: {} } });

  it('imports every account of a file with nested HL loops, with child loops as lines', async () => {
    const t = testApi();
    await profile(t);
    const run = await t.api('bills.import', { profile: 'Example 811', file_name: 'two-accounts.811', data: readFileSync(join(EDI, 'two-accounts.811')) });
    expect(run).toMatchObject({ created: 2, months: ['2026-04'] });
    const bills = await t.api('bills.list', { month: '2026-04' });
    expect(bills.map((b) => [b.account_number, b.invoice_number, b.bill_date, b.period_start, b.period_end, b.total_cents, b.line_count, b.lines_cents])).toEqual([
      ['000123456789012345', 'INV-2026-0412', '2026-04-05', '2026-02-15', '2026-03-14', 31075, 0, null],
      ['0073210045', 'INV-2026-0412', '2026-04-05', '2026-03-01', '2026-03-31', 123456, 2, 123456],
    ]);
  });

  it('an 811 with two accounts and one broken segment: the problem names segment, byte and element; skipping keeps the good account', async () => {
    const t = testApi();
    await profile(t);
    const data = readFileSync(join(EDI, 'two-accounts-one-broken.811'));
    const e = await rejected(t.api('bills.import', { profile: 'Example 811', file_name: 'two-accounts-one-broken.811', data }));
    expect(e.details).toEqual([
      {
        file: 'two-accounts-one-broken.811',
        row: 19,
        column: 'DTM02',
        value: '2026021',
        reason: 'DTM at segment 19 (byte 420) in HL 5: DTM02 (qualifier 186) "2026021" is not a date (expected CCYYMMDD, 8 digits)',
      },
    ]);
    const p = await t.api('bills.preview', { profile: 'Example 811', file_name: 'two-accounts-one-broken.811', data });
    expect(p.rows.map((r) => [r.values.account, r.values.total, r.bill])).toEqual([
      ['800555010012345678', '512.34', 0],
      ['8005550200', '99.99', null],
    ]);
    const run = await t.api('bills.import', { profile: 'Example 811', file_name: 'two-accounts-one-broken.811', data, skip_invalid: true });
    expect(run).toMatchObject({ created: 1, problems: [expect.objectContaining({ column: 'DTM02' })] });
    const [bill] = await t.api('bills.list', { month: '2026-03' });
    expect(bill).toMatchObject({ account_number: '800555010012345678', total_cents: 51234, lines_cents: 51234, period_start: '2026-02-01', period_end: '2026-02-28' });
    // The child loop with its own REF (a circuit id) names its line; the other is named by its HL.
    expect(t.db.sqlite.prepare('SELECT line_key, description, amount_cents FROM bill_lines ORDER BY amount_cents DESC').all()).toEqual([
      { line_key: 'CKT-100', description: 'REF IT, AMT 1', amount_cents: 50000 },
      { line_key: 'HL 4', description: 'AMT 1', amount_cents: 1234 },
    ]);
  });

  it('shows the N1 parties of each invoice and account in the preview: bill-to, remit-to and every party read', async () => {
    const t = testApi();
    await profile(t);
    const p = await t.api('bills.preview', { profile: 'Example 811', file_name: 'two-accounts.811', data: readFileSync(join(EDI, 'two-accounts.811')) });
    expect(p.headers).toEqual(['carrier', 'account', 'invoice', 'bill_date', 'period_start', 'period_end', 'month', 'total', 'bill_to', 'remit_to', 'parties']);
    expect(p.rows.map((r) => [r.values.account, r.values.bill_to, r.values.remit_to, r.values.parties])).toEqual([
      ['0073210045', 'ACME WIDGETS INC', 'EXAMPLE TELECOM CO', 'BT ACME WIDGETS INC (92 CUST-0042); RE EXAMPLE TELECOM CO; PR ACME WIDGETS INC HQ; SU ACME WIDGETS PLANT 7'],
      ['000123456789012345', 'ACME WIDGETS INC', 'EXAMPLE TELECOM CO', 'BT ACME WIDGETS INC (92 CUST-0042); RE EXAMPLE TELECOM CO; PR ACME WIDGETS INC HQ'],
    ]);
    // An account's own N1 BT is its bill-to, before the invoice heading's.
    const own = readFileSync(join(EDI, 'two-accounts.811'), 'utf8').replace('N1*SU*ACME WIDGETS PLANT 7~', 'N1*BT*ACME WIDGETS PLANT 7~');
    const q = await t.api('bills.preview', { profile: 'Example 811', file_name: 'own.811', data: bytes(own) });
    expect(q.rows.map((r) => [r.values.account, r.values.bill_to])).toEqual([['0073210045', 'ACME WIDGETS PLANT 7'], ['000123456789012345', 'ACME WIDGETS INC']]);
  });

  it('a transaction set whose SE count is wrong imports none of its accounts, even when skipping bad rows; each is named', async () => {
    const t = testApi();
    await profile(t);
    const data = readFileSync(join(EDI, 'broken-segment.811'));
    const p = await t.api('bills.preview', { profile: 'Example 811', file_name: 'broken-segment.811', data });
    expect(p.bills).toEqual([]);
    expect(p.rows.map((r) => [r.values.account, r.bill])).toEqual([['5550001111', null], ['5550002222', null], ['5550003333', null]]);
    const why = (a: string) => `account ${a} of invoice INV-2026-0499 is not imported: its transaction set (ST02 0001) has a problem of its own, so none of its accounts can be trusted`;
    expect(p.problems.map((x) => [x.row, x.column, x.value, x.reason])).toEqual([
      [13, 'AMT02', '2O0.00', 'AMT at segment 13 (byte 325) in HL 3: AMT02 (qualifier TT) "2O0.00" is not an amount (expected a decimal number like 1234.56)'],
      [18, 'SE01', '15', 'SE at segment 18 (byte 395): SE01 says 15 segments but the transaction set has 16 (ST to SE inclusive)'],
      [0, 'ST02', '5550001111', why('5550001111')],
      [0, 'ST02', '5550003333', why('5550003333')],
    ]);
    const run = await t.api('bills.import', { profile: 'Example 811', file_name: 'broken-segment.811', data, skip_invalid: true });
    expect(run).toMatchObject({ created: 0, bills_total: 0, problems: p.problems });
    expect(await t.api('bills.list', {})).toEqual([]);
    // The same file with the right SE count: only the account with the broken amount is left out.
    const fixed = readFileSync(join(EDI, 'broken-segment.811'), 'utf8').replace('SE*15*0001', 'SE*16*0001');
    const ok = await t.api('bills.import', { profile: 'Example 811', file_name: 'fixed.811', data: bytes(fixed), skip_invalid: true });
    expect(ok).toMatchObject({ created: 2, problems: [expect.objectContaining({ column: 'AMT02' })] });
    expect((await t.api('bills.list', {})).map((b) => [b.account_number, b.total_cents])).toEqual([['5550001111', 10000], ['5550003333', 30000]]);
  });
});

describe('line-level bills: TIM Brasil, March 2011 (81 lines, BRL)', () => {
  const timProfile = (t: TestApi) =>
    t.api('billProfiles.create', {
      name: 'TIM FEBRABAN lines',
      format: 'csv',
      carrier_name: 'TIM Brasil',
      currency: 'BRL',
      config: {
        columns: { line: 'line_id', line_description: 'plan', line_amount: 'line_total' },
        constants: { account: 'ACME-TIM', invoice: '000.000.000-AA' },
        carrier_aliases: {},
      },
    });
  const data = readFileSync(join(TIM, 'line_totals_redacted.csv'));
  const csvOf = (name: string) => parseCsv(readFileSync(join(TIM, name), 'utf8'), { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
  const cents = (text: string) => {
    const p = parseAmount(text, 'en-US');
    if (!p.ok || p.cents === null) throw new Error(`not an amount: "${text}"`);
    return p.cents;
  };
  // The invoice's own header (invoice_total.csv), not a number copied into the test.
  const [header] = csvOf('invoice_total.csv');
  const invoiceTotal = header!.invoice_total!;

  it('reads the invoice total from the invoice header: 6,593.04 BRL, equal to the sum of the line totals', () => {
    expect([header!.currency, invoiceTotal, cents(invoiceTotal), cents(header!.sum_of_line_totals!)]).toEqual(['BRL', '6593.04', 659304, 659304]);
  });

  it('the 81 lines add up to the invoice total, and each line is kept', async () => {
    const t = testApi();
    await timProfile(t);
    const p = await t.api('bills.preview', { profile: 'TIM FEBRABAN lines', file_name: 'line_totals_redacted.csv', data, month: '2011-03', invoice_total: invoiceTotal });
    expect(p.problems).toEqual([]);
    expect(p.bills).toHaveLength(1);
    expect(p.bills[0]).toMatchObject({ account: 'ACME-TIM', invoice_number: '000.000.000-AA', month: '2011-03', total_cents: cents(invoiceTotal), lines_cents: cents(invoiceTotal), line_count: 81 });
    const run = await t.api('bills.import', { profile: 'TIM FEBRABAN lines', file_name: 'line_totals_redacted.csv', data, month: '2011-03', invoice_total: invoiceTotal });
    expect(run.created).toBe(1);
    const lines = t.db.sqlite.prepare('SELECT line_key, description, amount_cents FROM bill_lines ORDER BY line_key').all() as { line_key: string; description: string; amount_cents: number }[];
    expect(lines).toHaveLength(81);
    expect(lines[0]).toEqual({ line_key: 'LINE-001', description: 'Plano TIM Empresa Mundi 400 (084/POS/SMP)', amount_cents: 57900 });
    expect(lines[80]).toEqual({ line_key: 'LINE-081', description: null, amount_cents: 3361 });
    expect(lines.reduce((s, l) => s + l.amount_cents, 0)).toBe(cents(invoiceTotal));
    const [bill] = await t.api('bills.list', { month: '2011-03' });
    expect(bill).toMatchObject({ total_cents: cents(invoiceTotal), currency: 'BRL', line_count: 81 });
  });

  it('the per-service breakdown (432 line x service charges) is kept service by service and adds up exactly', async () => {
    const t = testApi();
    await t.api('billProfiles.create', {
      name: 'TIM FEBRABAN services',
      format: 'csv',
      carrier_name: 'TIM Brasil',
      currency: 'BRL',
      config: {
        columns: { line: 'line_id', line_description: 'service_type', line_amount: 'amount' },
        constants: { account: 'ACME-TIM', invoice: '000.000.000-AA' },
        carrier_aliases: {},
      },
    });
    const services = readFileSync(join(TIM, 'line_service_charges_redacted.csv'));
    const run = await t.api('bills.import', { profile: 'TIM FEBRABAN services', file_name: 'line_service_charges_redacted.csv', data: services, month: '2011-03' });
    expect(run).toMatchObject({ created: 1, problems: [] });
    const [bill] = await t.api('bills.list', { month: '2011-03' });
    expect(bill).toMatchObject({ total_cents: 458956, lines_cents: 458956, line_count: 432, currency: 'BRL' });
    const kept = t.db.sqlite.prepare('SELECT line_key, description, amount_cents FROM bill_lines WHERE bill_id = ? ORDER BY rowid').all(bill!.id) as { line_key: string; description: string; amount_cents: number }[];
    // Every (line, service) charge as the file has it, in file order.
    expect(kept.map((l) => [l.line_key, l.description, l.amount_cents])).toEqual(csvOf('line_service_charges_redacted.csv').map((r) => [r.line_id, r.service_type, cents(r.amount!)]));
    expect(kept.slice(0, 3)).toEqual([
      { line_key: 'LINE-008', description: 'Chamadas Locais para Celulares TIM', amount_cents: 0 },
      { line_key: 'LINE-008', description: 'Chamadas de Acesso *100', amount_cents: 0 },
      { line_key: 'LINE-008', description: 'Chamadas Locais para Outros Telefones Fixos', amount_cents: 282 },
    ]);
    // Per line, the services add up to the line's usage plus monthly fees in the line totals (73 lines have
    // service charges; LINE-074..081 have none); with the plan subscriptions (1,777.00) and the other credits
    // and debits (226.48) they make the invoice total.
    const perLine = new Map<string, number>();
    for (const l of kept) perLine.set(l.line_key, (perLine.get(l.line_key) ?? 0) + l.amount_cents);
    const lineTotals = csvOf('line_totals_redacted.csv');
    expect(perLine.size).toBe(73);
    for (const r of lineTotals) expect([r.line_id, perLine.get(r.line_id!) ?? 0]).toEqual([r.line_id, cents(r.usage!) + cents(r.monthly_fees_allowances!)]);
    expect(perLine.get('LINE-004')).toBe(22740);
    const subscriptions = lineTotals.reduce((s, r) => s + cents(r.plan_subscription!), 0);
    const other = lineTotals.reduce((s, r) => s + cents(r.other_credits_debits!), 0);
    expect([subscriptions, other]).toEqual([177700, 22648]);
    expect(bill!.total_cents + subscriptions + other).toBe(cents(invoiceTotal));
  });

  it('a total the lines do not add up to is refused, naming both sums', async () => {
    const t = testApi();
    await timProfile(t);
    const e = await rejected(t.api('bills.import', { profile: 'TIM FEBRABAN lines', file_name: 'line_totals_redacted.csv', data, month: '2011-03', invoice_total: '6593.40' }));
    expect((e.details as { reason: string }[])[0]!.reason).toBe('the file adds up to 6593.04, not the invoice total 6593.40');
  });

  it('lines that do not add up to a total column are refused', async () => {
    const t = testApi();
    await t.api('billProfiles.create', {
      name: 'L',
      format: 'csv',
      carrier_name: 'C',
      config: { columns: { account: 'acct', invoice: 'inv', line: 'line', line_amount: 'amount', total: 'invoice_total' }, constants: {}, carrier_aliases: {} },
    });
    const csv = 'acct,inv,line,amount,invoice_total\n1,I-1,L1,10.00,25.00\n1,I-1,L2,14.99,25.00\n';
    const p = await t.api('bills.preview', { profile: 'L', file_name: 'l.csv', data: bytes(csv), month: '2026-01' });
    expect(p.problems).toEqual([{ file: 'l.csv', row: 2, column: 'invoice_total', value: '25.00', reason: 'the 2 lines of invoice I-1 add up to 24.99, not the invoice total 25.00' }]);
    expect(p.bills).toEqual([]);
  });

  it('compares a bill with the inventory service by service', async () => {
    const t = testApi();
    const carrier = await t.api('carriers.create', { name: 'Acme Telecom' });
    const customer = await t.api('customers.create', { name: 'Springfield' });
    const account = await t.api('accounts.create', { carrier_id: carrier.id, customer_id: customer.id, account_number: 'A-1' });
    await t.api('services.create', { billing_account_id: account.id, description: 'Line 1', circuit_id: 'L1', monthly_cents: 1000 });
    await t.api('services.create', { billing_account_id: account.id, description: 'Line 2', circuit_id: 'L2', monthly_cents: 1500 });
    await t.api('services.create', { billing_account_id: account.id, description: 'Line 3', circuit_id: 'L3', monthly_cents: 700 });
    await t.api('billProfiles.create', {
      name: 'Acme lines',
      format: 'csv',
      carrier_name: 'Acme Telecom',
      config: { columns: { account: 'acct', invoice: 'inv', line: 'line', line_amount: 'amount' }, constants: {}, carrier_aliases: {} },
    });
    await t.api('bills.import', { profile: 'Acme lines', file_name: 'l.csv', data: bytes('acct,inv,line,amount\nA-1,I-9,L1,10.00\nA-1,I-9,L2,17.50\nA-1,I-9,L9,3.00\n'), month: '2026-02' });
    const [bill] = await t.api('bills.list', { month: '2026-02' });
    const c = await t.api('bills.compare', { bill_id: bill!.id });
    expect(c.rows.map((r) => [r.line_key, r.billed_cents, r.expected_cents, r.difference_cents, r.outcome])).toEqual([
      ['L1', 1000, 1000, 0, 'match'],
      ['L2', 1750, 1500, 250, 'differs'],
      ['L9', 300, null, null, 'not_in_inventory'],
      ['L3', null, 700, null, 'not_billed'],
    ]);
    expect([c.billed_cents, c.expected_cents]).toEqual([3050, 3200]);
  });
});

describe('profiles', () => {
  it('are saved, changed and retired, with clear errors for what a profile lacks', async () => {
    const t = testApi();
    const p = await acmeProfile(t);
    expect(p).toMatchObject({ name: 'Acme CSV', format: 'csv', locale: 'en-US', date_format: 'MDY', header_row: 1, delimiter: null });
    await expect(acmeProfile(t)).rejects.toThrow('a bill import profile named "Acme CSV" already exists');
    await expect(t.api('billProfiles.create', { name: 'X', format: 'csv', config: { columns: {}, constants: {}, carrier_aliases: {} } })).rejects.toThrow(
      'profile "X" needs the carrier (a fixed carrier or a carrier column), the account column (or a fixed account), the total column (or a line amount column to sum)',
    );
    await expect(t.api('billProfiles.create', { name: 'E', format: 'edi811' })).rejects.toThrow('profile "E" needs the carrier (an EDI 811 file is read for one carrier)');
    const u = await t.api('billProfiles.update', { id: p.id, patch: { locale: 'de-DE', delimiter: ';' } });
    expect([u.locale, u.delimiter]).toEqual(['de-DE', ';']);
    await t.api('billProfiles.retire', { id: p.id });
    expect(await t.api('billProfiles.list', {})).toEqual([]);
  });
});

describe('tem import bills --profile oxford', () => {
  it('loads the Oxford history through the built-in profile, and a second run changes nothing', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'oxford.db');
      const file = join(ROOT, 'tests/fixtures/real/oxford-telecom-spend-2014-2018/monthly_by_supplier_service_area.csv');
      const first = await tem('--db', db, 'import', 'bills', file, '--profile', 'oxford');
      expect([first.code, first.err]).toEqual([0, '']);
      expect(first.out).toBe(
        `Imported bills ${file} with profile "oxford": 180 bill(s) in 45 month(s)\n  180 new, 0 already on file (skipped), 0 correction(s) replacing an earlier import's bill, 0 duplicate(s) flagged and not counted\n  54 new account(s), 21 new carrier(s), 180 actual(s) changed\n`,
      );
      const again = await tem('--db', db, 'import', 'bills', file, '--profile', 'oxford');
      expect(again.out).toContain('0 new, 180 already on file (skipped), 0 correction(s) replacing an earlier import\'s bill, 0 duplicate(s)');
    } finally {
      cleanup();
    }
  });
});

describe('tem import bills', () => {
  it('imports through a profile from the command line, and says what a re-import did', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, 'tem.db');
      const t = testApi(db);
      await acmeProfile(t);
      t.db.close();
      const file = join(dir, 'acme.csv');
      writeFileSync(file, BOM_CSV);
      // The file's bills are dated in December; --month files every bill of the file under November anyway
      // (a carrier's bill dated after the month it is for), keeping the bill dates as written.
      writeFileSync(file, BOM_CSV.replaceAll('11/0', '12/0'));
      const first = await tem('--db', db, 'import', 'bills', file, '--profile', 'Acme CSV', '--month', '2019-11');
      expect(first.code).toBe(0);
      expect(first.out).toBe(
        `Imported bills ${file} with profile "Acme CSV": 2 bill(s) in 1 month(s)\n  2 new, 0 already on file (skipped), 0 correction(s) replacing an earlier import's bill, 0 duplicate(s) flagged and not counted\n  2 new account(s), 1 new carrier(s), 2 actual(s) changed\n`,
      );
      const t2 = testApi(db);
      expect(actuals(t2, '2019-11')).toEqual([['007321', 123456, 'INV-1001', '2019-12-01'], ['8400123', 8910, 'INV-1002', '2019-12-03']]);
      expect(actuals(t2, '2019-12')).toEqual([]);
      t2.db.close();
      const again = await tem('--db', db, 'import', 'bills', file, '--profile', 'Acme CSV', '--month', '2019-11');
      expect(again.out).toContain('0 new, 2 already on file (skipped)');
      // Without --month the same bills would go to December, where they are the November invoices again:
      // flagged as duplicates and not counted, so nothing is doubled either way.
      const december = await tem('--db', db, 'import', 'bills', file, '--profile', 'Acme CSV');
      expect(december.out).toContain('0 new, 0 already on file (skipped), 0 correction(s) replacing an earlier import\'s bill, 2 duplicate(s) flagged and not counted');
      const t3 = testApi(db);
      expect(actuals(t3, '2019-12')).toEqual([]);
      t3.db.close();
      const bad = await tem('--db', db, 'import', 'bills', file);
      expect([bad.code, bad.err]).toEqual([2, 'tem: import bills needs --profile NAME (a saved bill import profile, or the built-in "oxford")\nRun "tem --help" for usage.\n']);
    } finally {
      cleanup();
    }
  });
});
