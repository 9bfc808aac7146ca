// The inventory list: every service of the book, filtered by customer, carrier, group, status and text, with a
// bulk edit of the selected services (move to another carrier account, status, monthly charge).
import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/index.ts';
import type { PageProps } from '../shell/routes.ts';
import { useStore } from '../store.ts';
import { BulkEdit } from './BulkEdit.tsx';
import { InventoryLinks } from './CustomersPage.tsx';
import { useCarriers, useGroups } from './data.ts';
import { useLoad } from '../hooks/useLoad.ts';
import { moneyText } from './fields.ts';
import { InventoryGrid, type GridHandle, type InventoryQuery } from './InventoryGrid.tsx';
import { SERVICE_STATUSES } from './specs.ts';
import type { InventoryRow } from './types.ts';
import { loadUdfColumns } from './udfColumns.ts';
import './inventory.css';
import { useSettled } from '../hooks/useSettled.ts';

type Status = (typeof SERVICE_STATUSES)[number];
/** "Select all" reads the matching ids in pages; past this many, narrow the filters first. */
const ALL_PAGE = 5000;
const MAX_ALL = 200_000;

/** Picks a customer by typing part of a name; the list offers the matches. */
function CustomerPicker({ value, onChange }: { value: string; onChange(id: string): void }) {
  const [text, setText] = useState('');
  const wanted = useSettled(text);
  const current = useLoad(() => (value ? api.call('customers.get', { id: value }) : Promise.resolve(null)), [value]);
  useEffect(() => {
    if (current.data && !text) setText(current.data.name);
  }, [current.data]); // eslint-disable-line react-hooks/exhaustive-deps
  const hits = useLoad(() => (wanted ? api.call('customers.search', { text: wanted, limit: 30 }) : Promise.resolve({ rows: [], total: 0 })), [wanted]);
  const rows = hits.data?.rows ?? [];
  // A name typed (or pasted) in full picks its customer once the matches arrive.
  useEffect(() => {
    const exact = rows.filter((r) => r.name.toLowerCase() === text.trim().toLowerCase());
    if (exact.length === 1 && exact[0]!.id !== value) onChange(exact[0]!.id);
  }, [hits.data]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <label className="tem-field tem-field-wide">
      <span>Customer</span>
      <input
        type="search"
        aria-label="Customer"
        list="inv-customer-list"
        value={text}
        placeholder="All"
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          const exact = rows.find((r) => r.name.toLowerCase() === t.trim().toLowerCase());
          if (exact) onChange(exact.id);
          else if (!t.trim()) onChange('');
        }}
      />
      <datalist id="inv-customer-list">
        {rows.map((r) => (
          <option key={r.id} value={r.name} />
        ))}
      </datalist>
    </label>
  );
}

export function InventoryPage({ query }: PageProps) {
  const locale = useStore((s) => s.locale);
  const carriers = useCarriers().data ?? [];
  const groups = useGroups().data ?? [];
  const [customer, setCustomer] = useState(query.get('customer') ?? '');
  const [carrier, setCarrier] = useState(query.get('carrier') ?? '');
  const [group, setGroup] = useState(query.get('group') ?? '');
  const [status, setStatus] = useState<Status | ''>((query.get('status') as Status) ?? '');
  const [search, setSearch] = useState('');
  const text = useSettled(search, 250);
  const [totals, setTotals] = useState<{ total: number; monthly_cents: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<InventoryRow[]>([]);
  /** Every service matching the filters, when the user chose them all (null: the rows ticked in the grid). */
  const [all, setAll] = useState<string[] | null>(null);
  const [gathering, setGathering] = useState<string | null>(null);
  const handle = useRef<GridHandle | null>(null);
  // User-defined fields: optional columns (hidden until chosen) and a filter by one field's value.
  const udf = useLoad(() => loadUdfColumns(['customers', 'locations', 'services', 'contracts']), []).data ?? [];
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const [udfField, setUdfField] = useState('');
  const [udfTyped, setUdfTyped] = useState('');
  const udfValue = useSettled(udfTyped, 250);
  const udfFilter = useMemo(() => {
    const c = udf.find((x) => x.id === udfField);
    return c && udfValue ? { entity: c.entity, key: c.key, contains: udfValue } : undefined;
  }, [udf, udfField, udfValue]);
  const q: InventoryQuery = useMemo(
    () => ({
      customer_id: customer || undefined,
      carrier_id: carrier || undefined,
      group_id: group || undefined,
      status: status ? [status] : undefined,
      text: text || undefined,
      udf: udfFilter,
    }),
    [customer, carrier, group, status, text, udfFilter],
  );
  useEffect(() => setAll(null), [customer, carrier, group, status, text, JSON.stringify(udfFilter)]); // eslint-disable-line react-hooks/exhaustive-deps
  const selectAll = async () => {
    const ids: string[] = [];
    const total = totals?.total ?? 0;
    try {
      for (let offset = 0; offset < total; offset += ALL_PAGE) {
        setGathering(`Selecting ${offset.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}…`);
        const page = await api.call('services.search', { ...q, limit: ALL_PAGE, offset });
        for (const r of page.rows) ids.push(r.id);
      }
      setAll(ids);
      setGathering(null);
    } catch (e) {
      setGathering(`Not selected: ${(e as Error).message}`);
    }
  };
  return (
    <main className="inv-page inv-page-grid">
      <header className="inv-header">
        <h1>Inventory</h1>
        <nav className="inv-subnav" aria-label="Inventory">
          <InventoryLinks current="inventory" />
        </nav>
      </header>
      <search className="inv-toolbar" aria-label="Filters">
        <CustomerPicker value={customer} onChange={setCustomer} />
        <label className="tem-field">
          <span>Carrier</span>
          <select aria-label="Carrier" value={carrier} onChange={(e) => setCarrier(e.target.value)}>
            <option value="">All</option>
            {carriers.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="tem-field">
          <span>Group</span>
          <select aria-label="Group" value={group} onChange={(e) => setGroup(e.target.value)}>
            <option value="">All</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
        <label className="tem-field">
          <span>Status</span>
          <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as Status | '')}>
            <option value="">All</option>
            {SERVICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s[0]!.toUpperCase() + s.slice(1)}
              </option>
            ))}
          </select>
        </label>
        <label className="tem-field tem-field-wide">
          <span>Search services</span>
          <input aria-label="Search services" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Service, circuit, account, name" />
        </label>
        {udf.length ? (
          <>
            <label className="tem-field">
              <span>Field</span>
              <select aria-label="Filter by field" value={udfField} onChange={(e) => setUdfField(e.target.value)}>
                <option value="">None</option>
                {udf.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.header}
                  </option>
                ))}
              </select>
            </label>
            <label className="tem-field">
              <span>Field value</span>
              <input aria-label="Field value" type="search" value={udfTyped} disabled={!udfField} onChange={(e) => setUdfTyped(e.target.value)} placeholder="Part of the value, or the amount" />
            </label>
          </>
        ) : null}
      </search>
      {udf.some((c) => c.entity !== 'contracts') ? (
        <details className="inv-columns">
          <summary>Columns</summary>
          <fieldset aria-label="Optional columns">
            {udf
              .filter((c) => c.entity !== 'contracts')
              .map((c) => (
                <label key={c.id} className="inv-check">
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
        </details>
      ) : null}
      <p className="inv-count" role="status" aria-live="polite">
        {error
          ? `The inventory cannot be loaded: ${error}`
          : totals
            ? `${totals.total.toLocaleString('en-US')} service${totals.total === 1 ? '' : 's'} · monthly ${moneyText(totals.monthly_cents, locale)} · ${(all ?? selected).length.toLocaleString('en-US')} selected`
            : 'Loading…'}
      </p>
      <div className="inv-actions">
        {all ? (
          <button type="button" onClick={() => setAll(null)}>
            Back to the ticked rows
          </button>
        ) : totals && totals.total > selected.length && totals.total <= MAX_ALL ? (
          <button type="button" onClick={() => void selectAll()} disabled={gathering !== null && gathering.startsWith('Selecting')}>
            Select all {totals.total.toLocaleString('en-US')} matching services
          </button>
        ) : null}
        {gathering ? <span aria-live="polite">{gathering}</span> : null}
        {all ? <span>Every service matching the filters is selected; the bulk edit changes them all.</span> : null}
      </div>
      <BulkEdit ids={all ?? selected.map((s) => s.id)} carriers={carriers} />
      <InventoryGrid
        query={q}
        handle={handle}
        onTotals={(t, e) => {
          setTotals(t);
          setError(e ?? null);
        }}
        onSelection={setSelected}
        udf={udf}
        shown={shown}
      />
    </main>
  );
}
