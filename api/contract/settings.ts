import { z } from 'zod';
import { query, mutation } from '../define.ts';

const Value = z.union([z.number(), z.boolean(), z.string()]);

export const Setting = z.object({
  key: z.string(),
  value: Value,
  default: Value,
  is_default: z.boolean(),
  kind: z.enum(['int', 'bool', 'enum', 'text']),
  summary: z.string(),
  min: z.number().optional(),
  max: z.number().optional(),
  unit: z.string().optional(),
  options: z.array(z.string()).optional(),
  updated_at: z.string().nullable(),
});
export type Setting = z.infer<typeof Setting>;

export const get = query(
  'settings.get',
  'Installation settings (audit rules, bills, ...) with their defaults; all of them, or the keys named',
  z.object({ keys: z.array(z.string().max(200)).max(500).optional() }),
  z.object({ settings: z.array(Setting) }),
);

export const set = mutation(
  'settings.set',
  'Change settings: every value is checked against its key, and either all are saved or none; null restores the default',
  z.object({ values: z.record(z.string().max(200), Value.nullable()) }),
  z.object({ batch_id: z.string(), changed: z.number().int(), settings: z.array(Setting) }),
);
