// Bulk edit of selected services: one transaction, one audit batch, so audit.undo takes the whole edit back.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inScope } from '../scope.ts';
import { inTransaction, stmt } from '../write.ts';
import { parseAmount, type AmountLocale } from '../../core/money.ts';
import { companyLocale } from '../company.ts';
import { checkLookup } from '../admin/lookup-values.ts';

type Rec = Record<string, unknown> & { id: string };

export function bulkUpdateServices(
  ctx: Ctx,
  input: {
    ids: string[];
    patch: { billing_account_id?: string; status?: 'ordered' | 'active' | 'disconnected'; disconnect_date?: string | null; monthly?: number | string | null; service_type?: string | null };
    locale?: AmountLocale;
  },
) {
  const p = input.patch;
  let monthly: number | undefined;
  if (p.monthly !== undefined) {
    if (p.monthly === null) throw new ApiError('invalid_input', 'monthly: a monthly charge cannot be left empty; give 0 for a service that costs nothing');
    if (typeof p.monthly === 'number') monthly = p.monthly;
    else {
      const r = parseAmount(p.monthly, input.locale ?? companyLocale(ctx));
      if (!r.ok) throw new ApiError('invalid_input', `monthly: ${r.error}`);
      if (r.cents === null) throw new ApiError('invalid_input', 'monthly: a monthly charge cannot be left empty; give 0 for a service that costs nothing');
      monthly = r.cents;
    }
  }
  let target: Rec | undefined;
  if (p.billing_account_id !== undefined) {
    target = stmt(ctx, 'SELECT * FROM billing_accounts WHERE id = ?').get(p.billing_account_id) as Rec | undefined;
    if (!target || !inScope(ctx, (target.customer_id as string | null) ?? null)) throw notFound('Billing account', p.billing_account_id);
    if (target.retired_at) throw new ApiError('conflict', `Billing account ${String(target.account_number)} is retired; choose another one`);
  }
  const ids = [...new Set(input.ids)];
  return inTransaction(ctx, (w) => {
    const get = stmt(ctx, 'SELECT s.*, ba.customer_id AS account_customer FROM services s JOIN billing_accounts ba ON ba.id = s.billing_account_id WHERE s.id = ?');
    let changed = 0;
    for (const id of ids) {
      const s = get.get(id) as Rec | undefined;
      if (!s || !inScope(ctx, (s.account_customer as string | null) ?? null)) throw notFound('Service', id);
      if (s.retired_at) throw new ApiError('conflict', `Service ${String(s.description) || id} is retired; it can no longer be changed`);
      const values: Record<string, unknown> = {};
      if (target) {
        if (target.customer_id !== s.account_customer)
          throw new ApiError('invalid_input', `billing_account_id: account ${String(target.account_number)} belongs to another customer than service ${String(s.description) || id}`);
        values.billing_account_id = target.id;
        values.carrier_id = target.carrier_id;
      }
      if (p.status !== undefined) values.status = p.status;
      if (p.disconnect_date !== undefined) values.disconnect_date = p.disconnect_date;
      if (monthly !== undefined) values.monthly_cents = monthly;
      // Checked per service: a retired type may stay on the services that already hold it.
      if (p.service_type !== undefined) values.service_type = checkLookup(ctx, 'service_type', 'service_type', p.service_type, (s.service_type as string | null) ?? null);
      const status = values.status ?? s.status;
      const disconnect = values.disconnect_date !== undefined ? values.disconnect_date : s.disconnect_date;
      if (status === 'disconnected' && !disconnect)
        throw new ApiError('invalid_input', `disconnect_date: service ${String(s.description) || id} is disconnected and needs its disconnect date`);
      const { account_customer: _, ...before } = s;
      if (w.update('services', before as Rec, values)) changed++;
    }
    return { batch_id: w.batchId, changed };
  });
}
