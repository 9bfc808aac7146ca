// Every change the month grid makes: one keyed cell, a cleared range, a pasted block, a fill, "actual =
// expected". Each is one API call, one audit batch and one undo step; refused input stays on its cells.
// Each write runs in the model's queue and reads the rows it builds on only when its turn comes, so a value
// keyed just before (and still on its way) is never overwritten with what the row held earlier.
import { ApiFailure, type CheckRow } from '../api/index.ts';
import { useStore, type UndoEntry } from '../store.ts';
import type { MonthModel } from './model.ts';
import type { EditableColumn } from './columns.ts';
import type { PasteItem } from './pastePlan.ts';

type Source = 'keyed' | 'pasted' | 'filled';

const entry = (batch_id: string, month: string, rows: readonly CheckRow[], label: string): UndoEntry => ({
  batch_id,
  month,
  label,
  accounts: rows.map((r) => ({ account_id: r.account_id, customer_id: r.customer_id, carrier_id: r.carrier_id })),
});

const sameBill = (a: CheckRow, b: CheckRow) => a.actual_cents === b.actual_cents && a.invoice_number === b.invoice_number && a.note === b.note;

function fail(e: unknown): string {
  const message = e instanceof ApiFailure ? e.message : `Unexpected failure: ${(e as Error).message}`;
  useStore.getState().say({ kind: 'error', text: message });
  return message;
}

const textOrNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** One typed value: Actual is parsed by the API with the user's locale; Invoice and Note are text. */
export async function commitCell(model: MonthModel, row: CheckRow, col: EditableColumn, text: string): Promise<boolean> {
  const { locale, say, pushDone } = useStore.getState();
  const month = model.month;
  const id = row.account_id;
  try {
    await model.write(async () => {
      const before = model.rows.get(id) ?? row;
      const fields =
        col === 'actual'
          ? { amount: text, locale, source: 'keyed' as const }
          : { amount: before.actual_cents, [col === 'invoice' ? 'invoice_number' : 'note']: textOrNull(text) };
      const res = await model.api.call('actuals.set', { account_id: id, month, ...fields });
      model.setErrors([{ account_id: id, col, error: null }]);
      model.apply([res.row], month);
      if (!sameBill(before, res.row)) pushDone(entry(res.batch_id, month, [res.row], 'typing'));
      return res;
    });
    say(null);
    return true;
  } catch (e) {
    const message = fail(e);
    model.setErrors([{ account_id: id, col, error: { text, message } }]);
    return false;
  }
}

/** Many values in one transaction: all are written, or (if any is refused) none, and every refused cell is shown.
 *  An item without an amount keeps the account's current one (the API needs it). */
export async function writeMany(
  model: MonthModel,
  build: () => PasteItem[],
  label: string,
  source: Source,
  cols: string[],
): Promise<boolean> {
  const { locale, say, pushDone } = useStore.getState();
  const month = model.month;
  let items: (PasteItem & { amount: string | number | null })[] = [];
  try {
    const res = await model.write(async () => {
      items = build().map((i) => ({ ...i, amount: i.amount === undefined ? (model.rows.get(i.account_id)?.actual_cents ?? null) : i.amount }));
      if (items.length === 0) return { batch_id: '', changed: 0, rows: [] };
      const res = await model.api.call('actuals.setMany', { locale, source, items });
      model.setErrors(items.flatMap((i) => cols.map((col) => ({ account_id: i.account_id, col, error: null }))));
      model.apply(res.rows, month);
      if (res.changed > 0) pushDone(entry(res.batch_id, month, res.rows, label));
      return res;
    });
    if (items.length) say({ kind: 'info', text: `${label[0]!.toUpperCase()}${label.slice(1)}: ${res.changed} of ${items.length} row(s) changed` });
    return items.length > 0;
  } catch (e) {
    const message = fail(e);
    const problems = e instanceof ApiFailure && Array.isArray(e.details) ? (e.details as { index: number; reason: string }[]) : [];
    model.setErrors(
      problems
        .filter((p) => typeof items[p.index]?.amount === 'string')
        .map((p) => ({ account_id: items[p.index]!.account_id, col: 'actual', error: { text: items[p.index]!.amount as string, message: p.reason } })),
    );
    if (!problems.length) say({ kind: 'error', text: message });
    return false;
  }
}

/** Delete: one Actual goes back to "not entered" through actuals.clear; a range clears every editable cell in it. */
export async function clearCells(model: MonthModel, rows: readonly CheckRow[], cols: EditableColumn[]) {
  if (rows.length === 0 || cols.length === 0) return;
  const month = model.month;
  if (rows.length === 1 && cols.length === 1 && cols[0] === 'actual') {
    const id = rows[0]!.account_id;
    try {
      await model.write(async () => {
        const before = model.rows.get(id) ?? rows[0]!;
        const res = await model.api.call('actuals.clear', { account_id: id, month });
        model.setErrors([{ account_id: id, col: 'actual', error: null }]);
        model.apply([res.row], month);
        if (!sameBill(before, res.row)) useStore.getState().pushDone(entry(res.batch_id, month, [res.row], 'clear'));
        return res;
      });
    } catch (e) {
      fail(e);
    }
    return;
  }
  const build = () =>
    rows.map((r) => ({
      account_id: r.account_id,
      month,
      amount: cols.includes('actual') ? null : undefined,
      invoice_number: cols.includes('invoice') ? null : undefined,
      note: cols.includes('note') ? null : undefined,
    }));
  await writeMany(model, build, 'clear', 'keyed', cols);
}

/** Ctrl+D: the first row's values of the range go down to the other rows (or, for one row, the row above's). */
export async function fillDown(model: MonthModel, rows: readonly CheckRow[], cols: EditableColumn[], above: CheckRow | undefined) {
  const from = rows.length > 1 ? rows[0] : above;
  const targets = rows.length > 1 ? rows.slice(1) : rows;
  if (!from || cols.length === 0) return;
  const build = () => {
    const source = model.rows.get(from.account_id) ?? from;
    return targets.map((r) => ({
      account_id: r.account_id,
      month: model.month,
      amount: cols.includes('actual') ? source.actual_cents : undefined,
      invoice_number: cols.includes('invoice') ? source.invoice_number : undefined,
      note: cols.includes('note') ? source.note : undefined,
    }));
  };
  await writeMany(model, build, 'fill down', 'filled', cols);
}

/** "Actual = expected" for the selected rows that have an expected bill. */
export async function actualIsExpected(model: MonthModel, rows: readonly CheckRow[]) {
  const withExpected = rows.filter((r) => r.expected_cents !== null);
  if (withExpected.length === 0) {
    useStore.getState().say({ kind: 'info', text: 'None of the selected rows has an expected bill' });
    return;
  }
  const build = () => withExpected.map((r) => ({ account_id: r.account_id, month: model.month, amount: r.expected_cents }));
  await writeMany(model, build, 'actual = expected', 'filled', ['actual']);
}

/** Ctrl+Z: the newest write is undone by audit.undo, itself a new batch, which redo undoes again. */
export async function undo(model: MonthModel) {
  await step(model, 'undo');
}

export async function redo(model: MonthModel) {
  await step(model, 'redo');
}

/** The step is taken from its stack when its turn in the write queue comes, so an undo pressed while a write is
 *  still on its way undoes that write, and a second press takes the step before it. */
async function step(model: MonthModel, direction: 'undo' | 'redo') {
  let done: UndoEntry | null = null;
  try {
    await model.write(async () => {
      const s = useStore.getState();
      const last = (direction === 'undo' ? s.undo : s.redo).at(-1);
      if (!last) return null;
      if (direction === 'undo') s.setStacks(s.undo.slice(0, -1), s.redo);
      else s.setStacks(s.undo, s.redo.slice(0, -1));
      const res = await model.api.call('audit.undo', { batch_id: last.batch_id });
      const moved = { ...last, batch_id: res.batch_id };
      const now = useStore.getState();
      if (direction === 'undo') now.setStacks(now.undo, [...now.redo, moved]);
      else now.setStacks([...now.undo, moved], now.redo);
      done = last;
      await model.refresh(last.accounts, last.month);
      return res;
    });
    const label = (done as UndoEntry | null)?.label;
    useStore.getState().say({
      kind: 'info',
      text: label ? `${direction === 'undo' ? 'Undone' : 'Redone'}: ${label}` : direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo',
    });
  } catch (e) {
    fail(e);
  }
}
