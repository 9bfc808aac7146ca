// Checking a drop-down value where a record takes one: it must be an active value of its list, except the value the
// record already holds (a value retired since stays on the records that have it and still shows there).
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';

/** The code to store (null = none), or a refusal naming the field and the active choices. */
export function checkLookup(ctx: Ctx, field: string, list: string, code: string | null | undefined, current: string | null = null): string | null | undefined {
  if (code === undefined) return undefined;
  const c = code?.trim() || null;
  if (c === null || c === current) return c;
  const row = stmt(ctx, 'SELECT code, active FROM lookups WHERE list = ? AND code = ?').get(list, c) as { code: string; active: number } | undefined;
  if (row?.active) return row.code;
  const choices = (stmt(ctx, 'SELECT code FROM lookups WHERE list = ? AND active = 1 ORDER BY sort_order, code').all(list) as { code: string }[]).map((r) => r.code);
  throw new ApiError(
    'invalid_input',
    `${field}: "${c}" is ${row ? 'a retired value' : 'not a value'} of the drop-down table ${list}; choose one of ${choices.map((x) => `"${x}"`).join(', ') || '(none: add values in Administration)'}`,
    [{ path: [field], message: `"${c}" is not an active choice` }],
  );
}
