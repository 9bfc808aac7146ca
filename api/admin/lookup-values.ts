// Checking a drop-down value where a record takes one: it must be an active value of its list, except the value the
// record already holds (a value retired since stays on the records that have it and still shows there).
import { ApiError } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt } from '../write.ts';
import { allowedStages } from '../inventory/rules.ts';
import { checkStage } from '../../core/stages.ts';

/** The code to store (null = none), or a refusal naming the field and the active choices. */
export function checkLookup(ctx: Ctx, field: string, list: string, code: string | null | undefined, current: string | null = null): string | null | undefined {
  if (code === undefined) return undefined;
  const c = code?.trim() || null;
  if (c === null || c === current) return c;
  const row = stmt(ctx, 'SELECT code, active FROM lookups WHERE list = ? AND code = ?').get(list, c) as { code: string; active: number } | undefined;
  if (row?.active) return row.code;
  const choices = (stmt(ctx, 'SELECT code FROM lookups WHERE list = ? AND active = 1 ORDER BY sort_order, code').all(list) as { code: string }[]).map((r) => r.code);
  throw new ApiError('invalid_input', `${field}: ${refusal(c, list, Boolean(row), choices)}`, [{ path: [field], message: `"${c}" is not an active choice` }]);
}

function refusal(code: string, list: string, retired: boolean, choices: string[]): string {
  const offered = choices.map((x) => `"${x}"`).join(', ') || '(none: add values in Administration)';
  return retired
    ? `"${code}" is retired in the drop-down table ${list}: it stays on the records that already have it but cannot be chosen anew; choose one of ${offered}`
    : `"${code}" is not a value of the drop-down table ${list}; choose one of ${offered}`;
}

/** A customer's stage: an active stage (any case, stored in the table's spelling), or the stage the customer
 *  already has, kept as it is even once retired, so editing an old customer's other fields still saves. */
export function checkCustomerStage(ctx: Ctx, stage: unknown, current: unknown): string {
  const s = String(stage).trim();
  if (typeof current === 'string' && current.toLowerCase() === s.toLowerCase()) return current;
  const allowed = allowedStages(ctx);
  const st = checkStage(s, allowed);
  if (st.ok) return st.stage;
  let retired = false;
  try {
    retired = Boolean(stmt(ctx, "SELECT 1 FROM lookups WHERE list = 'customer_stage' AND lower(code) = lower(?) AND active = 0").get(s));
  } catch {
    // A database from before the drop-down tables existed: only the default stages.
  }
  throw new ApiError('invalid_input', `stage: ${retired ? refusal(s, 'customer_stage', true, allowed) : st.error}`, [{ path: ['stage'], message: `"${s}" is not an active choice` }]);
}
