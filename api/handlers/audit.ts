// Reading the audit trail (per record, user, month, ticket, account), exporting it, and undoing a batch. Undo is
// another write: it restores old values field by field and is itself audited as a new batch (so redo is the
// undo of an undo). Nothing here changes or removes an audit entry; the database refuses it too (db/audit-guard.ts).
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt, fromAudit } from '../write.ts';
import { recordInScope } from '../scope.ts';
import { addMonthsToMonth } from '../../core/months.ts';
import type { AuditEntry, AuditFilter } from '../contract/audit.ts';
import type { FileOut } from '../contract/attachments.ts';
import { toCsv, type Column } from '../export/csv.ts';
import { toXlsx, CSV_MIME, XLSX_MIME } from '../export/xlsx.ts';
import { labelRecords } from '../workflow/audit-labels.ts';

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
  // Inventory bulk edit (issue 4): moving services to another account/carrier, status, charge.
  services: ['billing_account_id', 'carrier_id', 'status', 'disconnect_date', 'monthly_cents'],
};

// Records of one billing month / one ticket / one account, by table (each SQL takes the key once).
const MONTH_RECORDS = [
  'SELECT id FROM actuals WHERE month = ?',
  'SELECT id FROM approvals WHERE month = ?',
  'SELECT id FROM expected_overrides WHERE month = ?',
  'SELECT id FROM ticket_bills WHERE month = ?',
  'SELECT id FROM ticket_credits WHERE matched_month = ?',
];
const TICKET_RECORDS = [
  'SELECT id FROM tickets WHERE id = ?',
  'SELECT id FROM ticket_bills WHERE ticket_id = ?',
  'SELECT id FROM ticket_notes WHERE ticket_id = ?',
  'SELECT id FROM ticket_credits WHERE ticket_id = ?',
  'SELECT id FROM ticket_attachments WHERE ticket_id = ?',
];
const ACCOUNT_RECORDS = [
  'SELECT id FROM billing_accounts WHERE id = ?',
  'SELECT id FROM actuals WHERE billing_account_id = ?',
  'SELECT id FROM approvals WHERE billing_account_id = ?',
  'SELECT id FROM expected_overrides WHERE billing_account_id = ?',
  'SELECT id FROM ticket_bills WHERE billing_account_id = ?',
  // A credit matched to one of the account's bills lowers that bill's expectation.
  'SELECT id FROM ticket_credits WHERE matched_account_id = ?',
  'SELECT id FROM services WHERE billing_account_id = ?',
  'SELECT id FROM contracts WHERE billing_account_id = ?',
];

function whereOf(input: AuditFilter): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  for (const k of ['table_name', 'record_id', 'batch_id', 'actor', 'door'] as const) {
    if (input[k] !== undefined) {
      where.push(`${k} = ?`);
      params.push(input[k]);
    }
  }
  if (input.changed_in) {
    // Instants are ISO text, so a month is a range of text; this uses the index on `at`.
    where.push('at >= ? AND at < ?');
    params.push(`${input.changed_in}-01`, `${addMonthsToMonth(input.changed_in, 1)}-01`);
  }
  const records = (sqls: string[], key: string) => {
    where.push(`record_id IN (${sqls.join(' UNION ALL ')})`);
    for (let i = 0; i < sqls.length; i++) params.push(key);
  };
  if (input.bill_month) records(MONTH_RECORDS, input.bill_month);
  if (input.ticket_id) records(TICKET_RECORDS, input.ticket_id);
  if (input.account_id) records(ACCOUNT_RECORDS, input.account_id);
  if (input.before_seq !== undefined) {
    where.push('seq < ?');
    params.push(input.before_seq);
  }
  return { sql: where.length ? 'WHERE ' + where.join(' AND ') : '', params };
}

function select(ctx: Ctx, input: AuditFilter, limit: number, order: 'ASC' | 'DESC'): AuditEntry[] {
  const w = whereOf(input);
  const sql = `SELECT seq, at, actor, door, batch_id, table_name, record_id, action, field, old_value, new_value FROM audit_log ${w.sql} ORDER BY seq ${order} LIMIT ?`;
  if (ctx.scope === null) return ctx.db.sqlite.prepare(sql).all(...w.params, limit) as AuditEntry[];
  // A client login sees only entries of records in its scope; filtering after the read, page by page.
  const out: AuditEntry[] = [];
  const page = ctx.db.sqlite.prepare(sql.replace('LIMIT ?', 'LIMIT ? OFFSET ?'));
  for (let offset = 0; out.length < limit; offset += 1000) {
    const rows = page.all(...w.params, 1000, offset) as AuditEntry[];
    for (const r of rows) if (out.length < limit && recordInScope(ctx, r.table_name, r.record_id)) out.push(r);
    if (rows.length < 1000) break;
  }
  return out;
}

export function listAudit(ctx: Ctx, input: AuditFilter & { limit?: number }): AuditEntry[] {
  const rows = select(ctx, input, input.limit ?? 1000, 'DESC');
  const labels = labelRecords(ctx, rows);
  return rows.map((r) => ({ ...r, record_label: labels.get(`${r.table_name}|${r.record_id}`) ?? null }));
}

export function auditActors(ctx: Ctx): string[] {
  if (ctx.scope !== null) return [...new Set(select(ctx, {}, 100_000, 'DESC').map((r) => r.actor))].sort();
  return (stmt(ctx, 'SELECT DISTINCT actor FROM audit_log ORDER BY actor').all() as { actor: string }[]).map((r) => r.actor);
}

const EXPORT_COLUMNS: Column<AuditEntry>[] = [
  { header: 'Seq', number: (r) => r.seq },
  { header: 'When (UTC)', text: (r) => r.at },
  { header: 'Who', text: (r) => r.actor },
  { header: 'Door', text: (r) => r.door },
  { header: 'Batch', text: (r) => r.batch_id },
  { header: 'Table', text: (r) => r.table_name },
  { header: 'Record', text: (r) => r.record_id },
  { header: 'Record in words', text: (r) => r.record_label ?? null },
  { header: 'Action', text: (r) => r.action },
  { header: 'Field', text: (r) => r.field },
  { header: 'Old value', text: (r) => r.old_value },
  { header: 'New value', text: (r) => r.new_value },
];

export async function exportAudit(ctx: Ctx, input: AuditFilter & { format: 'csv' | 'xlsx'; limit?: number }): Promise<FileOut> {
  const rows = select(ctx, input, input.limit ?? 1_000_000, 'ASC');
  const labels = labelRecords(ctx, rows);
  const full = rows.map((r) => ({ ...r, record_label: labels.get(`${r.table_name}|${r.record_id}`) ?? null }));
  const name = `audit-trail${input.changed_in ? `-${input.changed_in}` : ''}${input.bill_month ? `-bills-${input.bill_month}` : ''}`;
  if (input.format === 'csv') return { file_name: `${name}.csv`, mime_type: CSV_MIME, data: new TextEncoder().encode(toCsv(full, EXPORT_COLUMNS)) };
  return { file_name: `${name}.xlsx`, mime_type: XLSX_MIME, data: await toXlsx(full, EXPORT_COLUMNS, 'Audit trail') };
}

export function undoBatch(ctx: Ctx, input: { batch_id: string }) {
  const entries = stmt(ctx, 'SELECT * FROM audit_log WHERE batch_id = ? ORDER BY seq DESC').all(input.batch_id) as Entry[];
  if (!entries.length) throw new ApiError('not_found', `No changes were recorded under ${input.batch_id}`);
  for (const e of entries) {
    if (!UNDOABLE[e.table_name]) throw new ApiError('conflict', `Changes to ${e.table_name} cannot be undone from here`);
    if (!recordInScope(ctx, e.table_name, e.record_id)) throw new ApiError('not_found', `No changes were recorded under ${input.batch_id}`);
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
        // A new service is taken back by retiring it (issue 4).
        if (e.table_name === 'services') {
          if (w.retire('services', before as { id: string; retired_at?: unknown })) changed++;
          continue;
        }
      } else if (e.action === 'update' && e.field && cols.includes(e.field)) {
        patch = { [e.field]: fromAudit(e.old_value) };
      }
      if (w.update(e.table_name, before, patch)) changed++;
    }
    return { batch_id: w.batchId, changed };
  });
}
