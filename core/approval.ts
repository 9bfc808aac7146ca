// Whether an OK to Pay still stands. An approval approves one amount of one invoice: the bill's actual and invoice
// number as they were when it was given. When the bill's actual or invoice differs now (changed, cleared, or a
// bill that never arrived), the approval no longer stands: the bill needs approving again and is not ready to pay.
// Derived from the approval row and the bill as they are, never written, so every synced copy agrees.

export interface ApprovedBill {
  actual_cents_at_approval: number | null;
  /** '' when the bill had no invoice number; null for approvals made before the invoice was kept (amount only). */
  invoice_number_at_approval: string | null;
}

export interface CurrentBill {
  actual_cents: number | null;
  invoice_number: string | null;
}

/** What an approval stores of the bill it approves. */
export const approvedBill = (bill: CurrentBill): ApprovedBill => ({
  actual_cents_at_approval: bill.actual_cents,
  invoice_number_at_approval: bill.invoice_number ?? '',
});

/** True when the bill is no longer the one approved: there is no bill now, or its actual or invoice differs. */
export function changedSinceApproval(a: ApprovedBill, bill: CurrentBill): boolean {
  if (bill.actual_cents === null || bill.actual_cents !== a.actual_cents_at_approval) return true;
  return a.invoice_number_at_approval !== null && a.invoice_number_at_approval !== (bill.invoice_number ?? '');
}
