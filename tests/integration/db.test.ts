// The database as it opens: pragmas, migrations applied once, foreign keys enforced, UUID ids and stamps.
import { describe, it, expect, afterAll } from 'vitest';
import { join } from 'node:path';
import { openDb } from '../../db/open.ts';
import { testApi, tempDir } from '../support/api.ts';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

describe('openDb', () => {
  it('uses WAL and foreign keys, and applies the migrations once', () => {
    const file = join(tmp.dir, 'a.db');
    const db = openDb(file);
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['actuals', 'audit_log', 'billing_accounts', 'carriers', 'company', 'contracts', 'customers', 'expected_overrides', 'imports', 'locations', 'service_groups', 'services']));
    db.close();
    const again = openDb(file);
    const applied = again.sqlite.prepare('SELECT COUNT(*) n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBeGreaterThan(0);
    expect((again.sqlite.prepare('SELECT COUNT(*) n FROM __drizzle_migrations').get() as { n: number }).n).toBe(applied.n);
    again.close();
  });

  it('refuses a row that points at nothing', () => {
    const { db } = testApi();
    expect(() =>
      db.sqlite.prepare("INSERT INTO locations (id, customer_id, name, created_at, updated_at) VALUES ('x', 'missing', 'Main', '', '')").run(),
    ).toThrow(/FOREIGN KEY constraint failed/);
  });

  it('gives rows UUID ids and UTC stamps, and money columns are integers', async () => {
    const t = testApi();
    const c = await t.api('customers.create', { name: 'Acme' });
    expect(c.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(c.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const types = (t.db.sqlite.prepare("SELECT name, type FROM pragma_table_info('actuals')").all() as { name: string; type: string }[]);
    expect(types.find((x) => x.name === 'amount_cents')!.type).toBe('INTEGER');
  });
});
