// What the keyboard and the clipboard do in the month grid, on the range or the focused cell.
import { useStore } from '../../store.ts';
import { isEditable, type EditableColumn } from '../columns.ts';
import { cellText } from '../format.ts';
import type { MonthModel } from '../model.ts';
import { planPaste } from '../pastePlan.ts';
import { parseTsv, toTsv } from '../tsv.ts';
import { actualIsExpected, clearCells, fillDown, redo, undo, writeMany } from '../writes.ts';
import type { RangeSelection } from './range.ts';
import type { CheckRow } from '../../api/index.ts';

export interface GridCommands {
  copyText(): string | null;
  paste(text: string): Promise<void>;
  clear(): Promise<void>;
  fillDown(): Promise<void>;
  actualIsExpected(): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  /** The rows of the selection (a range, or the focused cell's row), for actions on bills (tickets, OK to Pay). */
  selectedRows(): CheckRow[];
}

export function gridCommands(model: MonthModel, range: RangeSelection): GridCommands {
  const editableCols = () => range.cols().filter(isEditable) as EditableColumn[];
  return {
    copyText() {
      const rows = range.rows();
      const cols = range.cols();
      if (!rows.length || !cols.length) return null;
      const locale = useStore.getState().locale;
      return toTsv(rows.map((r) => cols.map((c) => cellText(r, c, locale))));
    },

    async paste(text) {
      const grid = model.grid;
      const focused = grid?.getFocusedCell();
      if (!grid || !focused) return;
      const block = parseTsv(text);
      const rows = [];
      const last = Math.min(grid.getDisplayedRowCount(), focused.rowIndex + block.length);
      for (let i = focused.rowIndex; i < last; i++) {
        const d = grid.getDisplayedRowAtIndex(i)?.data;
        if (d) rows.push(d);
      }
      const columns = range.columns();
      const plan = planPaste(block, model.month, rows, columns.slice(columns.indexOf(focused.column.getColId())));
      if (!plan.ok) {
        useStore.getState().say({ kind: 'error', text: plan.message });
        return;
      }
      const ok = await writeMany(model, () => plan.items, 'paste', 'pasted', plan.columns.filter(isEditable));
      if (ok && (plan.rows.length > 1 || plan.columns.length > 1)) {
        // The pasted block stays selected (the focus on its first cell), ready to copy, fill or clear.
        range.set(
          { rowIndex: focused.rowIndex + plan.rows.length - 1, colId: plan.columns[plan.columns.length - 1]! },
          { rowIndex: focused.rowIndex, colId: plan.columns[0]! },
        );
      }
    },

    clear: () => clearCells(model, range.rows(), editableCols()),

    async fillDown() {
      const rows = range.rows();
      const grid = model.grid;
      const first = grid?.getFocusedCell();
      const top = rows.length === 1 && first ? grid?.getDisplayedRowAtIndex(first.rowIndex - 1)?.data : undefined;
      await fillDown(model, rows, editableCols(), top);
    },

    actualIsExpected: () => actualIsExpected(model, range.rows()),
    undo: () => undo(model),
    redo: () => redo(model),
    selectedRows: () => range.rows(),
  };
}

/** The command a key press asks for when no cell is being edited, or null to let the grid handle it. */
export type KeyCommand = 'clear' | 'fillDown' | 'actualIsExpected' | 'undo' | 'redo';

export function commandOfKey(e: KeyboardEvent): KeyCommand | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (!mod && !e.altKey && (key === 'Delete' || key === 'Backspace')) return 'clear';
  if (!mod || e.altKey) return null;
  if (key === 'd' && !e.shiftKey) return 'fillDown';
  if (key === 'e' && e.shiftKey) return 'actualIsExpected';
  if (key === 'z') return e.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !e.shiftKey) return 'redo';
  return null;
}
