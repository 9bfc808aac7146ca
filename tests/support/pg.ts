// PostgreSQL for the tests of the hosted instance on PostgreSQL. They read TEM_TEST_DATABASE_URL (bin/pg-test-setup.sh
// starts Debian's PostgreSQL and prints it; CI does both). Without it they fail under CI=true and are skipped
// elsewhere, saying so. Each test works in a schema of its own, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, it } from 'vitest';

export const PG_URL = process.env.TEM_TEST_DATABASE_URL || null;
const HINT = 'run bin/pg-test-setup.sh as root and export the TEM_TEST_DATABASE_URL it prints';

/**
 * Whether the PostgreSQL tests of this file run. When they cannot, registers one test that says why: failing in
 * CI, skipped elsewhere.
 */
export function withPostgres(what: string): boolean {
  if (PG_URL) return true;
  if (process.env.CI === 'true') {
    describe(`${what} on PostgreSQL`, () =>
      it('has a PostgreSQL to run against', () => {
        throw new Error(`TEM_TEST_DATABASE_URL is not set: ${HINT}`);
      }),
    );
  } else {
    console.warn(`Skipping ${what} on PostgreSQL: TEM_TEST_DATABASE_URL is not set (${HINT}).`);
    describe.skip(`${what} on PostgreSQL (skipped: TEM_TEST_DATABASE_URL is not set; ${HINT})`, () => it('runs', () => undefined));
  }
  return false;
}

export interface TestSchema {
  url: string;
  schema: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL! });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty schema for one test. */
export async function freshSchema(): Promise<TestSchema> {
  if (!PG_URL) throw new Error(`TEM_TEST_DATABASE_URL is not set: ${HINT}`);
  const schema = `tem_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
  return { url: PG_URL, schema, drop: () => admin((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined) };
}
