// The README's main job on real E-Rate FY2015 data: the as-filed book, the verified month, the check.
// Expected figures were computed independently from the CSV files (grouping by provider and FRN, skipping
// the "No data" cells) and match the data README's facts: 2,612 accounts in the book, 2,625 in the month.
// Customers are keyed by their BEN (customer_code), carriers by name: over all 3,390 rows (python3 csv, counting
// distinct applicant_ben and distinct service_provider_name) that is 1,711 customers and 473 carriers; 20 of the
// customers and 5 of the carriers appear only on "No data" rows, which are rejected while their valid customer
// and carrier are kept. 1,711 locations = distinct (BEN, applicant_postal_cd).
import { describe, it, expect, afterAll } from 'vitest';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tem } from '../support/cli.ts';
import { ERATE, tempDir } from '../support/api.ts';

const BOOK_MAP = 'customer=applicant_name,customer_code=applicant_ben,location=applicant_postal_cd,carrier=service_provider_name,account=frn,service=connect_type,expected=rec_elig_cost';
const ACTUALS_MAP = 'carrier=service_provider_name,account=frn,actual=rec_elig_cost';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
for (const f of ['orig_broadband_line_items.csv', 'verified_broadband_line_items.csv']) copyFileSync(join(ERATE, f), join(tmp.dir, f));
const book = join(tmp.dir, 'orig_broadband_line_items.csv');
const verified = join(tmp.dir, 'verified_broadband_line_items.csv');

async function monthEnd(db: string, ...toleranceArgs: string[]) {
  const b = await tem('--db', db, 'import', 'book', book, '--map', BOOK_MAP, '--skip-invalid', ...toleranceArgs);
  expect(b.code).toBe(0);
  const a = await tem('--db', db, 'import', 'actuals', verified, '--month', '2015-07', '--map', ACTUALS_MAP, '--skip-invalid');
  expect(a.code).toBe(0);
  const c = await tem('--db', db, 'check', '--month', '2015-07', '--format', 'json');
  expect(c.code).toBe(0);
  return { book: b, actuals: a, check: JSON.parse(c.out) };
}

describe('E-Rate FY2015 month-end check', () => {
  it('with no tolerance flags every difference', async () => {
    const { book: b, actuals: a, check } = await monthEnd(join(tmp.dir, 'none.db'));
    expect(b.out).toContain('3362 of 3390 rows');
    expect(b.out).toContain('accounts: 2612 new');
    expect(b.out).toContain('customers: 1711 new, 0 changed, 0 unchanged');
    expect(b.out).toContain('locations: 1711 new');
    expect(b.out).toContain('carriers: 473 new, 0 changed, 0 unchanged');
    expect(b.out).toContain('services: 3362 new');
    expect(b.out).toContain('contracts: 2612 new');
    // the 28 "No data" cells of the book and the 24 of the month are rejected rows, saved beside the input
    expect(b.err).toContain('28 problem(s) in 28 skipped row(s)');
    expect(b.err).toContain('orig_broadband_line_items.csv row 9, column "rec_elig_cost", value "No data"');
    expect(a.err).toContain('24 problem(s) in 24 skipped row(s)');
    const rejects = readFileSync(join(tmp.dir, 'orig_broadband_line_items.rejects.csv'), 'utf8');
    expect(rejects.trim().split('\r\n')).toHaveLength(29);
    expect(existsSync(join(tmp.dir, 'verified_broadband_line_items.rejects.csv'))).toBe(true);

    expect(check.month).toBe('2015-07');
    expect(check.totals).toEqual({
      accounts: 2626,
      ok: 2526,
      over: 13,
      under: 72,
      missing: 1,
      unexpected: 14,
      expected_cents: 2456906870,
      actual_cents: 2440941706,
      variance_cents: -24463068,
    });
    expect(check.rows).toHaveLength(2626);
    expect(Object.keys(check.rows[0]).sort()).toEqual(
      ['account', 'actual_cents', 'carrier', 'customer', 'expected_cents', 'location', 'status', 'variance_cents', 'variance_pct'].sort(),
    );
    const unexpected = check.rows.filter((r: { status: string }) => r.status === 'unexpected');
    expect(unexpected.every((r: { expected_cents: null; variance_pct: null }) => r.expected_cents === null && r.variance_pct === null)).toBe(true);
  });

  it('with --tolerance-pct 5 flags only bills more than 5% off', async () => {
    const { check } = await monthEnd(join(tmp.dir, 'five.db'), '--tolerance-pct', '5');
    expect(check.totals).toMatchObject({ accounts: 2626, ok: 2538, over: 10, under: 63, missing: 1, unexpected: 14 });
    expect(check.totals.expected_cents).toBe(2456906870);
    expect(check.totals.actual_cents).toBe(2440941706);
  });

  it('importing the same files again changes nothing', async () => {
    const db = join(tmp.dir, 'again.db');
    await monthEnd(db);
    const b = await tem('--db', db, 'import', 'book', book, '--map', BOOK_MAP, '--skip-invalid');
    expect(b.out).toContain('No change');
    expect(b.out).toContain('accounts: 0 new, 0 changed, 2612 unchanged');
    expect(b.out).toContain('customers: 0 new, 0 changed, 1711 unchanged');
    expect(b.out).toContain('carriers: 0 new, 0 changed, 473 unchanged');
    const a = await tem('--db', db, 'import', 'actuals', verified, '--month', '2015-07', '--map', ACTUALS_MAP, '--skip-invalid');
    expect(a.out).toContain('actuals: 0 new, 0 changed, 2625 unchanged');
  });

  it('without --skip-invalid an import with bad rows writes nothing and lists every bad row', async () => {
    const db = join(tmp.dir, 'strict.db');
    const b = await tem('--db', db, 'import', 'book', book, '--map', BOOK_MAP);
    expect(b.code).toBe(1);
    expect(b.err).toContain('28 of 3390 rows are invalid, so nothing was imported');
    expect(b.err.match(/value "No data"/g)).toHaveLength(28);
    // The import made the file and wrote nothing, so no empty database is left behind to be mistaken for a book.
    const c = await tem('--db', db, 'check', '--month', '2015-07', '--format', 'json');
    expect(c).toEqual({ code: 2, out: '', err: `tem: no database at ${db}; check the path, or create one with tem import book / tem serve\n` });
  });
});
