// AG Grid's options for the month grid: keying as in a spreadsheet (Enter goes down), edits handed to the API
// instead of written into the rows (readOnlyEdit), the external filter, and the focus that moves the range.
import type { CellEditRequestEvent, CellFocusedEvent, ColDef, GetRowIdParams, GridOptions, SuppressKeyboardEventParams } from 'ag-grid-community';
import type { CheckRow } from '../../api/index.ts';
import { useStore } from '../../store.ts';
import { isEditable } from '../columns.ts';
import type { MonthModel } from '../model.ts';
import { commitCell } from '../writes.ts';
import { hideCellMessage, showCellMessage } from './cellMessage.ts';
import { commandOfKey } from './commands.ts';
import { hasFilters, passesFilters } from './filters.ts';
import type { RangeSelection } from './range.ts';

const rowId = (p: GetRowIdParams<CheckRow>) => p.data.account_id;

/** Keys the grid must leave to us while no cell is being edited. */
const suppressOurKeys = (p: SuppressKeyboardEventParams<CheckRow>) => !p.editing && commandOfKey(p.event) !== null;

export function gridOptions(el: HTMLElement, model: MonthModel, range: RangeSelection, columnDefs: ColDef<CheckRow>[]): GridOptions<CheckRow> {
  const onCellFocused = (e: CellFocusedEvent<CheckRow>) => {
    hideCellMessage();
    const col = e.column && typeof e.column === 'object' ? e.column.getColId() : null;
    if (e.rowIndex === null || e.rowIndex === undefined || !col || e.rowPinned) return;
    range.focused({ rowIndex: e.rowIndex, colId: col });
    // A cell whose input was refused says why when it gets the focus.
    const row = model.grid?.getDisplayedRowAtIndex(e.rowIndex)?.data;
    const error = row && isEditable(col) ? model.errorOf(row.account_id, col) : undefined;
    const cell = error && el.querySelector<HTMLElement>(`[row-index="${e.rowIndex}"] [col-id="${col}"]`);
    if (error && cell) showCellMessage(cell, error.message);
  };
  // An edit that ends without Enter or Tab (the focus went elsewhere) arrives here; Enter and Tab send at once.
  const onCellEditRequest = (e: CellEditRequestEvent<CheckRow>) => {
    const col = e.column.getColId();
    if (e.data && isEditable(col)) void commitCell(model, e.data, col, String(e.newValue ?? ''));
  };
  return {
    theme: 'legacy',
    columnDefs,
    defaultColDef: { sortable: true, resizable: true, suppressKeyboardEvent: suppressOurKeys },
    getRowId: rowId,
    readOnlyEdit: true,
    enterNavigatesVertically: true,
    enterNavigatesVerticallyAfterEdit: true,
    stopEditingWhenCellsLoseFocus: true,
    suppressMovableColumns: true,
    suppressColumnVirtualisation: true,
    animateRows: false,
    rowBuffer: 4,
    rowHeight: 30,
    headerHeight: 34,
    quickFilterText: useStore.getState().filters.search,
    cacheQuickFilter: true,
    isExternalFilterPresent: hasFilters,
    doesExternalFilterPass: passesFilters,
    onCellFocused,
    onCellEditRequest,
    onSortChanged: () => range.reset(),
    onBodyScroll: hideCellMessage,
  };
}
