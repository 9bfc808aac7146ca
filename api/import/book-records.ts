// The book rows that are not services, and the record details a service row carries besides its service: what lets
// an exported book rebuild a database in full (customers, locations and carriers with no account, accounts with no
// service, contract links, one-offs and price steps, stages, notes, addresses, carrier contacts). Every column
// here is optional: a file without them reads as it always did, and a column the file lacks leaves what the book
// holds.
import type { Ctx } from '../context.ts';
import { ApiError } from '../errors.ts';
import { stmt, type Writer } from '../write.ts';
import { checkCustomerStage } from '../admin/lookup-values.ts';
import { parseMonth } from '../../core/months.ts';
import { newCounts, nameKey, type Counts, type RowReader } from './run.ts';

/** What a row stands for (the export's BookRecord); an empty cell or no such column is a service. */
export const RECORDS = ['service', 'account', 'location', 'customer', 'carrier', 'one_off', 'step'] as const;
export type BookRecordKind = (typeof RECORDS)[number];

export const RECORD_FIELDS = [
  { name: 'record', required: false, label: 'Record (service, account, location, customer, carrier, one_off, step)' },
  { name: 'contract_account', required: false, label: 'Contract of account' },
  { name: 'customer_stage', required: false, label: 'Customer stage' },
  { name: 'customer_notes', required: false, label: 'Customer notes' },
  { name: 'location_address', required: false, label: 'Location address' },
  { name: 'location_main', required: false, label: 'Main location' },
  { name: 'carrier_rep_contact', required: false, label: 'Carrier account rep contact' },
  { name: 'carrier_dispute_contact', required: false, label: 'Carrier dispute contact' },
  { name: 'carrier_bill_day', required: false, label: 'Carrier usual bill day' },
  { name: 'carrier_dispute_window', required: false, label: 'Carrier dispute window (days)' },
  { name: 'carrier_notes', required: false, label: 'Carrier notes' },
  { name: 'expectation_month', required: false, label: 'One-off or step month' },
  { name: 'expectation_amount', required: false, label: 'One-off or step amount' },
  { name: 'expectation_note', required: false, label: 'One-off or step note' },
];

type Patch = Record<string, unknown>;

export interface RecordDetails {
  record: BookRecordKind;
  /** the account number of the contract this account is covered by (same carrier), when not its own */
  contractAccount: string | null | undefined;
  customerPatch: Patch;
  locationPatch: Patch;
  carrierPatch: Patch;
  /** one_off / step rows */
  month: string | null;
  amount: number | null;
  note: string | null;
}

/** The export writes text that a spreadsheet would run as a formula with a leading apostrophe; read it back as
 *  it was entered. */
export const plain = (s: string) => (/^'[=+\-@\t\r]/.test(s) ? s.slice(1) : s);

const YES = new Set(['yes', 'y', 'true', '1', 'x']);
const NO = new Set(['no', 'n', 'false', '0']);

/** Reads a row's record kind and details. Stages are checked against the stage table; a retired stage that
 *  customers still hold reads back (so an export imports again). */
export function recordReader(ctx: Ctx) {
  const heldStages = new Set((stmt(ctx, 'SELECT DISTINCT lower(stage) AS s FROM customers').all() as { s: string }[]).map((r) => r.s));
  return (r: RowReader): RecordDetails & { valid: boolean } => {
    const kindText = r.raw('record') === undefined ? '' : r.text('record').trim().toLowerCase().replace('-', '_');
    let record: BookRecordKind = 'service';
    if (kindText) {
      if ((RECORDS as readonly string[]).includes(kindText)) record = kindText as BookRecordKind;
      else r.problem('record', `record must be one of ${RECORDS.join(', ')}`);
    }
    const has = (f: string) => r.raw(f) !== undefined;
    const textOrNull = (f: string) => plain(r.text(f)) || null;
    const customerPatch: Patch = {};
    const stage = r.text('customer_stage').trim();
    if (stage) {
      try {
        customerPatch.stage = checkCustomerStage(ctx, stage, heldStages.has(stage.toLowerCase()) ? stage : undefined);
      } catch (e) {
        r.problem('customer_stage', e instanceof ApiError ? e.message : String(e));
      }
    }
    if (has('customer_notes')) customerPatch.notes = textOrNull('customer_notes');
    const locationPatch: Patch = {};
    if (has('location_address')) locationPatch.address = textOrNull('location_address');
    if (has('location_main')) {
      const t = r.text('location_main').toLowerCase();
      if (YES.has(t)) locationPatch.is_main = true;
      else if (NO.has(t)) locationPatch.is_main = false;
      else if (t) r.problem('location_main', 'location_main must be yes or no');
    }
    const carrierPatch: Patch = {};
    for (const f of ['rep_contact', 'dispute_contact', 'notes']) if (has(`carrier_${f}`)) carrierPatch[f === 'rep_contact' ? 'account_rep_contact' : f] = textOrNull(`carrier_${f}`);
    const int = (f: string, column: string, min: number, max: number) => {
      if (!has(f)) return;
      const t = r.text(f);
      if (!t) carrierPatch[column] = null;
      else if (/^\d+$/.test(t) && Number(t) >= min && Number(t) <= max) carrierPatch[column] = Number(t);
      else r.problem(f, `${f} must be a whole number from ${min} to ${max}`);
    };
    int('carrier_bill_day', 'bill_day', 1, 31);
    int('carrier_dispute_window', 'dispute_window_days', 0, 3650);
    let month: string | null = null;
    let amount: number | null = null;
    if (record === 'one_off' || record === 'step') {
      const m = parseMonth(r.text('expectation_month', true));
      if (m.ok && m.month) month = m.month;
      else if (r.text('expectation_month')) r.problem('expectation_month', 'expectation_month must be a month (YYYY-MM)');
      amount = r.cents('expectation_amount', true);
    }
    return {
      valid: !kindText || record === kindText,
      record,
      contractAccount: has('contract_account') ? plain(r.text('contract_account')) || null : undefined,
      customerPatch,
      locationPatch,
      carrierPatch,
      month,
      amount,
      note: record === 'one_off' || record === 'step' ? textOrNull('expectation_note') : null,
    };
  };
}

/** Which cells a kind of row needs besides its own: customer, carrier, account. */
export const NEEDS: Record<BookRecordKind, { customer: boolean; carrier: boolean; account: boolean }> = {
  service: { customer: true, carrier: true, account: true },
  account: { customer: true, carrier: true, account: true },
  location: { customer: true, carrier: false, account: false },
  customer: { customer: true, carrier: false, account: false },
  carrier: { customer: false, carrier: true, account: false },
  one_off: { customer: false, carrier: true, account: true },
  step: { customer: false, carrier: true, account: true },
};

/** The carrier accounts the database holds, as `carrier name key|account number`, for rows that point at one. */
export function knownAccountKeys(ctx: Ctx): Set<string> {
  const rows = stmt(ctx, 'SELECT ca.name, ba.account_number FROM billing_accounts ba JOIN carriers ca ON ca.id = ba.carrier_id').all() as { name: string; account_number: string }[];
  return new Set(rows.map((r) => `${nameKey(r.name)}|${r.account_number}`));
}

type Rec = Record<string, unknown> & { id: string };

/** Writes one-offs (one per account and month) and price steps (one live step per account and first month). */
export function applyExpectations(ctx: Ctx, w: Writer, items: { kind: 'one_off' | 'step'; accountId: string; month: string; amount: number; note: string | null }[]) {
  const counts = { one_offs: newCounts(), steps: newCounts() };
  for (const e of items) {
    const c: Counts = e.kind === 'one_off' ? counts.one_offs : counts.steps;
    const before = (
      e.kind === 'one_off'
        ? stmt(ctx, 'SELECT * FROM expected_overrides WHERE billing_account_id = ? AND month = ?').get(e.accountId, e.month)
        : stmt(ctx, 'SELECT * FROM expected_steps WHERE billing_account_id = ? AND from_month = ? AND retired_at IS NULL').get(e.accountId, e.month)
    ) as Rec | undefined;
    const values = { amount_cents: e.amount, note: e.note };
    if (!before) {
      w.insert(e.kind === 'one_off' ? 'expected_overrides' : 'expected_steps', { billing_account_id: e.accountId, [e.kind === 'one_off' ? 'month' : 'from_month']: e.month, ...values });
      c.created++;
    } else if (w.update(e.kind === 'one_off' ? 'expected_overrides' : 'expected_steps', before, values)) c.updated++;
    else c.unchanged++;
  }
  return counts;
}

/** Links accounts to the contract of another account (contract_account): the contract covers them too. */
export function applyContractLinks(ctx: Ctx, w: Writer, links: { accountId: string; contractId: string }[]) {
  const c = newCounts();
  for (const l of links) {
    const live = stmt(ctx, 'SELECT 1 FROM contract_accounts WHERE contract_id = ? AND billing_account_id = ? AND retired_at IS NULL').get(l.contractId, l.accountId);
    if (live) c.unchanged++;
    else {
      w.insert('contract_accounts', { contract_id: l.contractId, billing_account_id: l.accountId });
      c.created++;
    }
  }
  return c;
}
