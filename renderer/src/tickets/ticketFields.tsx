// The ticket fields (user-defined, Administration → Fields) in the ticket list: optional columns, hidden until
// chosen, and a filter by one field's value that the API applies (tickets.list udf), as the inventory list does.
import { useEffect, useState } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { useStore } from '../store.ts';
import { formatCents } from '../../../core/money.ts';
import { useSettled } from '../hooks/useSettled.ts';

type Def = ApiOutput<'udf.defs'>[number];
type Value = string | number | null;

export interface TicketFields {
  defs: Def[];
  shown: ReadonlySet<string>;
  setShown(next: ReadonlySet<string>): void;
  /** the filter for tickets.list once a field is chosen and a value typed */
  filter: { key: string; contains: string } | undefined;
  field: string;
  setField(key: string): void;
  typed: string;
  setTyped(text: string): void;
}

export function useTicketFields(): TicketFields {
  const [defs, setDefs] = useState<Def[]>([]);
  const [shown, setShown] = useState<ReadonlySet<string>>(new Set());
  const [field, setField] = useState('');
  const [typed, setTyped] = useState('');
  // Typing waits a moment before asking, as the other lists do.
  const value = useSettled(typed, 250);
  useEffect(() => {
    let live = true;
    // Without the definitions the list simply has no field columns; the rest of the page still works.
    api.call('udf.defs', { entity: 'tickets' }).then((d) => live && setDefs(d), () => undefined);
    return () => {
      live = false;
    };
  }, []);
  return { defs, shown, setShown, filter: field && value ? { key: field, contains: value } : undefined, field, setField, typed, setTyped };
}

/** The values of the shown fields for the listed tickets: one udf.list call, never one per row. */
export function useTicketFieldValues(ids: readonly string[], f: TicketFields): Map<string, Record<string, Value>> {
  const [values, setValues] = useState<Map<string, Record<string, Value>>>(new Map());
  const key = f.shown.size ? ids.join(',') : '';
  useEffect(() => {
    if (!key) return setValues(new Map());
    let live = true;
    api.call('udf.list', { entity: 'tickets', record_ids: key.split(',') }).then(
      (r) => live && setValues(new Map(r.rows.map((x) => [x.record_id, x.values]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  return values;
}

export function TicketFieldFilter({ f }: { f: TicketFields }) {
  if (!f.defs.length) return null;
  return (
    <>
      <label className="tem-field">
        <span>Field</span>
        <select aria-label="Filter by field" value={f.field} onChange={(e) => f.setField(e.target.value)}>
          <option value="">None</option>
          {f.defs.map((d) => (
            <option key={d.key} value={d.key}>
              Ticket: {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="tem-field">
        <span>Field value</span>
        <input aria-label="Field value" type="search" value={f.typed} disabled={!f.field} onChange={(e) => f.setTyped(e.target.value)} placeholder="Part of the value, or the amount" />
      </label>
    </>
  );
}

export function TicketColumnsChooser({ f }: { f: TicketFields }) {
  if (!f.defs.length) return null;
  return (
    <details className="wf-columns">
      <summary>Columns</summary>
      <fieldset aria-label="Optional columns">
        {f.defs.map((d) => (
          <label key={d.key}>
            <input
              type="checkbox"
              checked={f.shown.has(d.key)}
              onChange={(e) => {
                const next = new Set(f.shown);
                if (e.target.checked) next.add(d.key);
                else next.delete(d.key);
                f.setShown(next);
              }}
            />{' '}
            Ticket: {d.label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** The shown fields, in the definitions' order. */
export const shownDefs = (f: TicketFields) => f.defs.filter((d) => f.shown.has(d.key));

/** A value as a cell shows it: amounts in the user's locale, the rest as stored. */
export function useFieldText() {
  const locale = useStore((s) => s.locale);
  return (d: Def, v: Value | undefined) => (v === null || v === undefined ? '' : d.type === 'money' && typeof v === 'number' ? formatCents(v, locale) : String(v));
}
