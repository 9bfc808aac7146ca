// Reading the audit trail and undoing a batch. Undo is another write: it restores old values field by
// field and is itself audited as a new batch (so redo is the undo of an undo).
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt, fromAudit } from '../write.ts';

interface Entry {
  seq: number;
  table_name: string;
  record_id: string;
  action: 'insert' | 'update' | 'retire';
  field: string | null;
  old_value: string | null;
  new_value: string | null;
}

// Tables whose writes can be undone, and the columns an undo may touch.
const UNDOABLE: Record<string, string[]> = {
  actuals: ['amount_cents', 'invoice_number', 'bill_date', 'note', 'source'],
  expected_overrides: ['amount_cents', 'note'],
};

export function listAudit(ctx: Ctx, input: { table_name?: string; record_id?: string; batch_id?: string; limit?: number }) {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const k of ['table_name', 'record_id', 'batch_id'] as const) {
    if (input[k] !== undefined) {
      where.push(`${k} = ?`);
      params.push(input[k]);
    }
  }
  const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT ?`;
  return ctx.db.sqlite.prepare(sql).all(...params, input.limit ?? 1000);
}

export function undoBatch(ctx: Ctx, input: { batch_id: string }) {
  const entries = stmt(ctx, 'SELECT * FROM audit_log WHERE batch_id = ? ORDER BY seq DESC').all(input.batch_id) as Entry[];
  if (!entries.length) throw new ApiError('not_found', `No changes were recorded under ${input.batch_id}`);
  for (const e of entries) {
    if (!UNDOABLE[e.table_name]) throw new ApiError('conflict', `Changes to ${e.table_name} cannot be undone from here`);
  }
  return inTransaction(ctx, (w) => {
    let changed = 0;
    for (const e of entries) {
      const cols = UNDOABLE[e.table_name]!;
      const before = stmt(ctx, `SELECT * FROM ${e.table_name} WHERE id = ?`).get(e.record_id) as ({ id: string } & Record<string, unknown>) | undefined;
      if (!before) continue;
      let patch: Record<string, unknown> = {};
      if (e.action === 'insert') {
        // Undoing a new actual clears it back to "not entered"; the row stays for history.
        patch = { amount_cents: null };
        if (e.table_name === 'expected_overrides') patch = { amount_cents: 0 };
      } else if (e.action === 'update' && e.field && cols.includes(e.field)) {
        patch = { [e.field]: fromAudit(e.old_value) };
      }
      if (w.update(e.table_name, before, patch)) changed++;
    }
    return { batch_id: w.batchId, changed };
  });
}
