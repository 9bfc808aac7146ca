// Refused input speaks plain words through every door: the API's own message for each kind of bad field.
import { describe, it, expect } from 'vitest';
import { z } from 'zod';
import { plainInputMessage } from '../../api/input-messages.ts';

const messageOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input, { error: plainInputMessage });
  if (r.success) throw new Error('expected a refusal');
  return r.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
};

describe('plain input messages', () => {
  const S = z.object({
    reason: z.string().min(1).max(10),
    cents: z.number().int().min(0).max(500),
    ids: z.array(z.string()).min(1).max(2),
    mode: z.enum(['either', 'both']),
    month: z.string().regex(/^\d{4}-\d{2}$/),
    named: z.string().min(1, 'a field filter needs a value'),
  });
  const ok = { reason: 'late', cents: 5, ids: ['a'], mode: 'both', month: '2026-03', named: 'x' };

  it.each([
    [{ reason: '' }, 'reason: must not be empty'],
    [{ reason: 'x'.repeat(11) }, 'reason: may have at most 10 characters'],
    [{ reason: undefined }, 'reason: is required'],
    [{ reason: 12 }, 'reason: must be text, not 12'],
    [{ cents: 1.5 }, 'cents: must be a whole number, not 1.5'],
    [{ cents: '15' }, 'cents: must be a number, not "15"'],
    [{ cents: -1 }, 'cents: must be at least 0'],
    [{ cents: 501 }, 'cents: must be at most 500'],
    [{ ids: [] }, 'ids: needs at least one value'],
    [{ ids: ['a', 'b', 'c'] }, 'ids: may have at most 2 values'],
    [{ mode: 'any' }, 'mode: must be one of "either", "both"'],
    [{ month: '2026-3' }, 'month: is not in the expected form: "2026-3"'],
    [{ named: '' }, 'named: a field filter needs a value'],
  ])('%o → %s', (patch, message) => {
    expect(messageOf(S, { ...ok, ...patch })).toBe(message);
  });

  it('names fields it does not know on a strict object', () => {
    expect(messageOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1 })).toBe('input: has a field it does not know: b');
  });
});

describe('through the API', () => {
  it('a blank withdraw reason and a fractional cent amount are refused in plain words, naming method and field', async () => {
    const { testApi } = await import('../support/api.ts');
    const { call } = await import('../../api/index.ts');
    const t = testApi();
    await expect(call(t.ctx, 'approvals.withdraw', { account_id: 'a1', month: '2026-03', reason: '' })).rejects.toThrow('approvals.withdraw: reason: must not be empty');
    await expect(call(t.ctx, 'actuals.set', { account_id: 'a1', month: '2026-03', amount: 1.5 })).rejects.toThrow('actuals.set: amount: must be a whole number, text or null, not 1.5');
    t.db.close();
  });
});
