// The bound on one amount (core/money.ts MAX_AMOUNT_CENTS, 999,999,999.99) and safe totals, on the real E-Rate
// FY2015 month (tester's report): ten accounts set to 9000000000000 each used to be accepted one by one, then
// month.check failed with a 500 ("totals.actual_cents: Too big") and the discrepancy export crashed in formatCents.
import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tem } from '../support/cli.ts';
import { ERATE, tempDir } from '../support/api.ts';
import { ApiError, makeCtx, call } from '../../api/index.ts';
import { openDb } from '../../db/open.ts';

const BOOK_MAP = 'customer=applicant_name,customer_code=applicant_ben,location=applicant_postal_cd,carrier=service_provider_name,account=frn,service=connect_type,expected=rec_elig_cost';
const ACTUALS_MAP = 'carrier=service_provider_name,account=frn,actual=rec_elig_cost';

const tmp = tempDir();
afterAll(() => tmp.cleanup());
const erate = join(tmp.dir, 'erate.db');

beforeAll(async () => {
  for (const f of ['orig_broadband_line_items.csv', 'verified_broadband_line_items.csv']) copyFileSync(join(ERATE, f), join(tmp.dir, f));
  expect((await tem('--db', erate, 'import', 'book', join(tmp.dir, 'orig_broadband_line_items.csv'), '--map', BOOK_MAP, '--skip-invalid')).code).toBe(0);
  expect((await tem('--db', erate, 'import', 'actuals', join(tmp.dir, 'verified_broadband_line_items.csv'), '--month', '2015-07', '--map', ACTUALS_MAP, '--skip-invalid')).code).toBe(0);
});

/** A copy of the E-Rate database, so each test starts from the imported month. */
function copyOf(name: string): string {
  const file = join(tmp.dir, name);
  copyFileSync(erate, file);
  return file;
}

function withApi<T>(file: string, fn: (api: (name: string, input: unknown) => Promise<unknown>, sqlite: Database.Database) => Promise<T>): Promise<T> {
  const db = openDb(file);
  const ctx = makeCtx(db, 'tester', 'test');
  return fn((name, input) => call(ctx, name as never, input as never), db.sqlite).finally(() => db.close());
}

const TEN_ACCOUNTS = `SELECT ba.id FROM billing_accounts ba JOIN actuals a ON a.billing_account_id = ba.id AND a.month = '2015-07' ORDER BY ba.account_number LIMIT 10`;
const actualsOf = (sqlite: Database.Database) =>
  sqlite.prepare(`SELECT billing_account_id, amount_cents FROM actuals WHERE month = '2015-07' ORDER BY billing_account_id`).all();

describe('one amount is at most 999,999,999.99', () => {
  it("refuses the tester's ten 9000000000000 values (as cents and as pasted text) with a message, storing nothing", async () => {
    await withApi(copyOf('setmany.db'), async (api, sqlite) => {
      const ids = (sqlite.prepare(TEN_ACCOUNTS).all() as { id: string }[]).map((r) => r.id);
      expect(ids).toHaveLength(10);
      const before = actualsOf(sqlite);
      const audit = (sqlite.prepare('SELECT COUNT(*) n FROM audit_log').get() as { n: number }).n;

      // As numbers of cents (a script, the API): refused by the Cents schema, every item named by its place.
      const asCents = (await api('actuals.setMany', { items: ids.map((account_id) => ({ account_id, month: '2015-07', amount: 9_000_000_000_000 })) }).catch((e) => e)) as ApiError;
      expect(asCents).toBeInstanceOf(ApiError);
      expect(asCents.code).toBe('invalid_input');
      expect(asCents.message).toContain('items.0.amount: 90,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)');
      expect(asCents.message).toContain('items.9.amount: 90,000,000,000.00 is more than');

      // As text (a paste): refused by the one parser, naming the value and each account.
      const asText = (await api('actuals.setMany', { items: ids.map((account_id) => ({ account_id, month: '2015-07', amount: '9000000000000' })) }).catch((e) => e)) as ApiError;
      expect(asText.code).toBe('invalid_input');
      expect(asText.message).toMatch(/^10 of 10 values cannot be saved, so none was: 9,000,000,000,000\.00 is more than the largest amount a bill may hold \(999,999,999\.99\)/);
      expect((asText.details as { index: number; account_id: string }[]).map((d) => d.account_id)).toEqual(ids);

      // Nothing stored, nothing audited, and the month checks as the README says.
      expect(actualsOf(sqlite)).toEqual(before);
      expect((sqlite.prepare('SELECT COUNT(*) n FROM audit_log').get() as { n: number }).n).toBe(audit);
      const check = (await api('month.check', { month: '2015-07' })) as { totals: { actual_cents: number; entered: number } };
      expect(check.totals).toMatchObject({ actual_cents: 2_440_941_706, entered: 2625 });

      // The bound itself is accepted; one cent more is not.
      await expect(api('actuals.set', { account_id: ids[0], month: '2015-07', amount: 99_999_999_999 })).resolves.toBeTruthy();
      await expect(api('actuals.set', { account_id: ids[0], month: '2015-07', amount: '1,000,000,000.00' })).rejects.toThrow(
        '1,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)',
      );
      await expect(api('expected.setOverride', { account_id: ids[0], month: '2015-07', amount_cents: -100_000_000_000 })).rejects.toThrow(
        'amount_cents: -1,000,000,000.00 is less than the smallest amount a bill may hold (-999,999,999.99)',
      );
      await expect(api('contracts.update', { id: 'x', patch: { expected_cents: 9_000_000_000_000 } })).rejects.toThrow(/90,000,000,000\.00 is more than the largest amount/);
    });
  });

  it('refuses an import row above the bound, naming file, row and column', async () => {
    const file = join(tmp.dir, 'big-actuals.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'carrier,account,actual\nAT&T Corp,1,"1,000,000,000.00"\nAT&T Corp,2,"999,999,999.99"\n');
    const r = await tem('--db', copyOf('import.db'), 'import', 'actuals', file, '--month', '2015-07');
    expect(r.code).toBe(1);
    expect(r.err).toContain('row 2');
    expect(r.err).toContain('1,000,000,000.00 is more than the largest amount a bill may hold (999,999,999.99)');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('refuses rows of one account that add up past the bound, naming every row', async () => {
    const file = join(tmp.dir, 'big-sum.csv');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, 'carrier,account,actual\nAT&T Corp,77,600000000\nAT&T Corp,77,600000000\n');
    const r = await tem('--db', copyOf('import-sum.db'), 'import', 'actuals', file, '--month', '2015-07');
    expect(r.code).toBe(1);
    expect(r.err).toContain('1,200,000,000.00 is more than the largest amount a bill may hold (999,999,999.99): rows 2, 3 of account 77 add up to it');
  });
});

describe('an older database holding amounts above the bound', () => {
  // Seeded directly (SQL), as an older version could have stored them: ten of the month's bills at 10,000,000,000,000.00 (their sum passes 2^53).
  async function seeded(name: string): Promise<string> {
    const file = copyOf(name);
    const sqlite = new Database(file);
    sqlite.prepare(`UPDATE actuals SET amount_cents = 1000000000000000 WHERE month = '2015-07' AND billing_account_id IN (${TEN_ACCOUNTS})`).run();
    sqlite.close();
    return file;
  }

  it('month.check says the total cannot be counted, as a clear error (no 500, no "invalid result")', async () => {
    await withApi(await seeded('old-check.db'), async (api) => {
      const err = (await api('month.check', { month: '2015-07' }).catch((e) => e)) as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.code).toBe('conflict');
      expect(err.message).toBe(
        'month.check: The actual bills of 2015-07 add up to more than 90,071,992,547,409.91, the largest total that can be counted exactly; ' +
          'an amount above the largest a bill may hold (999,999,999.99) was probably entered by mistake: correct it',
      );
      expect(err.message).not.toContain('invalid result');
      // One bill alone still reads (each amount is a safe integer), so it can be found and corrected.
      const one = (await api('month.check', { month: '2015-07', status: ['unexpected'] })) as { rows: unknown[] };
      expect(one.rows.length).toBe(14);
    });
  });

  it('tem check and tem export discrepancies end with the message, not a stack trace', async () => {
    const db = await seeded('old-cli.db');
    const check = await tem('--db', db, 'check', '--month', '2015-07');
    expect(check.code).toBe(1);
    expect(check.err).toMatch(/^tem: month\.check: The actual bills of 2015-07 add up to more than 90,071,992,547,409\.91/);
    const out = join(tmp.dir, 'disc.csv');
    const exp = await tem('--db', db, 'export', 'discrepancies', '--month', '2015-07', '--format', 'csv', '--out', out);
    expect(exp.code).toBe(1);
    expect(exp.err).toMatch(/^tem: reports\.export: The (actual|expected|variances|amounts)[^\n]* add up to more than 90,071,992,547,409\.91/);
    expect(exp.err).not.toMatch(/RangeError|\n\s+at /);
    await withApi(db, async (api) => {
      // Every total of the whole month says the same, clearly.
      for (const m of ['reports.dashboard', 'reports.monthByCarrier', 'reports.discrepancies']) {
        const e = (await api(m, { month: '2015-07' }).catch((x) => x)) as ApiError;
        expect(e, m).toBeInstanceOf(ApiError);
        expect([e.code, e.message.includes('add up to more than 90,071,992,547,409.91')], m).toEqual(['conflict', true]);
      }
      // A roll-up per carrier still answers: no one carrier's bills pass the safe range, so each total is exact.
      const rollup = (await api('history.rollup', { by: 'carrier', from: '2015-07', to: '2015-07' })) as { actual_cents: number }[];
      expect(rollup.every((r) => Number.isSafeInteger(r.actual_cents))).toBe(true);
      expect(Math.max(...rollup.map((r) => r.actual_cents))).toBeGreaterThanOrEqual(1_000_000_000_000_000);
    });
  });
});
