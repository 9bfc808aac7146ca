// The `tem` command line: usage errors, the check's three formats, and the export rules for CSV.
import { describe, it, expect, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { tem } from '../support/cli.ts';
import { ROOT, tempDir } from '../support/api.ts';
import { openDb } from '../../db/open.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const db = join(tmp.dir, 'cli.db');
const book = join(tmp.dir, 'book.csv');
const bills = join(tmp.dir, 'bills.csv');
writeFileSync(
  book,
  'customer,location,carrier,account,expected\n' +
    '=2+3 Holdings,HQ,Telefónica São Paulo – Zürich,007321,100.00\n' +
    'Acme,Main,AT&T,123456789000,50.00\n' +
    'Acme,Main,AT&T,1111222233334444,20.00\n',
);
writeFileSync(bills, 'carrier,account,actual\nTelefónica São Paulo – Zürich,007321,55.00\nAT&T,123456789000,50.00\n');

describe('tem', () => {
  it('prints usage for --help and exits 2 with a message on a usage error', async () => {
    expect((await tem('--help')).out).toContain('tem [--db FILE] import book FILE');
    openDb(db).close(); // an empty book: the usage errors below are about the commands, not a missing database
    const bad = await tem('--db', db, 'check');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('check needs --month YYYY-MM');
    expect((await tem('--db', db, 'frobnicate')).err).toContain('unknown command "frobnicate"');
    expect((await tem('--db', db, 'import', 'actuals', bills)).err).toContain('import actuals needs --month YYYY-MM');
    expect((await tem('--db', db, 'import', 'book', join(tmp.dir, 'nope.csv'))).err).toContain('nope.csv: there is no such file');
    expect((await tem('--db', db, 'check', '--month', '2015-13')).err).toContain('--month "2015-13" is not a month written YYYY-MM');
    expect((await tem('--db', db, 'import', 'book', book, '--delimiter', ';;')).err).toContain('--delimiter takes one character (or "tab"), not ";;"');
  });

  it('check --format csv keeps account digits, neutralises formulas and writes amounts as numbers', async () => {
    expect((await tem('--db', db, 'import', 'book', book)).code).toBe(0);
    expect((await tem('--db', db, 'import', 'actuals', bills, '--month', '2026-03')).code).toBe(0);
    const csv = (await tem('--db', db, 'check', '--month', '2026-03', '--format', 'csv')).out;
    expect(Buffer.from(csv).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('Customer,Location,Carrier,Account,Expected,Actual,Variance,Variance %,Status,Invoice,Note');
    expect(lines.slice(1)).toEqual([
      "'=2+3 Holdings,HQ,Telefónica São Paulo – Zürich,007321,100.00,55.00,-45.00,-45,under,,",
      'Acme,Main,AT&T,1111222233334444,20.00,,,,missing,,',
      'Acme,Main,AT&T,123456789000,50.00,50.00,0.00,0,ok,,',
    ]);
  });

  it('hints at --map for unknown headers and at --locale for amounts in another format', async () => {
    const other = join(tmp.dir, 'konten.csv');
    writeFileSync(other, 'Kunde;Carrier;Konto;Betrag\nAcme;AT&T;1;1.234,56\n');
    const noMap = await tem('--db', join(tmp.dir, 'hints.db'), 'import', 'book', other);
    expect(noMap.code).toBe(1);
    expect(noMap.err).toContain('Name the file\'s own headers with --map');
    const mapped = await tem('--db', join(tmp.dir, 'hints.db'), 'import', 'book', other, '--map', 'customer=Kunde,account=Konto,expected=Betrag');
    expect(mapped.err).toContain('Amounts were read as en-US (1,234.56); for other formats give --locale de-DE');
    const german = await tem('--db', join(tmp.dir, 'hints.db'), 'import', 'book', other, '--map', 'customer=Kunde,account=Konto,expected=Betrag', '--locale', 'de-DE');
    expect(german.code).toBe(0);
  });

  it('check --format table marks flagged rows and formats money', async () => {
    const out = (await tem('--db', db, 'check', '--month', '2026-03')).out;
    const rows = out.split('\n');
    expect(rows.find((l) => l.includes('007321'))).toMatch(/^!.*100\.00\s+55\.00\s+-45\.00\s+-45\.00%\s+under$/);
    expect(rows.find((l) => l.includes('123456789000'))).toMatch(/^ .*50\.00\s+50\.00\s+0\.00\s+0\.00%\s+ok$/);
    expect(out).toContain('2026-03: 3 accounts, 2 entered — ok 1, over 0, under 1, missing 1, unexpected 0');
    const flagged = (await tem('--db', db, 'check', '--month', '2026-03', '--flagged', '--format', 'json')).out;
    expect(JSON.parse(flagged).rows.map((r: { status: string }) => r.status)).toEqual(['under', 'missing']);
  });

  it('runs as an installed command through bin/tem.mjs', () => {
    const out = execFileSync(process.execPath, [join(ROOT, 'bin/tem.mjs'), '--db', db, 'check', '--month', '2026-03', '--format', 'json'], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out).totals).toMatchObject({ accounts: 3, ok: 1, under: 1, missing: 1, expected_cents: 17_000, actual_cents: 10_500 });
  });
});
