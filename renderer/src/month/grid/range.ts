// A rectangle of cells from an anchor to the focused cell (Shift with arrows or a click extends it), which AG Grid
// Community lacks. Copy, Delete, fill down and "actual = expected" work on it; without one, on the focused cell.
import type { GridApi } from 'ag-grid-community';
import type { CheckRow } from '../../api/index.ts';

export interface CellPos {
  rowIndex: number;
  colId: string;
}

interface Bounds {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
}

export class RangeSelection {
  private anchor: CellPos | null = null;
  private focus: CellPos | null = null;
  private bounds: Bounds | null = null;
  private colIndex = new Map<string, number>();
  private colIds: string[] = [];
  /** Cells we moved the focus to whose focus events have not come back yet. */
  private expected: CellPos[] = [];

  constructor(private readonly grid: () => GridApi<CheckRow> | null) {}

  /** Displayed columns, in screen order (pinned ones first). */
  columns(): string[] {
    const grid = this.grid();
    if (!grid) return [];
    const ids = grid.getAllDisplayedColumns().map((c) => c.getColId());
    if (ids.join() !== this.colIds.join()) {
      this.colIds = ids;
      this.colIndex = new Map(ids.map((id, i) => [id, i]));
    }
    return this.colIds;
  }

  /** The grid reports a focused cell (its events come late, after later keys). A cell we moved to ourselves
   *  (Shift+arrow, Shift+click, a plain click) is already known; any other means plain navigation: start over. */
  focused(pos: CellPos) {
    const i = this.expected.findIndex((p) => p.rowIndex === pos.rowIndex && p.colId === pos.colId);
    if (i >= 0) {
      this.expected.splice(0, i + 1);
      return;
    }
    this.expected = [];
    this.collapse(pos, false);
  }

  private expect(pos: CellPos) {
    this.expected.push(pos);
    if (this.expected.length > 16) this.expected.shift();
  }

  /** A range of one cell (a plain click, or plain navigation). */
  collapse(pos: CellPos, ownMove = true) {
    const wasMulti = this.isMulti;
    if (ownMove) this.expect(pos);
    this.anchor = this.focus = pos;
    this.recompute();
    if (wasMulti) this.grid()?.refreshCells({ force: true });
  }

  /** Shift+click or Shift+arrow: the range grows from its anchor to pos, which gets the focus. */
  extendTo(pos: CellPos) {
    this.expect(pos);
    if (!this.anchor) {
      const fc = this.grid()?.getFocusedCell();
      this.anchor = fc ? { rowIndex: fc.rowIndex, colId: fc.column.getColId() } : pos;
    }
    this.focus = pos;
    this.recompute();
    this.grid()?.refreshCells({ force: true });
  }

  /** Shift+arrow (with Ctrl: to the edge): moves the range's far corner and the grid's focus with it. */
  step(dRow: number, dCol: number, toEdge: boolean) {
    const grid = this.grid();
    const fc = grid?.getFocusedCell();
    if (!grid || !fc) return;
    const cols = this.columns();
    const from = this.focus ?? { rowIndex: fc.rowIndex, colId: fc.column.getColId() };
    const lastRow = grid.getDisplayedRowCount() - 1;
    const c = cols.indexOf(from.colId);
    const rowIndex = toEdge && dRow ? (dRow > 0 ? lastRow : 0) : Math.max(0, Math.min(lastRow, from.rowIndex + dRow));
    const colIdx = toEdge && dCol ? (dCol > 0 ? cols.length - 1 : 0) : Math.max(0, Math.min(cols.length - 1, c + dCol));
    const pos = { rowIndex, colId: cols[colIdx]! };
    this.extendTo(pos);
    grid.ensureIndexVisible(rowIndex);
    grid.ensureColumnVisible(pos.colId);
    grid.setFocusedCell(rowIndex, pos.colId);
  }

  /** A range from anchor to focus, where focus is the grid's focused cell (as after a paste). */
  set(anchor: CellPos, focus: CellPos) {
    this.anchor = anchor;
    this.focus = focus;
    this.recompute();
    this.grid()?.refreshCells({ force: true });
  }

  reset() {
    const wasMulti = this.isMulti;
    this.anchor = this.focus = this.bounds = null;
    this.colIds = [];
    if (wasMulti) this.grid()?.refreshCells({ force: true });
  }

  private recompute() {
    this.columns();
    const a = this.anchor;
    const f = this.focus;
    if (!a || !f) return void (this.bounds = null);
    const ca = this.colIndex.get(a.colId) ?? 0;
    const cf = this.colIndex.get(f.colId) ?? 0;
    this.bounds = { r0: Math.min(a.rowIndex, f.rowIndex), r1: Math.max(a.rowIndex, f.rowIndex), c0: Math.min(ca, cf), c1: Math.max(ca, cf) };
  }

  get isMulti(): boolean {
    const b = this.bounds;
    return !!b && (b.r0 !== b.r1 || b.c0 !== b.c1);
  }

  contains(rowIndex: number | null, colId: string): boolean {
    const b = this.bounds;
    if (!b || rowIndex === null || !this.isMulti) return false;
    const c = this.colIndex.get(colId);
    return c !== undefined && rowIndex >= b.r0 && rowIndex <= b.r1 && c >= b.c0 && c <= b.c1;
  }

  /** The rows of the range (or of the focused cell), top to bottom as shown. */
  rows(): CheckRow[] {
    const grid = this.grid();
    const b = this.current();
    if (!grid || !b) return [];
    const out: CheckRow[] = [];
    for (let i = b.r0; i <= b.r1; i++) {
      const d = grid.getDisplayedRowAtIndex(i)?.data;
      if (d) out.push(d);
    }
    return out;
  }

  /** The column ids of the range (or of the focused cell), left to right. */
  cols(): string[] {
    const b = this.current();
    return b ? this.columns().slice(b.c0, b.c1 + 1) : [];
  }

  /** The range if there is one, else the focused cell alone. */
  private current(): Bounds | null {
    const grid = this.grid();
    const fc = grid?.getFocusedCell();
    if (!fc) return this.isMulti ? this.bounds : null;
    const cols = this.columns();
    const c = cols.indexOf(fc.column.getColId());
    if (this.isMulti && this.focus && this.focus.rowIndex === fc.rowIndex && this.focus.colId === fc.column.getColId()) return this.bounds;
    return { r0: fc.rowIndex, r1: fc.rowIndex, c0: c, c1: c };
  }
}
