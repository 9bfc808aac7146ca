// The inventory list: AG Grid Community's infinite row model asks services.search for one block of rows at a time,
// sorted and filtered in SQL, so 150,000 services scroll like 150. Selection feeds the bulk edit.
import { useEffect, useRef } from 'react';
import {
  ColumnApiModule,
  InfiniteRowModelModule,
  RowApiModule,
  RowSelectionModule,
  ScrollApiModule,
  createGrid,
  type ColDef,
  type GridApi,
  type IDatasource,
} from 'ag-grid-community';
import 'ag-grid-community/styles/ag-grid.css';
import 'ag-grid-community/styles/ag-theme-quartz.css';
import { api, type ApiInput } from '../api/index.ts';
import { href } from '../shell/router.ts';
import { useStore } from '../store.ts';
import { moneyText } from './fields.ts';
import type { InventoryRow } from './types.ts';
import { loadUdfValues, udfCellText, type ColumnEntity, type UdfColumn, type UdfValue } from './udfColumns.ts';

export const GRID_NAME = 'Inventory';
const BLOCK = 200;

export type InventoryQuery = Omit<ApiInput<'services.search'>, 'sort' | 'dir' | 'limit' | 'offset'>;
type Sort = NonNullable<ApiInput<'services.search'>['sort']>;

const SORTABLE = new Set<string>(['customer', 'location', 'carrier', 'account', 'description', 'circuit_id', 'group', 'status', 'monthly_cents', 'install_date', 'disconnect_date']);

/** A row of the list with the values of the shown user-defined field columns (by column id). */
type GridRow = InventoryRow & { udf?: Record<string, UdfValue> };

/** The record of each type a list row belongs to (contracts are not columns here: an account may have several). */
const recordOf = (r: InventoryRow, entity: ColumnEntity) => (entity === 'services' ? r.id : entity === 'customers' ? r.customer_id : entity === 'locations' ? r.location_id : null);

/** Optional columns, hidden until chosen: the user-defined fields of the service, its customer and location. */
function udfColDefs(udf: readonly UdfColumn[], shown: ReadonlySet<string>): ColDef<GridRow>[] {
  const locale = () => useStore.getState().locale;
  return udf.map((c) => ({
    colId: c.id,
    headerName: c.header,
    width: 160,
    sortable: false,
    hide: !shown.has(c.id),
    type: c.type === 'money' || c.type === 'number' ? 'rightAligned' : undefined,
    valueGetter: (p) => p.data?.udf?.[c.id] ?? null,
    valueFormatter: (p) => udfCellText(c, p.value as UdfValue, locale()),
  }));
}

function columns(): ColDef<GridRow>[] {
  const locale = () => useStore.getState().locale;
  return [
    {
      field: 'customer',
      headerName: 'Customer',
      width: 220,
      // A link to the customer's page, built without React like the rest of the grid's cells.
      cellRenderer: (p: { value: string | null; data?: InventoryRow }) => {
        if (!p.data?.customer_id) return p.value ?? '';
        const a = document.createElement('a');
        a.href = href('customer', [p.data.customer_id]);
        a.textContent = p.value ?? '';
        return a;
      },
    },
    { field: 'location', headerName: 'Location', width: 140 },
    { field: 'carrier', headerName: 'Carrier', width: 200 },
    { field: 'account', headerName: 'Account', width: 140 },
    { field: 'description', headerName: 'Service', width: 220 },
    { field: 'group', headerName: 'Group', width: 130 },
    { field: 'circuit_id', headerName: 'Circuit or line id', width: 150 },
    { field: 'status', headerName: 'Status', width: 120, valueFormatter: (p) => (p.value ? `${String(p.value)}${p.data?.disconnect_date && p.value === 'disconnected' ? ` ${p.data.disconnect_date}` : ''}` : '') },
    { field: 'install_date', headerName: 'Installed', width: 115 },
    { field: 'monthly_cents', headerName: 'Monthly', width: 120, type: 'rightAligned', valueFormatter: (p) => (p.value === null || p.value === undefined ? '' : moneyText(p.value as number, locale())) },
  ];
}

export interface GridHandle {
  grid: GridApi<GridRow>;
}

export function InventoryGrid(props: {
  query: InventoryQuery;
  onTotals(t: { total: number; monthly_cents: number } | null, error?: string): void;
  onSelection(rows: InventoryRow[]): void;
  handle: React.MutableRefObject<GridHandle | null>;
  /** the user-defined field columns there are, and the ids of those shown */
  udf?: readonly UdfColumn[];
  shown?: ReadonlySet<string>;
}) {
  const { query, onTotals, onSelection, handle, udf = [], shown = new Set<string>() } = props;
  const el = useRef<HTMLDivElement>(null);
  const udfRef = useRef<UdfColumn[]>([]);
  udfRef.current = udf.filter((c) => shown.has(c.id) && c.entity !== 'contracts');
  const queryRef = useRef(query);
  queryRef.current = query;
  const cb = useRef({ onTotals, onSelection });
  cb.current = { onTotals, onSelection };

  useEffect(() => {
    const datasource: IDatasource = {
      getRows(p) {
        const s = p.sortModel[0];
        const input = {
          ...queryRef.current,
          sort: s && SORTABLE.has(s.colId) ? (s.colId as Sort) : undefined,
          dir: s ? s.sort : undefined,
          offset: p.startRow,
          limit: p.endRow - p.startRow,
        };
        // An answer for filters that have changed since is dropped, so the count never shows an older list's figures.
        const asked = JSON.stringify(queryRef.current);
        const current = () => asked === JSON.stringify(queryRef.current);
        api.call('services.search', input).then(
          async (r) => {
            // The shown field columns' values for this block: one call per record type.
            const cols = udfRef.current;
            if (cols.length) {
              try {
                const values = await loadUdfValues(r.rows, cols, recordOf);
                for (const row of r.rows as GridRow[]) row.udf = values.get(row);
              } catch {
                /* the list still shows; the field cells stay empty */
              }
            }
            p.successCallback(r.rows, r.total);
            if (p.startRow === 0 && current()) cb.current.onTotals({ total: r.total, monthly_cents: r.monthly_cents });
          },
          (e: Error) => {
            p.failCallback();
            if (current()) cb.current.onTotals(null, e.message);
          },
        );
      },
    };
    const grid = createGrid<GridRow>(
      el.current!,
      {
        theme: 'legacy',
        columnDefs: columns(),
        defaultColDef: { sortable: true, resizable: true },
        rowModelType: 'infinite',
        datasource,
        cacheBlockSize: BLOCK,
        maxBlocksInCache: 40,
        getRowId: (p) => p.data.id,
        rowSelection: { mode: 'multiRow', checkboxes: true, headerCheckbox: false, enableClickSelection: false },
        selectionColumnDef: { headerName: 'Select', pinned: 'left', width: 60 },
        onSelectionChanged: (e) => cb.current.onSelection(e.api.getSelectedRows()),
        suppressMovableColumns: true,
        // A dozen columns at most: all are drawn, so a chosen field column is there to read (rows stay virtual).
        suppressColumnVirtualisation: true,
        animateRows: false,
        rowHeight: 30,
        headerHeight: 34,
      },
      { modules: [InfiniteRowModelModule, RowSelectionModule, RowApiModule, ScrollApiModule, ColumnApiModule] },
    );
    el.current!.querySelector('[role="grid"], [role="treegrid"]')?.setAttribute('aria-label', GRID_NAME);
    handle.current = { grid };
    // Writes anywhere (a bulk edit, an import, another window) reload the blocks on screen, keeping the scroll.
    const off = api.onChange(() => grid.refreshInfiniteCache());
    return () => {
      off();
      handle.current = null;
      grid.destroy();
    };
  }, [handle]);

  // Field columns arrive after the grid exists; choosing one to show loads its values for the blocks on screen.
  const colKey = JSON.stringify([udf.map((c) => c.id), [...shown].sort()]);
  useEffect(() => {
    const grid = handle.current?.grid;
    if (!grid) return;
    grid.setGridOption('columnDefs', [...columns(), ...udfColDefs(udf, shown)]);
    if (udfRef.current.length) grid.refreshInfiniteCache();
  }, [colKey, handle]); // eslint-disable-line react-hooks/exhaustive-deps

  // A new filter starts from the top with nothing selected.
  const key = JSON.stringify(query);
  const firstKey = useRef(key);
  useEffect(() => {
    const grid = handle.current?.grid;
    if (!grid || key === firstKey.current) return;
    firstKey.current = key;
    grid.deselectAll();
    grid.purgeInfiniteCache();
    grid.ensureIndexVisible(0);
  }, [key, handle]);

  return <div ref={el} className="ag-theme-quartz inv-grid" />;
}
