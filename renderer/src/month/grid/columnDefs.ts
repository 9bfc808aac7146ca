// AG Grid column definitions for the month grid: values, how cells look and read to a screen reader, sorting.
import type { CellClassParams, ColDef, ValueGetterParams } from 'ag-grid-community';
import type { CheckRow } from '../../api/index.ts';
import { useStore } from '../../store.ts';
import { COLUMNS, isEditable, type ColumnId } from '../columns.ts';
import { cellText } from '../format.ts';
import type { MonthModel } from '../model.ts';
import type { RangeSelection } from './range.ts';
import { CellEditor, type CommitEdit } from './editor.ts';
import { EditableCell, StatusCell } from './renderers.ts';
import { workflowColumns } from '../../tickets/gridColumns.ts';
import { flagColumns } from '../../bills/flagColumns.ts';

const locale = () => useStore.getState().locale;
const byNumber = (a: number | null, b: number | null) => (a ?? -Infinity) - (b ?? -Infinity) || 0;

const WIDTH: Record<ColumnId, number> = {
  customer: 190,
  location: 95,
  carrier: 160,
  account: 120,
  expected: 110,
  actual: 115,
  variance: 105,
  variance_pct: 105,
  status: 120,
  invoice: 115,
  note: 160,
};

const CENTS: Partial<Record<ColumnId, (r: CheckRow) => number | null>> = {
  expected: (r) => r.expected_cents,
  actual: (r) => r.actual_cents,
  variance: (r) => r.variance_cents,
  variance_pct: (r) => r.variance_pct,
};

/** canEdit: whether the signed-in user may set actuals (`actuals.set`); without it no cell opens an editor. */
export function columnDefs(model: MonthModel, range: RangeSelection, commit: CommitEdit, canEdit = true): ColDef<CheckRow>[] {
  /** The cell's value is its text: what the editor starts with, what search matches; refused input stays shown. */
  const valueGetter = (col: ColumnId) => (p: ValueGetterParams<CheckRow>) => {
    if (!p.data) return '';
    return (isEditable(col) && model.errorOf(p.data.account_id, col)?.text) || cellText(p.data, col, locale());
  };

  const inRange = (p: CellClassParams<CheckRow>) => range.contains(p.node.rowIndex, p.colDef.colId ?? '');
  const hasError = (col: ColumnId) => (p: CellClassParams<CheckRow>) => !!p.data && !!model.errorOf(p.data.account_id, col);

  const defs = COLUMNS.map(({ id, header }): ColDef<CheckRow> => {
    const cents = CENTS[id];
    const def: ColDef<CheckRow> = {
      colId: id,
      headerName: header,
      width: WIDTH[id],
      valueGetter: valueGetter(id),
      cellClassRules: { 'tem-in-range': inRange, ...(isEditable(id) ? { 'tem-cell-error': hasError(id) } : {}) },
    };
    if (id === 'customer' || id === 'location' || id === 'carrier' || id === 'account') {
      def.pinned = 'left';
      def.lockPinned = true;
    }
    if (id === 'note') {
      def.flex = 1;
      def.minWidth = WIDTH.note;
    }
    if (cents) {
      def.type = 'rightAligned';
      def.comparator = (_a, _b, na, nb) => byNumber(na.data ? cents(na.data) : null, nb.data ? cents(nb.data) : null);
    }
    if (isEditable(id)) {
      // Read-only users get the same cells (and names for a screen reader), without an editor.
      def.cellRenderer = EditableCell;
      def.cellRendererParams = { model };
      if (canEdit) {
        def.editable = true;
        def.cellEditor = CellEditor;
        def.cellEditorParams = { commit };
        def.cellClass = cents ? ['tem-editable', 'ag-right-aligned-cell'] : 'tem-editable';
      } else if (cents) def.cellClass = 'ag-right-aligned-cell';
    }
    if (id === 'status') {
      def.cellRenderer = StatusCell;
      def.cellRendererParams = { model };
    }
    return def;
  });
  // The bill workflow's columns (issue 5): each bill's tickets and its OK to Pay.
  // The audit flags beyond the tolerance band (issue 8), each explained in the cell's tooltip.
  return [...defs, ...flagColumns(), ...workflowColumns()];
}
