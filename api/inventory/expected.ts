// One account's expectations besides its monthly total: one-off amounts in one month (expected_overrides) and
// price steps added in every month from a month on (expected_steps).
import { notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { assertInScope } from '../scope.ts';
import { inTransaction, stmt } from '../write.ts';

type Rec = Record<string, unknown> & { id: string };

function account(ctx: Ctx, id: string) {
  const a = stmt(ctx, 'SELECT id, customer_id FROM billing_accounts WHERE id = ?').get(id) as { id: string; customer_id: string | null } | undefined;
  if (!a) throw notFound('Billing account', id);
  assertInScope(ctx, a.customer_id, `Billing account ${id}`);
  return a;
}

const steps = (ctx: Ctx, accountId: string) =>
  stmt(ctx, 'SELECT id, from_month, amount_cents, note, retired_at FROM expected_steps WHERE billing_account_id = ? AND retired_at IS NULL ORDER BY from_month').all(accountId) as never[];

export function listExpected(ctx: Ctx, input: { account_id: string }) {
  account(ctx, input.account_id);
  // A withdrawn one-off is kept as 0 for its history; it adds nothing and is not listed.
  const once = stmt(ctx, 'SELECT month, amount_cents, note FROM expected_overrides WHERE billing_account_id = ? AND amount_cents <> 0 ORDER BY month').all(input.account_id) as never[];
  return { once, steps: steps(ctx, input.account_id) };
}

export function setStep(ctx: Ctx, input: { account_id: string; from_month: string; amount_cents: number | null; note?: string | null }) {
  account(ctx, input.account_id);
  return inTransaction(ctx, (w) => {
    const before = stmt(ctx, 'SELECT * FROM expected_steps WHERE billing_account_id = ? AND from_month = ? AND retired_at IS NULL').get(input.account_id, input.from_month) as
      | Rec
      | undefined;
    if (input.amount_cents === null) {
      if (before) w.retire('expected_steps', before);
    } else if (before) {
      w.update('expected_steps', before, { amount_cents: input.amount_cents, note: input.note });
    } else {
      w.insert('expected_steps', { billing_account_id: input.account_id, from_month: input.from_month, amount_cents: input.amount_cents, note: input.note ?? null });
    }
    return { batch_id: w.batchId, steps: steps(ctx, input.account_id) };
  });
}
