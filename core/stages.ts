// Customer stages. The stage drop-down is an admin table (issue 6, list "customer_stage" in lookups); until an
// installation fills that table, these defaults are the stages a customer may have.
export const DEFAULT_STAGES = ['prospect', 'onboarding', 'active', 'former'] as const;

/** The stage a customer gets when none is given (imports, a bare create). */
export const DEFAULT_STAGE = 'active';

/** Checks a stage against the allowed list (case-insensitive); returns the list's spelling or an error. */
export function checkStage(stage: string, allowed: readonly string[]): { ok: true; stage: string } | { ok: false; error: string } {
  const s = stage.trim();
  const found = allowed.find((a) => a.toLowerCase() === s.toLowerCase());
  if (found) return { ok: true, stage: found };
  return { ok: false, error: `stage "${stage}" is not one of ${allowed.map((a) => `"${a}"`).join(', ')}` };
}
