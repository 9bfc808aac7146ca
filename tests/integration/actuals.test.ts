// Writing actuals: parsing with the locale, clearing to "not entered", all-or-nothing batches, audit and undo.
import { describe, it, expect } from 'vitest';
import { testApi, seedAccount } from '../support/api.ts';
import { ApiError } from '../../api/index.ts';

const auditRows = (t: ReturnType<typeof testApi>) => (t.db.sqlite.prepare('SELECT COUNT(*) n FROM audit_log').get() as { n: number }).n;

describe('actuals', () => {
  it('parses text with the given locale and stores cents', async () => {
    const t = testApi();
    const { account } = await seedAccount(t);
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: '1.488,69', locale: 'de-DE' })).row.actual_cents).toBe(148_869);
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: '1 234,56 €', locale: 'fr-FR' })).row.actual_cents).toBe(123_456);
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: '45.00CR' })).row.actual_cents).toBe(-4_500);
  });

  it('rejects what does not parse with a message naming it, and stores nothing', async () => {
    const t = testApi();
    const { account } = await seedAccount(t);
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 1_000 });
    const before = auditRows(t);
    await expect(t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 'Hello' })).rejects.toThrow(/"Hello" is not an amount/);
    await expect(t.api('actuals.set', { account_id: account.id, month: '2026-13', amount: 1 })).rejects.toThrow(/month: must be a month written YYYY-MM/);
    await expect(t.api('actuals.set', { account_id: 'nope', month: '2026-03', amount: 1 })).rejects.toThrow(/Billing account nope does not exist/);
    expect((await t.api('month.check', { month: '2026-03' })).rows[0]!.actual_cents).toBe(1_000);
    expect(auditRows(t)).toBe(before);
  });

  it('an empty amount is "not entered", never 0, and clear goes back to it', async () => {
    const t = testApi();
    const { account } = await seedAccount(t, { expected: 0 });
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: '0' })).row.status).toBe('ok');
    expect((await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: '  ' })).row).toMatchObject({ actual_cents: null, status: 'missing' });
    await t.api('actuals.set', { account_id: account.id, month: '2026-03', amount: 500 });
    expect((await t.api('actuals.clear', { account_id: account.id, month: '2026-03' })).row).toMatchObject({ actual_cents: null, status: 'missing' });
  });

  it('setMany writes nothing if any value is bad, and names every bad one', async () => {
    const t = testApi();
    const a = await seedAccount(t, { account: 'A', customer: 'A' });
    const b = await seedAccount(t, { account: 'B', customer: 'B' });
    const before = auditRows(t);
    const err = await t
      .api('actuals.setMany', {
        items: [
          { account_id: a.account.id, month: '2026-03', amount: '$1,234.56' },
          { account_id: b.account.id, month: '2026-03', amount: 'Hello' },
          { account_id: b.account.id, month: '2026-04', amount: '1,23' },
        ],
      })
      .catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid_input');
    expect(err.details.map((d: { index: number }) => d.index)).toEqual([1, 2]);
    expect(auditRows(t)).toBe(before);
    expect((await t.api('month.check', { month: '2026-03' })).totals.entered).toBe(0);
  });

  it('records every write in the audit trail and undoes a batch as a new write', async () => {
    const t = testApi(':memory:', 'maria', 'ui');
    const a = await seedAccount(t, { account: 'A', customer: 'A' });
    const b = await seedAccount(t, { account: 'B', customer: 'B' });
    await t.api('actuals.set', { account_id: a.account.id, month: '2026-03', amount: 900 });
    const paste = await t.api('actuals.setMany', {
      items: [
        { account_id: a.account.id, month: '2026-03', amount: '$1,234.56' },
        { account_id: b.account.id, month: '2026-03', amount: '(45.00)' },
        { account_id: b.account.id, month: '2026-04', amount: '' },
      ],
    });
    expect(paste.changed).toBe(2);
    expect(paste.rows.map((r) => r.actual_cents)).toEqual([123_456, -4_500, null]);
    const trail = await t.api('audit.list', { batch_id: paste.batch_id });
    expect(trail.map((e) => [e.table_name, e.action, e.field, e.old_value, e.new_value, e.actor, e.door])).toEqual([
      ['actuals', 'insert', null, null, expect.stringContaining('-4500'), 'maria', 'ui'],
      ['actuals', 'update', 'source', '"keyed"', '"pasted"', 'maria', 'ui'],
      ['actuals', 'update', 'amount_cents', '900', '123456', 'maria', 'ui'],
    ]);
    const undo = await t.api('audit.undo', { batch_id: paste.batch_id });
    let rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.map((r) => r.actual_cents)).toEqual([900, null]);
    await t.api('audit.undo', { batch_id: undo.batch_id }); // redo
    rows = (await t.api('month.check', { month: '2026-03' })).rows;
    expect(rows.map((r) => r.actual_cents)).toEqual([123_456, -4_500]);
    t.db.close();
  });

  it('the audit trail cannot be changed through the API or bypassed by a write', async () => {
    const t = testApi();
    const { account } = await seedAccount(t);
    const { methods } = await import('../../api/index.ts');
    // the only audit method that writes is undo, which writes new entries (tests/integration/workflow-audit.test.ts checks every method)
    expect(Object.values(methods).filter((m) => m.name.startsWith('audit.') && m.kind === 'mutation').map((m) => m.name)).toEqual(['audit.undo']);
    const before = auditRows(t);
    await t.api('accounts.update', { id: account.id, patch: { account_number: '007322' } });
    const last = (await t.api('audit.list', { record_id: account.id, limit: 1 }))[0]!;
    expect([last.field, last.old_value, last.new_value]).toEqual(['account_number', '"007321"', '"007322"']);
    expect(auditRows(t)).toBe(before + 1);
  });
});
