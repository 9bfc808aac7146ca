// Every case of shared/cases/export.md against the report engine's CSV, XLSX and PDF writers, using the
// discrepancy report (the file that leaves the product most often).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { testApi, tempDir, seedAccount, ROOT, type TestApi } from '../support/api.ts';
import { BOM, csvObjects, csvRecords, textCents, workbook, sheetObjects, cellCents, cellText, pdfText } from '../support/reports.ts';

const MONTH = '2026-03';
const CARRIER = 'Telefónica São Paulo – Zürich';
const NOTE_MONEY = '₹ 50,00,000 · 9,00 €';
const FORMULA_NOTES = ['=2+3', '+41 44 000', '-2', '@SUM(A1)', '\tTabbed', '\rReturned'];

const tmp = tempDir();
const dbFile = join(tmp.dir, 'export-cases.db');
let t: TestApi;

beforeAll(async () => {
  t = testApi(dbFile);
  // Three accounts whose numbers a spreadsheet would mangle, each 1,000.00 expected.
  const a1 = await seedAccount(t, { account: '007321', expected: 100_000, carrier: CARRIER, customer: 'Escola Três Corações' });
  const a2 = await seedAccount(t, { account: '123456789000', expected: 100_000, carrier: CARRIER, customer: '=2+3' });
  const a3 = await seedAccount(t, { account: '1111222233334444', expected: 100_000, carrier: CARRIER, customer: 'Zürich Schulen' });
  await t.api('carriers.update', { id: a1.carrier.id, patch: { dispute_contact: 'disputas@telefonica.example · +55 11 5555-0100' } });
  // 007321 is under by exactly 45.00 on a bill dated 2026-03-01.
  await t.api('actuals.set', { account_id: a1.account.id, month: MONTH, amount: '955.00', invoice_number: 'INV-1', bill_date: '2026-03-01', note: NOTE_MONEY });
  await t.api('actuals.set', { account_id: a2.account.id, month: MONTH, amount: '1010.10', invoice_number: '=HYPERLINK("x")', bill_date: '2026-03-01', note: FORMULA_NOTES[0] });
  await t.api('actuals.set', { account_id: a3.account.id, month: MONTH, amount: '1200.00', invoice_number: 'INV-3', bill_date: '2026-03-01', note: FORMULA_NOTES.slice(1).join('|') });
  await t.api('tickets.open', { bills: [{ account_id: a1.account.id, month: MONTH }], claim_number: 'CLM-0042', opened_on: '2026-03-10' });
});
afterAll(() => {
  t.db.close();
  tmp.cleanup();
});

const file = (format: 'csv' | 'xlsx' | 'pdf', input: Record<string, unknown> = { month: MONTH }) => t.api('reports.export', { report: 'discrepancies', format, input });

describe('export case 1: account numbers stay exactly as written', () => {
  it('CSV bytes hold the digits exactly, unquoted and unprefixed', async () => {
    const f = await file('csv');
    const rows = csvObjects(f.bytes);
    expect(rows.map((r) => r.Account).sort()).toEqual(['007321', '1111222233334444', '123456789000']);
    const text = new TextDecoder().decode(f.bytes);
    expect(text).toContain(',007321,');
    expect(text).toContain(',1111222233334444,');
    expect(text).toContain(',123456789000,');
  });

  it('XLSX holds them as text cells', async () => {
    const ws = await workbook((await file('xlsx')).bytes);
    const cells = sheetObjects(ws).map((r) => r.Account!);
    expect(cells.map((c) => c.type)).toEqual([ExcelJS.ValueType.String, ExcelJS.ValueType.String, ExcelJS.ValueType.String]);
    expect(cells.map((c) => c.value).sort()).toEqual(['007321', '1111222233334444', '123456789000']);
  });
});

describe('export case 2: text that looks like a formula is shown literally', () => {
  it('CSV prefixes an apostrophe to text starting with = + - @ tab or CR, in every column', async () => {
    const rows = csvObjects((await file('csv')).bytes);
    const byAccount = new Map(rows.map((r) => [r.Account, r]));
    expect(byAccount.get('123456789000')!.Customer).toBe("'=2+3");
    expect(byAccount.get('123456789000')!.Notes).toBe("'=2+3");
    expect(byAccount.get('123456789000')!.Invoice).toBe('\'=HYPERLINK("x")');
    const note3 = byAccount.get('1111222233334444')!.Notes;
    expect(note3).toBe(`'${FORMULA_NOTES.slice(1).join('|')}`);
  });

  it('every start character is neutralised in CSV and stays a plain string in XLSX', async () => {
    const { reportCsv } = await import('../../api/reports/csv.ts');
    const { reportXlsx } = await import('../../api/reports/xlsx.ts');
    const layout = {
      id: 't',
      title: 'Cases',
      subtitle: 'export case 2',
      columns: [{ key: 'n', header: 'Note', kind: 'text' as const, value: (r: { n: string }) => r.n }],
      rows: FORMULA_NOTES.map((n) => ({ n })),
      groups: null,
      totals: {},
      notes: [],
    };
    expect(csvRecords(reportCsv(layout)).slice(1).map((r) => r[0])).toEqual(FORMULA_NOTES.map((n) => `'${n}`));
    const ws = await workbook(await reportXlsx(layout, { name: null }));
    const cells = sheetObjects(ws).map((r) => r.Note!);
    expect(cells.map(cellText)).toEqual(FORMULA_NOTES);
    expect(cells.every((c) => c.type === ExcelJS.ValueType.String && c.formula === undefined)).toBe(true);
  });

  it('XLSX never holds a formula: the customer "=2+3" is a string cell', async () => {
    const ws = await workbook((await file('xlsx')).bytes);
    const row = sheetObjects(ws).find((r) => r.Account!.value === '123456789000')!;
    expect(row.Customer!.type).toBe(ExcelJS.ValueType.String);
    expect(row.Customer!.value).toBe('=2+3');
    expect(row.Invoice!.value).toBe('=HYPERLINK("x")');
    let formulas = 0;
    ws.eachRow((r) => r.eachCell((c) => void (c.type === ExcelJS.ValueType.Formula && formulas++)));
    expect(formulas).toBe(0);
  });
});

describe('export case 3: a variance of -45.00 is a number', () => {
  it('CSV writes -45.00 bare; XLSX a numeric cell of -45', async () => {
    const csv = csvObjects((await file('csv')).bytes).find((r) => r.Account === '007321')!;
    expect(csv.Variance).toBe('-45.00');
    expect(new TextDecoder().decode((await file('csv')).bytes)).not.toContain("'-45.00");
    const row = sheetObjects(await workbook((await file('xlsx')).bytes)).find((r) => r.Account!.value === '007321')!;
    expect(row.Variance!.type).toBe(ExcelJS.ValueType.Number);
    expect(row.Variance!.value).toBe(-45);
    expect(row.Variance!.numFmt).toBe('#,##0.00;-#,##0.00');
  });
});

describe('export case 4: UTF-8 with a BOM; names read back exactly', () => {
  it('CSV starts EF BB BF and the carrier reads back in CSV, XLSX and PDF', async () => {
    const csv = await file('csv');
    expect([...csv.bytes.slice(0, 3)]).toEqual(BOM);
    expect(csvObjects(csv.bytes).map((r) => r.Carrier)).toEqual([CARRIER, CARRIER, CARRIER]);
    expect(sheetObjects(await workbook((await file('xlsx')).bytes))[0]!.Carrier!.value).toBe(CARRIER);
    const text = pdfText((await file('pdf')).bytes);
    expect(text).toContain(CARRIER);
    expect(text).toContain('Zürich Schulen');
  });
});

describe('export case 5: the PDF text extracts back exactly', () => {
  it('₹ 50,00,000 and 9,00 € come back from pdftotext', async () => {
    const text = pdfText((await file('pdf')).bytes);
    expect(text).toContain('₹ 50,00,000');
    expect(text).toContain('9,00 €');
    // the PDF embeds its fonts: pdffonts lists them all as embedded
    const f = await file('pdf');
    const path = join(tmp.dir, 'fonts.pdf');
    (await import('node:fs')).writeFileSync(path, f.bytes);
    const fonts = execFileSync('pdffonts', [path], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) expect(line).toMatch(/DejaVuSans\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });
});

describe('export case 6: a calendar date is the same in every time zone', () => {
  it('tem export in America/New_York and in Asia/Tokyo writes 2026-03-01', async () => {
    t.db.close();
    const got: Record<string, { csv: string; xlsx: string; pdf: boolean }> = {};
    for (const tz of ['America/New_York', 'Asia/Tokyo']) {
      const prefix = join(tmp.dir, tz.replace('/', '-'));
      execFileSync(process.execPath, [join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'tests/support/export-in-tz.ts'), dbFile, MONTH, 'Escola Três Corações', prefix], {
        env: { ...process.env, TZ: tz },
        stdio: 'pipe',
      });
      const out = { csv: `${prefix}.csv`, xlsx: `${prefix}.xlsx`, pdf: `${prefix}.pdf` };
      const csv = csvObjects(readFileSync(out.csv!))[0]!['Bill date']!;
      const cell = sheetObjects(await workbook(readFileSync(out.xlsx!)))[0]!['Bill date']!;
      expect(cell.type).toBe(ExcelJS.ValueType.Date);
      got[tz] = { csv, xlsx: (cell.value as Date).toISOString(), pdf: pdfText(readFileSync(out.pdf!)).includes('2026-03-01') };
    }
    expect(got['America/New_York']).toEqual({ csv: '2026-03-01', xlsx: '2026-03-01T00:00:00.000Z', pdf: true });
    expect(got['Asia/Tokyo']).toEqual(got['America/New_York']);
    t = testApi(dbFile);
  }, 60_000);
});

describe('export case 7: a variance is the same cents in grid, CSV, XLSX and PDF', () => {
  it('each bill of the month', async () => {
    const check = await t.api('month.check', { month: MONTH });
    const csv = new Map(csvObjects((await file('csv')).bytes).map((r) => [r.Account, textCents(r.Variance!)]));
    const xlsx = new Map(sheetObjects(await workbook((await file('xlsx')).bytes)).map((r) => [r.Account!.value as string, cellCents(r.Variance)]));
    const pdf = pdfText((await file('pdf')).bytes, true);
    expect(check.rows).toHaveLength(3);
    for (const r of check.rows) {
      expect(csv.get(r.account)).toBe(r.variance_cents);
      expect(xlsx.get(r.account)).toBe(r.variance_cents);
      const line = pdf.split('\n').find((l) => l.includes(r.account))!;
      const shown = (r.variance_cents! / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
      expect(line).toContain(` ${shown} `);
    }
    expect([...csv.values()].sort()).toEqual([-4500, 1010, 20000].sort());
  });
});

describe('the discrepancy PDF an accountant gets', () => {
  it('has the company header, the carrier dispute contact, the ticket and claim, totals and page numbers', async () => {
    const text = pdfText((await file('pdf')).bytes, true);
    expect(text).toContain('Discrepancy report 2026-03');
    expect(text).toContain('Disputes: disputas@telefonica.example · +55 11 5555-0100');
    expect(text).toContain('CLM-0042');
    expect(text).toMatch(/Total Telefónica São Paulo – Zürich\s+3,000.00\s+3,165.10\s+165.10/);
    expect(text).toMatch(/Page 1 of 1/);
  });
});

describe('share with carriers', () => {
  it('writes one file per carrier into a folder; the XLSX names the dispute contact', async () => {
    const dir = join(tmp.dir, 'share');
    const r = await t.api('reports.shareWithCarriers', { month: MONTH, format: 'xlsx', folder: dir });
    expect(r.files).toEqual([{ carrier: CARRIER, file_name: `Discrepancy report ${MONTH} - ${CARRIER}.xlsx`, bills: 3, path: join(dir, `Discrepancy report ${MONTH} - ${CARRIER}.xlsx`) }]);
    expect(r.zip).toBeNull();
    const ws = await workbook(readFileSync(r.files[0]!.path!));
    expect(ws.getCell(3, 1).value).toBe('Disputes: disputas@telefonica.example · +55 11 5555-0100');
    expect(sheetObjects(ws)).toHaveLength(3);
    await expect(t.api('reports.shareWithCarriers', { month: MONTH, format: 'pdf', folder: 'relative/dir' })).rejects.toThrow('folder "relative/dir" is not an absolute path');
  });
});

describe('the company header', () => {
  // A 2x2 red PNG.
  const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDK+mmyAAAAABJRU5ErkJggg==', 'base64');
  const images = (bytes: Uint8Array) => {
    const path = join(tmp.dir, 'logo.pdf');
    writeFileSync(path, bytes);
    return execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).trim().split('\n').slice(2).length;
  };

  it('prints the company name, address and logo on every page; an SVG logo is left out, not an error', async () => {
    await t.api('company.save', { name: 'Northwind Telecom Brokers', address: '12 Harbour Road\nBristol BS1 4AA', logo: new Uint8Array(PNG), logo_type: 'image/png' });
    const pdf = (await file('pdf')).bytes;
    const text = pdfText(pdf, true);
    expect(text).toContain('Northwind Telecom Brokers');
    expect(text).toContain('12 Harbour Road');
    expect(text).toContain('Bristol BS1 4AA');
    expect(images(pdf)).toBe(1);
    await t.api('company.save', { logo: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), logo_type: 'image/svg+xml' });
    const svg = (await file('pdf')).bytes;
    expect(images(svg)).toBe(0);
    expect(pdfText(svg)).toContain('Northwind Telecom Brokers');
    const ws = await workbook((await file('xlsx')).bytes);
    expect(ws.getCell(1, 1).value).toBe('Northwind Telecom Brokers — Discrepancy report 2026-03');
  });
});
