// Turns a pasted block into one actuals.setMany request: the block's columns land on the grid's columns from the
// focused one, its rows on the rows shown from the focused one down. Amount text goes to the API as typed, to be
// parsed there with the user's locale; an empty cell means "not entered". Nothing here decides what an amount is.
import type { CheckRow } from '../api/types.ts';
import { headerOf, isEditable } from './columns.ts';

export interface PasteItem {
  account_id: string;
  month: string;
  /** text to parse, cents, null for "not entered", or absent to keep the current amount */
  amount?: string | number | null;
  invoice_number?: string | null;
  note?: string | null;
}

export interface CellProblem {
  account_id: string;
  column: string;
  value: string;
  reason: string;
}

export type PastePlan =
  | { ok: true; items: PasteItem[]; rows: CheckRow[]; columns: string[] }
  | { ok: false; message: string; problems: CellProblem[] };

const text = (s: string) => (s.trim() === '' ? null : s.trim());

export function planPaste(block: string[][], month: string, rowsFromFocus: CheckRow[], columnsFromFocus: string[]): PastePlan {
  const width = Math.max(0, ...block.map((r) => r.length));
  if (block.length === 0 || width === 0) return { ok: false, message: 'The clipboard holds no cells to paste', problems: [] };
  if (block.length > rowsFromFocus.length) {
    return {
      ok: false,
      message: `The block has ${block.length} rows but only ${rowsFromFocus.length} rows are shown from here down; nothing was pasted`,
      problems: [],
    };
  }
  if (width > columnsFromFocus.length) {
    return { ok: false, message: `The block has ${width} columns but only ${columnsFromFocus.length} columns are shown from here to the right; nothing was pasted`, problems: [] };
  }
  const columns = columnsFromFocus.slice(0, width);
  const problems: CellProblem[] = [];
  const items: PasteItem[] = [];
  const rows = rowsFromFocus.slice(0, block.length);
  block.forEach((cells, r) => {
    const row = rows[r]!;
    const item: PasteItem = { account_id: row.account_id, month };
    columns.forEach((col, c) => {
      const value = cells[c] ?? '';
      if (col === 'actual') item.amount = value;
      else if (col === 'invoice') item.invoice_number = text(value);
      else if (col === 'note') item.note = text(value);
      else if (value.trim() !== '' && !isEditable(col)) {
        problems.push({ account_id: row.account_id, column: col, value, reason: `${headerOf(col)} is not entered here; paste into Actual, Invoice or Note` });
      }
    });
    items.push(item);
  });
  if (problems.length) {
    return { ok: false, message: `${problems.length} cell(s) of the block fall on columns that take no input; nothing was pasted`, problems };
  }
  return { ok: true, items, rows, columns };
}
