// What a new company starts with on its first day: the drop-down tables filled with common values and a few
// security groups per module, all of which the administrator can change.
import type { Ctx } from '../context.ts';
import type { Writer } from '../write.ts';
import { stmt } from '../write.ts';

/** The drop-down tables of the product: which list, its title, and where it is used. */
export const LOOKUP_LISTS = [
  { list: 'customer_stage', title: 'Customer stages', used_for: 'Customers: the stage of the relationship' },
  { list: 'service_type', title: 'Service types', used_for: 'Services: the kind of line or circuit' },
  { list: 'ticket_category', title: 'Ticket categories', used_for: 'Billing tickets: what the problem is' },
  { list: 'dispute_reason', title: 'Dispute reasons', used_for: 'Billing tickets: why a bill is disputed' },
  { list: 'bill_source', title: 'Bill sources', used_for: 'Carrier bills: where a bill came from' },
  { list: 'resolution_reason', title: 'Resolution reasons', used_for: 'Billing tickets: why a ticket closed with a difference' },
] as const;

const DEFAULT_VALUES: Record<string, [string, string][]> = {
  customer_stage: [['prospect', 'Prospect'], ['onboarding', 'Onboarding'], ['active', 'Active'], ['former', 'Former']],
  service_type: [['fiber', 'Fiber'], ['broadband', 'Broadband'], ['pots', 'POTS line'], ['wireless', 'Wireless'], ['mpls', 'MPLS'], ['sip', 'SIP trunk']],
  ticket_category: [['overcharge', 'Overcharge'], ['missing_credit', 'Missing credit'], ['wrong_rate', 'Wrong rate'], ['disconnected_billed', 'Billed after disconnect'], ['missing_bill', 'Missing bill']],
  dispute_reason: [['rate_not_contract', 'Rate not as contracted'], ['duplicate_charge', 'Duplicate charge'], ['service_not_received', 'Service not received'], ['late_fee', 'Late fee in error']],
  bill_source: [['paper', 'Paper'], ['pdf', 'PDF'], ['edi', 'EDI 811'], ['portal', 'Carrier portal'], ['csv', 'CSV / spreadsheet']],
  resolution_reason: [['credit_received', 'Credit received'], ['carrier_refused', 'Carrier refused'], ['written_off', 'Written off']],
};

const DEFAULT_GROUPS: { module: string; name: string; permissions: string[] }[] = [
  { module: 'tem', name: 'TEM viewers', permissions: ['view'] },
  { module: 'tem', name: 'TEM clerks', permissions: ['view', 'edit', 'import', 'export'] },
  { module: 'tem', name: 'TEM approvers', permissions: ['view', 'edit', 'import', 'export', 'approve'] },
  { module: 'tem', name: 'TEM managers', permissions: ['view', 'edit', 'import', 'export', 'approve', 'override'] },
  { module: 'inventory', name: 'Inventory viewers', permissions: ['view'] },
  { module: 'inventory', name: 'Inventory editors', permissions: ['view', 'edit', 'import', 'export'] },
  { module: 'crm', name: 'CRM viewers', permissions: ['view'] },
  { module: 'crm', name: 'CRM editors', permissions: ['view', 'edit', 'import', 'export'] },
];

/** Fills whatever is still empty; running it again changes nothing. */
export function seedDefaults(ctx: Ctx, w: Writer): void {
  for (const [list, values] of Object.entries(DEFAULT_VALUES)) {
    values.forEach(([code, label], i) => {
      if (!stmt(ctx, 'SELECT 1 FROM lookups WHERE list = ? AND code = ?').get(list, code))
        w.insert('lookups', { list, code, label, sort_order: (i + 1) * 10, active: true });
    });
  }
  if (!stmt(ctx, 'SELECT 1 FROM security_groups LIMIT 1').get()) {
    for (const g of DEFAULT_GROUPS) w.insert('security_groups', { module: g.module, name: g.name, permissions_json: JSON.stringify(g.permissions) });
  }
}
