// The month grid's optional columns: user-defined fields of each account's customer and location, hidden until
// chosen. Nothing is fetched while none is shown (the month loads as fast as without them); once one is shown,
// the values of the whole month come in one udf.accounts call, again after each month load.
import { useEffect, useRef, useState } from 'react';
import type { ColDef } from 'ag-grid-community';
import { api, type CheckRow } from '../api/index.ts';
import { useStore } from '../store.ts';
import type { MonthModel } from './model.ts';
import { loadUdfColumns, udfCellText, type UdfColumn, type UdfValue } from '../inventory/udfColumns.ts';

const IS_UDF = (id: string | undefined) => !!id && id.startsWith('udf:');

export function FieldColumns({ model, version }: { model: MonthModel; version: number }) {
  const [columns, setColumns] = useState<UdfColumn[]>([]);
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState('');
  /** account id -> column id -> value, for the month on screen */
  const values = useRef(new Map<string, Record<string, UdfValue>>());

  useEffect(() => {
    loadUdfColumns(['customers', 'locations']).then(setColumns, (e: Error) => setMessage(`The optional columns cannot be loaded: ${e.message}`));
  }, []);

  // The grid's columns: its own, then every field column (hidden unless chosen).
  useEffect(() => {
    const grid = model.grid;
    if (!grid || !columns.length) return;
    const locale = () => useStore.getState().locale;
    const own = (grid.getColumnDefs() ?? []).filter((d) => !IS_UDF((d as ColDef).colId));
    const extra: ColDef<CheckRow>[] = columns.map((c) => ({
      colId: c.id,
      headerName: c.header,
      width: 150,
      hide: !shown.has(c.id),
      type: c.type === 'money' || c.type === 'number' ? 'rightAligned' : undefined,
      valueGetter: (p) => (p.data ? udfCellText(c, values.current.get(p.data.account_id)?.[c.id], locale()) : ''),
    }));
    grid.setGridOption('columnDefs', [...own, ...extra]);
  }, [columns, shown, model, version]);

  // Values for the month's accounts, when a column is shown: one call.
  const wanted = shown.size > 0;
  useEffect(() => {
    if (!wanted || !model.month) return;
    let live = true;
    const ids = [...model.rows.keys()];
    api.call('udf.accounts', { account_ids: ids }).then(
      (r) => {
        if (!live) return;
        const m = new Map<string, Record<string, UdfValue>>();
        for (const row of r.rows) {
          const v: Record<string, UdfValue> = {};
          for (const c of columns) v[c.id] = (c.entity === 'customers' ? row.customer : row.location)?.[c.key] ?? null;
          m.set(row.account_id, v);
        }
        values.current = m;
        model.grid?.refreshCells({ columns: columns.map((c) => c.id), force: true });
        setMessage('');
      },
      (e: Error) => live && setMessage(`The field values cannot be loaded: ${e.message}`),
    );
    return () => {
      live = false;
    };
  }, [wanted, version, columns, model]);

  if (!columns.length) return message ? <p role="alert">{message}</p> : null;
  return (
    <details className="tem-field-columns">
      <summary>Columns</summary>
      <fieldset aria-label="Optional columns">
        {columns.map((c) => (
          <label key={c.id}>
            <input
              type="checkbox"
              checked={shown.has(c.id)}
              onChange={(e) => {
                const next = new Set(shown);
                if (e.target.checked) next.add(c.id);
                else next.delete(c.id);
                setShown(next);
              }}
            />{' '}
            {c.header}
          </label>
        ))}
      </fieldset>
      {message ? <p role="alert">{message}</p> : null}
    </details>
  );
}
