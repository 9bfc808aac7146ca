// A drop-down filled from a table of Administration → Drop-down tables: the active values in their order, plus the
// value the record holds when it has been retired since (it stays on the record and still shows, marked retired).
import { useEffect, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';

type Lookup = ApiOutput<'lookups.list'>[number];

export function LookupSelect({ list, label, value, onChange, emptyLabel = '—' }: { list: string; label: string; value: string; onChange(code: string): void; emptyLabel?: string }) {
  const [values, setValues] = useState<Lookup[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.call('lookups.list', { list, include_inactive: true }).then(
      (v) => live && setValues(v),
      (e: Error) => live && setFailure(e.message),
    );
    return () => {
      live = false;
    };
  }, [list]);
  const shown = values.filter((v) => v.active || v.code === value);
  const unknown = value && !values.some((v) => v.code === value);
  return (
    <label className="tem-field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={failure ? true : undefined}>
        <option value="">{emptyLabel}</option>
        {shown.map((v) => (
          <option key={v.id} value={v.code}>
            {v.active ? v.label : `${v.label} (retired)`}
          </option>
        ))}
        {unknown ? <option value={value}>{value}</option> : null}
      </select>
      {failure ? <span role="alert">The choices cannot be loaded: {failure}</span> : null}
    </label>
  );
}
