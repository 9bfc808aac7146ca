// Filters by customer, location, carrier and status, and a search over every column.
import { useMemo, useState } from 'react';
import { useStore, type StatusFilter } from '../store.ts';
import type { MonthModel } from './model.ts';
import { STATUS_LABEL } from './format.ts';

const STATUSES: StatusFilter[] = ['all', 'flagged', 'ok', 'over', 'under', 'missing', 'unexpected'];
type NameField = 'customer' | 'location' | 'carrier';
const SUGGESTIONS = 2000;

function distinct(model: MonthModel, pick: NameField): string[] {
  const s = new Set<string>();
  for (const r of model.rows.values()) {
    const v = r[pick];
    if (v) s.add(v);
  }
  return [...s].sort((a, b) => a.localeCompare(b)).slice(0, SUGGESTIONS);
}

/** A name filter with suggestions from the month's rows, worked out only when the field is first used. */
function NameFilter({ model, version, field, label }: { model: MonthModel; version: number; field: NameField; label: string }) {
  const value = useStore((s) => s.filters[field]);
  const setFilter = useStore((s) => s.setFilter);
  const [wanted, setWanted] = useState(false);
  const names = useMemo(() => (wanted ? distinct(model, field) : []), [wanted, model, field, version]);
  return (
    <label className="tem-field">
      <span>{label}</span>
      <input type="search" list={`list-${field}`} value={value} onFocus={() => setWanted(true)} onChange={(e) => setFilter(field, e.target.value)} placeholder="All" />
      <datalist id={`list-${field}`}>
        {names.map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
    </label>
  );
}

export function FilterBar({ model, version }: { model: MonthModel; version: number }) {
  const status = useStore((s) => s.filters.status);
  const search = useStore((s) => s.filters.search);
  const setFilter = useStore((s) => s.setFilter);
  const clearFilters = useStore((s) => s.clearFilters);
  return (
    <search className="tem-filters" aria-label="Filters">
      <NameFilter model={model} version={version} field="customer" label="Customer" />
      <NameFilter model={model} version={version} field="location" label="Location" />
      <NameFilter model={model} version={version} field="carrier" label="Carrier" />
      <label className="tem-field">
        <span>Status</span>
        <select value={status} onChange={(e) => setFilter('status', e.target.value as StatusFilter)}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === 'all' ? 'All' : s === 'flagged' ? 'Flagged' : STATUS_LABEL[s]}
            </option>
          ))}
        </select>
      </label>
      <label className="tem-field tem-field-wide">
        <span>Search</span>
        <input type="search" value={search} onChange={(e) => setFilter('search', e.target.value)} placeholder="Any column" />
      </label>
      <button type="button" onClick={clearFilters}>
        Clear filters
      </button>
    </search>
  );
}
