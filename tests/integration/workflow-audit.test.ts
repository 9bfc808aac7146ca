// The accountability trail cannot be edited or bypassed: no method of the contract changes or deletes an audit
// entry (checked for every method by name and kind, and by running the workflow's mutations and comparing the
// trail before and after each; every mutation in workflow-audit-proof.test.ts), only the Writer and sync append
// to it (the API source is read for any other SQL naming it), every mutation that changes data leaves entries
// under its own batch, and the database itself refuses UPDATE and DELETE on audit_log whoever asks. The trail
// exports as CSV and XLSX.
import { describe, it, expect } from 'vitest';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { testApi, seedAccount, tempDir, type TestApi } from '../support/api.ts';
import { workbook } from '../support/reports.ts';
import { methods, METHOD_NAMES, makeCtx, client } from '../../api/index.ts';
import { openDb } from '../../db/open.ts';
import { AUDIT_APPEND_ONLY_MESSAGE } from '../../db/audit-guard.ts';

const trail = (t: TestApi) => t.db.sqlite.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Record<string, unknown>[];

/** A digest of every table but the trail, to see whether a call changed any data. */
function dataDigest(t: TestApi): string {
  const tables = (t.db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' AND name <> 'audit_log' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
  const h = createHash('sha256');
  for (const name of tables) h.update(name + JSON.stringify(t.db.sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()));
  return h.digest('hex');
}

describe('the audit trail', () => {
  it('has no method that edits or deletes an entry: the only audit-area mutation is undo, which appends', () => {
    const auditMethods = METHOD_NAMES.filter((n) => n.startsWith('audit.'));
    expect(auditMethods.filter((n) => methods[n].kind === 'mutation')).toEqual(['audit.undo']);
    // No method anywhere is named as if it changed the trail.
    expect(METHOD_NAMES.filter((n) => /audit/i.test(n) && /(set|update|edit|delete|remove|clear|purge|retire|prune)/i.test(n))).toEqual([]);
    // Every audit-area method is one of the known readers or undo: a new one fails here until it is reviewed.
    expect([...auditMethods].sort()).toEqual(['audit.actors', 'audit.export', 'audit.list', 'audit.undo']);
  });

  it('is written by the Writer and sync alone: no other code of the API appends to, changes or deletes entries', () => {
    // The whole API source, read as text: only api/write.ts (every write of every method) and api/sync/apply.ts
    // (changes from other databases, door 'sync') may name audit_log in an INSERT; nothing names it in an UPDATE
    // or DELETE. Every mutation running under the guard without failing is shown in workflow-audit-proof.test.ts.
    const root = join(import.meta.dirname, '../../api');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(50);
    const writes: string[] = [];
    for (const f of files) {
      const text = readFileSync(join(root, f), 'utf8').replace(/\s+/g, ' ');
      if (/INSERT (OR \w+ )?INTO audit_log/i.test(text)) writes.push(`insert ${f.split(sep).join('/')}`);
      if (/UPDATE audit_log|DELETE FROM audit_log|REPLACE INTO audit_log|DROP TRIGGER/i.test(text)) writes.push(`change ${f.split(sep).join('/')}`);
    }
    expect(writes.sort()).toEqual(['insert sync/apply.ts', 'insert write.ts']);
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    const t = testApi();
    await seedAccount(t);
    const before = trail(t);
    expect(before.length).toBeGreaterThan(0);
    expect(() => t.db.sqlite.prepare("UPDATE audit_log SET actor = 'someone else'").run()).toThrow(AUDIT_APPEND_ONLY_MESSAGE);
    expect(() => t.db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(AUDIT_APPEND_ONLY_MESSAGE);
    expect(trail(t)).toEqual(before);
  });

  it('keeps the guard in a database file reopened later', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = `${dir}/tem.db`;
      openDb(file).close();
      const db = openDb(file);
      const triggers = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
      expect(triggers).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
      db.close();
    } finally {
      cleanup();
    }
  });

  it('is only appended to by every mutation of the workflow, and every data change leaves entries under its batch', async () => {
    const t = testApi();
    const raw = client(t.ctx);
    const called = new Set<string>();
    // Wraps the client: after each call, the earlier trail is unchanged, and a call that changed data appended
    // entries carrying the batch it reported.
    const api = (async (name: string, input: unknown) => {
      const before = trail(t);
      const digest = dataDigest(t);
      const out = (await raw(name as never, input as never)) as { batch_id?: string };
      called.add(name);
      const after = trail(t);
      expect(after.slice(0, before.length)).toEqual(before);
      const added = after.slice(before.length);
      if (methods[name as keyof typeof methods].kind === 'query') expect(added).toEqual([]);
      if (dataDigest(t) !== digest) {
        expect(added.length, `${name} changed data without an audit entry`).toBeGreaterThan(0);
        // one call, one batch: the one it reports (book records return the row itself, without a batch id)
        expect(new Set(added.map((e) => e.batch_id)).size).toBe(1);
        if (out && typeof out === 'object' && 'batch_id' in out) expect(added[0]!.batch_id).toBe(out.batch_id);
      }
      return out;
    }) as unknown as TestApi['api'];
    const w: TestApi = { ...t, api };
    const { account, carrier, customer } = await seedAccount(w, { expected: 100_000, pctBp: 500 });
    await api('carriers.update', { id: carrier.id, patch: { dispute_window_days: 30 } });
    await api('customers.update', { id: customer.id, patch: { notes: 'Key account' } });
    const bill = { account_id: account.id, month: '2026-03' };
    const set = await api('actuals.set', { ...bill, amount: 115_000, bill_date: '2026-03-05' });
    await api('audit.undo', { batch_id: set.batch_id });
    await api('audit.undo', { batch_id: set.batch_id });
    await api('actuals.setMany', { items: [{ ...bill, amount: '1,150.00' }, { account_id: account.id, month: '2026-04', amount: 90_000 }] });
    await api('actuals.set', { account_id: account.id, month: '2026-06', amount: 1 });
    await api('actuals.clear', { account_id: account.id, month: '2026-06' });
    await api('expected.setOverride', { account_id: account.id, month: '2026-05', amount_cents: 500, note: 'install' });
    const { ticket } = await api('tickets.open', { bills: [bill], note: 'first' });
    await api('tickets.update', { id: ticket.id, patch: { status: 'disputed', expected_credit_cents: 10_000 } });
    await api('tickets.addNote', { ticket_id: ticket.id, text: 'called the carrier' });
    const file = await api('attachments.add', { ticket_id: ticket.id, file_name: 'bill.pdf', data: new Uint8Array([1, 2, 3]) });
    await api('attachments.list', { ticket_id: ticket.id });
    await api('attachments.download', { id: file.attachment.id });
    await api('attachments.remove', { id: file.attachment.id });
    await api('tickets.addCredit', { ticket_id: ticket.id, amount_cents: 10_000, matched: { account_id: account.id, month: '2026-04' } });
    await api('tickets.update', { id: ticket.id, patch: { status: 'resolved' } });
    await api('approvals.approve', { bills: [bill] });
    await api('approvals.withdraw', { ...bill, reason: 'wrong month' });
    for (const q of ['tickets.list', 'tickets.forMonth', 'approvals.register', 'approvals.export', 'history.account', 'history.rollup', 'alerts.list', 'audit.list', 'audit.export'] as const) {
      const input = {
        'tickets.list': {},
        'tickets.forMonth': { month: '2026-03' },
        'approvals.register': { month: '2026-03' },
        'approvals.export': { month: '2026-03', format: 'xlsx' },
        'history.account': { account_id: account.id },
        'history.rollup': { by: 'carrier', from: '2026-03', to: '2026-04' },
        'alerts.list': {},
        'audit.list': {},
        'audit.export': { format: 'csv' },
      }[q];
      await api(q, input);
    }
    await api('accounts.retire', { id: account.id });
    // every mutation of the bill workflow was exercised through the checking wrapper
    const workflowMutations = METHOD_NAMES.filter((n) => methods[n].kind === 'mutation' && /^(tickets|approvals|attachments|audit|actuals|expected\.setOverride)/.test(n));
    expect(workflowMutations.filter((n) => !called.has(n))).toEqual([]);
  });

  it('exports the filtered trail as CSV and XLSX, oldest first', async () => {
    const t = testApi();
    t.ctx.now = () => '2026-03-06T09:00:00.000Z';
    const { account } = await seedAccount(t, { account: '007321' });
    const anaCtx = makeCtx(t.db, 'ana', 'ui');
    anaCtx.now = () => '2026-04-01T10:00:00.000Z';
    await client(anaCtx)('actuals.set', { account_id: account.id, month: '2026-03', amount: 500, note: '=2+3' });
    const csv = await t.api('audit.export', { format: 'csv', actor: 'ana' });
    const lines = new TextDecoder().decode(csv.data).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('Seq,When (UTC),Who,Door,Batch,Table,Record,Record in words,Action,Field,Old value,New value');
    expect(lines).toHaveLength(3); // header, one insert, and the closing line break
    expect(lines[1]).toContain(',2026-04-01T10:00:00.000Z,ana,ui,');
    expect(lines[1]).toContain(',actuals,');
    expect(lines[1]).toContain(',"Acme Telecom account 007321, 2026-03",insert,,,');
    const xlsx = await t.api('audit.export', { format: 'xlsx', changed_in: '2026-03' });
    expect(xlsx.file_name).toBe('audit-trail-2026-03.xlsx');
    const ws = await workbook(xlsx.data);
    const whoColumn = ws.getColumn(3).values.slice(2);
    expect(new Set(whoColumn)).toEqual(new Set(['tester']));
    expect(ws.rowCount - 1).toBe((await t.api('audit.list', { changed_in: '2026-03' })).length);
    // oldest first: sequence numbers increase down the sheet
    const seqs = ws.getColumn(1).values.slice(2) as number[];
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
  });
});
