// Carrier bill import profiles: CSV (BOM, semicolons and decimal commas, 18-digit accounts), XLSX (merged
// header cells, date cells), EDI 811 (two accounts, one broken segment), line-level bills (TIM Brasil),
// preview, chunked import with progress, re-import and duplicates, and the CLI.
import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testApi, bytes, ROOT, tempDir, type TestApi } from '../support/api.ts';
import { tem } from '../support/cli.ts';
import { ApiError } from '../../api/index.ts';

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
    expect(p.totals).toEqual({ rows: 2, bills: 2, total_cents: 132366, new: 2, on_file: 0, duplicate: 0 });
    expect((t.db.sqlite.prepare('SELECT COUNT(*) n FROM bills').get() as { n: number }).n).toBe(0);
  });

  it('imports, keeps the month actual = the sum of the bills, and a re-import doubles nothing', async () => {
    const t = testApi();
    await acmeProfile(t);
    const input = { profile: 'Acme CSV', file_name: 'acme-2019-11.csv', data: bytes(BOM_CSV) };
    const run = await t.api('bills.import', input);
    expect(run).toMatchObject({ status: 'done', bills_total: 2, bills_done: 2, created: 2, on_file: 0, duplicates: 0, accounts_created: 2, carriers_created: 1, actuals_changed: 2, months: ['2019-11'] });
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
        value: 'HL 5',
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

  it('the 81 lines add up to the invoice total 6,593.04, and each line is kept', async () => {
    const t = testApi();
    await timProfile(t);
    const p = await t.api('bills.preview', { profile: 'TIM FEBRABAN lines', file_name: 'line_totals_redacted.csv', data, month: '2011-03', invoice_total: '6593.04' });
    expect(p.problems).toEqual([]);
    expect(p.bills).toHaveLength(1);
    expect(p.bills[0]).toMatchObject({ account: 'ACME-TIM', invoice_number: '000.000.000-AA', month: '2011-03', total_cents: 659304, lines_cents: 659304, line_count: 81 });
    const run = await t.api('bills.import', { profile: 'TIM FEBRABAN lines', file_name: 'line_totals_redacted.csv', data, month: '2011-03', invoice_total: '6593.04' });
    expect(run.created).toBe(1);
    const lines = t.db.sqlite.prepare('SELECT line_key, description, amount_cents FROM bill_lines ORDER BY line_key').all() as { line_key: string; description: string; amount_cents: number }[];
    expect(lines).toHaveLength(81);
    expect(lines[0]).toEqual({ line_key: 'LINE-001', description: 'Plano TIM Empresa Mundi 400 (084/POS/SMP)', amount_cents: 57900 });
    expect(lines[80]).toEqual({ line_key: 'LINE-081', description: null, amount_cents: 3361 });
    expect(lines.reduce((s, l) => s + l.amount_cents, 0)).toBe(659304);
    const [bill] = await t.api('bills.list', { month: '2011-03' });
    expect(bill).toMatchObject({ total_cents: 659304, currency: 'BRL', line_count: 81 });
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
        `Imported bills ${file} with profile "oxford": 180 bill(s) in 45 month(s)\n  180 new, 0 already on file (skipped), 0 duplicate(s) flagged and not counted\n  54 new account(s), 21 new carrier(s), 180 actual(s) changed\n`,
      );
      const again = await tem('--db', db, 'import', 'bills', file, '--profile', 'oxford');
      expect(again.out).toContain('0 new, 180 already on file (skipped), 0 duplicate(s)');
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
      const first = await tem('--db', db, 'import', 'bills', file, '--profile', 'Acme CSV', '--month', '2019-11');
      expect(first.code).toBe(0);
      expect(first.out).toBe(
        `Imported bills ${file} with profile "Acme CSV": 2 bill(s) in 1 month(s)\n  2 new, 0 already on file (skipped), 0 duplicate(s) flagged and not counted\n  2 new account(s), 1 new carrier(s), 2 actual(s) changed\n`,
      );
      const again = await tem('--db', db, 'import', 'bills', file, '--profile', 'Acme CSV');
      expect(again.out).toContain('0 new, 2 already on file (skipped)');
      const bad = await tem('--db', db, 'import', 'bills', file);
      expect([bad.code, bad.err]).toEqual([2, 'tem: import bills needs --profile NAME (a saved bill import profile, or the built-in "oxford")\nRun "tem --help" for usage.\n']);
    } finally {
      cleanup();
    }
  });
});
