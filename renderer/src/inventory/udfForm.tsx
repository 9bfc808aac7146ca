// User-defined fields inside the inventory forms: the record type's active fields become form fields named
// udf.<key> (typed, checked like every other field, kept in the form's draft), and one save writes the record and
// then its fields. If the record saves but its fields do not, the form stays open with what was typed and says so;
// a record that was just created is then updated, not created again, on the next save.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, type ApiOutput } from '../api/index.ts';
import { useStore } from '../store.ts';
import { failureText } from './call.ts';
import { fieldText, type FieldSpec, type FormValues } from './fields.ts';

export type UdfEntity = 'customers' | 'locations' | 'services' | 'contracts' | 'tickets';
type Def = ApiOutput<'udf.defs'>[number];

const PREFIX = 'udf.';
const KIND = { text: 'text', number: 'number', money: 'money', date: 'date', list: 'select' } as const;

export interface UdfForm {
  specs: FieldSpec[];
  initial: FormValues;
  /** Saves the record through `save` (or updates the one a failed earlier attempt created), then its fields. */
  save<T extends { id: string }>(what: string, values: Record<string, unknown>, save: (createdId: string | null) => Promise<T>): Promise<T>;
}

function specOf(d: Def, held: string | number | null): FieldSpec {
  const options = d.type === 'list' ? [...new Set([...d.options, ...(typeof held === 'string' && held ? [held] : [])])] : [];
  return {
    name: PREFIX + d.key,
    label: d.label,
    kind: KIND[d.type],
    options: d.type === 'list' ? [{ value: '', label: '—' }, ...options.map((o) => ({ value: o, label: o }))] : undefined,
  };
}

/** Loads the fields (and the record's values when it exists), then renders the form with them. */
export function WithUdf({ entity, recordId, children }: { entity: UdfEntity; recordId: string | null; children: (udf: UdfForm) => ReactNode }) {
  const locale = useStore((s) => s.locale);
  const [loaded, setLoaded] = useState<{ defs: Def[]; values: Record<string, string | number | null> } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const created = useRef<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.call('udf.defs', { entity }), recordId ? api.call('udf.get', { entity, record_id: recordId }).then((r) => r.values) : Promise.resolve({})]).then(
      ([defs, values]) => live && setLoaded({ defs, values }),
      // Without the fields the form still works for the record itself.
      (e: unknown) => {
        if (!live) return;
        setFailure(`The user-defined fields could not be loaded: ${failureText(e)}`);
        setLoaded({ defs: [], values: {} });
      },
    );
    return () => {
      live = false;
    };
  }, [entity, recordId]);

  if (!loaded) return <p aria-live="polite">Loading the form…</p>;
  const specs = loaded.defs.map((d) => specOf(d, loaded.values[d.key] ?? null));
  const initial = Object.fromEntries(specs.map((s) => [s.name, fieldText(s, loaded.values[s.name.slice(PREFIX.length)], locale)]));
  const udf: UdfForm = {
    specs,
    initial,
    async save(what, values, save) {
      const record = await save(created.current ?? recordId);
      if (!recordId) created.current = record.id;
      if (!specs.length) return record;
      const fieldValues = Object.fromEntries(specs.map((s) => [s.name.slice(PREFIX.length), (values[s.name] ?? null) as string | number | null]));
      try {
        // Money arrives as cents from the form's own parser; numbers and dates as read; lists as chosen.
        await api.call('udf.set', { entity, record_id: record.id, values: fieldValues, locale });
      } catch (e) {
        throw Object.assign(new Error(`${what} is saved, but its other fields are not: ${failureText(e)}. Correct them and save again.`), { saved: true });
      }
      return record;
    },
  };
  return (
    <>
      {failure ? <p role="alert">{failure}</p> : null}
      {children(udf)}
    </>
  );
}
