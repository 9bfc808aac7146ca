import { z } from 'zod';
import { query, mutation } from '../define.ts';
import { Id, Month, TotalCents, BillStatus, Stamp } from './common.ts';
import { FileOut } from './attachments.ts';

export const Approval = z.object({
  id: Id,
  account_id: Id,
  month: Month,
  approved_by: z.string(),
  approved_at: Stamp,
  status_at_approval: BillStatus,
  actual_cents_at_approval: TotalCents.nullable(),
  /** The bill's invoice number when approved ('' for none; null for approvals made before it was kept). */
  invoice_number_at_approval: z.string().nullable(),
  override_reason: z.string().nullable(),
  withdrawn_at: Stamp.nullable(),
  withdrawn_by: z.string().nullable(),
  withdraw_reason: z.string().nullable(),
});
export type Approval = z.infer<typeof Approval>;

const Reason = z.string().trim().min(1).max(2000);

export const approve = mutation(
  'approvals.approve',
  'Mark bills OK to Pay, all or none: a bill within tolerance directly, a flagged bill when all its tickets are resolved or closed, or with an override reason by a user allowed to override; never a missing bill (no actual). A bill that changed since its approval is approved again (the old approval is withdrawn)',
  z.object({
    bills: z.array(z.object({ account_id: Id, month: Month, override_reason: Reason.optional() })).min(1).max(100_000),
    /** The override reason for every flagged bill that has none of its own. */
    override_reason: Reason.optional(),
  }),
  z.object({
    batch_id: z.string(),
    approved: z.array(Approval),
    /** Bills already OK to Pay (their approval stands), left as they were. */
    already_approved: z.array(z.object({ account_id: Id, month: Month, approved_by: z.string(), approved_at: Stamp })),
  }),
);

export const withdraw = mutation(
  'approvals.withdraw',
  'Withdraw the OK to Pay of one bill; the reason is required and kept',
  z.object({ account_id: Id, month: Month, reason: Reason }),
  z.object({ batch_id: z.string(), approval: Approval }),
);

export const RegisterRow = z.object({
  account_id: Id,
  customer: z.string().nullable(),
  location: z.string().nullable(),
  carrier: z.string(),
  account: z.string(),
  invoice_number: z.string().nullable(),
  bill_date: z.string().nullable(),
  expected_cents: TotalCents.nullable(),
  actual_cents: TotalCents.nullable(),
  variance_cents: TotalCents.nullable(),
  status: BillStatus,
  approved_by: z.string(),
  approved_at: Stamp,
  override_reason: z.string().nullable(),
  /** What was approved: the actual and the invoice number (see Approval). */
  approved_actual_cents: TotalCents.nullable(),
  approved_invoice_number: z.string().nullable(),
});
export type RegisterRow = z.infer<typeof RegisterRow>;

export const register = query(
  'approvals.register',
  'The ready-to-pay register of a month: every bill OK to Pay with its figures and who approved it when, and its total; apart and not in the total, the approved bills that changed since approval (not ready to pay until approved again)',
  z.object({ month: Month }),
  z.object({
    month: Month,
    /** The bills ready to pay: approved, and still the amount and invoice approved. */
    rows: z.array(RegisterRow),
    /** The sum of the rows' actuals. */
    total_actual_cents: TotalCents,
    /** Approved bills whose actual or invoice differs from the one approved (or that have no bill now): not ready to pay. */
    changed_since_approval: z.array(RegisterRow),
  }),
);

export const exportRegister = query(
  'approvals.export',
  "The month's ready-to-pay register as a file for accounts payable: CSV (UTF-8 with BOM) or XLSX (account numbers as text, amounts as numbers), with user-defined fields where they exist",
  z.object({ month: Month, format: z.enum(['csv', 'xlsx']) }),
  FileOut,
);
