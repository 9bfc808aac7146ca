import { z } from 'zod';
import { query, mutation } from '../define.ts';

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
});

export const list = query(
  'audit.list',
  'The audit trail, newest first, per record, batch or table',
  z.object({
    table_name: z.string().optional(),
    record_id: z.string().optional(),
    batch_id: z.string().optional(),
    limit: z.number().int().positive().max(10_000).optional(),
  }),
  z.array(AuditEntry),
);

export const undo = mutation(
  'audit.undo',
  'Undo one batch of writes (a keyed value, a paste, a fill) by writing the old values back, itself a new batch',
  z.object({ batch_id: z.string() }),
  z.object({ batch_id: z.string(), changed: z.number().int() }),
);
