import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Month } from './common.ts';
import { FileOut } from './attachments.ts';

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  door: z.string(),
  batch_id: z.string(),
  table_name: z.string(),
  record_id: z.string(),
  action: z.enum(['insert', 'update', 'retire']),
  field: z.string().nullable(),
  old_value: z.string().nullable(),
  new_value: z.string().nullable(),
  /** The record in words where it is known ("Ticket 3", "Acme Telecom account 007321, 2026-03"). */
  record_label: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Which part of the trail: per record, per user, per month (the month a change was made, or the bill month it
 *  concerns), per ticket (the ticket and its bills, notes, credits and files) or per account. */
export const AuditFilter = z.object({
  table_name: z.string().optional(),
  record_id: z.string().optional(),
  batch_id: z.string().optional(),
  actor: z.string().optional(),
  door: z.string().optional(),
  /** Changes made during this calendar month (UTC). */
  changed_in: Month.optional(),
  /** Changes to the bills, approvals, one-off expectations and ticket links of this billing month. */
  bill_month: Month.optional(),
  ticket_id: Id.optional(),
  account_id: Id.optional(),
  /** Paging, newest first: entries older than this sequence number. */
  before_seq: z.number().int().optional(),
});
export type AuditFilter = z.infer<typeof AuditFilter>;

export const list = query(
  'audit.list',
  'The audit trail, newest first: per record, batch, table, user, door, month, ticket or account',
  AuditFilter.extend({ limit: z.number().int().positive().max(10_000).optional() }),
  z.array(AuditEntry),
);

export const actors = query('audit.actors', 'Everyone who appears in the audit trail, for filtering it', z.object({}), z.array(z.string()));

export const exportTrail = query(
  'audit.export',
  'The audit trail (same filters as audit.list) as a CSV or XLSX file, oldest first',
  AuditFilter.extend({ format: z.enum(['csv', 'xlsx']), limit: z.number().int().positive().max(1_000_000).optional() }),
  FileOut,
);

export const undo = mutation(
  'audit.undo',
  'Undo one batch of writes (a keyed value, a paste, a fill) by writing the old values back, itself a new batch',
  z.object({ batch_id: z.string() }),
  z.object({ batch_id: z.string(), changed: z.number().int() }),
);
