// A fresh database with the real migrations and an in-process API client, for integration tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDb, type Db } from '../../db/open.ts';
import { makeCtx, client, type Door } from '../../api/index.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const SHARED = resolve(ROOT, '../shared');
export const ERATE = join(ROOT, 'tests/fixtures/real/erate-fy2015-line-items');

export function testApi(file = ':memory:', actor = 'tester', door: Door = 'test') {
  const db = openDb(file);
  const ctx = makeCtx(db, actor, door);
  return { db, ctx, api: client(ctx) };
}

export type TestApi = ReturnType<typeof testApi>;

/** A temporary folder removed after the test file. */
export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'tem-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const bytes = (s: string) => new TextEncoder().encode(s);

/** Seeds a carrier, a customer with a location, and one account whose services sum to `expected` cents. */
export async function seedAccount(
  t: TestApi,
  opts: { account?: string; expected?: number; pctBp?: number | null; amountCents?: number | null; mode?: 'either' | 'both'; carrier?: string; customer?: string } = {},
) {
  const carrier = (await t.api('carriers.list', { search: opts.carrier ?? 'Acme Telecom' }))[0] ?? (await t.api('carriers.create', { name: opts.carrier ?? 'Acme Telecom' }));
  const customer = await t.api('customers.create', { name: opts.customer ?? 'Springfield Schools' });
  const location = await t.api('locations.create', { customer_id: customer.id, name: 'Main', is_main: true });
  const account = await t.api('accounts.create', {
    carrier_id: carrier.id,
    customer_id: customer.id,
    location_id: location.id,
    account_number: opts.account ?? '007321',
  });
  await t.api('services.create', { billing_account_id: account.id, description: 'Fiber 100M', monthly_cents: opts.expected ?? 100_000 });
  const contract = await t.api('contracts.create', {
    billing_account_id: account.id,
    expected_source: 'services',
    tolerance_pct_bp: opts.pctBp ?? null,
    tolerance_amount_cents: opts.amountCents ?? null,
    tolerance_mode: opts.mode ?? 'either',
  });
  return { carrier, customer, location, account, contract };
}
