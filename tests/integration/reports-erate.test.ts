// The done-when check of issue 7 on the README's E-Rate month (2015-07): a discrepancy report per carrier as PDF
// and XLSX, read back and compared with month.check's cents, and the dashboard's figures for that month.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { formatCents } from '../../core/money.ts';
import { tem } from '../support/cli.ts';
import { ERATE, tempDir, testApi, type TestApi } from '../support/api.ts';
import { csvObjects, textCents, workbook, sheetObjects, sheetTotals, cellCents, pdfText, pdfPages } from '../support/reports.ts';
import type { CheckRow } from '../../api/contract/month.ts';

const BOOK_MAP = 'customer=applicant_name,customer_code=applicant_ben,location=applicant_postal_cd,carrier=service_provider_name,account=frn,service=connect_type,expected=rec_elig_cost';
const ACTUALS_MAP = 'carrier=service_provider_name,account=frn,actual=rec_elig_cost';
const MONTH = '2015-07';

const tmp = tempDir();
const db = join(tmp.dir, 'erate.db');
let t: TestApi;
let flagged: CheckRow[];

beforeAll(async () => {
  for (const f of ['orig_broadband_line_items.csv', 'verified_broadband_line_items.csv']) copyFileSync(join(ERATE, f), join(tmp.dir, f));
  expect((await tem('--db', db, 'import', 'book', join(tmp.dir, 'orig_broadband_line_items.csv'), '--map', BOOK_MAP, '--skip-invalid')).code).toBe(0);
  expect((await tem('--db', db, 'import', 'actuals', join(tmp.dir, 'verified_broadband_line_items.csv'), '--month', MONTH, '--map', ACTUALS_MAP, '--skip-invalid')).code).toBe(0);
  t = testApi(db);
  flagged = (await t.api('month.check', { month: MONTH })).rows.filter((r) => r.status !== 'ok');
}, 120_000);
afterAll(() => {
  t?.db.close();
  tmp.cleanup();
});

const byCarrier = () => {
  const m = new Map<string, CheckRow[]>();
  for (const r of flagged) m.set(r.carrier, [...(m.get(r.carrier) ?? []), r]);
  return m;
};
const sum = (rows: CheckRow[], f: (r: CheckRow) => number | null) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);

describe('discrepancy report, E-Rate 2015-07', () => {
  it('has the month check\'s 100 flagged bills and its totals', async () => {
    const d = await t.api('reports.discrepancies', { month: MONTH });
    expect(flagged).toHaveLength(100);
    expect(d.totals).toEqual({ bills: 100, expected_cents: sum(flagged, (r) => r.expected_cents), actual_cents: sum(flagged, (r) => r.actual_cents), variance_cents: -24_463_068, at_stake_cents: 29_263_792 });
    expect(d.carriers).toHaveLength(68);
    expect(byCarrier().size).toBe(68);
    const att = d.carriers.find((c) => c.carrier === 'AT&T Corp.')!;
    expect(att.bills).toBe(byCarrier().get('AT&T Corp.')!.length);
    expect(att.variance_cents).toBe(sum(byCarrier().get('AT&T Corp.')!, (r) => r.variance_cents));
  });

  it('CSV of the whole month: every bill\'s variance and the column sum are the check\'s cents', async () => {
    const f = await t.api('reports.export', { report: 'discrepancies', format: 'csv', input: { month: MONTH } });
    const rows = csvObjects(f.bytes);
    expect(rows).toHaveLength(100);
    const want = new Map(flagged.map((r) => [`${r.carrier}|${r.account}`, r.variance_cents]));
    for (const r of rows) expect(r.Variance === '' ? null : textCents(r.Variance!)).toBe(want.get(`${r.Carrier}|${r.Account}`));
    expect(rows.reduce((s, r) => s + (r.Variance ? textCents(r.Variance) : 0), 0)).toBe(-24_463_068);
  });

  it('one XLSX per carrier into a folder: rows and totals equal the check, per carrier and overall', async () => {
    const dir = join(tmp.dir, 'xlsx');
    const r = await t.api('reports.shareWithCarriers', { month: MONTH, format: 'xlsx', folder: dir });
    const carriers = byCarrier();
    expect(r.files).toHaveLength(carriers.size);
    expect(readdirSync(dir).sort()).toEqual(r.files.map((f) => f.file_name).sort());
    let overall = 0;
    for (const f of r.files) {
      const ws = await workbook(readFileSync(f.path!));
      const rows = sheetObjects(ws);
      const want = carriers.get(f.carrier)!;
      expect(rows).toHaveLength(want.length);
      expect(rows.every((x) => x.Carrier!.value === f.carrier)).toBe(true);
      // Bill by bill: each account's Variance cell is the check's cents for that bill (empty for a missing bill).
      const got = new Map(rows.map((x) => [String(x.Account!.value), cellCents(x.Variance)]));
      expect(got).toEqual(new Map(want.map((b) => [b.account, b.variance_cents])));
      const variance = rows.reduce((s, x) => s + (cellCents(x.Variance) ?? 0), 0);
      expect(variance).toBe(sum(want, (x) => x.variance_cents));
      expect(sheetTotals(ws).get(`Total ${f.carrier}`)).toEqual({ Expected: sum(want, (x) => x.expected_cents), Actual: sum(want, (x) => x.actual_cents), Variance: variance });
      overall += variance;
    }
    expect(overall).toBe(-24_463_068);
  }, 120_000);

  it('says why Actual − Expected is not the Variance total when missing or unexpected bills are in it', async () => {
    const note = 'Variance totals add up only the bills with both an expected and an actual amount: a missing bill counts in Expected only, an unexpected bill in Actual only.';
    const kinds = new Set(flagged.map((r) => r.status));
    expect([kinds.has('missing'), kinds.has('unexpected')]).toEqual([true, true]);
    const pdf = await t.api('reports.export', { report: 'discrepancies', format: 'pdf', input: { month: MONTH } });
    expect(pdfText(pdf.bytes).replace(/\s+/g, ' ')).toContain(note);
    const xlsx = await t.api('reports.export', { report: 'discrepancies', format: 'xlsx', input: { month: MONTH } });
    const cells: string[] = [];
    (await workbook(xlsx.bytes)).eachRow((row) => row.eachCell((c) => void cells.push(String(c.value))));
    expect(cells).toContain(note);
    // A month's over and under bills only: nothing to explain.
    const plain = await t.api('reports.export', { report: 'discrepancies', format: 'pdf', input: { month: MONTH, status: ['over', 'under'] } });
    expect(pdfText(plain.bytes)).not.toContain('Variance totals add up only');
  });

  it('one PDF per carrier: header, dispute contact line, bills, the carrier total and page numbers', async () => {
    const dir = join(tmp.dir, 'pdf');
    const r = await t.api('reports.shareWithCarriers', { month: MONTH, format: 'pdf', folder: dir });
    const carriers = byCarrier();
    expect(r.files).toHaveLength(carriers.size);
    for (const f of r.files) {
      const bytes = readFileSync(f.path!);
      const text = pdfText(bytes, true);
      const want = carriers.get(f.carrier)!;
      const pages = pdfPages(bytes);
      expect(text).toContain(`Discrepancy report ${MONTH}`);
      expect(text).toContain('Disputes: no dispute contact on file');
      expect(text).toContain(`Page ${pages} of ${pages}`);
      // Bill by bill: the account's one line holds, in order, its expected, actual and variance as the check has
      // them (amounts absent for a missing or unexpected bill are blank cells, not zeros).
      const lines = text.split('\n');
      for (const b of want) {
        const mine = lines.filter((l) => l.split(/\s+/).includes(b.account));
        expect(mine, `${f.carrier} ${b.account}`).toHaveLength(1);
        const amounts = mine[0]!.split(/\s+/).filter((w) => /^-?[\d,]+\.\d{2}$/.test(w));
        const cents = [b.expected_cents, b.actual_cents, b.variance_cents].filter((c): c is number => c !== null).map((c) => formatCents(c, 'en-US'));
        expect(amounts, `${f.carrier} ${b.account}`).toEqual(cents);
      }
      const total = [sum(want, (x) => x.expected_cents), sum(want, (x) => x.actual_cents), sum(want, (x) => x.variance_cents)].map((c) => formatCents(c, 'en-US'));
      const line = text.split('\n').find((l) => l.trimStart().startsWith('Total') && l.includes(total[2]!) && l.includes(total[1]!));
      expect(line, `${f.carrier}: ${total.join(' ')}`).toBeDefined();
    }
  }, 180_000);

  it('--carrier on the CLI writes the same rows as the API, and a name that is not there is refused with suggestions', async () => {
    const out = join(tmp.dir, 'att.xlsx');
    const ok = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--carrier', 'at&t corp.', '--format', 'xlsx', '--out', out);
    expect(ok.code).toBe(0);
    const att = byCarrier().get('AT&T Corp.')!;
    expect(ok.out).toContain(`${att.length} ${att.length === 1 ? 'bill' : 'bills'}, 1 carrier (`);
    const rows = sheetObjects(await workbook(readFileSync(out)));
    expect(rows.map((x) => x.Account!.value).sort()).toEqual(att.map((x) => x.account).sort());
    const bad = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--carrier', 'AT&T', '--format', 'pdf', '--out', join(tmp.dir, 'x.pdf'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('There is no carrier named "AT&T"; did you mean "AT&T Corp.", "AT&T Mobility"');
  }, 60_000);

  it('--per-carrier DIR on the CLI writes one file per carrier, each bill with the check\'s variance', async () => {
    const dir = join(tmp.dir, 'cli-per-carrier');
    const r = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'csv', '--per-carrier', dir);
    expect(r.code, r.err).toBe(0);
    const carriers = byCarrier();
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(carriers.size);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe(`Wrote ${carriers.size} files (one per carrier) into ${dir}`);
    const att = carriers.get('AT&T Corp.')!;
    expect(r.out).toContain(`${join(dir, `Discrepancy report ${MONTH} - AT&T Corp.csv`)}  (AT&T Corp.: ${att.length} ${att.length === 1 ? 'bill' : 'bills'})`);
    const byFile = new Map(files.map((f) => csvObjects(readFileSync(join(dir, f)))).map((rows) => [rows[0]!.Carrier!, rows]));
    expect([...byFile.keys()].sort()).toEqual([...carriers.keys()].sort());
    let overall = 0;
    for (const [carrier, want] of carriers) {
      const rows = byFile.get(carrier)!;
      expect(rows.every((x) => x.Carrier === carrier)).toBe(true);
      expect(new Map(rows.map((x) => [x.Account, x.Variance === '' ? null : textCents(x.Variance!)]))).toEqual(new Map(want.map((b) => [b.account, b.variance_cents])));
      overall += rows.reduce((s, x) => s + (x.Variance ? textCents(x.Variance) : 0), 0);
    }
    expect(overall).toBe(-24_463_068);
  }, 60_000);

  it('the CLI refuses a bad --format and a missing --out with usage errors, writing nothing', async () => {
    const out = join(tmp.dir, 'never.docx');
    const bad = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'docx', '--out', out);
    expect(bad).toEqual({ code: 2, out: '', err: 'tem: --format is csv, xlsx or pdf, not "docx"\nRun "tem --help" for usage.\n' });
    const noFormat = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--out', out);
    expect(noFormat.code).toBe(2);
    expect(noFormat.err).toContain('tem: --format is csv, xlsx or pdf\n');
    const noOut = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'pdf');
    expect(noOut).toEqual({ code: 2, out: '', err: 'tem: export discrepancies needs either --out FILE or --per-carrier DIR\nRun "tem --help" for usage.\n' });
    const both = await tem('--db', db, 'export', 'discrepancies', '--month', MONTH, '--format', 'pdf', '--out', join(tmp.dir, 'x.pdf'), '--per-carrier', join(tmp.dir, 'both'));
    expect(both.code).toBe(2);
    expect(both.err).toContain('needs either --out FILE or --per-carrier DIR');
    const badMonth = await tem('--db', db, 'export', 'discrepancies', '--month', '2015-7', '--format', 'pdf', '--out', join(tmp.dir, 'x.pdf'));
    expect(badMonth.code).toBe(2);
    expect(badMonth.err).toContain('export discrepancies needs --month YYYY-MM, not "2015-7"');
    expect(existsSync(out) || existsSync(join(tmp.dir, 'x.pdf')) || existsSync(join(tmp.dir, 'both'))).toBe(false);
  });

  it('in web mode the per-carrier files come back as one zip; a folder is refused over HTTP', async () => {
    const web = testApi(db, 'web-user', 'http');
    try {
      await expect(web.api('reports.shareWithCarriers', { month: MONTH, format: 'csv', folder: '/tmp/x' })).rejects.toThrow('a folder cannot be chosen from a browser');
      const r = await web.api('reports.shareWithCarriers', { month: MONTH, format: 'csv' });
      const files = unzipSync(r.zip!.bytes);
      expect(Object.keys(files).sort()).toEqual(r.files.map((f) => f.file_name).sort());
      const total = Object.values(files).reduce((s, b) => s + csvObjects(b).reduce((a, x) => a + (x.Variance ? textCents(x.Variance) : 0), 0), 0);
      expect(total).toBe(-24_463_068);
    } finally {
      web.db.close();
    }
  }, 60_000);

  it('the dashboard shows the month\'s progress and money at stake', async () => {
    const d = await t.api('reports.dashboard', { month: MONTH, today: '2015-08-15' });
    expect(d.progress).toEqual({ accounts: 2626, entered: 2625, expected_bills: 2612, expected_entered: 2611 });
    expect(d.flagged).toEqual({ bills: 100, at_stake_cents: 29_263_792, over: 13, under: 72, missing: 1, unexpected: 14 });
    expect(d.missing!.bills).toBe(1);
    expect(d.series).toHaveLength(24);
    expect(d.series!.at(-1)).toEqual({ month: MONTH, expected_cents: 2_456_906_870, actual_cents: 2_440_941_706, entered: 2625 });
    // The book's accounts have no start month, so they are expected in every month before it; no bill arrived then.
    expect(d.series![0]).toEqual({ month: '2013-08', expected_cents: 2_456_906_870, actual_cents: 0, entered: 0 });
    const top = [...flagged].filter((r) => r.status === 'over' || r.status === 'under').sort((a, b) => Math.abs(b.variance_cents!) - Math.abs(a.variance_cents!));
    expect(d.largest_variances!.map((v) => v.variance_cents)).toEqual(top.slice(0, 10).map((r) => r.variance_cents));
  });
});
