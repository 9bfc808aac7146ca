// Writing actual bill totals: one, many (one transaction, all-or-nothing) and clearing back to "not entered".
import { parseAmount, centsProblem, type AmountLocale } from '../../core/money.ts';
import { ApiError, notFound } from '../errors.ts';
import type { Ctx } from '../context.ts';
import { inTransaction, stmt, type Writer } from '../write.ts';
import { checkAccountRow, forAccountRows } from './query.ts';
import type { CheckRow } from '../contract/month.ts';
import { companyLocale } from '../company.ts';
import { checkLookup } from '../admin/lookup-values.ts';

type Source = 'keyed' | 'pasted' | 'imported' | 'filled';

export interface ActualWrite {
  account_id: string;
  month: string;
  amount_cents: number | null;
  invoice_number?: string | null;
  bill_date?: string | null;
  note?: string | null;
  /** a code of drop-down table bill_source (how the bill arrived); undefined leaves it */
  bill_source?: string | null;
}

interface ActualRow {
  id: string;
  billing_account_id: string;
  month: string;
  amount_cents: number | null;
  invoice_number: string | null;
  bill_date: string | null;
  note: string | null;
  source: Source;
  bill_source: string | null;
  [k: string]: unknown;
}

/** Turns what a user typed, pasted or sent into cents, or says exactly what is wrong with it. */
export function amountToCents(value: number | string | null, locale: AmountLocale): { cents: number | null } | { error: string } {
  if (value === null) return { cents: null };
  if (typeof value === 'number') {
    const problem = centsProblem(value); // the same bound as typed text (core/money.ts MAX_AMOUNT_CENTS)
    return problem ? { error: problem } : { cents: value };
  }
  const p = parseAmount(value, locale);
  return p.ok ? { cents: p.cents } : { error: p.error };
}

const accountExists = (ctx: Ctx, id: string) => stmt(ctx, 'SELECT 1 FROM billing_accounts WHERE id = ?').get(id) !== undefined;

/** Upserts one actual within the writer's transaction; unchanged values write nothing. */
export function writeActual(ctx: Ctx, w: Writer, a: ActualWrite, source: Source): 'created' | 'updated' | 'unchanged' {
  const before = stmt(ctx, 'SELECT * FROM actuals WHERE billing_account_id = ? AND month = ?').get(a.account_id, a.month) as
    | ActualRow
    | undefined;
  // An active code; the retired code a bill already holds may stay (same rule as every drop-down value).
  const billSource = checkLookup(ctx, 'bill_source', 'bill_source', a.bill_source, before?.bill_source ?? null);
  if (!before) {
    const hasContent = a.amount_cents !== null || a.invoice_number || a.bill_date || a.note || billSource;
    if (!hasContent) return 'unchanged';
    w.insert('actuals', {
      billing_account_id: a.account_id,
      month: a.month,
      amount_cents: a.amount_cents,
      invoice_number: a.invoice_number ?? null,
      bill_date: a.bill_date ?? null,
      source,
      note: a.note ?? null,
      bill_source: billSource ?? null,
    });
    return 'created';
  }
  const amountChanged = before.amount_cents !== a.amount_cents;
  const changed = w.update('actuals', before, {
    amount_cents: a.amount_cents,
    invoice_number: a.invoice_number,
    bill_date: a.bill_date,
    note: a.note,
    bill_source: billSource,
    source: amountChanged && a.amount_cents !== null ? source : undefined,
  });
  return changed ? 'updated' : 'unchanged';
}

export function setActual(
  ctx: Ctx,
  input: {
    account_id: string;
    month: string;
    amount: number | string | null;
    invoice_number?: string | null;
    bill_date?: string | null;
    note?: string | null;
    bill_source?: string | null;
    locale?: AmountLocale;
    source?: Source;
  },
): { batch_id: string; row: CheckRow } {
  const parsed = amountToCents(input.amount, input.locale ?? companyLocale(ctx));
  if ('error' in parsed) throw new ApiError('invalid_input', parsed.error, { field: 'amount', value: input.amount });
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  return inTransaction(ctx, (w) => {
    writeActual(ctx, w, { ...input, amount_cents: parsed.cents }, input.source ?? 'keyed');
    return { batch_id: w.batchId, row: checkAccountRow(ctx, input.account_id, input.month) };
  });
}

export function clearActual(ctx: Ctx, input: { account_id: string; month: string }) {
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  return inTransaction(ctx, (w) => {
    const before = stmt(ctx, 'SELECT * FROM actuals WHERE billing_account_id = ? AND month = ?').get(input.account_id, input.month) as
      | ActualRow
      | undefined;
    if (before) w.update('actuals', before, { amount_cents: null });
    return { batch_id: w.batchId, row: checkAccountRow(ctx, input.account_id, input.month) };
  });
}

/** The check rows of the written accounts, in the order first written, in one query per month. */
export function rowsFor(ctx: Ctx, pairs: readonly { account_id: string; month: string }[]): CheckRow[] {
  // Each distinct (account, month) gets a place in first-written order; one query per month fills the places
  // (no key string per pair, no second map of the rows). A row's account id is the caller's own string.
  const places = new Map<string, Map<string, number>>();
  const idAt: string[] = [];
  for (const p of pairs) {
    let byAccount = places.get(p.month);
    if (!byAccount) places.set(p.month, (byAccount = new Map()));
    if (!byAccount.has(p.account_id)) {
      byAccount.set(p.account_id, idAt.length);
      idAt.push(p.account_id);
    }
  }
  const out = new Array<CheckRow>(idAt.length).fill(undefined as unknown as CheckRow);
  for (const [month, byAccount] of places) {
    forAccountRows(ctx, [...byAccount.keys()], month, (r) => {
      const at = byAccount.get(r.account_id);
      if (at === undefined) return;
      r.account_id = idAt[at]!;
      out[at] = r;
    });
  }
  return out;
}

export function setManyActuals(
  ctx: Ctx,
  input: {
    locale?: AmountLocale;
    source?: Source;
    items: {
      account_id: string;
      month: string;
      amount: number | string | null;
      invoice_number?: string | null;
      bill_date?: string | null;
      note?: string | null;
    }[];
  },
) {
  const locale = input.locale ?? companyLocale(ctx);
  const problems: { index: number; account_id: string; value: string; reason: string }[] = [];
  // The parsed amounts beside the items (no copy of every item is held through the transaction).
  const { items } = input;
  const cents: (number | null)[] = new Array(items.length);
  for (let index = 0; index < items.length; index++) {
    const it = items[index]!;
    const parsed = amountToCents(it.amount, locale);
    if ('error' in parsed) problems.push({ index, account_id: it.account_id, value: String(it.amount), reason: parsed.error });
    else if (!accountExists(ctx, it.account_id))
      problems.push({ index, account_id: it.account_id, value: String(it.amount), reason: `billing account ${it.account_id} does not exist` });
    else cents[index] = parsed.cents;
  }
  if (problems.length) {
    throw new ApiError(
      'invalid_input',
      `${problems.length} of ${input.items.length} values cannot be saved, so none was: ${problems
        .slice(0, 3)
        .map((p) => p.reason)
        .join('; ')}${problems.length > 3 ? '; …' : ''}`,
      problems,
    );
  }
  const source = input.source ?? 'pasted';
  return inTransaction(ctx, (w) => {
    let changed = 0;
    for (let i = 0; i < items.length; i++) {
      const it = items[i]!;
      const write: ActualWrite = {
        account_id: it.account_id,
        month: it.month,
        amount_cents: cents[i]!,
        invoice_number: it.invoice_number,
        bill_date: it.bill_date,
        note: it.note,
      };
      if (writeActual(ctx, w, write, source) !== 'unchanged') changed++;
    }
    return { batch_id: w.batchId, changed, rows: rowsFor(ctx, items) };
  });
}

export function setOverride(ctx: Ctx, input: { account_id: string; month: string; amount_cents: number | null; note?: string | null }) {
  if (!accountExists(ctx, input.account_id)) throw notFound('Billing account', input.account_id);
  return inTransaction(ctx, (w) => {
    const before = stmt(ctx, 'SELECT * FROM expected_overrides WHERE billing_account_id = ? AND month = ?').get(
      input.account_id,
      input.month,
    ) as ({ id: string } & Record<string, unknown>) | undefined;
    if (!before && input.amount_cents !== null) {
      w.insert('expected_overrides', { billing_account_id: input.account_id, month: input.month, amount_cents: input.amount_cents, note: input.note ?? null });
    } else if (before && input.amount_cents === null) {
      // A withdrawn one-off is kept as zero, which adds nothing; the row stays so its history reads naturally.
      w.update('expected_overrides', before, { amount_cents: 0, note: input.note });
    } else if (before) {
      w.update('expected_overrides', before, { amount_cents: input.amount_cents, note: input.note });
    }
    return { batch_id: w.batchId, row: checkAccountRow(ctx, input.account_id, input.month) };
  });
}
