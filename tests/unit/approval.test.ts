// When an OK to Pay still stands (core/approval.ts): the bill is still the amount and invoice approved.
import { describe, it, expect } from 'vitest';
import { approvedBill, changedSinceApproval } from '../../core/approval.ts';

describe('changedSinceApproval', () => {
  const approved = approvedBill({ actual_cents: 91_800, invoice_number: null });
  it('keeps the amount and the invoice approved, with no invoice as an empty one', () => {
    expect(approved).toEqual({ actual_cents_at_approval: 91_800, invoice_number_at_approval: '' });
    expect(approvedBill({ actual_cents: 500_000, invoice_number: 'WIN-0715' })).toEqual({ actual_cents_at_approval: 500_000, invoice_number_at_approval: 'WIN-0715' });
  });
  it.each([
    ['the same bill', 91_800, null, false],
    ['the same bill, empty invoice', 91_800, '', false],
    ['a new amount (918.00 to 5,000.00)', 500_000, null, true],
    ['one cent more', 91_801, null, true],
    ['one cent less', 91_799, null, true],
    ['an invoice number added', 91_800, 'WIN-0715', true],
    ['cleared: no bill', null, null, true],
  ] as const)('%s', (_what, actual, invoice, changed) => {
    expect(changedSinceApproval(approved, { actual_cents: actual, invoice_number: invoice })).toBe(changed);
  });
  it('compares the invoice too when one was approved', () => {
    const a = approvedBill({ actual_cents: 10_000, invoice_number: 'A-1' });
    expect(changedSinceApproval(a, { actual_cents: 10_000, invoice_number: 'A-1' })).toBe(false);
    expect(changedSinceApproval(a, { actual_cents: 10_000, invoice_number: 'A-2' })).toBe(true);
    expect(changedSinceApproval(a, { actual_cents: 10_000, invoice_number: null })).toBe(true);
  });
  it('compares only the amount for approvals made before the invoice was kept', () => {
    const old = { actual_cents_at_approval: 10_000, invoice_number_at_approval: null };
    expect(changedSinceApproval(old, { actual_cents: 10_000, invoice_number: 'A-9' })).toBe(false);
    expect(changedSinceApproval(old, { actual_cents: 10_001, invoice_number: 'A-9' })).toBe(true);
    // an approval of a bill that never arrived (possible before missing bills were refused) does not stand
    expect(changedSinceApproval({ actual_cents_at_approval: null, invoice_number_at_approval: null }, { actual_cents: null, invoice_number: null })).toBe(true);
  });
});
