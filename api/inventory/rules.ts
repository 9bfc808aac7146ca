// Rules of the inventory that several methods share: the allowed customer stages, a group's fields and how a
// service's values for them are checked, and what retiring a customer, carrier or account does to its accounts.
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { stmt, type Writer } from '../write.ts';
import { DEFAULT_STAGES } from '../../core/stages.ts';
import { readFieldValues, type FieldDef, type FieldValue } from '../../core/service-fields.ts';
import { addMonthsToMonth, monthOf } from '../../core/months.ts';
import { isAmountLocale } from '../../core/money.ts';
import { companyLocale } from '../company.ts';

/** The stage drop-down: the admin's "customer_stage" table when it has values, else the defaults. */
export function allowedStages(ctx: Ctx): string[] {
  let rows: { code: string }[] = [];
  try {
    rows = stmt(ctx, "SELECT code FROM lookups WHERE list = 'customer_stage' AND active = 1 ORDER BY sort_order, code").all() as { code: string }[];
  } catch {
    // A database from before the drop-down tables existed.
  }
  return rows.length ? rows.map((r) => r.code) : [...DEFAULT_STAGES];
}

export function groupFields(ctx: Ctx, groupId: string | null): FieldDef[] {
  if (!groupId) return [];
  const g = stmt(ctx, 'SELECT fields_json FROM service_groups WHERE id = ?').get(groupId) as { fields_json: string } | undefined;
  if (!g) throw notFound('Service group', groupId);
  return JSON.parse(g.fields_json) as FieldDef[];
}

/** A service's field values checked against its group; throws invalid_input naming every bad field. */
export function checkServiceFields(
  ctx: Ctx,
  groupId: string | null,
  given: Record<string, FieldValue>,
  before: Record<string, FieldValue>,
  locale: string | undefined,
): Record<string, FieldValue> {
  const fields = groupFields(ctx, groupId);
  // Values of a former group's fields that the new group lacks are dropped, not errors.
  const keys = new Set(fields.map((f) => f.key));
  const kept = Object.fromEntries(Object.entries(before).filter(([k]) => keys.has(k)));
  const r = readFieldValues(fields, given, kept, locale && isAmountLocale(locale) ? locale : companyLocale(ctx));
  if (!r.ok) throw new ApiError('invalid_input', r.errors.map((e) => `fields.${e.key}: ${e.error}`).join('; '), r.errors);
  return r.values;
}

/** The month before the one a retirement happens in: the last month its accounts are expected to bill. */
export const lastBillingMonth = (ctx: Ctx) => addMonthsToMonth(monthOf(ctx.now().slice(0, 10)), -1);

/** Retiring a customer, carrier or account ends its accounts' open months (history before stays as it was). */
export function endOpenAccounts(ctx: Ctx, w: Writer, column: 'customer_id' | 'carrier_id' | 'id', id: string): void {
  const last = lastBillingMonth(ctx);
  const open = stmt(ctx, `SELECT * FROM billing_accounts WHERE ${column} = ? AND (end_month IS NULL OR end_month > ?)`).all(id, last) as ({
    id: string;
  } & Record<string, unknown>)[];
  for (const a of open) w.update('billing_accounts', a, { end_month: last });
}
