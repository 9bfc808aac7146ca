// The month entry grid: AG Grid Community with our keyboard, clipboard and range on top of its focus API.
// The grid is AG Grid's own DOM (createGrid), not its React renderer: rows and cells are built without React,
// which keeps scrolling 50,000 rows cheap; React owns only the wrapper.
import { useEffect, useMemo, useRef } from 'react';
import {
  CellStyleModule,
  ClientSideRowModelApiModule,
  ClientSideRowModelModule,
  ColumnApiModule,
  CustomEditorModule,
  ExternalFilterModule,
  ModuleRegistry,
  QuickFilterModule,
  RenderApiModule,
  RowApiModule,
  ScrollApiModule,
  createGrid,
} from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz.css';
import { useStore } from '../store.ts';
import { isEditable } from './columns.ts';
import type { MonthModel } from './model.ts';
import { commitCell } from './writes.ts';
import { columnDefs } from './grid/columnDefs.ts';
import { RangeSelection } from './grid/range.ts';
import { gridCommands, type GridCommands } from './grid/commands.ts';
import { gridOptions } from './grid/options.ts';
import { listenToGrid } from './grid/domEvents.ts';
import { useCan } from '../auth/useCan.ts';

// Only the modules the month grid uses: less to load and no per-cell work for features it does not have.
ModuleRegistry.registerModules([
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  CustomEditorModule,
  QuickFilterModule,
  ExternalFilterModule,
  CellStyleModule,
  RowApiModule,
  ScrollApiModule,
  RenderApiModule,
  ColumnApiModule,
]);

const GRID_NAME = 'Month entry';

export function MonthGrid({ model, onCommands }: { model: MonthModel; onCommands(c: GridCommands): void }) {
  const wrapper = useRef<HTMLDivElement>(null);
  const range = useMemo(() => new RangeSelection(() => model.grid), [model]);
  const canEdit = useCan('actuals.set');
  const commands = useMemo(() => gridCommands(model, range), [model, range]);
  const defs = useMemo(
    () => columnDefs(model, range, (row, col, text) => void (isEditable(col) && commitCell(model, row, col, text)), canEdit),
    [model, range, canEdit],
  );
  const filters = useStore((s) => s.filters);
  const locale = useStore((s) => s.locale);

  // The grid itself: created once per model; what changes later is set through its API.
  useEffect(() => {
    const el = wrapper.current!;
    const grid = createGrid(el, gridOptions(el, model, range, defs));
    el.querySelector('[role="grid"], [role="treegrid"]')?.setAttribute('aria-label', GRID_NAME);
    model.attach(grid);
    const stopListening = listenToGrid(el, model, range, commands, canEdit);
    return () => {
      stopListening();
      model.attach(null);
      grid.destroy();
    };
  }, [model, range, defs, commands, canEdit]);

  useEffect(() => onCommands(commands), [commands, onCommands]);
  useEffect(() => {
    range.reset();
    model.grid?.onFilterChanged();
  }, [filters.customer, filters.location, filters.carrier, filters.status, model, range]);
  useEffect(() => model.grid?.setGridOption('quickFilterText', filters.search), [filters.search, model]);
  useEffect(() => {
    model.grid?.resetQuickFilter(); // the search matches amounts as shown, in the locale's format
    model.grid?.refreshCells({ force: true });
  }, [locale, model]);

  return <div ref={wrapper} className="tem-grid ag-theme-quartz" />;
}
