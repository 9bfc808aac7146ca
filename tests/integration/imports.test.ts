// Awkward files, as ../shared/cases/import.md lists them, through the same import methods the CLI uses.
import { describe, it, expect } from 'vitest';
import ExcelJS from 'exceljs';
import { testApi, bytes } from '../support/api.ts';
import { ApiError } from '../../api/index.ts';

const BOOK = 'customer,carrier,account,service,expected\r\n';

async function snapshot(t: ReturnType<typeof testApi>) {
  const q = (sql: string) => t.db.sqlite.prepare(sql).all();
  return JSON.stringify([
    q('SELECT * FROM customers ORDER BY id'),
    q('SELECT * FROM billing_accounts ORDER BY id'),
    q('SELECT * FROM services ORDER BY id'),
    q('SELECT * FROM contracts ORDER BY id'),
    q('SELECT * FROM actuals ORDER BY id'),
    q('SELECT * FROM audit_log ORDER BY seq'),
  ]);
}

describe('book import', () => {
  it('finds the first column of a file that starts with a byte-order mark', async () => {
    const t = testApi();
    const r = await t.api('import.book', { file_name: 'book.csv', data: bytes('\uFEFFCustomer,Carrier,Account,Expected\nAcme,AT&T,1,10.00\n') });
    expect(r.counts.customers!.created).toBe(1);
    expect((await t.api('customers.list', {}))[0]!.name).toBe('Acme');
  });

  it('keeps account numbers as text: leading zeros and 18 digits survive', async () => {
    const t = testApi();
    await t.api('import.book', { file_name: 'b.csv', data: bytes(BOOK + 'Acme,AT&T,007321,Fiber,10\nAcme,AT&T,208310224003697457,Voice,20\n') });
    const accounts = (await t.api('accounts.list', {})).map((a) => a.account_number);
    expect(accounts).toEqual(['007321', '208310224003697457']);
  });

  it('names file, row, column and value of a bad cell; with skip-invalid imports the rest and returns the rejects', async () => {
    const t = testApi();
    const data = bytes(BOOK + 'Acme,AT&T,1,Fiber,10\nAcme,AT&T,2,Voice,No data\nBeta,,3,Voice,5\n');
    const err = await t.api('import.book', { file_name: '/some/where/book.csv', data }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('import_rejected');
    expect(err.details).toEqual([
      { file: 'book.csv', row: 3, column: 'expected', value: 'No data', reason: '"No data" is not an amount (expected like 1,234.56 for en-US)' },
      { file: 'book.csv', row: 4, column: 'carrier', value: '', reason: 'carrier is empty' },
    ]);
    expect((await t.api('customers.list', {})).length).toBe(0);
    const r = await t.api('import.book', { file_name: 'book.csv', data, skip_invalid: true });
    expect([r.rows_total, r.rows_imported, r.rejected.length]).toEqual([3, 1, 2]);
    expect(r.rejects_csv).toBe(
      '\uFEFFcustomer,carrier,account,service,expected,reject_reason\r\nAcme,AT&T,2,Voice,No data,"expected: ""No data"" is not an amount (expected like 1,234.56 for en-US)"\r\nBeta,,3,Voice,5,carrier: carrier is empty\r\n',
    );
    const saved = t.db.sqlite.prepare('SELECT rows_rejected, rejects_json FROM imports').get() as { rows_rejected: number; rejects_json: string };
    expect(saved.rows_rejected).toBe(2);
    expect(JSON.parse(saved.rejects_json)).toHaveLength(2);
  });

  it('sums the services of one account and a re-import changes nothing', async () => {
    const t = testApi();
    const data = bytes(BOOK + 'Acme,AT&T,1,Fiber,10.00\nAcme,AT&T,1,Fiber,2.50\nAcme,AT&T,1,Voice,"1,000.10"\n');
    await t.api('import.book', { file_name: 'b.csv', data });
    expect((await t.api('month.check', { month: '2026-01' })).rows[0]!.expected_cents).toBe(101_260);
    const before = await snapshot(t);
    const again = await t.api('import.book', { file_name: 'b.csv', data });
    expect(again.changed).toBe(false);
    expect(again.counts.services).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot(t)).toBe(before);
  });

  it('an account claimed by two customers is a bad row', async () => {
    const t = testApi();
    const err = await t.api('import.book', { file_name: 'b.csv', data: bytes(BOOK + 'Acme,AT&T,1,Fiber,10\nBeta,AT&T,1,Voice,5\n') }).catch((e) => e);
    expect(err.details[0]).toMatchObject({ row: 3, column: 'customer', value: 'Beta', reason: 'account 1 of AT&T already belongs to Acme (row 2)' });
  });

  it('takes tolerance per row or from the defaults, and start/end in either date style', async () => {
    const t = testApi();
    await t.api('import.book', {
      file_name: 'b.csv',
      data: bytes('customer,carrier,account,expected,tolerance_pct,start,end\nAcme,AT&T,1,100,2.5,2026-01,6/30/2026 0:00\nAcme,AT&T,2,100,,,\n'),
      tolerance_amount: '3.00',
    });
    const contracts = await t.api('contracts.list', {});
    expect(contracts.map((c) => [c.tolerance_pct_bp, c.tolerance_amount_cents, c.start_date, c.end_date])).toEqual([
      [null, 300, null, null],
      [250, null, '2026-01-01', '2026-06-30'],
    ]);
    const accounts = await t.api('accounts.list', {});
    expect(accounts.map((a) => [a.account_number, a.start_month, a.end_month])).toEqual([
      ['1', '2026-01', '2026-06'],
      ['2', null, null],
    ]);
  });

  it('reads XLSX: text account cells keep zeros, numeric cells are numbers whatever the locale', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Book');
    ws.addRow(['Customer', 'Carrier', 'Account', 'Expected']);
    ws.addRow(['Acme', 'Telefónica São Paulo – Zürich', '007321', 1234.5]);
    ws.addRow(['Acme', 'Telefónica São Paulo – Zürich', '1111222233334444', 0.1 + 0.2]);
    const data = new Uint8Array(await wb.xlsx.writeBuffer());
    const t = testApi();
    await t.api('import.book', { file_name: 'book.xlsx', data, locale: 'de-DE' });
    const rows = (await t.api('month.check', { month: '2026-01' })).rows;
    expect(rows.map((r) => [r.carrier, r.account, r.expected_cents])).toEqual([
      ['Telefónica São Paulo – Zürich', '007321', 123_450],
      ['Telefónica São Paulo – Zürich', '1111222233334444', 30],
    ]);
  });
});

describe('actuals import', () => {
  async function book() {
    const t = testApi();
    await t.api('import.book', { file_name: 'b.csv', data: bytes(BOOK + 'Acme,AT&T,007321,Fiber,236.48\n') });
    return t;
  }

  it('reads a semicolon file with decimal commas using the file locale, and sums rows of one account', async () => {
    const t = await book();
    const r = await t.api('import.actuals', {
      file_name: 'bill.csv',
      month: '2026-03',
      locale: 'de-DE',
      data: bytes('carrier;account;actual;invoice;bill_date\nAT&T;007321;-236,48;INV-1;2026-03-01\nAT&T;007321;1.000,00;INV-2;\n'),
    });
    expect(r.counts.actuals).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const row = (await t.api('month.check', { month: '2026-03' })).rows[0]!;
    expect([row.actual_cents, row.invoice_number, row.bill_date]).toEqual([76_352, 'INV-1, INV-2', '2026-03-01']);
  });

  it('keeps a bill for an account that is not in the book, as unexpected', async () => {
    const t = await book();
    await t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: bytes('carrier,account,actual\nAT&T,007321,236.48\nVerizon,999,50.00\n') });
    const rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.map((r) => [r.carrier, r.account, r.status, r.actual_cents])).toEqual([
      ['AT&T', '007321', 'ok', 23_648],
      ['Verizon', '999', 'unexpected', 5_000],
    ]);
  });

  it('a failed import leaves the database exactly as it was, and the same file twice changes nothing', async () => {
    const t = await book();
    const before = await snapshot(t);
    await expect(
      t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: bytes('carrier,account,actual\nVerizon,1,5\nAT&T,007321,Hello\n') }),
    ).rejects.toThrow(/1 of 2 rows are invalid/);
    expect(await snapshot(t)).toBe(before);
    const good = bytes('carrier,account,actual\nAT&T,007321,200\n');
    await t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: good });
    const once = await snapshot(t);
    const again = await t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: good });
    expect(again.changed).toBe(false);
    expect(await snapshot(t)).toBe(once);
  });

  it('an account known only from a bill shows only in the months it has a bill', async () => {
    const t = await book();
    await t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: bytes('carrier,account,actual\nVerizon,999,50.00\n') });
    const april = await t.api('month.check', { month: '2026-04' });
    expect(april.rows.map((r) => [r.account, r.status])).toEqual([['007321', 'missing']]);
    expect(april.totals).toMatchObject({ accounts: 1, ok: 0, missing: 1 });
  });

  it('reads a Windows-1252 file from German Excel: € and umlauts survive', async () => {
    const t = await book();
    // "carrier;account;actual\r\nAT&T;007321;2.000,00 €\r\nMünchen Tel;1;5,00\r\n" in the Windows code page
    const text = 'carrier;account;actual\r\nAT&T;007321;2.000,00 \x80\r\nM\xfcnchen Tel;1;5,00\r\n';
    const data = Uint8Array.from(text, (c) => c.charCodeAt(0));
    await t.api('import.actuals', { file_name: 'excel.csv', month: '2026-03', locale: 'de-DE', data });
    const rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.map((r) => [r.carrier, r.actual_cents])).toEqual([
      ['AT&T', 200_000],
      ['München Tel', 500],
    ]);
  });

  it('an empty amount leaves the bill not entered', async () => {
    const t = await book();
    const r = await t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: bytes('carrier,account,actual\nAT&T,007321,\n') });
    expect([r.rows_total, r.rows_imported, r.rows_blank]).toEqual([1, 0, 1]);
    expect((await t.api('month.check', { month: '2026-03' })).rows[0]!.status).toBe('missing');
  });

  it('says which column is missing and what the header has', async () => {
    const t = await book();
    await expect(t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', data: bytes('carrier,acct,amount\nAT&T,1,2\n') })).rejects.toThrow(
      'a.csv: no column "account", "actual"; the header row has "carrier", "acct", "amount"',
    );
    await expect(
      t.api('import.actuals', { file_name: 'a.csv', month: '2026-03', map: { actual: 'Total' }, data: bytes('carrier,account,amount\nAT&T,1,2\n') }),
    ).rejects.toThrow('no column "Total" (for actual)');
  });
});
