// Writing parsed bills: find or create the carrier, customer, location and account, decide whether a bill is
// new, already on file (a re-import: nothing is written), a correction of an earlier import (replaces it) or a
// duplicate (kept, flagged, not counted), write its lines matched to the inventory's services, and keep the
// month's actual equal to the sum of its bills.
import { duplicateInvoice, type BillRecord } from '../../core/audit-rules.ts';
import { centsToDecimalString, sumCents } from '../../core/money.ts';
import type { Ctx } from '../context.ts';
import { stmt, type Writer } from '../write.ts';
import { writeActual } from '../month/actuals.ts';
import { nameKey } from '../import/run.ts';
import type { ParsedBill } from './parse.ts';

type Rec = Record<string, unknown> & { id: string };

interface OnFile {
  id: string;
  month: string;
  invoice_number: string | null;
  bill_date: string | null;
  total_cents: number;
  duplicate_of: string | null;
  run_id: string | null;
  profile_id: string | null;
}

export interface Classified {
  outcome: 'new' | 'on_file' | 'corrected' | 'duplicate';
  explanation: string | null;
  duplicate_of: string | null;
  /** a correction: the bills of earlier imports it replaces (retired, kept for history) */
  replaces: string[];
  account_known: boolean;
}

/** The import a bill is classified for: its run and the profile it reads the file through. */
export interface RunKey {
  run_id: string;
  profile_id: string;
}

/** Lookups shared by every bill of one run (carriers by name, accounts by carrier and number). */
export class BillBook {
  private carriers = new Map<string, Rec>();
  constructor(private ctx: Ctx) {
    for (const c of stmt(ctx, 'SELECT * FROM carriers WHERE retired_at IS NULL ORDER BY created_at').all() as Rec[]) {
      const k = nameKey(String(c.name));
      if (!this.carriers.has(k)) this.carriers.set(k, c);
    }
  }
  private customers: Map<string, Rec> | null = null;
  private locations = new Map<string, Map<string, Rec>>();
  customer(w: Writer, name: string): Rec {
    if (!this.customers) {
      this.customers = new Map();
      for (const c of stmt(this.ctx, 'SELECT * FROM customers WHERE retired_at IS NULL ORDER BY created_at').all() as Rec[]) {
        if (!this.customers.has(nameKey(String(c.name)))) this.customers.set(nameKey(String(c.name)), c);
      }
    }
    let c = this.customers.get(nameKey(name));
    if (!c) this.customers.set(nameKey(name), (c = w.insert('customers', { name }) as Rec));
    return c;
  }
  location(w: Writer, customerId: string, name: string): Rec {
    let byName = this.locations.get(customerId);
    if (!byName) {
      byName = new Map();
      for (const l of stmt(this.ctx, 'SELECT * FROM locations WHERE customer_id = ? AND retired_at IS NULL ORDER BY created_at').all(customerId) as Rec[]) {
        if (!byName.has(nameKey(String(l.name)))) byName.set(nameKey(String(l.name)), l);
      }
      this.locations.set(customerId, byName);
    }
    let l = byName.get(nameKey(name));
    if (!l) byName.set(nameKey(name), (l = w.insert('locations', { customer_id: customerId, name, is_main: byName.size === 0 }) as Rec));
    return l;
  }
  carrier(name: string): Rec | undefined {
    return this.carriers.get(nameKey(name));
  }
  addCarrier(c: Rec) {
    this.carriers.set(nameKey(String(c.name)), c);
  }
  account(carrierId: string | undefined, number: string): Rec | undefined {
    if (!carrierId) return undefined;
    return stmt(this.ctx, 'SELECT * FROM billing_accounts WHERE carrier_id = ? AND account_number = ?').get(carrierId, number) as Rec | undefined;
  }
  bills(accountId: string | undefined): OnFile[] {
    if (!accountId) return [];
    return stmt(
      this.ctx,
      'SELECT id, month, invoice_number, bill_date, total_cents, duplicate_of, run_id, profile_id FROM bills WHERE billing_account_id = ? AND retired_at IS NULL ORDER BY created_at',
    ).all(accountId) as OnFile[];
  }
}

const sameText = (a: string | null, b: string | null) => (a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();

/** A bill with neither an invoice number nor a bill date: nothing but its carrier, account and month names it. */
const noIdentity = (b: { invoice_number: string | null; bill_date: string | null }) => (b.invoice_number ?? '').trim() === '' && b.bill_date === null;

/** What writing this bill would do, given the bills on file for its account. */
export function classify(bill: ParsedBill, onFile: OnFile[], accountKnown: boolean, run: RunKey): Classified {
  const none = { duplicate_of: null, replaces: [], account_known: accountKnown };
  // A bill written by an earlier import is a re-import; the same bill twice in one file is a duplicate.
  const repeat = onFile.find(
    (e) => e.run_id !== run.run_id && e.month === bill.month && sameText(e.invoice_number, bill.invoice_number) && e.bill_date === bill.bill_date && e.total_cents === bill.total_cents,
  );
  if (repeat) {
    return { ...none, outcome: 'on_file', explanation: 'This bill is already on file (same invoice, date, month and amount); importing it again changes nothing.', duplicate_of: repeat.id };
  }
  // Account-total files (Oxford's, most portal exports) carry no invoice number or bill date, so a second file
  // for the same month from the same profile with another amount is the carrier's corrected file: it replaces
  // the earlier bill (retired, kept for history; the actual's trail shows old -> new), never adds to it. A
  // bill with an invoice number or date is told apart by those, and another profile's bill is another source.
  if (noIdentity(bill)) {
    const earlier = onFile.filter((e) => e.run_id !== run.run_id && e.profile_id === run.profile_id && e.month === bill.month && e.duplicate_of === null && noIdentity(e));
    if (earlier.length) {
      const was = sumCents(earlier.map((e) => e.total_cents), `The earlier ${bill.month} bills`);
      return {
        ...none,
        outcome: 'corrected',
        explanation:
          `Correction: replaces the ${bill.month} bill of ${centsToDecimalString(was)} imported earlier through the same profile with ${centsToDecimalString(bill.total_cents)} ` +
          '(neither has an invoice number or bill date, so a new amount for the same carrier, account and month is a corrected file, not a second bill); the earlier bill is kept for history.',
        replaces: earlier.map((e) => e.id),
      };
    }
  }
  const record = (e: OnFile): BillRecord & { id: string } => ({ id: e.id, carrier: '', account: bill.account, invoice: e.invoice_number, amount_cents: e.total_cents, bill_date: e.bill_date });
  const dup = duplicateInvoice(onFile.map(record), { carrier: '', account: bill.account, invoice: bill.invoice_number, amount_cents: bill.total_cents, bill_date: bill.bill_date });
  if (dup) {
    const original = onFile.find((e) => e.id === dup.existing.id)!;
    return {
      ...none,
      outcome: 'duplicate',
      explanation: `${dup.explanation} It is kept as a duplicate of the ${original.month} bill and not counted in the actual.`,
      duplicate_of: original.duplicate_of ?? original.id,
    };
  }
  return { ...none, outcome: 'new', explanation: null };
}

export interface ApplyCounts {
  created: number;
  on_file: number;
  corrected: number;
  duplicates: number;
  accounts_created: number;
  carriers_created: number;
  actuals_changed: number;
}

export const newApplyCounts = (): ApplyCounts => ({ created: 0, on_file: 0, corrected: 0, duplicates: 0, accounts_created: 0, carriers_created: 0, actuals_changed: 0 });

/** The service a bill line is for: its circuit or line id, its import key, or its description. */
function serviceFor(ctx: Ctx, accountId: string, key: string): string | null {
  const hit = stmt(
    ctx,
    `SELECT id FROM services WHERE billing_account_id = ? AND retired_at IS NULL
       AND (circuit_id = ? OR import_key = ? OR description = ?) ORDER BY created_at LIMIT 1`,
  ).get(accountId, key, key, key) as { id: string } | undefined;
  return hit?.id ?? null;
}

/** Keeps the account's actual for the month equal to the sum of its counted bills (not duplicates, not retired). */
export function syncActual(ctx: Ctx, w: Writer, accountId: string, month: string, clearWhenNone = false): boolean {
  const s = stmt(
    ctx,
    `SELECT COUNT(*) n, SUM(total_cents) cents, group_concat(invoice_number, ', ') invoices, MAX(bill_date) bill_date
       FROM bills WHERE billing_account_id = ? AND month = ? AND duplicate_of IS NULL AND retired_at IS NULL`,
  ).get(accountId, month) as { n: number; cents: number | null; invoices: string | null; bill_date: string | null };
  if (s.n === 0) {
    // With its last bill taken back, an imported actual goes back to "not entered"; a keyed one stays.
    if (!clearWhenNone) return false;
    const a = stmt(ctx, 'SELECT * FROM actuals WHERE billing_account_id = ? AND month = ?').get(accountId, month) as ({ id: string; source: string } & Record<string, unknown>) | undefined;
    return a?.source === 'imported' ? w.update('actuals', a, { amount_cents: null, invoice_number: null, bill_date: null }) : false;
  }
  return writeActual(ctx, w, { account_id: accountId, month, amount_cents: s.cents, invoice_number: s.invoices, bill_date: s.bill_date }, 'imported') !== 'unchanged';
}

export interface RunInfo {
  run_id: string;
  profile_id: string;
  file_name: string;
}

/** Writes one bill (or nothing, when it is already on file). Returns the account and month it touched. */
export function applyBill(ctx: Ctx, w: Writer, book: BillBook, bill: ParsedBill, run: RunInfo, counts: ApplyCounts): { account_id: string; month: string } | null {
  let carrier = book.carrier(bill.carrier);
  if (!carrier) {
    carrier = w.insert('carriers', { name: bill.carrier }) as Rec;
    book.addCarrier(carrier);
    counts.carriers_created++;
  }
  let account = book.account(carrier.id, bill.account);
  if (!account) {
    const customer = bill.customer ? book.customer(w, bill.customer) : null;
    const location = customer && bill.location ? book.location(w, customer.id, bill.location) : null;
    account = w.insert('billing_accounts', {
      carrier_id: carrier.id,
      account_number: bill.account,
      customer_id: customer?.id ?? null,
      location_id: location?.id ?? null,
      // An account first seen on a bill is outside the book unless the profile says whose it is.
      in_book: customer !== null,
    }) as Rec;
    counts.accounts_created++;
  }
  const c = classify(bill, book.bills(account.id), true, run);
  if (c.outcome === 'on_file') {
    counts.on_file++;
    return null;
  }
  for (const id of c.replaces) w.retire('bills', stmt(ctx, 'SELECT * FROM bills WHERE id = ?').get(id) as Rec);
  const row = w.insert('bills', {
    carrier_id: carrier.id,
    billing_account_id: account.id,
    month: bill.month,
    invoice_number: bill.invoice_number,
    bill_date: bill.bill_date,
    period_start: bill.period_start,
    period_end: bill.period_end,
    total_cents: bill.total_cents,
    currency: bill.currency,
    lines_cents: bill.lines_cents,
    line_count: bill.lines.length,
    duplicate_of: c.duplicate_of,
    duplicate_reason: c.explanation,
    run_id: run.run_id,
    profile_id: run.profile_id,
    file_name: run.file_name,
  });
  for (const l of bill.lines) {
    w.insert('bill_lines', { bill_id: row.id, line_key: l.line_key, description: l.description, amount_cents: l.amount_cents, service_id: serviceFor(ctx, account.id, l.line_key) });
  }
  if (c.outcome === 'duplicate') counts.duplicates++;
  else if (c.outcome === 'corrected') counts.corrected++;
  else counts.created++;
  return { account_id: account.id, month: bill.month };
}
