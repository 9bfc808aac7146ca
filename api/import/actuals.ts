// `import actuals`: a month of bill totals. Rows of one account are summed; an account that is not in the
// book is kept (created outside the book, so its bill shows as unexpected) and never dropped.
import { parseCalendarDate } from '../../core/months.ts';
import type { Ctx } from '../context.ts';
import type { Writer } from '../write.ts';
import { writeActual } from '../month/actuals.ts';
import { runImport, newCounts, nameKey, type ImportInput, type Counts } from './run.ts';
import { stmt } from '../write.ts';
import { addCents, centsProblem, centsToDecimalString } from '../../core/money.ts';

interface ActualRow {
  carrier: string;
  account: string;
  cents: number;
  invoice: string;
  billDate: string | null;
}

export const ACTUAL_FIELDS = [
  { name: 'carrier', required: true },
  { name: 'account', required: true },
  { name: 'actual', required: true },
  { name: 'invoice', required: false },
  { name: 'bill_date', required: false },
];

type Rec = Record<string, unknown> & { id: string };

export async function importActuals(ctx: Ctx, input: ImportInput & { month: string }) {
  return runImport<ActualRow>(ctx, input, {
    kind: 'actuals',
    fields: ACTUAL_FIELDS,
    readRow(r) {
      const carrier = r.text('carrier', true);
      const account = r.text('account', true);
      const cents = r.cents('actual', false);
      const bd = parseCalendarDate(r.text('bill_date'));
      if (!bd.ok) r.problem('bill_date', bd.error);
      if (!carrier || !account || !bd.ok) return undefined;
      if (cents === null) return null;
      return { carrier, account, cents, invoice: r.text('invoice'), billDate: bd.date };
    },
    // Rows of one account are one bill, so their sum keeps within the bound of any amount (core/money.ts).
    crossCheck(rows, r) {
      const sums = new Map<string, { cents: bigint; rows: number[]; account: string }>();
      for (const { row, value } of rows) {
        const key = `${nameKey(value.carrier)}|${value.account}`;
        const s = sums.get(key) ?? { cents: BigInt(0), rows: [], account: value.account };
        s.cents += BigInt(value.cents);
        s.rows.push(row);
        sums.set(key, s);
      }
      for (const s of sums.values()) {
        if (s.rows.length < 2) continue;
        const total = Number(s.cents);
        const over = Number.isSafeInteger(total) ? centsProblem(total) : `${s.cents} cents is more than the largest amount a bill may hold`;
        // Every row of the bill is named, so skipping bad rows leaves none of the bill behind.
        if (over) for (const row of s.rows) r.problem('actual', `${over}: rows ${s.rows.join(', ')} of account ${s.account} add up to it`, Number.isSafeInteger(total) ? centsToDecimalString(total) : String(s.cents), row);
      }
    },
    apply: (ctx, w, rows) => applyActuals(ctx, w, rows, input.month),
  });
}

function applyActuals(ctx: Ctx, w: Writer, rows: ActualRow[], month: string): Record<string, Counts> {
  const counts = { actuals: newCounts(), carriers: newCounts(), accounts: newCounts() };
  const carriers = new Map<string, Rec>();
  for (const c of stmt(ctx, 'SELECT * FROM carriers WHERE retired_at IS NULL ORDER BY created_at').all() as Rec[]) {
    if (!carriers.has(nameKey(String(c.name)))) carriers.set(nameKey(String(c.name)), c);
  }
  const accountBy = stmt(ctx, 'SELECT * FROM billing_accounts WHERE carrier_id = ? AND account_number = ?');

  // Several rows of one account are one bill: their amounts add up.
  const bills = new Map<string, { carrier: string; account: string; cents: number; invoices: string[]; billDate: string | null }>();
  for (const r of rows) {
    const key = `${nameKey(r.carrier)}|${r.account}`;
    const b = bills.get(key) ?? { carrier: r.carrier, account: r.account, cents: 0, invoices: [], billDate: null };
    b.cents = addCents(b.cents, r.cents, `The rows of account ${r.account}`);
    if (r.invoice && !b.invoices.includes(r.invoice)) b.invoices.push(r.invoice);
    b.billDate ??= r.billDate;
    bills.set(key, b);
  }

  for (const b of bills.values()) {
    let carrier = carriers.get(nameKey(b.carrier));
    if (!carrier) {
      carrier = w.insert('carriers', { name: b.carrier }) as Rec;
      carriers.set(nameKey(b.carrier), carrier);
      counts.carriers.created++;
    }
    let account = accountBy.get(carrier.id, b.account) as Rec | undefined;
    if (!account) {
      account = w.insert('billing_accounts', { carrier_id: carrier.id, account_number: b.account, in_book: false }) as Rec;
      counts.accounts.created++;
    }
    const outcome = writeActual(
      ctx,
      w,
      { account_id: account.id, month, amount_cents: b.cents, invoice_number: b.invoices.join(', ') || undefined, bill_date: b.billDate ?? undefined },
      'imported',
    );
    counts.actuals[outcome]++;
  }
  return counts;
}
